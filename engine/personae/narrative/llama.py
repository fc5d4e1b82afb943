"""The `llama` backend: a thin adapter from the guided backend onto personae.llm."""

from __future__ import annotations

import os
from typing import Any

from ..llm.chat import ChatFormat, Prompt
from ..llm.decoder import ConstrainedDecoder, DecodeResult, Sampling
from ..llm.model import DEFAULT_CONTEXT, load_model, model_hash, resolve_model_path
from ..llm.words import WordGuard
from .guided import GuidedBackend, shared_prompts

_DECODERS: dict[tuple[str, int], tuple[ConstrainedDecoder, ChatFormat]] = {}


class LlamaBackend(GuidedBackend):
    name = "llama"

    def __init__(
        self,
        model: str | os.PathLike[str] | None = None,
        n_ctx: int = DEFAULT_CONTEXT,
        reuse_prefix: bool = True,
        temperature: float = 0.7,
        shots: bool = True,
        guard_words: bool = True,
    ) -> None:
        self.path = resolve_model_path(model)  # fails now, naming the path, if unusable
        self.n_ctx = n_ctx
        self.reuse_prefix = reuse_prefix
        self.sampling = Sampling(temperature=temperature)
        self.shots = shots
        self.guard_words = guard_words
        self._hash: str | None = None
        self.last: DecodeResult | None = None

    def _loaded(self) -> tuple[ConstrainedDecoder, ChatFormat]:
        key = (str(self.path), self.n_ctx)
        if key not in _DECODERS:
            llm = load_model(self.path, self.n_ctx)
            _DECODERS[key] = (ConstrainedDecoder(llm), ChatFormat(llm))
        return _DECODERS[key]

    @property
    def decoder(self) -> ConstrainedDecoder:
        return self._loaded()[0]

    @property
    def model_hash(self) -> str:
        if self._hash is None:
            self._hash = model_hash(self.path)
        return self._hash

    def source_tag(self, seed: int) -> str:
        return f"llama:{self.path.name}:{self.model_hash[:12]}:{seed}"

    def chat_parts(self, prompt: Prompt) -> tuple[str, str]:
        return self._loaded()[1].parts(prompt)

    def complete(
        self,
        prompt: Prompt,
        schema: dict[str, Any],
        seed: int,
        *,
        max_tokens: int,
        guard: WordGuard | None = None,
    ) -> str:
        prefix, rest = self.chat_parts(prompt)
        self.last = self.decoder.generate(
            prefix,
            rest,
            seed=seed,
            schema=schema,
            max_tokens=max_tokens,
            sampling=self.sampling,
            reuse_prefix=self.reuse_prefix,
            guard=guard if self.guard_words else None,
        )
        return self.last.text

    def warm(self) -> None:
        """Load the model and evaluate every shared prompt prefix once, keeping each in
        the decoder's cache: later calls of any class skip evaluating it. Reuse never
        changes the output, so warming changes only the time."""
        if self.reuse_prefix:
            for prompt in shared_prompts():
                self.decoder.warm(self.chat_parts(prompt)[0])

    def tokens_used(self) -> int:
        return self.last.tokens if self.last else 0

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name, "model": str(self.path), "sha256": self.model_hash}
