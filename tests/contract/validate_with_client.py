"""Validate JSON documents with the published Valentina client's own models.

Run with the client's Python 3.13 venv (`.venv/vclient/bin/python`), never imported by
the test suite itself. Reads from stdin a JSON list of {"model": NAME, "data": ...} and
writes a JSON list of {"ok": bool, "error": str | null}, one per document.

NAME is a model exported by `vclient.models` (Character, CharacterDetail, CharacterTrait,
CharacterFullSheet, FullSheetTraitCategory, ChargenSessionResponse, Health, ...), or
"Page:<NAME>" for a pagination envelope whose items are NAME, or "List:<NAME>" for a bare
JSON list of NAME.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import vclient.models as models
from pydantic import ValidationError


def check(name: str, data: Any) -> None:
    if name.startswith("Page:"):
        if not isinstance(data, dict):
            raise TypeError("a page must be a JSON object")
        missing = {"items", "limit", "offset", "total"} - set(data)
        if missing:
            raise TypeError(f"page is missing {sorted(missing)}")
        for key in ("limit", "offset", "total"):
            if type(data[key]) is not int:
                raise TypeError(f"page {key} must be an integer")
        page = models.PaginatedResponse.from_dict(data)
        for item in page.items:
            check(name.removeprefix("Page:"), item)
        return
    if name.startswith("List:"):
        if not isinstance(data, list):
            raise TypeError("expected a JSON list")
        for item in data:
            check(name.removeprefix("List:"), item)
        return
    getattr(models, name).model_validate(data)


def main() -> int:
    documents = json.load(sys.stdin)
    results = []
    for doc in documents:
        try:
            check(doc["model"], doc["data"])
            results.append({"ok": True, "error": None})
        except (ValidationError, TypeError, AttributeError, KeyError) as exc:
            results.append({"ok": False, "error": f"{doc['model']}: {exc}"})
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
