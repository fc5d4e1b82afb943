"""The one Jinja2 environment for prompts/*.j2: a missing variable is an error."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from .resources import prompts_dir

if TYPE_CHECKING:
    import jinja2


@cache
def environment() -> jinja2.Environment:
    import jinja2  # loaded on the first prompt: the rules path never renders one

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(prompts_dir())),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
    )


def render(template: str, **context: Any) -> str:
    """Render prompts/<template> with exactly the given context."""
    return environment().get_template(template).render(**context).strip()
