"""The `personae` command line: nouns and verbs, thin calls into the core."""

from .main import cli, main

__all__ = ["cli", "main"]
