"""`reportedly serve`: HTML pages and a JSON API over the ledger (FastAPI + Jinja).

Article text is untrusted: templates autoescape everything, claim data reaches the page only as
JSON in a non-executed script block (escaped by `tojson`) and is written with textContent,
links are only ever http(s), a Content-Security-Policy forbids inline and foreign scripts,
uploads are size-limited, no request names a file path, and all SQL is parameterised.
Analysis and fusion run in a worker process (serve.jobs), stories are served from a ranking
stored against the ledger's generation (serve.stories_cache), and serve.security checks Host,
Origin, CSRF tokens and write permission before a route runs."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlparse

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from reportedly import __version__
from reportedly.ledger import listing
from reportedly.ledger.readers import parse_date
from reportedly.ledger.store import ClaimRow, Ledger
from reportedly.schema import shading
from reportedly.serve import docs
from reportedly.serve.highlight import segments
from reportedly.serve.jobs import JobFailed, JobQueue, JobRefused
from reportedly.serve.security import CSRF_COOKIE, BodyTooLarge, Guard, Policy, bearer, csrf_ok, new_csrf
from reportedly.serve.stories_cache import StoriesNotReady, StoryCache

HERE = Path(__file__).parent
MAX_UPLOAD = 2_000_000
MAX_PAGE = 200
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL; larger ones cannot exist
FORM_OVERHEAD = 100_000  # multipart boundaries and headers around the text
JOB_ID = r"^[0-9a-f]{32}$"
Id = Annotated[int, PathParam(ge=1, le=MAX_ID)]
Offset = Annotated[int, Query(ge=0, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
MinClaims = Annotated[int, Query(ge=1, le=100_000)]
Filter = Annotated[str | None, Query(max_length=500)]
Measure = Annotated[str, Query(min_length=1, max_length=200)]
MAX_TIMELINE = 500  # rows on the timeline page


def claim_filters(
    about: Filter = None,
    source: Filter = None,
    since: Filter = None,
    until: Filter = None,
    outlet: Filter = None,
    certainty: Filter = None,
    voice: Filter = None,
    entity: Filter = None,
) -> dict[str, str | None]:
    """The claim filters a page or the API takes from the query string (empty means none)."""
    return {
        "about": about or None,
        "source": source or None,
        "since": since or None,
        "until": until or None,
        "outlet": outlet or None,
        "certainty": certainty or None,
        "voice": voice or None,
        "entity": entity or None,
    }


ClaimFilters = Annotated[dict[str, str | None], Depends(claim_filters)]


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
    why: dict[str, Any] | None = None  # why it joined the story, as the matcher saw it (fuse/why.py)


class StoryOut(BaseModel):
    id: int
    label: str
    grade: str
    reliability: str
    credibility: int
    reasons: list[str]
    independent_origins: int
    echoes: int
    outlets: list[str]  # whose reports the story holds
    origins: dict[str, list[int]]
    origin_records: dict[str, dict[str, Any]] = {}  # reliability letter and track record per origin
    contradictions: list[dict[str, Any]]
    claims: list[StoryClaimOut]


class AnalyzedOut(BaseModel):
    article_id: int
    created: bool
    claims: int


class ArticleSummaryOut(BaseModel):
    id: int
    url: str | None
    title: str | None
    outlet: str | None
    published: datetime | None
    ingested: datetime
    claims: int


class ArticlePage(BaseModel):
    items: list[ArticleSummaryOut]
    limit: int
    offset: int
    next_offset: int | None


class TimelinePointOut(BaseModel):
    when: str
    published: datetime | None
    as_of: str | None
    as_of_date: str | None
    value: float | None
    low: float | None
    high: float | None
    bound: str
    approximate: bool
    role: str
    direction: str | None
    figure: str
    measured: str | None
    claim_id: int
    claim: str
    chain: list[str]
    article_id: int
    url: str | None
    outlet: str | None


class StorySummaryOut(BaseModel):
    id: int
    label: str
    grade: str
    independent_origins: int
    firm_origins: int  # origins with a claim that surely restates the story (the ranking's first key)
    loose_claims: int  # claims that do not (the second key: fewest first)
    echoes: int
    contradictions: int
    claims: int
    outlets: int  # distinct outlets among its reports


class JobOut(BaseModel):
    id: str
    kind: str
    state: str  # queued, running, done or failed
    result: dict[str, Any] | None
    error: str | None
    seconds: float


ANALYZE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string", "description": "pasted article text"},
                        "file": {"type": "string", "format": "binary", "description": ".txt or .html"},
                    },
                }
            }
        },
    }
}


def safe_url(url: str | None) -> str | None:
    """A link target only if it is plain http(s); anything else (javascript:, data:) is not."""
    if url and urlparse(url).scheme in ("http", "https"):
        return url
    return None


def create_app(
    db: str | None = None,
    max_upload: int = MAX_UPLOAD,
    model: str | None = None,
    policy: Policy | None = None,
    jobs: JobQueue | None = None,
) -> FastAPI:
    """The app for one ledger. `policy` says which Host names it answers to and who may write
    (default: bound to 127.0.0.1, writable from loopback, no token)."""
    ledger = Ledger(db)
    policy = policy or Policy()
    jobs = jobs or JobQueue(db, model)
    stories = StoryCache(ledger, jobs)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        jobs.submit("warm")  # load the pipeline in the worker before the first upload
        stories.refresh()
        yield
        jobs.close(kill=True)

    app = FastAPI(
        title="reportedly",
        version=__version__,
        description="Attributed, graded claims from news reports.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.jobs, app.state.stories, app.state.policy = jobs, stories, policy
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["safe_url"] = safe_url
    docs.mount(app)  # before /static, which would otherwise answer for its assets
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(Guard, policy=policy, max_body=max_upload + FORM_OVERHEAD)

    def is_page(request: Request) -> bool:
        return not request.url.path.startswith(("/api/", "/openapi"))

    def error_page(request: Request, status: int, message: str, headers=None) -> HTMLResponse:
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status, headers=headers
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if is_page(request):
            return error_page(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        if is_page(request):
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()
            )
            return error_page(request, 422, problems)
        return await request_validation_exception_handler(request, exc)

    # -- shared lookups --------------------------------------------------------------------

    def claim_page(filters: dict[str, str | None], limit: int, offset: int) -> ClaimPage:
        dates = {k: _date(filters[k], k) for k in ("since", "until")}
        rows = ledger.claims(**{**filters, **dates}, limit=limit + 1, offset=offset)
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
        stories_of = ledger.stories_of(list(by_local.values()))
        return ArticleOut(
            id=article.id,
            url=article.url,
            title=article.title,
            outlet=article.outlet,
            published=article.published,
            claim_ids=by_local,
            stories={k: stories_of[v] for k, v in by_local.items() if v in stories_of},
            analysis=article.analysis,
        )

    def story_out(story_id: int) -> StoryOut:
        """One story read from the ledger as fused so far (fusion itself is a background job)."""
        from reportedly.fuse.reliability import Reliability
        from reportedly.fuse.stories import view

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
            outlets=v.outlets,
            origins={o: [f.id for f in fs] for o, fs in v.origins.items()},
            origin_records={o: stories.records[o] for o in v.origins if o in stories.records},
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
                    why=v.why.get(f.id),
                )
                for f in v.claims
            ],
        )

    def timeline_points(measure: str, subject: str | None) -> list[dict[str, Any]]:
        from reportedly.fuse.measure_timeline import TimelineQueryError, as_dict, by_measure

        try:
            return [as_dict(p) for p in by_measure(ledger, measure, subject or None)]
        except TimelineQueryError as exc:
            raise HTTPException(422, str(exc)) from None

    def ranked(min_claims: int) -> list[dict[str, Any]]:
        try:
            return stories.ranked(min_claims)
        except StoriesNotReady as exc:
            raise HTTPException(503, str(exc), headers={"Retry-After": "5"}) from None

    async def submit_upload(request: Request, form_page: bool) -> Any:
        """Check the write permission (and the form's CSRF token), read the upload and queue
        its analysis; the job."""
        form = await _form(request, max_upload)
        token = bearer(request.headers.get("authorization")) or _field(form, "token")
        refusal = policy.write_refusal(token)
        if refusal:
            raise HTTPException(403, refusal)
        if form_page and not csrf_ok(request.cookies.get(CSRF_COOKIE), _field(form, "csrf")):
            raise HTTPException(403, "the form has expired or came from another site: reload the page")
        data, name = await _payload(form, max_upload)
        try:
            job = jobs.submit("analyze", data, name, max_upload)
        except JobRefused as exc:
            raise HTTPException(503, str(exc), headers={"Retry-After": "30"}) from None
        stories.refresh()  # queued behind the analysis: the stories will include it
        return job

    def analyze_form(request: Request, error: str | None = None, status: int = 200) -> HTMLResponse:
        token = request.cookies.get(CSRF_COOKIE) or new_csrf()
        response = templates.TemplateResponse(
            request,
            "analyze.html",
            {
                "error": error,
                "limit_kb": max_upload // 1000,
                "csrf": token,
                "needs_token": policy.token is not None,
                "read_only": not policy.writable,
            },
            status_code=status,
        )
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
        return response

    # -- JSON API ----------------------------------------------------------------------------

    @app.get("/api/claims", response_model=ClaimPage, tags=["api"])
    def api_claims(filters: ClaimFilters, limit: Limit = 50, offset: Offset = 0) -> ClaimPage:
        """Claims newest first, filtered; page with limit/offset (next_offset is null at the end).
        `entity` finds claims naming an entity under any name the alias table knows."""
        return claim_page(filters, limit, offset)

    @app.get("/api/articles", response_model=ArticlePage, tags=["api"])
    def api_articles(limit: Limit = 50, offset: Offset = 0) -> ArticlePage:
        """Stored articles, newest first, with their claim counts; page with limit/offset."""
        rows = listing.articles(ledger, limit + 1, offset)
        return ArticlePage(
            items=[ArticleSummaryOut(**vars(r)) for r in rows[:limit]],
            limit=limit,
            offset=offset,
            next_offset=offset + limit if len(rows) > limit else None,
        )

    @app.get("/api/articles/{article_id}", response_model=ArticleOut, tags=["api"])
    def api_article(article_id: Id) -> ArticleOut:
        """An article's full analysis, with the stored ids of its claims and their stories."""
        return article_out(article_id)

    @app.get(
        "/api/stories",
        response_model=list[StorySummaryOut],
        tags=["api"],
        responses={503: {"description": "no ranking stored yet; it is being computed"}},
    )
    def api_stories(min_claims: MinClaims = 2, limit: Limit = 50, offset: Offset = 0) -> list[dict[str, Any]]:
        """Stories, most independently corroborated first (from the stored ranking; a background
        job updates it when claims change)."""
        return ranked(min_claims)[offset : offset + limit]

    @app.get("/api/stories/{story_id}", response_model=StoryOut, tags=["api"])
    def api_story(story_id: Id) -> StoryOut:
        return story_out(story_id)

    @app.get("/api/timeline", response_model=list[TimelinePointOut], tags=["api"])
    def api_timeline(measure: Measure, subject: Filter = None, limit: Limit = 200, offset: Offset = 0):
        """Reported figures of one measure (of one subject), in time order (as-of date, else
        publication), each with its claim, source chain and article."""
        return timeline_points(measure, subject)[offset : offset + limit]

    @app.post(
        "/api/analyze",
        response_model=AnalyzedOut,
        tags=["api"],
        openapi_extra=ANALYZE_BODY,
        responses={202: {"model": JobOut, "description": "queued (with wait=false)"}},
    )
    async def api_analyze(request: Request, wait: bool = True):
        """Analyse pasted text (`text`) or an uploaded .txt/.html file (`file`) and store it.
        The analysis runs in a worker process; with wait=false the answer is 202 and a job to
        poll at /api/jobs/{id}. Beyond loopback, send `Authorization: Bearer TOKEN`."""
        job = await submit_upload(request, form_page=False)
        if not wait:
            body = JobOut(**job.public()).model_dump()
            return JSONResponse(body, status_code=202, headers={"Location": f"/api/jobs/{job.id}"})
        try:
            return AnalyzedOut(**await jobs.wait(job))
        except JobFailed as exc:
            raise HTTPException(exc.status, str(exc)) from None

    @app.get("/api/jobs/{job_id}", response_model=JobOut, tags=["api"])
    def api_job(job_id: Annotated[str, PathParam(pattern=JOB_ID)]) -> JobOut:
        """A background job's state; a finished analysis has its article_id in `result`."""
        job = jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id}")
        return JobOut(**job.public())

    # -- pages -------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_claims(request: Request, filters: ClaimFilters, offset: Offset = 0):
        page = claim_page(filters, 50, offset)
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
    def page_article(request: Request, article_id: Id):
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
    def page_stories(request: Request, min_claims: MinClaims = 2):
        try:
            rows = stories.ranked(min_claims)[:200]
        except StoriesNotReady:
            return templates.TemplateResponse(
                request, "wait.html", {"what": "Stories are being computed"}, status_code=503
            )
        return templates.TemplateResponse(request, "stories.html", {"stories": rows})

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_story(request: Request, story_id: Id):
        story = story_out(story_id)
        has_series = any(q for c in story.claims for q in c.quantities)
        return templates.TemplateResponse(request, "story.html", {"story": story, "has_series": has_series})

    @app.get("/stories/{story_id}/timeline.png", include_in_schema=False)
    def story_timeline_png(story_id: Id):
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

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def page_timeline(request: Request, measure: Filter = None, subject: Filter = None):
        points, error = [], None
        if measure:
            try:
                points = timeline_points(measure, subject)[:MAX_TIMELINE]
            except HTTPException as exc:
                error = exc.detail
        context = {"points": points, "measure": measure, "subject": subject, "error": error}
        status = 422 if error else 200
        return templates.TemplateResponse(request, "timeline.html", context, status_code=status)

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def page_analyze_form(request: Request):
        return analyze_form(request)

    @app.post("/analyze", include_in_schema=False)
    async def page_analyze(request: Request):
        try:
            job = await submit_upload(request, form_page=True)
        except HTTPException as exc:
            return analyze_form(request, str(exc.detail), exc.status_code)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_job(request: Request, job_id: Annotated[str, PathParam(pattern=JOB_ID)]):
        job = jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id}")
        if job.state == "done" and job.result:
            return RedirectResponse(f"/articles/{job.result['article_id']}", status_code=303)
        if job.state == "failed":
            return analyze_form(request, job.error, job.status)
        return templates.TemplateResponse(
            request, "wait.html", {"what": f"Analysing ({job.state}, {job.public()['seconds']:.0f} s)"}
        )

    return app


async def _form(request: Request, limit: int):
    """The submitted form, with text fields allowed up to the upload limit (Starlette's own
    default is 1 MB); a clear 4xx for anything that is not a well-formed form."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raise HTTPException(415, "send the text as multipart/form-data (fields: text or file)")
    try:
        return await request.form(max_files=1, max_fields=10, max_part_size=limit + 1)
    except BodyTooLarge:
        raise
    except StarletteHTTPException as exc:
        if "maximum size" in str(exc.detail):
            raise HTTPException(413, f"pasted text: over the {limit // 1000} kB upload limit") from None
        raise HTTPException(400, f"malformed form: {exc.detail}") from None
    except Exception as exc:  # the multipart parser's errors vary
        raise HTTPException(400, f"malformed form: {str(exc).splitlines()[0][:200]}") from None


def _field(form, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


async def _payload(form, limit: int) -> tuple[bytes, str]:
    file, text = form.get("file"), _field(form, "text")
    if isinstance(file, UploadFile) and file.filename:
        data = await file.read(limit + 1)
        name = Path(file.filename.replace("\\", "/")).name  # only the base name, only as a label
        if len(data) > limit:
            raise HTTPException(413, f"{name}: over the {limit // 1000} kB upload limit")
        return data, name
    if text and text.strip():
        data = text.encode("utf-8", "replace")
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
        "hedges": [
            c["span"]["text"]
            for c in claim["certainty"]["cues"]
            if shading(c["kind"], c.get("level")) == "hedge"
        ],
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
