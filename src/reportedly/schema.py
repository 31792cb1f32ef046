"""The versioned output schema of one article's analysis (pydantic models; JSON Schema via
`reportedly schema`). All `start`/`end` offsets are character offsets into `document.text`
(the cleaned text) unless a field says otherwise; `document.offset_map` maps them back."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

SCHEMA_VERSION = "1.0"

CertaintyLevel = Literal["asserted", "probable", "possible", "uncertain"]
SourceKind = Literal["named", "vague", "evidence", "pronoun", "author"]
Voice = Literal["reporting", "commentary"]


class Span(BaseModel):
    start: int
    end: int
    text: str


class Place(BaseModel):
    name: str
    kind: Literal["country", "city", "us_state"]
    country_code: str
    geonameid: int
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None


class Entity(BaseModel):
    id: str
    name: str = Field(description="Normalised name (alias table applied).")
    label: str = Field(description="spaCy entity label, or PLACE when only the gazetteer knew it.")
    mentions: list[Span]
    place: Place | None = None


class Source(BaseModel):
    name: str = Field(description="Normalised source name; 'author' for the article's own voice.")
    kind: SourceKind
    span: Span | None = None
    entity_id: str | None = None
    resolved_to: str | None = Field(
        None, description="Antecedent name of a pronoun source, or the full name of a person named in part."
    )


class ChainLink(BaseModel):
    source: Source
    cue: Span | None = None
    cue_type: Literal["verb", "according_to", "noun", "colon", "object", "author", "intermediary"] = Field(
        "verb", description="'intermediary': the outlet the next source spoke to ('X told Reuters')."
    )


class Attribution(BaseModel):
    """One attribution relation, in the source/cue/content style of PARC and PolNeAR."""

    id: str
    source: Source
    cue: Span
    cue_type: Literal["verb", "according_to", "noun", "colon", "object"] = Field(
        description="'object': a verb whose content is its object or infinitive ('X called Y a "
        "liar', 'X plans to go'); kept as a relation, while the sentence stays one claim."
    )
    content: Span
    content_fragments: list[Span] = Field(
        default_factory=list, description="Pieces of a discontinuous content, when it has several."
    )
    parent: str | None = Field(None, description="Attribution whose content contains this one.")


Shading = Literal["negation", "booster", "hedge"]
SHADINGS: tuple[Shading, ...] = ("negation", "booster", "hedge")


def shading(kind: str, level: str | None) -> Shading:
    """How a certainty cue bears on its claim: negates it, stresses its certainty ("indeed",
    "undoubtedly": level asserted), or hedges it (everything else)."""
    if kind == "negation":
        return "negation"
    return "booster" if level == "asserted" else "hedge"


class Cue(BaseModel):
    span: Span
    kind: Literal[
        "modal",
        "adverb",
        "verb",
        "adjective",
        "approximator",
        "negation",
        "conditional",
        "question",
        "non_confirmation",
        "source_hedge",
    ]
    level: CertaintyLevel | None = None

    @property
    def shading(self) -> Shading:
        return shading(self.kind, self.level)


class Certainty(BaseModel):
    level: CertaintyLevel
    polarity: Literal["positive", "negative"]
    factbank: str = Field(description="FactBank-style value: CT+, PR+, PS+, CT-, PR-, PS-, Uu.")
    cues: list[Cue]
    score: float | None = Field(
        None,
        description="Learned event factuality of the claim's predicate, -3 (did not happen) .. +3 "
        "(happened), from the author's viewpoint; None without the model.",
    )


class Measured(BaseModel):
    """What a figure measures: subject + measure ("Clinton's lead among likely voters", "crude price")."""

    text: str
    head: str = Field(description="Lemma of the measure's head noun or verb, e.g. 'lead', 'price', 'raise'.")
    span: Span | None = None


class AsOf(BaseModel):
    """The time a figure holds for, when the text gives one ("by the end of October", "in 2014")."""

    text: str
    span: Span
    date: str | None = Field(None, description="ISO date (or year / year-month) when resolvable.")


class Quantity(BaseModel):
    span: Span
    value: float | None = Field(None, description="Point value; None for vague magnitudes.")
    low: float | None = None
    high: float | None = None
    bound: Literal["exact", "lower", "upper", "range", "vague"]
    inclusive: bool = True
    approximate: bool = False
    thing: str | None = Field(None, description="Lemma of what is counted, e.g. 'soldier'.")
    thing_span: Span | None = None
    unit: str | None = None
    role: Literal["increment", "total", "decrement", "unspecified"] = "unspecified"
    cues: list[Span] = Field(default_factory=list)
    direction: Literal["up", "down"] | None = Field(None, description="Sign of a change; None for levels.")
    measured: Measured | None = None
    as_of: AsOf | None = None


class Confirmation(BaseModel):
    kind: Literal["confirmation", "denial", "non_confirmation"] = Field(
        description="'non_confirmation': a source could not or would not confirm it ('could not "
        "independently verify', 'declined to comment'); never a confirmation."
    )
    source: Source
    cue: Span
    sentence: Span


class Claim(BaseModel):
    id: str
    span: Span = Field(description="The proposition, without the complementiser.")
    chain: list[ChainLink] = Field(description="Source chain, outermost first.")
    attribution: str | None = Field(None, description="Id of the innermost attribution.")
    sentence: int
    voice: Voice
    certainty: Certainty
    quantities: list[Quantity]
    entities: list[str]
    confirmations: list[Confirmation] = Field(default_factory=list)
    finite: bool = Field(
        True,
        description="The claim has a finite verb: a statement, not a phrase such as \"Clinton's use "
        'of a private server" or "Trump with a four-point lead".',
    )


class Sentence(BaseModel):
    index: int
    span: Span
    voice: Voice
    voice_cues: list[Span]


class DebrisItem(BaseModel):
    start: int = Field(description="Offset into the original text (-1 when from HTML metadata).")
    end: int
    text: str


class DebrisInfo(BaseModel):
    title: str | None = None
    captions: list[DebrisItem] = Field(default_factory=list)
    footers: list[DebrisItem] = Field(default_factory=list)
    links: list[DebrisItem] = Field(default_factory=list)
    boilerplate: list[DebrisItem] = Field(
        default_factory=list, description="'Read more:', newsletter, share and follow lines."
    )
    credits: list[DebrisItem] = Field(
        default_factory=list, description="Credit lines: 'Reporting by X; Editing by Y', '... contributed'."
    )
    datelines: list[DebrisItem] = Field(default_factory=list, description="'LONDON (AP) —' and the like.")
    original_url: str | None = None
    outlet: str | None = None
    disclaimer: str | None = None


class DocumentInfo(BaseModel):
    origin: str
    format: Literal["text", "html"]
    encoding: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = Field(None, description="Byline names (roles and agencies taken out).")
    wire: str | None = Field(
        None,
        description="Wire agency the story comes from ('AP', 'Reuters', 'AFP', ...), from its dateline, "
        "credit lines, byline or host.",
    )
    dateline: str | None = Field(None, description="Place of the dateline ('London' for 'LONDON (AP) —').")
    subheads: list[Span] = Field(
        default_factory=list,
        description="Subheads and other title-like lines kept in the text; never claims.",
    )
    tables: list[Span] = Field(
        default_factory=list, description="Table rows ('| a | b |') kept in the text; never claims."
    )
    text: str = Field(description="The cleaned text that all span offsets refer to.")
    offset_map: list[tuple[int, int, int]] = Field(
        description="Segments (clean_start, original_start, length) mapping back to the original."
    )


class Analysis(BaseModel):
    schema_version: str = SCHEMA_VERSION
    pipeline: str
    document: DocumentInfo
    debris: DebrisInfo
    entities: list[Entity]
    sentences: list[Sentence]
    attributions: list[Attribution]
    claims: list[Claim]
