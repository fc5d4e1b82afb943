"""The `openai` backend: any OpenAI-compatible server with JSON-schema output."""

from __future__ import annotations

import os
import time
from typing import Any

import httpx

from ..errors import GenerationError
from ..llm.chat import Prompt
from ..llm.words import WordGuard
from .guided import GuidedBackend

ENV_URL = "PERSONAE_OPENAI_URL"
ENV_KEY = "PERSONAE_OPENAI_KEY"
ENV_MODEL = "PERSONAE_OPENAI_MODEL"


class OpenAIBackend(GuidedBackend):
    """Talks to llama.cpp's server, vLLM, Ollama or any /v1/chat/completions endpoint.

    Sends OpenAI's `json_schema` response format; servers that reject it (llama-cpp-python's
    server answers with an error naming `response_format`) get `json_object` + `schema`.
    """

    name = "openai"

    def __init__(
        self,
        base_url: str | None = None,
        model: str | None = None,
        api_key: str | None = None,
        timeout: float = 120.0,
        retries: int = 2,
        temperature: float = 0.8,
        max_tokens: int = 600,
    ) -> None:
        self.base_url = (base_url or os.environ.get(ENV_URL) or "http://127.0.0.1:8080/v1").rstrip(
            "/"
        )
        self.model = model or os.environ.get(ENV_MODEL) or "default"
        self.api_key = api_key or os.environ.get(ENV_KEY)
        self.timeout = timeout
        self.http_retries = retries
        self.temperature = temperature
        self.max_tokens = max_tokens
        self._format = "json_schema"

    def source_tag(self, seed: int) -> str:
        return f"openai:{self.model}:{seed}"

    def _body(
        self, prompt: Prompt, schema: dict[str, Any], seed: int, max_tokens: int
    ) -> dict[str, Any]:
        if self._format == "json_schema":
            fmt: dict[str, Any] = {
                "type": "json_schema",
                "json_schema": {"name": "character_narrative", "schema": schema, "strict": True},
            }
        else:
            fmt = {"type": "json_object", "schema": schema}
        return {
            "model": self.model,
            "temperature": self.temperature,
            "seed": seed,
            "max_tokens": min(self.max_tokens, max_tokens),
            "response_format": fmt,
            "messages": prompt.messages(),
        }

    def complete(
        self,
        prompt: Prompt,
        schema: dict[str, Any],
        seed: int,
        *,
        max_tokens: int,
        guard: WordGuard | None = None,
    ) -> str:
        """One answer from the server (the word guard is not available over HTTP; the
        output checks apply all the same)."""
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        last_error = ""
        for attempt in range(self.http_retries + 1):
            try:
                with httpx.Client(timeout=self.timeout, headers=headers) as http:
                    r = http.post(
                        f"{self.base_url}/chat/completions",
                        json=self._body(prompt, schema, seed, max_tokens),
                    )
                rejected_format = r.status_code >= 400 and "response_format" in r.text
                if rejected_format and self._format == "json_schema":
                    self._format = "json_object"  # an older server: retry with its format
                    continue
                if r.status_code >= 500 or r.status_code == 429:
                    last_error = f"HTTP {r.status_code}: {r.text[:200]}"
                    time.sleep(min(2.0, 0.25 * 2**attempt))
                    continue
                r.raise_for_status()
                return str(r.json()["choices"][0]["message"]["content"])
            except (httpx.TransportError, httpx.HTTPStatusError, KeyError, ValueError) as exc:
                last_error = f"{type(exc).__name__}: {exc}"
                time.sleep(min(2.0, 0.25 * 2**attempt))
        raise GenerationError(
            f"OpenAI-compatible server at {self.base_url} failed after "
            f"{self.http_retries + 1} tries: {last_error}"
        )

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name, "base_url": self.base_url, "model": self.model}
