"""The JSON API and server-rendered pages, in process with httpx (FastAPI's TestClient)."""

from __future__ import annotations

import html
import re
import time

import pytest
from fastapi.testclient import TestClient

from reportedly import parse
from reportedly.ledger.ingest import ingest
from reportedly.ledger.readers import iter_records
from reportedly.ledger.store import Ledger
from reportedly.serve.app import create_app
from tests.conftest import SEED
from tests.test_fusion import CORPUS

XSS = (
    '<script>alert("x")</script> The minister said that the bridge "><img src=x onerror=alert(1)> '
    'reopened. Officials said that " onmouseover="alert(2)" traffic resumed.'
)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("serve") / "ledger.sqlite")
    ledger = Ledger(db)
    ingest(iter_records([str(CORPUS), str(SEED)]), ledger, parse.load())
    with TestClient(create_app(db, max_upload=20_000), base_url=BASE) as c:
        yield c


BASE = "http://127.0.0.1"


def eventually(client, url: str, timeout: float = 180, **params):
    """GET until the answer is not 503 (stories are computed by a background job)."""
    deadline = time.time() + timeout
    while True:
        r = client.get(url, params=params)
        if r.status_code != 503 or time.time() > deadline:
            return r
        time.sleep(0.2)


def submit_form(client, **kwargs):
    """POST the analyse form as a browser would: with its CSRF token, from this site."""
    form = client.get("/analyze").text
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    data = {**kwargs.pop("data", {}), "csrf": token}
    return client.post("/analyze", data=data, headers={"Origin": BASE}, follow_redirects=False, **kwargs)


def finished_page(client, response, timeout: float = 180):
    """Follow the job page that a form submission redirects to until it moves on."""
    assert response.status_code == 303 and response.headers["location"].startswith("/jobs/")
    url, deadline = response.headers["location"], time.time() + timeout
    while time.time() < deadline:
        r = client.get(url, follow_redirects=False)
        if r.status_code != 200 or "reloads every second" not in r.text:
            return client.get(r.headers["location"]) if r.status_code == 303 else r
        time.sleep(0.2)
    raise AssertionError(f"{url} did not finish")


def test_claims_api_filters_and_pages(client):
    first = client.get("/api/claims", params={"limit": 5}).json()
    assert len(first["items"]) == 5 and first["next_offset"] == 5
    second = client.get("/api/claims", params={"limit": 5, "offset": 5}).json()
    assert not {c["id"] for c in first["items"]} & {c["id"] for c in second["items"]}
    cnn = client.get("/api/claims", params={"source": "CNN"}).json()["items"]
    assert cnn and all("CNN" in c["chain"] for c in cnn)
    dated = client.get("/api/claims", params={"since": "2024-11-05", "voice": "reporting"}).json()
    assert dated["items"] and all(c["published"] >= "2024-11-05" for c in dated["items"])
    hedged = client.get("/api/claims", params={"certainty": "possible"}).json()["items"]
    assert hedged and all(c["certainty"] == "possible" for c in hedged)
    assert client.get("/api/claims", params={"since": "soon"}).status_code == 400
    assert client.get("/api/claims", params={"limit": 10_000}).status_code == 422


def test_article_api(client):
    claim = client.get("/api/claims", params={"source": "CNN"}).json()["items"][0]
    art = client.get(f"/api/articles/{claim['article_id']}").json()
    assert art["analysis"]["schema_version"] == "1.0"
    assert claim["id"] in art["claim_ids"].values()
    assert client.get("/api/articles/999999").status_code == 404


def test_story_api(client):
    stories = eventually(client, "/api/stories").json()
    ranks = [(-s["firm_origins"], s["loose_claims"], -s["claims"]) for s in stories]
    assert ranks == sorted(ranks) and all(s["firm_origins"] <= s["independent_origins"] for s in stories)
    top = client.get(f"/api/stories/{stories[0]['id']}").json()
    assert top["grade"][0] in "ABCDEF" and 1 <= top["credibility"] <= 6 and top["reasons"]
    assert sum(len(v) for v in top["origins"].values()) == len(top["claims"])
    assert top["outlets"] == sorted({c["outlet"] for c in top["claims"]})
    assert stories[0]["outlets"] == len(top["outlets"])
    assert client.get("/api/stories/999999").status_code == 404


def test_analyze_api_and_limits(client):
    r = client.post("/api/analyze", data={"text": "The army said that the bridge had reopened."})
    assert r.status_code == 200 and r.json()["created"] and r.json()["claims"] >= 1
    again = client.post("/api/analyze", data={"text": "The army said that the bridge had reopened."})
    assert again.json() == {**r.json(), "created": False}
    html_file = (
        "a.html",
        b"<html><body><article><p>Police said that the road had been closed "
        b"after the storm on Monday.</p></article></body></html>",
        "text/html",
    )
    assert client.post("/api/analyze", files={"file": html_file}).status_code == 200
    big = client.post("/api/analyze", files={"file": ("big.txt", b"word " * 10_000, "text/plain")})
    assert big.status_code == 413 and "big.txt" in big.json()["detail"]
    binary = client.post("/api/analyze", files={"file": ("x.txt", b"\x00\x01" * 100, "text/plain")})
    assert binary.status_code == 400 and "binary" in binary.json()["detail"]
    assert client.post("/api/analyze", data={"text": "   "}).status_code == 400
    sneaky = client.post(
        "/api/analyze",
        files={"file": ("../../etc/passwd", b"The mayor said that the park reopened today.", "text/plain")},
    )
    assert sneaky.status_code == 200  # the name is only a label: nothing is read from disk


def test_pages_render(client):
    assert "Claims" in client.get("/").text
    assert "Stories" in eventually(client, "/stories").text
    assert 'name="file"' in client.get("/analyze").text
    claim = client.get("/api/claims", params={"source": "CNN"}).json()["items"][0]
    page = client.get(f"/articles/{claim['article_id']}").text
    assert 'class="source"' in page and 'class="cue"' in page and "data-claims" in page
    assert "Removed debris" in page
    stories = eventually(client, "/api/stories").json()
    story_page = client.get(f"/stories/{stories[0]['id']}")
    assert story_page.status_code == 200 and "Grade" in story_page.text
    # the troops story of the corpus reports figures: its timeline is a chart
    details = [client.get(f"/api/stories/{s['id']}").json() for s in stories]
    (troops,) = [d for d in details if any("30,000" in c["text"] for c in d["claims"])][:1]
    png = client.get(f"/stories/{troops['id']}/timeline.png")
    assert png.status_code == 200 and png.content[:4] == b"\x89PNG"


def test_untrusted_text_is_escaped(client):
    page = finished_page(client, submit_form(client, data={"text": XSS}))
    body = page.text
    assert "<script>alert" not in body and "<img src=x" not in body
    assert 'onmouseover="alert' not in body and "onerror=alert(1)>" not in body
    assert html.escape('<script>alert("x")</script>', quote=False) in body or "&lt;script&gt;" in body
    assert "script-src 'self'" in page.headers["content-security-policy"]
    # the claim data block cannot close its own script element
    data = body.split('id="claim-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data


JS_CANONICAL = (
    b"<html><head><link rel='canonical' href='javascript:alert(1)'></head><body><article>"
    b"<p>The governor said that the floods had receded across the northern districts.</p>"
    b"</article></body></html>"
)


def test_javascript_urls_are_not_links(tmp_path):
    db = str(tmp_path / "l.sqlite")
    with TestClient(create_app(db), base_url=BASE) as client:
        page = finished_page(
            client, submit_form(client, files={"file": ("x.html", JS_CANONICAL, "text/html")})
        )
    assert page.status_code == 200 and "floods" in page.text
    assert 'href="javascript:' not in page.text


def test_openapi(client):
    schema = client.get("/openapi.json").json()
    assert {
        "/api/claims",
        "/api/articles/{article_id}",
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/analyze",
    } <= set(schema["paths"])
    assert "ClaimPage" in schema["components"]["schemas"]
    claim_params = {p["name"] for p in schema["paths"]["/api/claims"]["get"]["parameters"]}
    assert claim_params == {"about", "source", "since", "until", "outlet", "certainty", "voice", "entity"} | {
        "limit",
        "offset",
    }


def test_entity_filter_and_story_links(client):
    found = client.get("/api/claims", params={"entity": "DPRK", "limit": 100}).json()["items"]
    texts = " ".join(c["text"] for c in found)
    assert found and "Pyongyang" in texts and "North Korea" in texts
    eventually(client, "/api/stories")  # matches claims into stories
    page = client.get("/", params={"entity": "North Korea"}).text
    assert 'value="North Korea"' in page and 'href="/stories/' in page


def test_requests_are_answered_while_an_analysis_runs(client):
    text = "\n\n".join(
        f"Officials in district {n} said that {n * 10} families had been moved after the river rose."
        for n in range(1, 160)
    )
    queued = client.post("/api/analyze", params={"wait": "false"}, data={"text": text})
    assert queued.status_code == 202 and queued.headers["location"] == f"/api/jobs/{queued.json()['id']}"
    job_url = queued.headers["location"]
    deadline = time.time() + 120
    while client.get(job_url).json()["state"] == "queued" and time.time() < deadline:
        time.sleep(0.05)
    answered = client.get("/api/claims", params={"limit": 5})
    assert answered.status_code == 200 and len(answered.json()["items"]) == 5
    assert client.get(job_url).json()["state"] == "running"  # the GET did not wait for it
    while (job := client.get(job_url).json())["state"] == "running" and time.time() < deadline:
        time.sleep(0.1)
    assert job["state"] == "done" and job["result"]["created"] and job["result"]["claims"] >= 100


def test_stories_come_from_the_stored_ranking(client):
    from reportedly.serve import stories_cache

    jobs = client.app.state.jobs
    stories_jobs = lambda: sum(j.kind == "stories" for j in jobs.jobs.values())  # noqa: E731
    assert eventually(client, "/api/stories", min_claims=1).status_code == 200
    deadline = time.time() + 120
    while client.app.state.stories.job is not None and time.time() < deadline:  # settle
        client.get("/api/stories")
        time.sleep(0.2)
    before = stories_jobs()
    for _ in range(20):
        assert client.get("/api/stories", params={"min_claims": 1}).status_code == 200
    assert stories_jobs() == before  # unchanged ledger: no fusion or ranking per GET
    r = client.post(
        "/api/analyze",
        data={"text": "The coast guard said that the ferry Mariana Star had sunk near the northern cape."},
    )
    assert r.status_code == 200 and r.json()["created"]
    time.sleep(stories_cache.CHECK_EVERY)

    def fused() -> bool:
        return any("Mariana Star" in s["label"] for s in client.app.state.stories.stories)

    while not fused() and time.time() < deadline:  # GETs see a new generation; a refresh lands
        assert client.get("/api/stories", params={"min_claims": 1}).status_code == 200
        time.sleep(0.3)
    assert stories_jobs() > before
    assert any("Mariana Star" in s["label"] for s in client.app.state.stories.stories)


def test_story_page_says_why_and_shows_track_records(client):
    stories = eventually(client, "/api/stories").json()
    top = client.get(f"/api/stories/{stories[0]['id']}").json()
    assert all(
        c["why"] and c["why"]["how"] in ("new story", "joined", "repeat", "moved") for c in top["claims"]
    )
    joined = [c["why"] for c in top["claims"] if c["why"]["members"]]
    assert joined and all("score" in w and "closest" in w for w in joined)
    assert set(top["origin_records"]) == set(top["origins"])  # from the stored ranking
    assert all(r["stories"] >= 1 and r["reliability"] in "ABCDEF" for r in top["origin_records"].values())
    page = client.get(f"/stories/{top['id']}").text
    assert "why matched" in page and "corroborated in" in page and "score " in page


def test_timeline_page_and_api(client):
    r = client.post(
        "/api/analyze", data={"text": "Clinton leads Trump by 5 points in Ohio, a new poll shows."}
    )
    assert r.status_code == 200
    points = client.get("/api/timeline", params={"subject": "Clinton", "measure": "lead"}).json()
    assert [p["figure"] for p in points] == ["5 points"] and points[0]["claim"].startswith("Clinton leads")
    assert client.get("/api/timeline", params={"subject": "Trump", "measure": "lead"}).json() == []
    assert client.get("/api/timeline", params={"measure": "the"}).status_code == 422
    assert client.get("/api/timeline").status_code == 422  # measure is required
    page = client.get("/timeline", params={"subject": "Clinton", "measure": "lead"}).text
    assert "5 points" in page and "Clinton leads Trump" in page
    hostile = client.get("/timeline", params={"subject": "<script>x</script>", "measure": "lead"})
    assert hostile.status_code == 200 and "<script>x</script>" not in hostile.text
    assert "&lt;script&gt;" in hostile.text


def test_claim_card_lists_only_what_lowers_certainty():
    from types import SimpleNamespace

    from reportedly.analyze import analyze_text
    from reportedly.serve.app import _card

    analysis = analyze_text(
        "Officials said the troops had indeed crossed the river. Aides said the troops may not stay there."
    )
    cards = [_card(c, SimpleNamespace(stories={})) for c in analysis.model_dump(mode="json")["claims"]]
    hedges = [h for card in cards for h in card["hedges"]]
    assert "may" in hedges and "indeed" not in hedges and "not" not in hedges
