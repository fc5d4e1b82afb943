"""Grammar-constrained decoding at close to free-running speed.

llguidance compiles the JSON Schema once per schema. Each step samples from the model's
own distribution first and asks the grammar only whether that token is allowed; the full
token mask is computed only when it is not. Tokens the grammar forces are evaluated in
one batch without sampling. Sampling is our own, seeded per call, so output depends only
on (model file, prompt, schema, seed) on a given machine.

The prompt is evaluated in two fixed chunks, a shared prefix and a per-call suffix. An
evaluated prefix is kept (its cache cells copied out, a few MB) and put back when a later
call starts with it, so characters of any class, agent fields and NPC texts each skip
theirs; a call with the same whole prompt as the last one (a retry) also skips the
suffix, using the logits saved after it. Evaluating a prompt costs about half a decoded
token per prompt token here, so this is most of the time a character does not spend
decoding. Chunking and cell placement are identical either way, so reuse never changes
the output.
"""

from __future__ import annotations

import ctypes
import json
import threading
import time
import warnings
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from ..errors import GenerationError, ModelError
from .words import WordGuard, context

_GUARD_TRIES = 24  # draws before scanning the vocabulary for a token both accept
_GUARD_SCAN = 4096
_STATES = 12  # evaluated prompt prefixes kept (one per class and face, a few MB each)


@dataclass
class DecodeResult:
    text: str
    tokens: int
    seconds: float
    prompt_tokens: int
    prefix_reused: bool
    forced_tokens: int = 0
    rejections: int = 0
    word_rejections: int = 0
    logprob: float = 0.0
    stop: str = "done"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Sampling:
    temperature: float = 0.7
    top_k: int = 40
    top_p: float = 0.95
    # a 135M model pushed off its own choices reaches for rare tokens (non-words); the
    # penalty is off by default and, when set, counts only tokens the model sampled
    repeat_penalty: float = 1.1
    repeat_window: int = 64


class ConstrainedDecoder:
    """Runs one Llama with llguidance grammars. One decoder per model; calls serialize."""

    def __init__(self, llm: Any) -> None:
        self.llm = llm
        self.n_vocab = llm.n_vocab()
        self.eos = llm.token_eos()
        self._lock = threading.Lock()
        self._tokenizer: Any = None
        self._prefix: list[int] = []
        self._prompt: list[int] = []
        self._prompt_logits: np.ndarray | None = None
        self._states: OrderedDict[tuple[int, ...], tuple[Any, int]] = OrderedDict()
        self._pieces: list[str] | None = None

    # tokens -----------------------------------------------------------------------------
    def tokenize(self, text: str) -> list[int]:
        return list(self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def detokenize(self, tokens: list[int]) -> str:
        return self.llm.detokenize(tokens).decode("utf-8", errors="replace")

    @property
    def tokenizer(self) -> Any:
        if self._tokenizer is None:
            import llama_cpp
            from llguidance.llamacpp import lltokenizer_from_vocab

            vocab = llama_cpp.llama_model_get_vocab(self.llm.model)
            with warnings.catch_warnings():
                # llguidance's helper calls llama_token_get_attr, deprecated upstream
                warnings.simplefilter("ignore", DeprecationWarning)
                self._tokenizer = lltokenizer_from_vocab(vocab)
        return self._tokenizer

    @property
    def pieces(self) -> list[str]:
        """The text of every token on its own (for the word guard), built once."""
        if self._pieces is None:
            self._pieces = [
                self.llm.detokenize([t]).decode("utf-8", errors="replace")
                for t in range(self.n_vocab)
            ]
        return self._pieces

    # grammar ----------------------------------------------------------------------------
    def grammar(self, schema: dict[str, Any]) -> str:
        """Compile and check a JSON Schema once; a bad schema raises, never crashes."""
        return _compile(json.dumps(schema), self.tokenizer)

    # prompt -----------------------------------------------------------------------------
    def _load_prompt(
        self, prefix: list[int], suffix: list[int], reuse: bool
    ) -> tuple[str, np.ndarray | None]:
        """Put prefix+suffix in the model's cache, evaluated in the same two chunks
        whatever is reused. Returns what was reused ('', 'prefix' or 'prompt') and, when
        the whole prompt was, the logits saved after its last token."""
        llm = self.llm
        prompt = prefix + suffix
        if len(prompt) >= llm.n_ctx() - 16:
            raise GenerationError(
                f"prompt of {len(prompt)} tokens does not fit the context of {llm.n_ctx()}"
            )
        if reuse and self._prompt == prompt and self._holds(prompt):
            # the same prompt again (a retry): its cells are still in place and its last
            # logits were saved; the next eval drops the cells decoded after it
            llm.n_tokens = len(prompt)
            return "prompt", self._prompt_logits
        reused = ""
        if reuse and self._prefix == prefix and self._holds(prefix):
            llm.n_tokens = len(prefix)
            reused = "prefix"
        elif reuse and tuple(prefix) in self._states:
            self._restore(prefix)
            reused = "prefix"
        else:
            llm.reset()
            llm.eval(prefix)
            if reuse:
                self._save(prefix)
        self._prefix = list(prefix)
        llm.eval(suffix)
        self._prompt = prompt
        self._prompt_logits = self._logits().copy()
        return reused, None

    def warm(self, prefix: str) -> None:
        """Evaluate a prompt prefix and keep it, so a later call starting with it skips
        evaluating it (a no-op when it is kept already)."""
        tokens = self.tokenize(prefix)
        with self._lock:
            if tuple(tokens) in self._states:
                return
            self.llm.reset()
            self.llm.eval(tokens)
            self._save(tokens)
            self._prefix, self._prompt = tokens, []

    def _holds(self, tokens: list[int]) -> bool:
        llm = self.llm
        n = len(tokens)
        return llm.n_tokens >= n and llm.input_ids[:n].tolist() == tokens

    def _save(self, prefix: list[int]) -> None:
        """Keep the evaluated prefix's cache cells (a few MB) to restore it later."""
        import llama_cpp

        ctx = self.llm._ctx.ctx
        size = llama_cpp.llama_state_seq_get_size(ctx, 0)
        buf = (ctypes.c_uint8 * size)()
        n = llama_cpp.llama_state_seq_get_data(ctx, buf, size, 0)
        self._states[tuple(prefix)] = (buf, n)
        while len(self._states) > _STATES:
            self._states.popitem(last=False)

    def _restore(self, prefix: list[int]) -> None:
        """Put a saved prefix back: the same cells with the same bytes as evaluating it
        again from an empty cache, so the output cannot change."""
        import llama_cpp

        key = tuple(prefix)
        buf, n = self._states[key]
        self._states.move_to_end(key)
        llm = self.llm
        llm.reset()
        llm._ctx.kv_cache_clear()
        if llama_cpp.llama_state_seq_set_data(llm._ctx.ctx, buf, n, 0) == 0:
            del self._states[key]  # should not happen; evaluate it instead
            llm.eval(prefix)
            return
        llm.input_ids[: len(prefix)] = prefix
        llm.n_tokens = len(prefix)

    def _logits(self) -> np.ndarray:
        return np.ctypeslib.as_array(self.llm._ctx.get_logits_ith(-1), shape=(self.n_vocab,))

    @staticmethod
    def _sample(
        logits: np.ndarray, rng: np.random.Generator, s: Sampling, allowed: np.ndarray | None = None
    ) -> int:
        if allowed is not None:
            logits = np.where(allowed, logits, -np.inf)
        k = min(s.top_k, logits.shape[0])
        idx = np.argpartition(logits, -k)[-k:]
        idx = idx[np.argsort(-logits[idx], kind="stable")]
        z = logits[idx].astype(np.float64)
        finite = np.isfinite(z)
        idx, z = idx[finite], z[finite]
        if idx.size == 0:
            raise GenerationError("the grammar allows no token here")
        if s.temperature <= 0:
            return int(idx[0])
        z = (z - z[0]) / s.temperature
        p = np.exp(z)
        p /= p.sum()
        keep = int(np.searchsorted(np.cumsum(p), s.top_p) + 1)
        p = p[:keep] / p[:keep].sum()
        return int(idx[rng.choice(keep, p=p)])

    @staticmethod
    def _penalized(raw: np.ndarray, out: list[int], s: Sampling) -> np.ndarray:
        """Logits with recently sampled tokens made less likely (a copy)."""
        logits = raw.copy()
        if s.repeat_penalty != 1.0 and out:
            recent = np.unique(np.asarray(out[-s.repeat_window :], dtype=np.int64))
            values = logits[recent]
            logits[recent] = np.where(
                values > 0, values / s.repeat_penalty, values * s.repeat_penalty
            )
        return logits

    def _allowed(self, matcher: Any) -> np.ndarray:
        mask = np.frombuffer(matcher.compute_bitmask(), dtype=np.uint8)
        return np.unpackbits(mask, bitorder="little")[: self.n_vocab].astype(bool)

    # generation -------------------------------------------------------------------------
    def generate(
        self,
        prefix: str,
        suffix: str,
        *,
        seed: int,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 512,
        sampling: Sampling = Sampling(),
        reuse_prefix: bool = True,
        guard: WordGuard | None = None,
    ) -> DecodeResult:
        """Decode after prefix+suffix; with a schema the text always matches it, with a
        guard every word the model samples is one the guard allows."""
        import llguidance

        pre, suf = self.tokenize(prefix), self.tokenize(suffix)
        pieces = self.pieces if guard is not None else []
        # finished words the guard needs to see before the one being written
        words = max(guard.phrase_sizes, default=1) - 1 if guard is not None else 0
        with self._lock:
            t0 = time.perf_counter()
            reused, first_logits = self._load_prompt(pre, suf, reuse_prefix)
            matcher = (
                llguidance.LLMatcher(self.tokenizer, self.grammar(schema), log_level=0)
                if schema is not None
                else None
            )
            rng = np.random.default_rng(seed)
            out: list[int] = []
            sampled: list[int] = []
            forced = rejections = word_rejections = 0
            logprob = 0.0
            text = ""
            stop = "length"
            t1 = time.perf_counter()
            while len(out) < max_tokens:
                if matcher is not None:
                    ff = [t for t in matcher.compute_ff_tokens() if t != self.eos]
                    if ff:
                        ff = ff[: max_tokens - len(out)]
                        matcher.consume_tokens(ff)
                        out += ff
                        forced += len(ff)
                        if guard is not None:
                            text += "".join(pieces[t] for t in ff)
                        self.llm.eval(ff)
                        first_logits = None
                        continue
                if first_logits is not None:
                    raw, first_logits = first_logits, None
                else:
                    raw = self._logits()
                logits = self._penalized(raw, sampled, sampling)
                token, g_rej, w_rej = self._choose(
                    logits, rng, sampling, matcher, guard, context(text, words), pieces
                )
                rejections += g_rej
                word_rejections += w_rej
                if matcher is not None and not matcher.consume_token(token):
                    raise GenerationError(f"grammar error: {matcher.get_error()}")
                top = float(raw.max())
                logprob += float(raw[token]) - top - float(np.log(np.exp(raw - top).sum()))
                if token == self.eos:
                    stop = "done"
                    break
                out.append(token)
                sampled.append(token)
                if guard is not None:
                    text += pieces[token]
                if matcher is not None and matcher.is_stopped():  # this token closed the JSON
                    stop = "done"
                    break
                self.llm.eval([token])
            t2 = time.perf_counter()
        return DecodeResult(
            text=self.detokenize(out),
            tokens=len(out),
            seconds=t2 - t1,
            prompt_tokens=len(pre) + len(suf),
            prefix_reused=bool(reused),
            forced_tokens=forced,
            rejections=rejections,
            word_rejections=word_rejections,
            logprob=logprob,
            stop=stop,
            extra={"prompt_seconds": t1 - t0, "reused": reused},
        )

    def _choose(
        self,
        logits: np.ndarray,
        rng: np.random.Generator,
        sampling: Sampling,
        matcher: Any,
        guard: WordGuard | None,
        where: tuple[str, tuple[str, ...]],
        pieces: list[str],
    ) -> tuple[int, int, int]:
        """Sample a token the grammar and the word guard both accept: sample freely, ask
        the grammar, and compute its full mask only once it refuses; a token the guard
        refuses is struck out and the draw repeated. Returns (token, grammar refusals,
        guard refusals). When the guard refuses everything the grammar allows, the
        grammar alone decides (the output checks then judge the text)."""
        pending, recent = where
        allowed: np.ndarray | None = None
        g_rej = w_rej = 0
        work = logits
        for _ in range(_GUARD_TRIES):
            try:
                token = self._sample(work, rng, sampling, allowed)
            except GenerationError:
                break
            if matcher is not None and allowed is None and matcher.validate_tokens([token]) != 1:
                g_rej += 1
                allowed = self._allowed(matcher)
                continue
            if (
                guard is not None
                and token != self.eos
                and not guard.allows(pending, pieces[token], recent)
            ):
                w_rej += 1
                if work is logits:
                    work = logits.copy()
                work[token] = -np.inf
                continue
            return token, g_rej, w_rej
        if allowed is None and matcher is not None:
            allowed = self._allowed(matcher)
        # the guard refused every likely token: take the likeliest one both accept
        order = np.argsort(-logits, kind="stable")
        if allowed is not None:
            order = order[allowed[order]]
        if guard is not None:
            scan = order[:_GUARD_SCAN].tolist()
            # a copied run or a dangling end may be the only way on: then keep at least
            # to real words (the checks refuse the text and the field is written again)
            for strict in (True, False):
                for token in scan:
                    if token == self.eos or guard.allows(pending, pieces[token], recent, strict):
                        return int(token), g_rej, w_rej
        return int(order[0]), g_rej, w_rej


@cache
def _compile(schema_json: str, tokenizer: Any) -> str:
    import llguidance

    try:
        grammar = llguidance.LLMatcher.grammar_from_json_schema(
            schema_json, defaults={"whitespace_flexible": False}
        )
    except Exception as exc:  # llguidance raises ValueError-like errors for bad schemas
        raise ModelError(f"cannot build a grammar from the narrative schema: {exc}") from None
    is_error, messages = llguidance.LLMatcher.validate_grammar_with_warnings(grammar, tokenizer)
    if is_error:
        raise ModelError(f"the narrative grammar is invalid: {messages}")
    return grammar
