"""`personae model info`."""

from __future__ import annotations

import json

import click

from ..llm.model import model_info
from .options import json_option, model_option


@click.group("model")
def model_group() -> None:
    """The local GGUF model used by the llama backend."""


@model_group.command("info")
@model_option
@json_option
def info_cmd(model: str | None, as_json: bool) -> None:
    """Print the model in use: path, size, quantization, context length and SHA-256."""
    info = model_info(model)
    if as_json:
        click.echo(json.dumps(info.as_dict(), indent=2))
        return
    click.echo(f"path          {info.path}")
    click.echo(f"name          {info.name} ({info.architecture})")
    click.echo(f"size          {info.size_bytes / 2**20:.1f} MiB ({info.size_bytes} bytes)")
    click.echo(f"quantization  {info.quantization}")
    click.echo(f"context       {info.context_length} tokens (trained)")
    click.echo(f"sha256        {info.sha256}")
    click.echo(f"threads       {info.threads}")
