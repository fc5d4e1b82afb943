"""A model's own chat format, split into a shared prefix and a per-call rest.

Messages before the split (system text, few-shot turns) are the same for many calls; the
decoder evaluates them once and keeps them in the model's cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SPLIT = "\u241e"  # marks where the shared prefix ends inside the formatted prompt


@dataclass(frozen=True)
class Message:
    role: str
    content: str


@dataclass(frozen=True)
class Prompt:
    """A system text, earlier example turns (user, assistant), and the task."""

    system: str
    shots: tuple[tuple[str, str], ...]
    task: str

    def shared(self) -> list[Message]:
        out = [Message("system", self.system)]
        for user, assistant in self.shots:
            out += [Message("user", user), Message("assistant", assistant)]
        return out

    def messages(self) -> list[dict[str, str]]:
        """OpenAI-style messages."""
        out = [{"role": m.role, "content": m.content} for m in self.shared()]
        return [*out, {"role": "user", "content": self.task}]

    def instructions(self) -> str:
        """The shared turns as plain text: what output must not copy (the task's facts are
        the character's own and may be echoed)."""
        return "\n".join(m.content for m in self.shared())


class ChatFormat:
    """Formats messages with the chat template stored in a GGUF file, compiled once."""

    def __init__(self, llm: Any) -> None:
        self._formatter: Any = None
        template = llm.metadata.get("tokenizer.chat_template")
        if template:
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            eos = llm.detokenize([llm.token_eos()], special=True).decode(errors="replace")
            bos = llm.detokenize([llm.token_bos()], special=True).decode(errors="replace")
            self._formatter = Jinja2ChatFormatter(
                template=template, eos_token=eos, bos_token=bos, add_generation_prompt=True
            )

    def parts(self, prompt: Prompt) -> tuple[str, str]:
        """(prefix, rest): the shared turns, then a user turn holding the task."""
        shared, task = prompt.shared(), prompt.task
        if self._formatter is None:  # a base model: plain text turns
            head = "".join(f"{m.content}\n\n" for m in shared)
            return head, f"{task}\n"
        messages = [{"role": m.role, "content": m.content} for m in shared]
        messages.append({"role": "user", "content": SPLIT + task})
        text = self._formatter(messages=messages).prompt
        prefix, rest = text.split(SPLIT, 1)
        return prefix, rest
