"""The local HTTP server (FastAPI): the three API faces over loopback."""

from .app import create_app

__all__ = ["create_app"]
