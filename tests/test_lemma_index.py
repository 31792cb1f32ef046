from reportedly.extract.lemma_index import tokens_with_lemma


def test_tokens_with_lemma_matches_a_walk_over_the_tokens(nlp):
    doc = nlp("Officials Denied the reports. He denies it, and they deny that they said so. Said Tom: no.")
    for words in ({"deny"}, {"say", "report"}, {"nothing"}, set()):
        assert tokens_with_lemma(doc, words) == [t.i for t in doc if t.lemma_.lower() in words]
    assert tokens_with_lemma(doc, {"deny"})  # the check above is not vacuous


def test_tokens_with_lemma_of_an_empty_doc(nlp):
    assert tokens_with_lemma(nlp(""), {"say"}) == []
