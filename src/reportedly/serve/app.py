"""`reportedly serve`: HTML pages and a JSON API over the ledger (FastAPI + Jinja).

Article text is untrusted: templates autoescape everything, claim data reaches the page only as
JSON in a non-executed script block (escaped by `tojson`) and is written with textContent,
links are only ever http(s), a Content-Security-Policy forbids inline and foreign scripts,
uploads are size-limited, no request names a file path, and all SQL is parameterised."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlparse

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from reportedly import __version__, parse
from reportedly.analyze import analyze_raw
from reportedly.ledger.ingest import content_hash
from reportedly.ledger.readers import parse_date
from reportedly.ledger.store import ArticleMeta, ClaimRow, Ledger
from reportedly.read import InputError, read_bytes
from reportedly.serve.highlight import segments

HERE = Path(__file__).parent
MAX_UPLOAD = 2_000_000
MAX_PAGE = 200
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class ClaimPage(BaseModel):
    items: list[ClaimRow]  # the store's dataclass, served as is
    limit: int
    offset: int
    next_offset: int | None


class ArticleOut(BaseModel):
    id: int
    url: str | None
    title: str | None
    outlet: str | None
    published: datetime | None
    claim_ids: dict[str, int] = {}
    stories: dict[str, int] = {}
    analysis: dict[str, Any]


class StoryClaimOut(BaseModel):
    claim_id: int
    article_id: int
    text: str
    outlet: str | None
    published: datetime | None
    chain: list[str]
    origin: str
    certainty: str
    negated: bool
    quantities: list[dict[str, Any]]


class StoryOut(BaseModel):
    id: int
    label: str
    grade: str
    reliability: str
    credibility: int
    reasons: list[str]
    independent_origins: int
    echoes: int
    origins: dict[str, list[int]]
    contradictions: list[dict[str, Any]]
    claims: list[StoryClaimOut]


class AnalyzedOut(BaseModel):
    article_id: int
    created: bool
    claims: int


def safe_url(url: str | None) -> str | None:
    """A link target only if it is plain http(s); anything else (javascript:, data:) is not."""
    if url and urlparse(url).scheme in ("http", "https"):
        return url
    return None


def create_app(db: str | None = None, max_upload: int = MAX_UPLOAD, model: str | None = None) -> FastAPI:
    ledger = Ledger(db)
    app = FastAPI(
        title="reportedly", version=__version__, description="Attributed, graded claims from news reports."
    )
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["safe_url"] = safe_url
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_upload + 100_000:
            return Response(f"request body over the {max_upload // 1000} kB limit", status_code=413)
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    # -- shared lookups --------------------------------------------------------------------

    def claim_page(
        about, source, since, until, outlet, certainty, voice, limit, offset, entity=None
    ) -> ClaimPage:
        rows = ledger.claims(
            about=about,
            entity=entity,
            source=source,
            since=_date(since, "since"),
            until=_date(until, "until"),
            outlet=outlet,
            certainty=certainty,
            voice=voice,
            limit=limit + 1,
            offset=offset,
        )
        more = len(rows) > limit
        return ClaimPage(
            items=rows[:limit],
            limit=limit,
            offset=offset,
            next_offset=offset + limit if more else None,
        )

    def article_out(article_id: int) -> ArticleOut:
        article = ledger.article(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id}")
        ids = ledger.claim_ids(article_id)
        claims = article.analysis.get("claims", [])
        by_local = {c["id"]: ids[n] for n, c in enumerate(claims) if n < len(ids)}
        stories = ledger.stories_of(list(by_local.values()))
        return ArticleOut(
            id=article.id,
            url=article.url,
            title=article.title,
            outlet=article.outlet,
            published=article.published,
            claim_ids=by_local,
            stories={k: stories[v] for k, v in by_local.items() if v in stories},
            analysis=article.analysis,
        )

    def story_out(story_id: int) -> StoryOut:
        from reportedly.fuse.match import fuse
        from reportedly.fuse.reliability import Reliability
        from reportedly.fuse.stories import view

        fuse(ledger)
        v = view(ledger, story_id, Reliability.load())
        if v is None:
            raise HTTPException(404, f"no story {story_id}")
        return StoryOut(
            id=v.id,
            label=v.label,
            grade=v.code,
            reliability=v.reliability,
            credibility=v.credibility,
            reasons=v.reasons,
            independent_origins=v.independent,
            echoes=v.echoes,
            origins={o: [f.id for f in fs] for o, fs in v.origins.items()},
            contradictions=[
                {"kind": c.kind, "claim_a": c.a.id, "claim_b": c.b.id, "detail": c.detail}
                for c in v.contradictions
            ],
            claims=[
                StoryClaimOut(
                    claim_id=f.id,
                    article_id=f.article_id,
                    text=f.text,
                    outlet=f.outlet,
                    published=f.published,
                    chain=[n for n, _ in f.chain],
                    origin=f.origin,
                    certainty=f.certainty,
                    negated=f.negative,
                    quantities=f.quantities,
                )
                for f in v.claims
            ],
        )

    def store_upload(data: bytes, name: str) -> AnalyzedOut:
        if len(data) > max_upload:
            raise HTTPException(413, f"{name}: over the {max_upload // 1000} kB upload limit")
        suffix = Path(name).suffix.lower() if name else ""
        try:
            raw = read_bytes(data, name or "pasted text", suffix=suffix, max_bytes=max_upload)
        except InputError as exc:
            raise HTTPException(400, str(exc)) from None
        digest = content_hash(raw.text)
        existing = ledger.article_id(digest)
        if existing is not None:
            return AnalyzedOut(article_id=existing, created=False, claims=len(ledger.claim_ids(existing)))
        analysis = analyze_raw(raw, parse.load(model))
        url = raw.meta.get("url")
        meta = ArticleMeta(
            origin=f"upload:{name or 'pasted text'}",
            url=url,
            title=raw.meta.get("title"),
            outlet=raw.meta.get("sitename"),
            published=parse_date(raw.meta.get("date")),
        )
        article_id = ledger.add(analysis, meta, digest) or ledger.article_id(digest)
        return AnalyzedOut(article_id=article_id, created=True, claims=len(analysis.claims))

    # -- JSON API ----------------------------------------------------------------------------

    @app.get("/api/claims", response_model=ClaimPage, tags=["api"])
    def api_claims(
        about: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        certainty: str | None = None,
        voice: str | None = None,
        entity: str | None = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> ClaimPage:
        """Claims newest first, filtered; page with limit/offset (next_offset is null at the end).
        `entity` finds claims naming an entity under any name the alias table knows."""
        return claim_page(about, source, since, until, outlet, certainty, voice, limit, offset, entity)

    @app.get("/api/articles/{article_id}", response_model=ArticleOut, tags=["api"])
    def api_article(article_id: int) -> ArticleOut:
        """An article's full analysis, with the stored ids of its claims and their stories."""
        return article_out(article_id)

    @app.get("/api/stories", tags=["api"])
    def api_stories(
        min_claims: Annotated[int, Query(ge=1)] = 2,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> list[dict[str, Any]]:
        """Stories, most independently corroborated first."""
        return [_story_summary(v) for v in _stories(ledger, min_claims)[offset : offset + limit]]

    @app.get("/api/stories/{story_id}", response_model=StoryOut, tags=["api"])
    def api_story(story_id: int) -> StoryOut:
        return story_out(story_id)

    @app.post("/api/analyze", response_model=AnalyzedOut, tags=["api"])
    async def api_analyze(
        text: Annotated[str | None, Form()] = None, file: Annotated[UploadFile | None, File()] = None
    ) -> AnalyzedOut:
        """Analyse pasted text or an uploaded .txt/.html file and store it in the ledger."""
        data, name = await _payload(text, file, max_upload)
        return store_upload(data, name)

    # -- pages -------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_claims(
        request: Request,
        about: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        certainty: str | None = None,
        voice: str | None = None,
        entity: str | None = None,
        offset: Annotated[int, Query(ge=0)] = 0,
    ):
        page = claim_page(
            about or None,
            source or None,
            since or None,
            until or None,
            outlet or None,
            certainty or None,
            voice or None,
            50,
            offset,
            entity or None,
        )
        filters = {
            "entity": entity,
            "about": about,
            "source": source,
            "since": since,
            "until": until,
            "outlet": outlet,
            "certainty": certainty,
            "voice": voice,
        }
        kept = {k: v for k, v in filters.items() if v}

        def page_url(at: int) -> str:
            return "/?" + urlencode({**kept, "offset": at})

        return templates.TemplateResponse(
            request,
            "claims.html",
            {
                "page": page,
                "filters": {k: v or "" for k, v in filters.items()},
                "counts": ledger.counts(),
                "stories": ledger.stories_of([c.id for c in page.items]),
                "newer_url": page_url(max(offset - page.limit, 0)) if offset > 0 else None,
                "older_url": page_url(page.next_offset) if page.next_offset is not None else None,
            },
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_article(request: Request, article_id: int):
        art = article_out(article_id)
        cards = {c["id"]: _card(c, art) for c in art.analysis.get("claims", [])}
        return templates.TemplateResponse(
            request,
            "article.html",
            {
                "article": art,
                "segments": segments(art.analysis),
                "cards": cards,
                "debris": art.analysis.get("debris", {}),
            },
        )

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def page_stories(request: Request, min_claims: Annotated[int, Query(ge=1)] = 2):
        return templates.TemplateResponse(
            request,
            "stories.html",
            {"stories": [_story_summary(v) for v in _stories(ledger, min_claims)[:200]]},
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_story(request: Request, story_id: int):
        story = story_out(story_id)
        has_series = any(q for c in story.claims for q in c.quantities)
        return templates.TemplateResponse(request, "story.html", {"story": story, "has_series": has_series})

    @app.get("/stories/{story_id}/timeline.png", include_in_schema=False)
    def story_timeline_png(story_id: int):
        from reportedly.fuse.timeline import Point, plot

        story = story_out(story_id)
        points = [
            Point(
                c.published,
                q["value"],
                q["low"],
                q["high"],
                q["bound"],
                q["approximate"],
                q["role"],
                q["thing"] or "value",
                q["text"],
                " <- ".join(c.chain),
                c.outlet,
                c.text,
                1.0,
            )
            for c in story.claims
            for q in c.quantities
        ]
        if not points:
            raise HTTPException(404, "this story reports no quantity")
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = plot(points, Path(tmp) / "t.png", story.label[:80])
            return Response(path.read_bytes(), media_type="image/png")

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def page_analyze_form(request: Request):
        return templates.TemplateResponse(
            request, "analyze.html", {"error": None, "limit_kb": max_upload // 1000}
        )

    @app.post("/analyze", include_in_schema=False)
    async def page_analyze(
        request: Request,
        text: Annotated[str | None, Form()] = None,
        file: Annotated[UploadFile | None, File()] = None,
    ):
        try:
            data, name = await _payload(text, file, max_upload)
            result = store_upload(data, name)
        except HTTPException as exc:
            return templates.TemplateResponse(
                request,
                "analyze.html",
                {"error": exc.detail, "limit_kb": max_upload // 1000},
                status_code=exc.status_code,
            )
        return RedirectResponse(f"/articles/{result.article_id}", status_code=303)

    return app


async def _payload(text: str | None, file: UploadFile | None, limit: int) -> tuple[bytes, str]:
    if file is not None and file.filename:
        data = await file.read(limit + 1)
        name = Path(file.filename).name  # only the base name, and only as a label
        if len(data) > limit:
            raise HTTPException(413, f"{name}: over the {limit // 1000} kB upload limit")
        return data, name
    if text and text.strip():
        data = text.encode("utf-8")
        if len(data) > limit:
            raise HTTPException(413, f"pasted text: over the {limit // 1000} kB upload limit")
        return data, ""
    raise HTTPException(400, "nothing to analyse: paste text or choose a file")


def _date(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise HTTPException(400, f"{name}: {value!r} is not a date (use YYYY-MM-DD)")
    return parsed


def _stories(ledger: Ledger, min_claims: int):
    from reportedly.fuse.match import fuse
    from reportedly.fuse.reliability import Reliability
    from reportedly.fuse.stories import ranked

    fuse(ledger)
    return ranked(ledger, Reliability.load(), min_claims)


def _story_summary(v) -> dict[str, Any]:
    return {
        "id": v.id,
        "label": v.label,
        "grade": v.code,
        "independent_origins": v.independent,
        "echoes": v.echoes,
        "contradictions": len(v.contradictions),
        "claims": len(v.claims),
    }


def _card(claim: dict, art: ArticleOut) -> dict[str, Any]:
    """What the claim card shows; plain data, written into the page with textContent."""
    return {
        "id": claim["id"],
        "text": claim["span"]["text"],
        "chain": [
            {
                "source": link["source"]["name"],
                "kind": link["source"]["kind"],
                "cue": (link.get("cue") or {}).get("text"),
            }
            for link in claim["chain"]
        ],
        "certainty": f"{claim['certainty']['level']} ({claim['certainty']['factbank']})",
        "hedges": [c["span"]["text"] for c in claim["certainty"]["cues"]],
        "quantities": [
            q["span"]["text"]
            + (f" {q['thing']}" if q.get("thing") else "")
            + (f" ({q['role']})" if q.get("role") not in (None, "unspecified") else "")
            for q in claim["quantities"]
        ],
        "voice": claim["voice"],
        "confirmations": [f"{c['kind']} by {c['source']['name']}" for c in claim.get("confirmations", [])],
        "story": art.stories.get(claim["id"]),
    }
