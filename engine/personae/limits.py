"""Limits on input, one home for the numbers: request body and URL size, JSON nesting depth,
and a JSON reader that enforces them without recursion (used by the server and the CLI)."""

from __future__ import annotations

import json
import re
from typing import Any

from .errors import TooLargeError

MAX_BODY = 1 << 20  # bytes of request body on any route
MAX_URL = 8 << 10  # bytes of path + query string
MAX_DEPTH = 64  # nesting of JSON arrays and objects

# an escaped pair (skipped whole, so an escaped quote never ends a string), a quote, or a
# bracket: one linear pass of the regex engine, whatever the input
_TOKENS = re.compile(rb'\\.|["\[\]{}]', re.S)


def json_depth(raw: bytes, limit: int = MAX_DEPTH) -> int:
    """How deep arrays/objects nest in a JSON text (brackets inside strings do not count),
    counting no further than `limit + 1`; linear time and no recursion, whatever the input."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return 0
    depth = deepest = 0
    in_string = False
    for match in _TOKENS.finditer(raw):
        token = match.group()
        if token == b'"':
            in_string = not in_string
        elif in_string or len(token) == 2:
            continue
        elif token in (b"[", b"{"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        else:
            depth = max(0, depth - 1)
    return deepest


_ESCAPES = re.compile(rb"\\(?:u([0-9a-fA-F]{4})|.)", re.S)


def lone_surrogate(raw: bytes) -> bool:
    """Whether a JSON text escapes half of a UTF-16 pair (`"\\ud800"`): valid JSON syntax,
    but not text anything can store or send back. Linear, one pass over the escapes."""
    if b"\\u" not in raw:
        return False
    pending = -1  # where a high surrogate escape ended, waiting for its low half
    for match in _ESCAPES.finditer(raw):
        code = int(match.group(1), 16) if match.group(1) else None
        low = code is not None and 0xDC00 <= code <= 0xDFFF
        if pending >= 0:
            if not (low and match.start() == pending):
                return True
            pending = -1  # the pair is whole
            continue
        if code is not None and 0xD800 <= code <= 0xDBFF:
            pending = match.end()
        elif low:
            return True
    return pending >= 0


def check_json_depth(value: Any, limit: int = MAX_DEPTH, what: str = "JSON") -> None:
    """Raise TooLargeError when parsed JSON (dicts and lists) nests deeper than `limit`;
    iterative, so a value built by hand cannot blow the stack either."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                raise TooLargeError(f"{what} nests deeper than {limit} levels; flatten it")
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def loads_bounded(text: str | bytes, what: str = "JSON", limit: int = MAX_DEPTH) -> Any:
    """json.loads that refuses deep nesting with TooLargeError before parsing (the C parser
    would raise RecursionError far down) and bad JSON with ValueError."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if json_depth(raw, limit) > limit:
        raise TooLargeError(f"{what} nests deeper than {limit} levels; flatten it")
    return json.loads(text)
