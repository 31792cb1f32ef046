"""Origins and contradictions across articles: canonical source names, wire copy, identical
quotes, near-duplicate articles, outlet reports; contradictions only on one measured variable
from different origins."""

from __future__ import annotations

from datetime import datetime

from reportedly.fuse.facts import Facts, figure_conflicts
from reportedly.fuse.origins import (
    claim_origin,
    graded_name,
    near_duplicates,
    origin_name,
    origins,
    source_key,
    text_source,
)
from reportedly.fuse.stories import find_contradictions

_ids = iter(range(1, 10_000))


def claim(
    text,
    source=None,
    kind="named",
    article=None,
    outlet="x",
    quantities=(),
    wire=None,
    negative=False,
    entities=(),
):
    n = next(_ids)
    return Facts(
        id=n,
        article_id=article if article is not None else n,
        text=text,
        published=datetime(2016, 7, 6),
        outlet=outlet,
        url=None,
        chain=[(source, kind)] if source else [],
        certainty="asserted",
        negative=negative,
        entities=list(entities),
        quantities=[
            {
                "text": f"{v} {t}",
                "value": v,
                "low": None,
                "high": None,
                "bound": "exact",
                "approximate": False,
                "thing": t,
                "role": "unspecified",
            }
            for v, t in quantities
        ],
        wire=wire,
    )


def test_source_names_fold_to_one_key():
    assert source_key("F.B.I.") == source_key("FBI") == "federal bureau of investigation"
    assert source_key("FBI Director James B. Comey") == source_key("James Comey") == "james comey"
    assert source_key("Democratic nominee Hillary Clinton") == "hillary clinton"
    assert source_key("Mrs. Clinton") == "clinton"
    assert source_key("José Martínez") == "jose martinez"
    # a party and state tag, an outlet's team or board: the politician, the outlet
    assert source_key("Sen. Elizabeth Warren (D-MA)") == source_key("Rep. Elizabeth Warren, D-Mass.")
    assert source_key("Sen. Elizabeth Warren (D-MA)") == "elizabeth warren"
    assert source_key("Washington Post’s investigative team") == "washington post"
    assert source_key("The New York Times editorial board") == "new york times"
    assert source_key("R-Team") == "r-team"  # a name that only looks like a tag
    assert source_key("a New York Times report") == "new york times"
    assert source_key("The Associated Press") == "ap"


def test_surname_joins_the_full_name_and_wire_copy_is_the_agency():
    a = claim("Clinton said the server was allowed.", "Hillary Clinton")
    b = claim("The server was allowed, Mrs. Clinton said.", "Mrs. Clinton")
    c = claim("Officials met on Monday to discuss the budget.", "Rahm Emanuel")
    assert sorted(len(v) for v in origins([a, b, c]).values()) == [1, 2]
    assert claim_origin(claim("The budget passed.", wire="AP", outlet="breitbart")) == "ap"


def test_a_first_name_joins_the_full_name_and_one_articles_unnamed_voices_are_one():
    full = claim("Mexico will pay for the wall, Trump said.", "Donald Trump")
    first = claim("Mexico is going to pay for the wall.", "Donald", article=full.article_id + 100)
    assert list(origins([full, first])) == ["donald trump"]
    # two vague voices of one poll in one article, and one in another article
    one = claim("They have a positive view of him.", "30 percent of voters", kind="vague", article=500)
    two = claim("They have a favourable view of him.", "a third of them", kind="vague", article=500)
    other = claim("They view him favourably.", "most voters", kind="vague", article=501, outlet="y")
    assert sorted(len(v) for v in origins([one, two, other]).values()) == [1, 2]


def test_own_reporting_echoes_the_named_source_or_one_public_record():
    said = claim("Cruz said he was suspending his campaign.", "Ted Cruz")
    own1 = claim("Cruz dropped out of the race on May 3.", outlet="huff-post")
    own2 = claim("Cruz ended his campaign after Indiana.", wire="AP", outlet="breitbart")
    assert list(origins([said, own1, own2])) == ["ted cruz"]
    assert list(origins([own1, own2])) == ["public record"]
    resolved = claim("He was suspending his campaign.", "Ted Cruz", kind="pronoun")
    assert claim_origin(resolved) == "ted cruz"


def test_identical_quote_is_one_origin_and_near_copies_one_article():
    quote = "“no reasonable prosecutor would bring such a case”"
    a = claim(f"Comey said {quote} on Tuesday.", "Comey")
    b = claim(f"The director told reporters {quote}.", "the director", kind="vague", outlet="other")
    assert len(origins([a, b])) == 1
    body = " ".join(f"word{i}" for i in range(300))
    copies = near_duplicates({1: body, 2: body + " extra words at the end", 3: "something else " * 40})
    assert copies == {2: 1}
    own1 = claim("The senate passed the bill late on Friday night.", "Reuters staff", "vague", 1, "a")
    own2 = claim("The senate passed the bill on Friday night.", "AP staff", "vague", 2, "b")
    assert len(origins([own1, own2])) == 2
    own1 = claim("The senate passed the bill late on Friday night.", article=1, outlet="a")
    own2 = claim("The senate passed the bill on Friday night.", article=2, outlet="b")
    assert len(origins([own1, own2], {1: body, 2: body + " extra words at the end"})) == 1


def test_words_relayed_inside_another_claim_are_one_origin():
    statement = "The committee understands that a lawsuit has been filed by Bradley Podliska"
    a = claim(statement, "Jamal Ware", article=1, outlet="a")
    b = claim(f"{statement}, Gowdy spokesman Jamal Ware said in a statement", "Blaze", article=2, outlet="b")
    c = claim("a lawsuit has been filed by Bradley Podliska", "committee", article=3, outlet="c")
    assert len(origins([a, b, c])) == 1
    short = claim("Clinton won the primary", "Sanders", article=4, outlet="d")
    longer = claim("Clinton won the primary in New York by a wide margin", "Trump", article=5, outlet="e")
    assert len(origins([short, longer])) == 2  # too few words to be one relayed statement


def test_a_source_described_only_by_its_role_counts_with_the_named_origin():
    clinton = claim("He is becoming ISIS's best recruiter", "Hillary Clinton", article=1, outlet="a")
    again = claim("He is becoming ISIS' best recruiter", "Clinton", article=2, outlet="b")
    described = claim("he was becoming ISIS best recruiter", "Democratic front-runner", article=3, outlet="c")
    assert list(origins([clinton, again, described])) == ["hillary clinton"]
    assert claim_origin(described) == "democratic front-runner @ c"
    # a role before a name is a title; a title alone names its one office-holder
    assert source_key("GOP hopeful Ben Carson") == "ben carson"
    assert claim_origin(claim("We will act", "the president")) == "president"


def test_claims_giving_one_name_different_figures_are_different_propositions():
    """Real PolNeAR updates ('The Latest' delegate counts): overlapping bounds, or no counted thing."""
    import numpy as np

    from reportedly.fuse import verify
    from reportedly.fuse.facts import named_figures_differ

    sanders = ["Bernie Sanders"]
    early = claim("Sanders will pick up at least 14", entities=sanders)
    later = claim("Sanders will pick up at least 45", entities=sanders)
    assert named_figures_differ(early, later)
    kasich = ["Ted Cruz", "John Kasich", "Marco Rubio"]
    a = claim("Ted Cruz has 370 delegates, Kasich has 129 and Rubio left the race with 163", entities=kasich)
    b = claim("Ted Cruz has 370 delegates, Marco Rubio has 163 and John Kasich has 63", entities=kasich)
    assert named_figures_differ(a, b)
    # the same figures in other words, or a figure only one claim gives, are no difference
    c = claim("Cruz now holds 370 delegates and Kasich 129", entities=["Ted Cruz", "John Kasich"])
    assert not named_figures_differ(a, c)
    assert not named_figures_differ(early, claim("Sanders won Vermont", entities=sanders))
    # a year is no age, a clock time no figure (MRPC pairs)
    age = claim("Maddox, 87, cracked two ribs", entities=["Maddox"])
    since = claim("Maddox, who had battled cancer since 1983, fell", entities=["Maddox"])
    assert not named_figures_differ(age, since)
    game = claim("Stanford plays South Carolina at 11 a.m.", entities=["Stanford", "South Carolina"])
    later_game = claim("Stanford plays South Carolina at 2 p.m.", entities=["Stanford"])
    assert not named_figures_differ(game, later_game)
    u = np.ones(384, dtype=np.float32) / np.sqrt(384)
    same, _, reason = verify.decide(early, later, u, u)
    assert not same and reason == "different figures given for one name"


def test_polls_reported_weeks_apart_are_two_measurements():
    from dataclasses import replace

    from reportedly.fuse.facts import different_polls

    tracking = claim("Trump with a four-point lead", "USC Dornsife/LA Times tracking poll", kind="vague")
    later = replace(
        claim("Trump up a narrow four points", "new 50-state poll", kind="evidence"),
        published=datetime(2016, 9, 7),
    )
    assert different_polls(tracking, later)
    assert not different_polls(tracking, replace(later, published=datetime(2016, 7, 8)))  # days apart
    assert not different_polls(claim("Trump leads by four", "Trump"), later)  # a speaker, no poll
    # fusion refuses the story: no member to judge the claim against
    import numpy as np

    from reportedly.fuse.match import Index, _judged_members

    index, v = Index(), np.ones(384, dtype=np.float32) / np.sqrt(384)
    index.add(tracking, v, 1)
    assert _judged_members(index, later, v, 1) is None
    assert _judged_members(index, replace(later, published=datetime(2016, 7, 8)), v, 1) == [0]


def test_claims_placing_the_event_in_different_states_are_different_propositions():
    """Real PolNeAR headlines and leads: the place decides the proposition; a title-cased headline
    hides its places from the recogniser; a state naming a person or a paper places nothing."""
    import numpy as np

    from reportedly.fuse import verify

    missouri = claim("Hillary Clinton Wins Missouri Democratic Primary", entities=["Hillary Clinton"])
    dakota = claim("Hillary Clinton Wins South Dakota Primary", entities=["Hillary Clinton"])
    assert missouri.places == {"Missouri"} and dakota.places == {"South Dakota"}
    vermont = claim("Sanders captured the Democratic primary in Vermont", entities=["Sanders", "Vermont"])
    wisconsin = claim("Bernie Sanders prevailed in Wisconsin's Democratic primary", entities=["Wisconsin"])
    u = np.ones(384, dtype=np.float32) / np.sqrt(384)
    same, _, reason = verify.decide(vermont, wisconsin, u, u)
    assert not same and reason == "different places: Vermont vs Wisconsin"
    # a descriptor, a newspaper, the United States itself, or one claim naming no place: no veto
    senator = claim("the Vermont senator won the primary", entities=["Vermont"])
    assert senator.places == frozenset()
    times = claim("The New York Times reported the loss", entities=["The New York Times"])
    assert times.places == frozenset()
    assert claim("U.S. forces struck", entities=["U.S."]).places == frozenset()
    assert "different places" not in (verify.decide(vermont, senator, u, u)[2] or "")
    both = claim("Sanders won Vermont and Wisconsin", entities=["Sanders", "Vermont", "Wisconsin"])
    assert "different places" not in (verify.decide(vermont, both, u, u)[2] or "")


def test_percentages_of_different_things_do_not_clash():
    a = claim(
        "46 percent of voters said the economy was the top issue", "Gallup", quantities=[(46, "percent")]
    )
    b = claim("23 percent said terrorism mattered most to them", "Pew", quantities=[(23, "percent")])
    assert figure_conflicts(a, b) == []
    c = claim("46 percent of voters said the economy was the top issue", "Pew", quantities=[(23, "percent")])
    assert figure_conflicts(a, c)


def test_contradictions_need_different_origins_and_articles():
    a = claim("Police said 49 people were killed.", "police", quantities=[(49, "person")])
    b = claim("The mayor said 20 people were killed.", "the mayor", quantities=[(20, "person")])
    found = find_contradictions([a, b])
    assert [c.kind for c in found] == ["quantity"]
    assert "different figures for one variable" in found[0].detail
    same_source = claim("Police later said 20 people were killed.", "police", quantities=[(20, "person")])
    assert find_contradictions([a, same_source]) == []
    yes = claim("The senate passed the bill.", "Reuters", article=5)
    no = claim("The senate did not pass the bill.", "Reuters staff", article=5, negative=True)
    assert find_contradictions([yes, no]) == []  # one article, never a denial of itself
    elsewhere = claim("The senate did not pass the bill.", "the speaker", article=6, negative=True)
    assert [c.kind for c in find_contradictions([yes, elsewhere])] == ["polarity"]


def test_an_officer_named_with_the_organisation_title_is_its_origin():
    fbi = claim("The FBI decided not to recommend charges.", "Federal Bureau of Investigation")
    comey = claim("Comey would not recommend charges against Clinton.", "James Comey")
    texts = {fbi.article_id: "Last week, the F.B.I. director, James B. Comey, said it.", comey.article_id: ""}
    assert len(origins([fbi, comey], texts)) == 1
    assert len(origins([fbi, comey], {fbi.article_id: "James Comey spoke.", comey.article_id: ""})) == 2


def test_unnamed_voices_count_with_the_named_origin_or_the_public_record():
    named = claim("Cruz suspended his campaign.", "Ted Cruz")
    vague = claim("Cruz has laid off his staff since he suspended his campaign.", "aides", kind="vague")
    own = claim("Cruz dropped out of the race on May 3.")
    assert len(origins([named, vague])) == 1
    assert len(origins([own, vague])) == 1  # the public record
    other = claim("Cruz dropped out, officials said.", "officials", kind="vague", outlet="y")
    assert len(origins([vague, other])) == 2  # nothing named, nothing public: one per outlet


def test_a_story_stated_negatively_has_no_denial_in_it():
    no_charges = [
        claim("The FBI did not recommend charges against Clinton.", "FBI", negative=True),
        claim("Comey did not recommend charges against Clinton.", "James Comey", negative=True),
        claim("Comey said Clinton had been extremely careless.", "Lynch"),
    ]
    assert not [c for c in find_contradictions(no_charges) if c.kind == "polarity"]
    held = [
        claim("Clinton sent classified material.", "Charles McCullough"),
        claim("Clinton sent classified material, Bechdel said.", "Jeff Bechdel"),
        claim("Clinton did not send classified material.", "Hillary Clinton", negative=True),
    ]
    (denial,) = [c for c in find_contradictions(held) if c.kind == "polarity"]
    assert denial.b.chain[0][0] == "Hillary Clinton"


def test_a_negated_claim_that_only_shares_the_topic_denies_nothing():
    # real pairs from one PolNeAR story each: a negation beside a different proposition
    asked = claim(
        "If he is asked questions he is unable to answer, he would try to deflect them.", "Formicola"
    )
    refuse = claim(
        "he will refuse to answer any questions from the oversight panel", "Pagliano's lawyer", negative=True
    )
    assert find_contradictions([asked, refuse]) == []
    nieto = claim("he had told Trump that Mexico would not pay for a wall", "Nieto", negative=True)
    nieto.certainty = "possible"  # "would": not an asserted negation
    calderon = claim(
        "we are not going to pay any single cent for such a stupid wall", "Calderon", negative=True
    )
    assert find_contradictions([nieto, calderon]) == []  # both negative: they agree
    khan = claim(
        "Khizr Khan unfairly had attacked him and questioned why Ghazala Khan hadn't spoken", "Trump"
    )
    woods = claim(
        "she does not believe Khizr and Ghazala Khan should be immune from criticism", "Woods", negative=True
    )
    assert find_contradictions([khan, woods]) == []  # the same names, not the same proposition


def test_only_a_found_contradiction_lowers_the_grade():
    from reportedly.fuse.reliability import Reliability
    from reportedly.fuse.stories import build_view

    story = [
        claim("Comey said Clinton had been extremely careless with classified email.", "James Comey"),
        claim("Comey said Clinton was extremely careless with classified email.", "Lynch"),
        claim("The emails will not be disclosed as part of the release.", "State Department", negative=True),
    ]
    view = build_view(1, "s", story, {}, Reliability())
    assert view.contradictions == []
    assert not any("denied by" in r for r in view.reasons)
    story.append(
        claim("Clinton was not extremely careless with classified email.", "Hillary Clinton", negative=True)
    )
    view = build_view(1, "s", story, {}, Reliability())
    (found,) = view.contradictions
    assert found.against == "hillary clinton" and "careless" in found.detail
    assert any("denied by 1 origin" in r for r in view.reasons)


def test_a_denial_reaches_the_same_statement_in_other_articles():
    denied = claim("The campaign's speech copied passages from Michelle Obama's 2008 speech.", "Axelrod")
    denied.confirmations = [{"kind": "denial", "source": {"name": "Trump campaign"}}]
    elsewhere = claim("Melania Trump's speech copied passages from Michelle Obama's speech.", "The Post")
    unrelated = claim("Melania Trump's speech drew a large television audience.", "Nielsen")
    found = {(c.kind, c.a.id, c.against) for c in find_contradictions([denied, elsewhere, unrelated])}
    assert found == {("denial", denied.id, "trump campaign"), ("denial", elsewhere.id, "trump campaign")}


def test_a_source_named_in_the_claims_own_text_is_its_origin():
    # entities: what the parser found in each claim, as the ledger stores them
    cited = claim(
        "Her count was 699.57, according to the Iowa Democratic Party. His was 695.49",
        "Blaze",
        entities=["Iowa Democratic Party"],
    )
    assert claim_origin(cited) == "iowa democratic party"
    report = claim(
        "They separated after the New York Post revealed he had been sexting again",
        "Huma Abedin",
        entities=["New York Post"],
    )
    assert claim_origin(report) == "new york post"
    statement = claim(
        "Minutes later, the Trump campaign issued a statement saying he meant voters",
        entities=["Donald Trump"],
    )
    assert claim_origin(statement) == "trump campaign"
    accused = claim(
        "Democrats -- including Clinton -- quickly accused Trump of suggesting violence",
        entities=["Democrats", "Hillary Clinton", "Donald Trump"],
    )
    assert claim_origin(accused) == "democrats"
    titled = claim(
        "On Wednesday, Republican nominee Donald Trump publicly urged hackers to find the emails",
        entities=["Republican", "Donald Trump"],
    )
    assert claim_origin(titled) == "donald trump"
    testimony = claim(
        "She also made a reference to Comey's testimony on the existence of 100 emails", entities=["Comey"]
    )
    assert claim_origin(testimony) == "comey"
    alias = claim("Last month, the FBI warned state officials", entities=["Federal Bureau of Investigation"])
    assert claim_origin(alias) == "federal bureau of investigation"


def test_a_name_in_the_text_is_a_name_the_parser_found_or_a_speaker():
    """Real author-voice claims (PolNeAR) whose opening or possessive looks like a named source."""
    for text, entities in (
        ("Initial estimates put the total number of emails at about 55,000 pages", ["Clinton"]),
        ("Subsequent estimates put the figure closer to 54,000 pages", []),
        ("Friday's announcement came at a politically sensitive moment for Clinton", ["Clinton"]),
        ("Having said that, some economists argue that corporate taxes should be very little", []),
        ("Proponents, including the Conference of Mayors, have urged Congress to act", ["Congress"]),
    ):
        assert claim_origin(claim(text, outlet="nyt", entities=entities)) == "own reporting @ nyt", text
    cut = claim(
        "The group joined the action Tuesday for Obama's announcement of new executive actions on guns",
        entities=["Barack Obama"],
    )
    assert text_source(cut) == "Obama"
    # a one-word speaker the parser missed still speaks when a past speech verb follows
    assert text_source(claim("King said Petraeus' testimony differed from an earlier assessment")) == "King"
    assert (
        text_source(claim("Schneiderman alleged in the suit that Trump earned $5 million")) == "Schneiderman"
    )


def test_no_name_in_the_text_leaves_the_claim_in_the_outlets_voice():
    for text in (
        "Some accused Trump of inciting violence against Clinton",
        "Critics said the plan would fail",
        "Despite Mr. Trump's claims that his net worth exceeds $10 billion, the firms put him lower",
        "Clinton eked out a victory over Sanders in Iowa",
    ):
        assert claim_origin(claim(text, outlet="nyt")) == "own reporting @ nyt", text


def test_offices_places_and_names_in_titles_fold_to_one_key():
    assert source_key("Secretary of State John Kerry") == source_key("John Kerry") == "john kerry"
    assert source_key("Director of National Intelligence James Clapper") == "james clapper"
    assert source_key("Secretary of State") == "secretary of state"  # an office, named by no one
    assert source_key("Commission on Presidential Debates") == "commission on presidential debates"
    assert source_key("NY Daily News") == source_key("New York Daily News") == "new york daily news"


def test_an_origin_is_shown_and_graded_by_the_name_the_reports_give_it():
    from reportedly.fuse.reliability import Reliability
    from reportedly.fuse.stories import build_view

    # an outlet restating Comey in its own voice is an echo of Comey, listed first
    own = claim("Clinton was extremely careless with classified email, the FBI found", outlet="politico")
    comey = claim("Clinton was extremely careless with classified email", "F.B.I. Director James B. Comey")
    found = origins([own, comey])
    assert list(found) == ["james comey"]
    assert origin_name("james comey", found["james comey"]) == "F.B.I. Director James B. Comey"
    assert graded_name("james comey", found["james comey"]) == "F.B.I. Director James B. Comey"
    table = Reliability({"James Comey": "B", "politico": "D"})
    view = build_view(1, "s", [own, comey], {}, table)
    assert any(r.startswith("reliability B") for r in view.reasons), view.reasons
    alone = claim("The senator left the chamber early", outlet="politico")
    key = claim_origin(alone)
    assert origin_name(key, [alone]) == "politico (own reporting)" and graded_name(key, [alone]) == "politico"
    wire = claim("The senator left the chamber early", outlet="nyt", wire="AP")
    assert origin_name(claim_origin(wire), [wire]) == "AP"


def test_titles_before_an_organisation_are_kept():
    assert source_key("Iowa Democratic Party") == "iowa democratic party"
    assert source_key("Republican National Committee") == "republican national committee"
    assert source_key("Democratic Sen. Tim Kaine") == "tim kaine"


def test_a_pronoun_resolved_to_someone_the_claim_speaks_of_is_an_unnamed_voice():
    text = "not to recommend indicting Clinton at a press conference"
    wrong = claim(text, "Clinton", "pronoun", outlet="b")
    assert claim_origin(wrong) == "clinton @ b"
    right = claim("she would not step aside", "Hillary Clinton", "pronoun")
    assert claim_origin(right) == "hillary clinton"
    named = claim("no reasonable prosecutor would bring such a case", "James Comey")
    assert len(origins([named, wrong])) == 1  # the unnamed voice counts with the story's named origin


def test_a_scrap_of_markup_is_no_source_name():
    scrap = claim("to announce my running mate, a man devoted to others", 'datetime="2016', outlet="b")
    assert claim_origin(scrap) == 'datetime="2016 @ b'
    named = claim("I am proud to announce my running mate", "Hillary Clinton")
    assert len(origins([named, scrap])) == 1


def test_a_claim_that_says_the_opposite_word_does_not_support_the_story():
    """Real pairs from one PolNeAR story: exit polls on Wall Street, and the voters who said the
    opposite (misattributed to Clinton): no support, and no contradiction reported either."""
    from reportedly.fuse.opposition import opposite_words
    from reportedly.fuse.reliability import Reliability
    from reportedly.fuse.stories import build_view, supporting_origins

    polls = claim("Wall Street does more to hurt the economy than help", "exit polling", article=1)
    poll_again = claim("Wall Street does more to hurt the economy than help it", "primary voters", article=2)
    clinton = claim("Wall Street helps the economy", "Hillary Clinton", article=3)
    assert opposite_words(polls, clinton) == ("hurt", "helps")  # "more to hurt ... than help" says hurt
    assert opposite_words(polls, poll_again) is None
    assert find_contradictions([polls, poll_again, clinton]) == []
    story = build_view(1, "Wall Street", [polls, poll_again, clinton], {}, Reliability())
    supporting = supporting_origins(story.origins, story.claims[0])
    assert "hillary clinton" in story.origins and "hillary clinton" not in supporting
    assert list(supporting) == ["exit polling"]  # the primary voters relay the polls' own words
    won = claim("Trump won the Nevada caucuses", "AP", article=4)  # irregular forms: won / lost
    assert opposite_words(won, claim("Trump lost the Nevada caucuses", "CNN", article=5)) == ("won", "lost")
    # other places, the same word of the pair said first, or one claim negated: no opposite
    assert opposite_words(won, claim("Clinton lost the Iowa caucuses", "CNN", article=5)) is None
    also = claim("Trump won the Nevada caucuses after he lost Iowa", "CNN", article=5)
    assert opposite_words(won, also) is None
    assert opposite_words(won, claim("Trump did not lose the Nevada caucuses", "CNN", negative=True)) is None
    # a fragment about nobody one can tell is no side of a story
    good = claim("It's also good for the party", "Josh Earnest", article=6)
    assert (
        len(supporting_origins({"a": [good], "b": [claim("It's bad for the party", "Stevens")]}, good)) == 2
    )
