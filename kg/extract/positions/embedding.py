"""Static word embeddings of a sentence for the sentence classifier of acts (``sentence_model.py``): WordLlama's
256-dimension token table (``l2_supercat_256``, MIT licence), read from the files the ``wordllama`` wheel ships,
never downloaded.

A sentence's vector is the mean of its tokens' rows (the Llama-2 tokenizer of the same wheel, through the
``tokenizers`` package), scaled to length 1: what ``WordLlama.embed(text, norm=True)`` gives, without loading the
package's own code (it would reach for its hub when a file is missing). CPU only and deterministic: a table look-up
and a mean in float32.

The package is optional: without it the classifier reads no vector (``load_embedder`` returns None), and a model
that needs one says what to install.

>>> e = load_embedder()
>>> e is None or (len(e.vector("We firmly oppose it.")) == DIM)
True
"""

from __future__ import annotations

import importlib.util
import json
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

PACKAGE = "wordllama"
WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"
TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
TABLE = "embedding.weight"
DIM = 256


@dataclass(frozen=True, slots=True)
class Embedder:
    """The token table (vocabulary x DIM, float32) and the tokenizer that indexes it."""

    table: np.ndarray
    tokenizer: Any

    def vector(self, sentence: str) -> np.ndarray:
        """The sentence's mean token vector, scaled to length 1 (zeros where it has no token)."""
        import numpy as np

        ids = self.tokenizer.encode(sentence, add_special_tokens=False).ids
        if not ids:
            return np.zeros(DIM, dtype=np.float32)
        v = self.table[np.clip(np.asarray(ids, dtype=np.int64), 0, len(self.table) - 1)].mean(axis=0, dtype=np.float32)
        norm = float(np.linalg.norm(v))
        out: np.ndarray = v / norm if norm > 0.0 else v
        return out


def package_dir() -> Path | None:
    """Where the ``wordllama`` wheel is installed, or None."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def read_table(path: Path) -> np.ndarray:
    """The one float16 tensor of a safetensors file, as float32 (the format: a little-endian u64 header length,
    a JSON header, the raw data)."""
    import numpy as np

    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    meta = header[TABLE]
    if meta["dtype"] != "F16":
        raise ValueError(f"{path}: {TABLE} is {meta['dtype']}, not F16")
    start, end = meta["data_offsets"]
    data = np.frombuffer(raw[8 + n + start : 8 + n + end], dtype="<f2")
    return data.reshape(meta["shape"]).astype(np.float32)


@lru_cache(maxsize=1)
def load_embedder() -> Embedder | None:
    """The shipped WordLlama table and tokenizer, or None where the package (or ``tokenizers``) is not installed."""
    where = package_dir()
    if where is None or importlib.util.find_spec("tokenizers") is None or importlib.util.find_spec("numpy") is None:
        return None
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(where / TOKENIZER))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return Embedder(read_table(where / WEIGHTS), tokenizer)
