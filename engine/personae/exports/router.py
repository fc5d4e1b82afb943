"""`GET /api/v1/companies/{company_id}/characters/{character_id}/export?format=...`.

The server mounts `router` as it is (its paths already start with /api/v1). The character
comes from `request.app.state.engine.get(character_id)`; one that belongs to another
company is reported as not found. Errors are PersonaeErrors, which the app turns into
problem JSON (unknown format: 400 naming `format`; unknown id: 404).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..errors import NotFoundError
from .base import export, exporter_names

router = APIRouter(prefix="/api/v1", tags=["exports"])


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII file name (our names are ASCII slugs already)."""
    safe = "".join(c if c.isascii() and c not in '"\\' else "_" for c in filename)
    return f'attachment; filename="{safe}"'


@router.get(
    "/companies/{company_id}/characters/{character_id}/export",
    summary="Export a character to another tool's format",
    response_class=Response,
    responses={
        200: {
            "description": "The exported file; warnings (JSON list) in X-Export-Warnings.",
            "content": {
                "application/json": {},
                "text/html": {},
                "application/pdf": {},
                "image/png": {},
            },
        }
    },
)
def export_character(
    request: Request,
    company_id: str,
    character_id: str,
    format: str = Query(
        ...,
        description="One of: " + ", ".join(exporter_names()),
    ),
) -> Response:
    engine: Any = request.app.state.engine
    character = engine.get(character_id)
    if character.company_id is not None and character.company_id != company_id:
        raise NotFoundError(f"character {character_id} not found in company {company_id}")
    result = export(character, format)
    headers = {
        "Content-Disposition": content_disposition(result.filename),
        "X-Export-Format": result.format,
        "X-Export-Warnings": json.dumps(result.warnings, ensure_ascii=True),
    }
    return Response(content=result.content, media_type=result.media_type, headers=headers)
