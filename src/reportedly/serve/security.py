"""Request checks in front of every route (an ASGI middleware) and the write permission rules.

- Host: only the bound address, localhost, 127.0.0.1 or [::1] (or names given with --allow-host),
  so a DNS-rebinding page cannot reach a loopback server under its own name (400).
- Cross-site writes: a POST (or other unsafe method) whose Origin, or failing that Referer, is
  not this server is refused (403); forms carry a CSRF token bound to a SameSite cookie.
- Writes beyond loopback need the access token (--token / REPORTEDLY_TOKEN); without one the
  server is read-only. Tokens are compared in constant time.
- Bodies are capped while they stream (413), NUL bytes in the URL are refused (400), and every
  response carries the Content-Security-Policy and related headers."""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from urllib.parse import unquote_to_bytes, urlsplit

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI and ReDoc set inline styles and ReDoc searches in a blob: worker; their own scripts
# are still only our local files.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
CSRF_COOKIE = "reportedly_csrf"


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    return host.strip("[]") in ("0.0.0.0", "::", "")


def host_name(header: str) -> str:
    """The name in a Host header, without its port: 'a:8000' -> 'a', '[::1]:8000' -> '::1'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


@dataclass
class Policy:
    """Who may reach the server and who may write to the ledger."""

    host: str = "127.0.0.1"  # the bound address
    token: str | None = None
    read_only: bool = False
    allow_hosts: Iterable[str] = ()
    hosts: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.hosts = {host_name(h) for h in (*LOOPBACK_NAMES, self.host, *self.allow_hosts) if h}
        self.hosts.discard("")

    @property
    def beyond_loopback(self) -> bool:
        return not is_loopback(self.host)

    def host_ok(self, header: str) -> bool:
        if is_wildcard(self.host) and not tuple(self.allow_hosts):
            return True  # bound to every interface: any name reaches it, writes need the token
        return host_name(header) in self.hosts

    @property
    def writable(self) -> bool:
        return not self.read_only and (self.token is not None or not self.beyond_loopback)

    def write_refusal(self, presented: str | None) -> str | None:
        """Why a write is refused, or None when it may go ahead."""
        if not self.writable:
            return (
                "this server is read-only: start it with --token (or REPORTEDLY_TOKEN) to accept "
                "writes beyond loopback"
            )
        if self.token is not None and not (presented and hmac.compare_digest(presented, self.token)):
            return "a valid access token is required to write (Authorization: Bearer TOKEN)"
        return None


def bearer(authorization: str | None) -> str | None:
    if authorization and authorization[:7].lower() == "bearer ":
        return authorization[7:].strip()
    return None


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def csrf_ok(cookie: str | None, field_value: str | None) -> bool:
    return bool(cookie and field_value and hmac.compare_digest(cookie, field_value))


class BodyTooLarge(Exception):
    pass


class Guard:
    """ASGI middleware applying the Policy's host and origin checks, the body cap and headers."""

    def __init__(self, app, policy: Policy, max_body: int) -> None:
        self.app = app
        self.policy = policy
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        problem = self._refusal(scope, headers)
        if problem is not None:
            return await _plain(send, scope, *problem)
        csp = DOCS_CSP if scope["path"] in DOCS_PATHS else CSP
        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [
                    *message.get("headers", []),
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"),
                ]
            await send(message)

        seen = 0

        async def capped_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, capped_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                await _plain(send, scope, 413, self._too_large())

    def _too_large(self) -> str:
        return f"request body over the {self.max_body // 1000} kB limit"

    def _refusal(self, scope, headers: dict[str, str]) -> tuple[int, str] | None:
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
        if b"\x00" in unquote_to_bytes(raw_path) or b"\x00" in unquote_to_bytes(scope["query_string"]):
            return 400, "NUL bytes are not allowed in URLs"
        if not self.policy.host_ok(headers.get("host", "")):
            return 400, "unknown Host header (this server answers only to its own address)"
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            return 413, self._too_large()
        if scope["method"] in UNSAFE:
            origin = headers.get("origin")
            source = origin if origin is not None else headers.get("referer")
            if source is not None and not _same_site(source, headers.get("host", "")):
                return 403, "cross-site request refused: Origin or Referer is not this server"
        return None


def _same_site(source: str, host: str) -> bool:
    if source == "null":  # sandboxed frames and some redirects: never this server's page
        return False
    parts = urlsplit(source)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.strip().lower()


async def _plain(send, scope, status: int, message: str) -> None:
    if scope["path"].startswith("/api/") or "json" in _accept(scope):
        body = json.dumps({"detail": message}).encode()
        kind = b"application/json"
    else:
        body = (
            "<!doctype html><html lang=en><meta charset=utf-8><title>Error</title>"
            f"<h1>{status}</h1><p role=alert>{escape(message)}</p></html>"
        ).encode()
        kind = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", kind),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", CSP.encode()),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _accept(scope) -> str:
    for k, v in scope["headers"]:
        if k.lower() == b"accept":
            return v.decode("latin-1").lower()
    return ""
