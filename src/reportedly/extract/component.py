"""The extractor as a spaCy pipeline component:

    nlp.add_pipe("reportedly")
    doc = nlp(text)
    doc._.reportedly.claims

Registered through the `spacy_factories` entry point, so it is available once the package is
installed, without importing it."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from reportedly.extract.claims import extract

if not Doc.has_extension("reportedly"):
    Doc.set_extension("reportedly", default=None)


class ReportedlyComponent:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.reportedly = extract(doc)
        return doc


@Language.factory("reportedly")
def make_component(nlp: Language, name: str) -> ReportedlyComponent:
    if "parser" not in nlp.pipe_names:
        raise ValueError("the 'reportedly' component needs a pipeline with a dependency parser")
    return ReportedlyComponent(nlp, name)
