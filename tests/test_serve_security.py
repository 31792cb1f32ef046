"""Hostile requests against the server: cross-site writes, foreign Host names, missing tokens,
out-of-range ids, malformed bodies, oversized uploads, path traversal and markup in every echoed
field. None may produce a 500; each gets a clear 4xx."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from reportedly import parse
from reportedly.ledger.ingest import ingest
from reportedly.ledger.readers import iter_records
from reportedly.ledger.store import Ledger
from reportedly.serve.app import create_app
from reportedly.serve.security import Policy, host_name
from tests.conftest import SEED

BASE = "http://127.0.0.1"
MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("hostile") / "ledger.sqlite")
    ingest(iter_records([str(SEED)]), Ledger(path), parse.load())
    return path


@pytest.fixture(scope="module")
def client(db):
    # no lifespan: nothing here reaches the worker, so none is started
    return TestClient(create_app(db), base_url=BASE, raise_server_exceptions=False)


def csrf(client) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/analyze").text).group(1)


def articles(client) -> int:
    return len(client.get("/api/articles", params={"limit": 200}).json()["items"])


def test_cross_site_form_posts_are_refused(client):
    before = articles(client)
    token = csrf(client)
    for headers in (
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
        {"Origin": "http://127.0.0.1.evil.example"},
    ):
        r = client.post(
            "/analyze", data={"text": "The army said the bridge reopened.", "csrf": token}, headers=headers
        )
        assert r.status_code == 403 and "cross-site" in r.text, headers
        api = client.post(
            "/api/analyze", data={"text": "The army said the bridge reopened."}, headers=headers
        )
        assert api.status_code == 403 and "cross-site" in api.json()["detail"]
    # same site but no CSRF token: the form is refused too
    r = client.post("/analyze", data={"text": "The army said the bridge reopened."}, headers={"Origin": BASE})
    assert (
        r.status_code == 403
        and "reload the page" in r.text
        and r.headers["content-type"].startswith("text/html")
    )
    assert articles(client) == before


def test_foreign_host_is_refused(client):
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/claims", headers={"Host": "rebind.evil.example:8000"}).status_code == 400
    for host in ("127.0.0.1:8000", "localhost", "[::1]:8000", "LOCALHOST:1"):
        assert client.get("/api/articles", headers={"Host": host}).status_code == 200, host
    assert host_name("[::1]:8000") == "::1" and host_name("a.b:80") == "a.b" and host_name("::1") == "::1"


def test_writes_beyond_loopback_need_the_token(db):
    read_only = TestClient(create_app(db, policy=Policy(host="0.0.0.0")), base_url="http://192.0.2.7")
    r = read_only.post("/api/analyze", data={"text": "  "})
    assert r.status_code == 403 and "read-only" in r.json()["detail"]
    assert read_only.get("/api/claims", headers={"Host": "anything.lan"}).status_code == 200
    assert "read-only" in read_only.get("/analyze").text

    guarded = TestClient(
        create_app(db, policy=Policy(host="192.0.2.7", token="s3cret")), base_url="http://192.0.2.7"
    )
    assert guarded.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert guarded.post("/api/analyze", data={"text": "  "}).status_code == 403
    wrong = guarded.post("/api/analyze", data={"text": "  "}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    # the right token gets past the checks to the (empty) text itself
    ok = guarded.post("/api/analyze", data={"text": "  "}, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 400 and "nothing to analyse" in ok.json()["detail"]
    form = guarded.post("/analyze", data={"text": "  ", "csrf": csrf(guarded), "token": "s3cret"})
    assert form.status_code == 400 and "nothing to analyse" in form.text
    assert 'name="token"' in guarded.get("/analyze").text

    locked = TestClient(create_app(db, policy=Policy(read_only=True)), base_url=BASE)
    assert locked.post("/api/analyze", data={"text": "  "}).status_code == 403


HOSTILE_GETS = [
    ("/api/articles/9223372036854775808", 422),
    ("/api/articles/18446744073709551616", 422),
    ("/api/articles/99999999999999999999999999999", 422),
    ("/api/articles/-1", 422),
    ("/api/articles/0", 422),
    ("/api/articles/abc", 422),
    ("/api/articles/1.5", 422),
    ("/api/articles/2147483647", 404),
    ("/articles/9223372036854775807", 422),
    ("/articles/%2e%2e%2f%2e%2e%2fetc%2fpasswd", 404),
    ("/articles/..%5c..%5cwin.ini", 422),
    ("/api/stories/9223372036854775808", 422),
    ("/stories/-5", 422),
    ("/stories/1e400/timeline.png", 422),
    ("/api/claims?offset=9223372036854775808", 422),
    ("/api/claims?offset=-1", 422),
    ("/api/claims?limit=0", 422),
    ("/api/claims?limit=abc", 422),
    ("/?offset=99999999999999999999", 422),
    ("/api/articles?offset=9223372036854775807", 422),
    ("/api/articles?limit=100000", 422),
    ("/api/stories?min_claims=9223372036854775808", 422),
    ("/api/claims?about=%00", 400),
    ("/api/claims?since=2024-13-45", 400),
    ("/api/claims?since=99999-01-01", 400),
    ("/api/claims?about=" + "a" * 600, 422),
    ("/api/jobs/../../etc/passwd", 404),
    ("/api/jobs/not-a-job", 422),
    ("/api/jobs/" + "0" * 32, 404),
    ("/jobs/%3Cscript%3E", 422),
    ("/static/../../etc/passwd", 404),
    ("/static/%2e%2e/%2e%2e/etc/passwd", 404),
    ("/static/docs-assets/../../../../etc/passwd", 404),
]


@pytest.mark.parametrize(("url", "status"), HOSTILE_GETS)
def test_hostile_urls_get_a_clear_4xx(client, url, status):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:200])
    assert "root:" not in r.text


def test_hostile_bodies_get_a_clear_4xx(client, db):
    post = client.post
    assert post("/api/analyze", json={"text": "The army said the bridge reopened."}).status_code == 415
    assert post("/api/analyze", content=b"text=hi", headers={"Content-Type": "text/plain"}).status_code == 415
    assert post("/api/analyze", content=b"").status_code == 415
    broken = post(
        "/api/analyze",
        content=b"--x\r\nContent-Disposition: form-data\r\n\r\n",
        headers={"Content-Type": "multipart/form-data"},
    )
    assert broken.status_code == 400
    lying = post(
        "/api/analyze",
        content=b"x",
        headers={"Content-Type": "multipart/form-data; boundary=x", "Content-Length": "99999999999"},
    )
    assert lying.status_code in (400, 413)

    def chunks():  # no Content-Length: the cap applies while the body streams
        for _ in range(300):
            yield b"a" * 10_000

    streamed = post(
        "/api/analyze", content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert streamed.status_code == 413 and "limit" in streamed.json()["detail"]
    # bad UTF-8 in a form field and in a file name is parsed without error (stopped here by the
    # read-only policy, before any analysis)
    read_only = TestClient(create_app(db, policy=Policy(read_only=True)), base_url=BASE)
    body = b'--b\r\nContent-Disposition: form-data; name="text"\r\n\r\ncaf\xe9 \xc3\x28 \xff\r\n--b--\r\n'
    bad_field = read_only.post(
        "/api/analyze", content=body, headers={"Content-Type": "multipart/form-data; boundary=b"}
    )
    assert bad_field.status_code == 403
    bad_name = read_only.post(
        "/api/analyze",
        files={
            "file": (
                "\udcff\xe9.txt".encode("utf-8", "surrogateescape").decode("latin-1"),
                b"hi",
                "text/plain",
            )
        },
    )
    assert bad_name.status_code == 403
    many = post("/api/analyze", files=[("file", ("a.txt", b"a", "text/plain"))] * 3)
    assert many.status_code == 400


def test_paste_limit_matches_the_promise_and_errors_are_pages(client):
    form = client.get("/analyze").text
    assert "up to 2000 kB" in form
    # 1.5 MB of pasted text passes the form parser (it stops at the missing CSRF token)
    big = client.post("/analyze", files={"text": (None, "word " * 300_000)}, headers={"Origin": BASE})
    assert big.status_code == 403 and "reload the page" in big.text
    too_big = client.post(
        "/analyze",
        files={"text": (None, "word " * 410_000), "csrf": (None, csrf(client))},
        headers={"Origin": BASE},
    )
    assert too_big.status_code == 413 and too_big.headers["content-type"].startswith("text/html")
    assert "upload limit" in too_big.text and '<form method="post"' in too_big.text
    huge = client.post("/analyze", files={"text": (None, "word " * 600_000)})
    assert huge.status_code == 413 and huge.headers["content-type"].startswith("text/html")


def test_markup_in_every_echoed_field_is_escaped(client):
    pages = [
        client.get(
            "/", params={f: MARKUP for f in ("about", "source", "outlet", "certainty", "voice", "entity")}
        ),
        client.get("/", params={"since": MARKUP}),
        client.get("/stories", params={"min_claims": MARKUP}),
        client.get("/articles/" + MARKUP),
        client.post(
            "/analyze",
            files={"file": (MARKUP + ".txt", b"x" * 2_100_000, "text/plain"), "csrf": (None, csrf(client))},
            headers={"Origin": BASE},
        ),
        client.post("/analyze", data={"text": MARKUP, "csrf": MARKUP}, headers={"Origin": BASE}),
    ]
    for r in pages:
        assert r.status_code < 500
        assert "<script>alert" not in r.text and "<img src=x" not in r.text, r.text[:300]
    assert "&lt;script&gt;" in pages[1].text  # the bad date is named, escaped


def test_docs_are_served_locally_under_the_csp(client):
    for url, asset in (("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")):
        page = client.get(url)
        assert page.status_code == 200 and "<script>" not in page.text.replace("<script src", "")
        assert (
            "cdn" not in page.text.lower() and "script-src 'self'" in page.headers["content-security-policy"]
        )
        js = client.get(f"/static/docs-assets/{asset}")
        assert js.status_code == 200 and len(js.content) > 500_000
    assert client.get("/static/docs.js").status_code == 200
