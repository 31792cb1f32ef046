"""End to end in a real browser: Debian's Chromium driven by Playwright against `reportedly
serve` on a loopback port. Screenshots are saved under test-artifacts/."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from reportedly import parse
from reportedly.ledger.ingest import ingest
from reportedly.ledger.readers import iter_records
from reportedly.ledger.store import Ledger
from tests.conftest import ROOT, SEED
from tests.test_serve_api import XSS

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(
            f"{CHROMIUM} is missing: .ci/run should install Debian's chromium", allow_module_level=True
        )
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_startup_jobs(url: str, timeout: float = 300) -> None:
    """The worker warms the pipeline and ranks the stories first; pages that need it wait."""
    import httpx

    deadline = time.time() + timeout
    while httpx.get(f"{url}/api/stories", timeout=30).status_code == 503 and time.time() < deadline:
        time.sleep(0.5)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from reportedly.serve.app import create_app

    db = str(tmp_path_factory.mktemp("browser") / "ledger.sqlite")
    ingest(iter_records([str(SEED)]), Ledger(db), parse.load())
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    wait_for_startup_jobs(url)
    yield url
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    p = browser.new_page(viewport={"width": 1400, "height": 1000})
    dialogs: list[str] = []
    p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    p.dialogs = dialogs
    yield p
    p.close()


def test_article_view_highlights_and_claim_card(server, page):
    page.goto(f"{server}/")
    page.get_by_role("link", name="North Korea is preparing").first.click()
    page.wait_for_selector("#text")
    assert page.locator("#text .source").count() >= 5
    assert page.locator("#text .cue").count() >= 5
    assert page.locator("#text .hedge").count() >= 2
    assert page.locator("#text .quantity").count() >= 2
    assert page.locator("#text .commentary").count() >= 10
    # name-only picture captions stay in the text as subheads; the footer goes to debris
    assert "Statement:" in page.locator(".debris").inner_text()
    assert "toutiao" in page.locator(".debris").inner_text()
    assert page.locator("#card").is_hidden()
    page.locator("#text .quantity", has_text="30,000").first.hover()
    card = page.locator("#card")
    card.wait_for(state="visible")
    chain = page.locator("#card-chain").inner_text()
    assert "CNN" in chain and "Defence Intelligence of Ukraine" in chain and "disclosed" in chain
    assert "about 30,000 soldier (increment)" in page.locator("#card-quantities").inner_text()
    assert (
        "intelligence agencies of several Western countries"
        in page.locator("#card-confirmations").inner_text()
    )
    page.screenshot(path=str(ARTIFACTS / "article-view.png"), full_page=True)
    page.locator("#text .hedge", has_text="possibly").click()
    assert "possible" in page.locator("#card-certainty").inner_text()


def test_explorer_filters_and_sorts(server, page):
    page.goto(f"{server}/")
    page.fill("input[name=source]", "CNN")
    page.click("button[type=submit]")
    rows = page.locator("#claims tbody tr")
    assert rows.count() >= 1 and all("CNN" in rows.nth(i).inner_text() for i in range(rows.count()))
    page.goto(f"{server}/?voice=commentary")
    first = page.locator("#claims tbody tr td:nth-child(6)").first.inner_text()
    page.locator("#claims th", has_text="claim").click()
    page.locator("#claims th", has_text="claim").click()
    assert (
        page.locator("#claims tbody tr td:nth-child(6)").first.inner_text() != first
        or page.locator("#claims tbody tr").count() == 1
    )
    page.screenshot(path=str(ARTIFACTS / "claims-explorer.png"), full_page=True)


def test_paste_and_hostile_article(server, page):
    page.goto(f"{server}/analyze")
    page.fill("textarea[name=text]", XSS)
    page.click("button[type=submit]")
    assert "/jobs/" in page.url  # the analysis runs in the background; the page follows it
    page.wait_for_selector("#text", timeout=120_000)
    page.locator("#text [data-claims]").first.hover()
    page.wait_for_timeout(300)
    assert page.dialogs == [], "article text ran as script"
    # the opening tag is markup debris, listed as text beside the article; the rest is article text
    assert "<script>" in page.locator("section.debris").inner_text()  # shown as text, not run
    assert "onerror=alert(1)>" in page.locator("#text").inner_text()
    page.screenshot(path=str(ARTIFACTS / "hostile-article.png"), full_page=True)


def test_upload_error_is_shown(server, page):
    page.goto(f"{server}/analyze")
    page.click("button[type=submit]")
    assert "nothing to analyse" in page.locator(".error").inner_text()


def test_api_docs_render_under_the_csp(server, page):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() >= 6
    assert "/api/articles" in page.locator("#swagger-ui").inner_text()
    page.screenshot(path=str(ARTIFACTS / "swagger-ui.png"))
    page.goto(f"{server}/redoc")
    page.get_by_text("/api/stories", exact=False).first.wait_for(timeout=20_000)
    page.screenshot(path=str(ARTIFACTS / "redoc.png"))
    # ReDoc's "powered by" badge points at its CDN: the CSP blocks that image, and nothing else
    blocked = [e for e in errors if "Content Security Policy" in e and "Loading the image" not in e]
    assert not blocked, errors


def test_cross_site_form_is_refused_in_the_browser(server, page, tmp_path):
    """A page on another origin that auto-submits a form to /analyze gets 403, and stores nothing."""
    import httpx

    before = httpx.get(f"{server}/api/articles", timeout=10).json()["items"]
    evil = tmp_path / "evil.html"
    evil.write_text(
        f'<form id="f" method="post" action="{server}/analyze" enctype="multipart/form-data">'
        '<input name="text" value="The minister said that the evil form worked."></form>'
        "<button onclick=\"document.getElementById('f').submit()\">go</button>",
        encoding="utf-8",
    )
    page.goto(evil.as_uri())
    with page.expect_navigation():
        page.click("button")
    assert "cross-site" in page.content()
    assert httpx.get(f"{server}/api/articles", timeout=10).json()["items"] == before
