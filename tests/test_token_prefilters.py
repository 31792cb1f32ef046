from reportedly.extract.lemma_index import tokens_with, tokens_with_lemma


def test_tokens_with_lemma_matches_a_walk_over_the_tokens(nlp):
    doc = nlp("Officials Denied the reports. He denies it, and they deny that they said so. Said Tom: no.")
    for words in ({"deny"}, {"say", "report"}, {"nothing"}, set()):
        assert tokens_with_lemma(doc, words) == [t.i for t in doc if t.lemma_.lower() in words]
    assert tokens_with_lemma(doc, {"deny"})  # the check above is not vacuous


def test_tokens_with_a_lower_case_form(nlp):
    doc = nlp("Clearly, CLEARLY the plan is clearly flawed. Sadly not.")
    assert tokens_with(doc, "lower", {"clearly", "sadly"}) == [0, 2, 6, 9]
    assert tokens_with(doc, "lower", {"Clearly"}) == []  # the words are compared lower-cased


def test_tokens_with_lemma_of_an_empty_doc(nlp):
    assert tokens_with_lemma(nlp(""), {"say"}) == []


def test_token_kinds_read_as_the_token_attributes(nlp):
    from reportedly.extract.lemma_index import token_kinds

    doc = nlp("He said: “We can't go — not now.”  Officials were told.\n\nIt rains!")
    _heads, junk, verbal = token_kinds(doc)
    assert junk == [t.is_punct or t.is_space for t in doc]
    assert verbal == [t.pos_ in ("VERB", "AUX") for t in doc]
    assert any(junk) and any(verbal)


def test_tokens_with_a_tag(nlp):
    doc = nlp("They may go, and we could stay, but nobody will.")
    assert tokens_with(doc, "tag", {"MD"}) == [t.i for t in doc if t.tag_ == "MD"] != []


def test_certainty_cue_candidates_are_every_token_the_cue_test_reads(nlp):
    from reportedly.extract.certainty import _cue_candidates, _cue_words

    forms, lemmas = _cue_words()
    doc = nlp("Officials reportedly can't confirm it; he may have denied it, allegedly, if at all.")
    expected = [t.i for t in doc if t.lower_ in forms or t.tag_ == "MD" or t.lemma_.lower() in lemmas]
    assert _cue_candidates(doc) == expected and len(expected) >= 4


def test_token_kinds_hold_each_tokens_head(nlp):
    from reportedly.extract.lemma_index import token_kinds

    doc = nlp("The mayor, who spoke late, said that the plan, by all accounts, had failed.")
    heads, _junk, _verbal = token_kinds(doc)
    assert heads == [t.head.i for t in doc]


def test_main_predicate_prefers_a_verb_among_the_span_heads(nlp):
    from reportedly.extract.certainty import main_predicate

    doc = nlp("Officials said the new bridge, built in 2019, collapsed on Tuesday.")
    said, collapsed, bridge = (next(t.i for t in doc if t.text == w) for w in ("said", "collapsed", "bridge"))
    assert main_predicate(doc, said + 1, len(doc)) == collapsed
    # "the new bridge, built in 2019,": no verb heads it
    assert main_predicate(doc, said + 1, collapsed) == bridge
    # without "collapsed", every token left has its head inside
    assert main_predicate(doc, said + 1, len(doc), skip={collapsed}) is None
    assert main_predicate(doc, 0, 0) is None
