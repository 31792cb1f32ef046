"""All-MiniLM-L6-v2 layers run in numpy: the fine-tuned upper layers of the factuality head
(extract/factuality.py) run over the lower layers' output, which torch computed once. Trained with
the torch twin in scripts/train_factuality_head.py (Layer), whose parameter names these are; the
pair cross-encoder (fuse/cross_encoder.py) trains with the same twin and maps the names back into
MiniLM's own layers to run them in torch."""

from __future__ import annotations

import numpy as np

MINILM_LAYER_NAMES = {  # our names -> all-MiniLM-L6-v2's, per layer
    "query": "attention.self.query",
    "key": "attention.self.key",
    "value": "attention.self.value",
    "attn_out": "attention.output.dense",
    "attn_norm": "attention.output.LayerNorm",
    "inter": "intermediate.dense",
    "out": "output.dense",
    "out_norm": "output.LayerNorm",
}


def _layer_norm(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * w[f"{name}.weight"] + w[f"{name}.bias"]


def layer_weights(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A BERT layer's weights (torch layout, named as MINILM_LAYER_NAMES' keys) ready for
    bert_layer: matrices transposed once, contiguous (a transposed view multiplies slowly)."""
    return {k: np.ascontiguousarray(v.T) if v.ndim == 2 else v for k, v in state.items()}


def bert_layer(x: np.ndarray, w: dict[str, np.ndarray], heads: int = 12) -> np.ndarray:
    """One BERT layer over one unpadded sequence [tokens, width] (as train_factuality_head.Layer,
    in eval mode); `w` from layer_weights."""
    t, width = x.shape
    d = width // heads

    def lin(v: np.ndarray, name: str) -> np.ndarray:
        return v @ w[f"{name}.weight"] + w[f"{name}.bias"]

    q, k, v = (lin(x, n).reshape(t, heads, d).transpose(1, 0, 2) for n in ("query", "key", "value"))
    att = q @ k.transpose(0, 2, 1) / np.sqrt(d)
    att = np.exp(att - att.max(-1, keepdims=True))
    att /= att.sum(-1, keepdims=True)
    ctx = (att @ v).transpose(1, 0, 2).reshape(t, width)
    x = _layer_norm(x + lin(ctx, "attn_out"), w, "attn_norm")
    inner = lin(x, "inter")
    inner = 0.5 * inner * (1 + np.tanh(0.7978845608 * (inner + 0.044715 * inner**3)))  # GELU (tanh)
    return _layer_norm(x + lin(inner, "out"), w, "out_norm")
