"""py3langid's language model, unpacked once into a cache folder so that a process loads it in 0.1 s.

py3langid ships its model as LZMA-compressed npz (4.5 MB); decompressing it takes 0.6-0.8 s in
every process that cleans pages. The first load also writes the arrays as plain `.npy` files into
a folder named for the model file's size and time, under `$SUMMITS_CACHE_DIR` (default:
`$XDG_CACHE_HOME/summit-coverage`, else `~/.cache/summit-coverage`); later loads map them. A cache
that cannot be read is replaced, one that cannot be written is skipped: the model is then
decompressed as before.
"""

from __future__ import annotations

import io
import lzma
import os
import shutil
from array import array
from pathlib import Path

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

CACHE_ENV = "SUMMITS_CACHE_DIR"
ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
MODEL = MODEL_DIR / MODEL_FILE


def cache_folder() -> Path:
    """Where the unpacked arrays of the installed model live."""
    xdg = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "summit-coverage"
    stat = MODEL.stat()
    return Path(os.environ.get(CACHE_ENV) or xdg) / f"py3langid-{stat.st_size}-{stat.st_mtime_ns}"


def load_identifier() -> LanguageIdentifier:
    """The identifier `LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)` gives."""
    folder = cache_folder()
    try:
        arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in ARRAYS}
    except (OSError, ValueError):
        arrays = _decompress()
        _save(arrays, folder)
    return LanguageIdentifier(
        np.asarray(arrays["ptc"]), np.asarray(arrays["pc"]), arrays["classes"].tolist(),
        _uint_array(arrays["nextmove"]), arrays["out_feat"].tolist(),
        norm_probs=True, tk_row=_uint_array(arrays["nextmove_row"]),
    )


def _decompress() -> dict[str, np.ndarray]:
    """The arrays of the model file, decompressed in one call: the GIL stays free for all of it
    (py3langid's own loader streams 1 MB pieces and takes the GIL back after each)."""
    raw = lzma.decompress(MODEL.read_bytes())
    with np.load(io.BytesIO(raw), allow_pickle=False) as model:
        return {name: model[name] for name in ARRAYS}


def _save(arrays: dict[str, np.ndarray], folder: Path) -> None:
    """Write the arrays into `folder` through a temporary folder renamed into place.

    A broken folder left there is replaced. When another process has just written it, or the
    cache cannot be written at all, nothing is saved.
    """
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    try:
        shutil.rmtree(folder, ignore_errors=True)
        tmp.mkdir(parents=True, exist_ok=True)
        for name, values in arrays.items():
            np.save(tmp / f"{name}.npy", values)
        os.rename(tmp, folder)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def _uint_array(values: np.ndarray) -> array:
    """An unsigned integer array as the stdlib `array` py3langid's tokenizer indexes."""
    out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
    out.frombytes(memoryview(np.ascontiguousarray(values)).cast("B"))
    return out
