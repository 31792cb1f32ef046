"""Word lists behind the rule-based extractors. Lemmas, lower case."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

# Verbs that introduce reported content (speech, publication, disclosure, evidence, cognition).
SPEECH_VERBS = {
    "say", "tell", "state", "report", "disclose", "reveal", "announce", "claim", "declare",
    "add", "note", "write", "tweet", "post", "explain", "argue", "assert", "insist", "maintain",
    "allege", "acknowledge", "admit", "concede", "confirm", "deny", "warn", "caution", "predict",
    "estimate", "suggest", "indicate", "stress", "emphasize", "emphasise", "underline",
    "point", "mention", "remark", "comment", "observe", "reply", "respond", "answer", "ask",
    "recall", "recount", "describe", "testify", "promise", "pledge", "vow", "threaten",
    "agree", "conclude", "contend", "inform", "brief", "notify", "publish", "cite", "quote",
    "leak", "signal", "hint", "imply", "specify", "clarify", "reiterate", "repeat",
    "boast", "complain", "lament", "joke", "shout", "whisper", "tout", "propose", "urge",
    "demand", "accuse", "charge", "dispute", "question", "doubt", "believe", "think", "feel",
    "expect", "fear", "hope", "know", "learn", "find", "show", "demonstrate", "prove",
    "suspect", "assess", "judge", "consider", "calculate", "forecast", "project", "speculate",
    "guess", "reckon", "understand", "realize", "realise", "worry", "verify",
    "corroborate", "establish", "determine", "discover", "detect", "spot", "record", "document",
    "see", "assume", "recognize", "recognise", "notice",
}
# Cognition verbs only count as cues with a clausal complement, never with a bare object.
COGNITION_VERBS = {
    "believe", "think", "feel", "expect", "fear", "hope", "know", "learn", "understand",
    "realize", "realise", "suspect", "doubt", "worry", "guess", "reckon", "consider", "assume",
    "see", "recognize", "recognise", "notice", "find", "show",
}
# Verbs of confirmation/denial; with an anaphoric subject they attach to an earlier claim.
CONFIRM_VERBS = {"confirm", "corroborate", "verify", "substantiate", "back", "support", "validate"}
DENY_VERBS = {"deny", "refute", "dismiss", "reject", "dispute", "contradict", "debunk"}
ANAPHORIC_HEADS = {
    "information", "report", "reports", "claim", "claims", "account", "news", "assessment",
    "figure", "figures", "estimate", "finding", "findings", "intelligence", "this", "that", "it",
    "allegation", "statement", "story", "data", "number", "numbers",
}
# Nouns that can head a source phrase without being an agent: evidence, documents, media.
EVIDENCE_HEADS = {
    "image", "imagery", "photo", "photograph", "picture", "video", "footage", "record", "data",
    "document", "documents", "map", "log", "statistic", "figure", "poll", "survey", "study",
    "analysis", "research", "report", "evidence", "intercept", "recording", "satellite", "tape",
    "email", "e-mail", "letter", "memo", "filing", "transcript", "chart", "census", "trace",
    "sensor", "radar", "tracking", "signal", "cable", "dossier", "assessment", "reading",
}
# Heads of underspecified human sources.
VAGUE_HEADS = {
    "source", "official", "side", "people", "person", "insider", "observer", "expert",
    "analyst", "intelligence", "agency", "authority", "diplomat", "resident", "witness",
    "media", "outlet", "someone", "some", "many", "others", "critic", "supporter", "government",
    "military", "army", "officer", "soldier", "aide", "adviser", "advisor", "spokesman",
    "spokeswoman", "spokesperson", "member", "lawmaker", "leader", "commentator", "report",
    "rumor", "rumour", "circle", "community", "party", "camp", "team", "campaign", "staff",
    "sources", "officials", "front", "line", "quarter", "voice", "blogger", "user",
}
PRONOUNS = {"he", "she", "they", "it", "him", "her", "them", "we", "i", "you", "who"}
FIRST_PERSON = {"i", "we", "me", "us", "my", "our", "myself", "ourselves"}
NOUN_CUES = {
    "claim", "statement", "report", "announcement", "assertion", "allegation", "warning",
    "admission", "belief", "view", "argument", "suggestion", "promise", "pledge", "assessment",
    "estimate", "prediction", "insistence", "contention", "testimony", "remark", "comment",
}

# Certainty cues: (level they set). The least certain cue in a clause sets its level.
MODAL_LEVEL = {
    "may": "possible", "might": "possible", "could": "possible", "can": None,
    "would": "probable", "should": "probable", "must": None, "will": None, "shall": None,
}
ADVERB_LEVEL = {
    "possibly": "possible", "perhaps": "possible", "maybe": "possible", "conceivably": "possible",
    "potentially": "possible", "likely": "probable", "probably": "probable",
    "presumably": "probable", "apparently": "probable", "reportedly": "probable",
    "allegedly": "uncertain", "supposedly": "uncertain", "seemingly": "possible",
    "purportedly": "uncertain", "arguably": "probable", "definitely": "asserted",
    "certainly": "asserted", "undoubtedly": "asserted", "clearly": "asserted",
    "indeed": "asserted", "surely": "asserted", "unlikely": "possible",
}
# Raising verbs hedge the clause they sit in; VERB_LEVEL applies only to the introducing cue.
RAISING_LEVEL = {"seem": "possible", "appear": "possible"}
VERB_LEVEL = {
    "seem": "possible", "appear": "possible", "suggest": "probable", "indicate": "probable",
    "believe": "probable", "think": "probable", "expect": "probable", "suspect": "possible",
    "estimate": "probable", "allege": "uncertain", "claim": "probable", "speculate": "possible",
    "guess": "possible", "assume": "probable", "doubt": "uncertain", "hope": "uncertain",
    "fear": "possible", "rumor": "uncertain", "rumour": "uncertain",
}
ADJECTIVE_LEVEL = {
    "likely": "probable", "probable": "probable", "possible": "possible", "unlikely": "possible",
    "uncertain": "uncertain", "unclear": "uncertain", "unconfirmed": "uncertain",
    "unverified": "uncertain", "plausible": "possible", "expected": "probable",
    "alleged": "uncertain", "rumored": "uncertain", "rumoured": "uncertain",
    "potential": "possible", "suspected": "possible", "presumed": "probable",
}
APPROXIMATORS = {
    "about", "around", "approximately", "roughly", "some", "nearly", "almost", "circa", "ca.",
    "estimated", "an estimated", "or so", "close to", "upwards of", "approx.",
}
NEGATIONS = {"not", "n't", "never", "no", "neither", "nor", "without"}
LEVEL_ORDER = {"asserted": 0, "probable": 1, "possible": 2, "uncertain": 3}

# Voice: cues of the author's own analysis, evaluation or speculation.
COMMENTARY_OPENERS = (
    "therefore", "thus", "hence", "moreover", "furthermore", "in short", "in conclusion",
    "in other words", "to some extent", "on the surface", "if we", "it can be said",
    "it is clear", "it is worth", "this means", "this shows", "this suggests", "firstly",
    "secondly", "thirdly", "finally,", "another aspect", "in essence", "clearly", "obviously",
    "undoubtedly", "of course", "ultimately", "overall", "after all", "needless to say",
    "in fact", "besides", "what is more", "from a", "in a sense", "in this sense", "especially",
    "all in all", "in my", "in our", "perhaps",
)
STANCE_ADVERBS = {
    "undoubtedly", "clearly", "obviously", "certainly", "surely", "evidently", "arguably",
    "essentially", "merely", "simply", "purely", "indeed", "even", "unfortunately",
    "fortunately", "ironically", "notably", "inevitably", "undeniably", "naturally",
}
EVALUATIVE_ADJECTIVES = {
    "crucial", "excellent", "valuable", "important", "significant", "vital", "essential",
    "remarkable", "hidden", "key", "great", "huge", "terrible", "good", "bad", "best", "worst",
    "wise", "foolish", "absurd", "ridiculous", "outrageous", "shameful", "admirable", "clever",
    "dangerous", "reckless", "strategic", "firm", "stronger", "well", "aware", "soft",
}

PRONOUN_SOURCE_LABELS = {
    "he": ("PERSON",), "him": ("PERSON",), "she": ("PERSON",), "her": ("PERSON",),
    "they": ("ORG", "NORP", "GPE", "PERSON"), "them": ("ORG", "NORP", "GPE", "PERSON"),
    "it": ("ORG", "GPE"), "who": ("PERSON", "ORG"),
}


@lru_cache(maxsize=1)
def learned_cues() -> dict[str, float]:
    """Cue lemmas learned from the PolNeAR train split: lemma -> precision as a cue.

    Built by `scripts/learn_cues.py`; absent until that has been run, then shipped with the package.
    """
    try:
        raw = resources.files("reportedly.data").joinpath("learned_cues.json").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    return json.loads(raw)["verbs"]
