"""Swagger UI (/docs) and ReDoc (/redoc) from local files, so they work offline and under the
Content-Security-Policy: the assets come from the fastapi-offline package (MIT; Swagger UI is
Apache-2.0, ReDoc MIT) and the pages start them from our own static script, not inline code."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/static/docs-assets"

SWAGGER = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>reportedly API · Swagger UI</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css"></head>
<body><div id="swagger-ui" data-openapi="/openapi.json"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script><script src="/static/docs.js"></script></body></html>
"""

REDOC = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>reportedly API · ReDoc</title></head>
<body><div id="redoc" data-openapi="/openapi.json"></div>
<script src="{ASSETS}/redoc.standalone.js"></script><script src="/static/docs.js"></script></body></html>
"""


def assets_dir() -> str:
    return str(resources.files("fastapi_offline").joinpath("static"))


def mount(app: FastAPI) -> None:
    app.mount(ASSETS, StaticFiles(directory=assets_dir()), name="docs-assets")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def swagger_ui() -> str:
        return SWAGGER

    @app.get("/redoc", response_class=HTMLResponse, include_in_schema=False)
    def redoc() -> str:
        return REDOC
