"""Word lists behind the rule-based extractors. Lemmas, lower case."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

# Word lists live in data/lexicon.json; each is read once, as the type its use needs.
_WORDS = json.loads(resources.files("reportedly.data").joinpath("lexicon.json").read_text("utf-8"))
SPEECH_VERBS: set[str] = set(_WORDS["SPEECH_VERBS"])
COGNITION_VERBS: set[str] = set(_WORDS["COGNITION_VERBS"])
CONFIRM_VERBS: set[str] = set(_WORDS["CONFIRM_VERBS"])
DENY_VERBS: set[str] = set(_WORDS["DENY_VERBS"])
ANAPHORIC_HEADS: set[str] = set(_WORDS["ANAPHORIC_HEADS"])
EVIDENCE_HEADS: set[str] = set(_WORDS["EVIDENCE_HEADS"])
VAGUE_HEADS: set[str] = set(_WORDS["VAGUE_HEADS"])
PRONOUNS: set[str] = set(_WORDS["PRONOUNS"])
FIRST_PERSON: set[str] = set(_WORDS["FIRST_PERSON"])
EXTRAPOSITION_PREDICATES: set[str] = set(_WORDS["EXTRAPOSITION_PREDICATES"])
NOUN_CUES: set[str] = set(_WORDS["NOUN_CUES"])
MODAL_LEVEL: dict = dict(_WORDS["MODAL_LEVEL"])
ADVERB_LEVEL: dict = dict(_WORDS["ADVERB_LEVEL"])
RAISING_LEVEL: dict = dict(_WORDS["RAISING_LEVEL"])
VERB_LEVEL: dict = dict(_WORDS["VERB_LEVEL"])
ADJECTIVE_LEVEL: dict = dict(_WORDS["ADJECTIVE_LEVEL"])
APPROXIMATORS: set[str] = set(_WORDS["APPROXIMATORS"])
NEGATIONS: set[str] = set(_WORDS["NEGATIONS"])
LEVEL_ORDER: dict = dict(_WORDS["LEVEL_ORDER"])
COMMENTARY_OPENERS: tuple[str, ...] = tuple(_WORDS["COMMENTARY_OPENERS"])
STANCE_ADVERBS: set[str] = set(_WORDS["STANCE_ADVERBS"])
EVALUATIVE_ADJECTIVES: set[str] = set(_WORDS["EVALUATIVE_ADJECTIVES"])
PRONOUN_SOURCE_LABELS: dict[str, tuple[str, ...]] = {
    k: tuple(v) for k, v in _WORDS["PRONOUN_SOURCE_LABELS"].items()
}


# A verb lemma seen in the train split is a cue when it was one at least this often there;
# with only a direct object (no clause) as content, it must have been one this often.
CUE_THRESHOLD = 0.2
OBJECT_CUE_THRESHOLD = 0.4
# ... and set off by commas with no complement in the parse ("X, he said, Y"), this often.
PARENTHETICAL_CUE_THRESHOLD = 0.5


@lru_cache(maxsize=1)
def learned_cues() -> dict[str, dict[str, float]]:
    """Verb lemmas from the PolNeAR train split -> share of occurrences that were gold cues,
    separately outside ("verbs") and inside ("quoted") quotations. Built by
    `scripts/learn_cues.py` from train only and shipped with the package."""
    try:
        raw = resources.files("reportedly.data").joinpath("learned_cues.json").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return {"verbs": {}, "quoted": {}}
    data = json.loads(raw)
    return {"verbs": data["verbs"], "quoted": data["quoted"]}


@lru_cache(maxsize=1)
def certainty_cues() -> dict:
    """Certainty cue lists read per clause (data/certainty_cues.json): passive raising ("is
    believed to"), open questions ("whether"), non-confirmation and failure verbs, weakened
    negation ("not necessarily"), and hedges on a source ("unconfirmed reports")."""
    raw = resources.files("reportedly.data").joinpath("certainty_cues.json").read_text("utf-8")
    data = json.loads(raw)
    return {k: set(v) if isinstance(v, list) else v for k, v in data.items() if not k.startswith("_")}
