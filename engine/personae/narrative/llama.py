"""The `llama` backend: a local GGUF model in-process, output constrained to the schema."""

from __future__ import annotations

import os
from typing import Any

from ..llm.decoder import ConstrainedDecoder, DecodeResult, Sampling
from ..llm.model import DEFAULT_CONTEXT, load_model, model_hash, resolve_model_path
from .guided import GuidedBackend

_SPLIT = "\u241e"  # marks where the shared prefix ends inside the chat-formatted prompt
_DECODERS: dict[tuple[str, int], ConstrainedDecoder] = {}


class LlamaBackend(GuidedBackend):
    name = "llama"

    def __init__(
        self,
        model: str | os.PathLike[str] | None = None,
        n_ctx: int = DEFAULT_CONTEXT,
        max_tokens: int = 900,
        reuse_prefix: bool = True,
        temperature: float = 0.7,
    ) -> None:
        self.path = resolve_model_path(model)  # fails now, naming the path, if unusable
        self.n_ctx = n_ctx
        self.max_tokens = max_tokens
        self.reuse_prefix = reuse_prefix
        self.sampling = Sampling(temperature=temperature)
        self._hash: str | None = None
        self.last: DecodeResult | None = None

    @property
    def decoder(self) -> ConstrainedDecoder:
        key = (str(self.path), self.n_ctx)
        if key not in _DECODERS:
            _DECODERS[key] = ConstrainedDecoder(load_model(self.path, self.n_ctx))
        return _DECODERS[key]

    @property
    def model_hash(self) -> str:
        if self._hash is None:
            self._hash = model_hash(self.path)
        return self._hash

    def source_tag(self, seed: int) -> str:
        return f"llama:{self.path.name}:{self.model_hash[:12]}:{seed}"

    def _formatter(self) -> Any:
        """The model's chat template, compiled once per backend (None when it has none)."""
        if not hasattr(self, "_chat"):
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            llm = self.decoder.llm
            template = llm.metadata.get("tokenizer.chat_template")
            self._chat = None
            if template:
                eos = llm.detokenize([llm.token_eos()], special=True).decode(errors="replace")
                bos = llm.detokenize([llm.token_bos()], special=True).decode(errors="replace")
                self._chat = Jinja2ChatFormatter(
                    template=template, eos_token=eos, bos_token=bos, add_generation_prompt=True
                )
        return self._chat

    def chat_parts(self, system: str, task: str) -> tuple[str, str]:
        """The model's own chat format, split into the shared prefix and the per-call rest."""
        formatter = self._formatter()
        if formatter is None:
            text = f"{system}\n\n{_SPLIT}{task}\n"
        else:
            text = formatter(
                messages=[
                    {"role": "system", "content": system},
                    {"role": "user", "content": _SPLIT + task},
                ]
            ).prompt
        prefix, rest = text.split(_SPLIT, 1)
        return prefix, rest

    def complete(self, system: str, task: str, schema: dict[str, Any], seed: int) -> str:
        prefix, rest = self.chat_parts(system, task)
        self.last = self.decoder.generate(
            prefix,
            rest,
            seed=seed,
            schema=schema,
            max_tokens=self.max_tokens,
            sampling=self.sampling,
            reuse_prefix=self.reuse_prefix,
        )
        return self.last.text

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name, "model": str(self.path), "sha256": self.model_hash}
