"""Article metadata from a web page: outlet, title, author, date and wire agency.

trafilatura reads them from the HTML (meta tags, JSON-LD, bylines). Its site name can be junk
("Hosted", "Home") or a squashed brand ("NYTimes"): a known host's outlet name wins, junk falls back
to the host. Bylines lose role words and agency names ("Tom Krisher; AP Auto Writer" -> author
"Tom Krisher", wire "AP"). Word lists: src/reportedly/data/outlets.json.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlparse

from reportedly.clean import rules, wire_of_host


@cache
def _data() -> dict:
    return json.loads(resources.files("reportedly.data").joinpath("outlets.json").read_text("utf-8"))


def _host(hostname: str | None, url: str | None) -> str:
    host = (hostname or (urlparse(url).hostname if url else "") or "").lower()
    return host.removeprefix("www.")


def outlet_name(sitename: str | None, hostname: str | None, url: str | None = None) -> str | None:
    """The outlet's name: a known host's name, else the site name unless it is junk, else the host."""
    host = _host(hostname, url)
    hosts = _data()["hosts"]
    known = next((name for h, name in hosts.items() if host == h or host.endswith("." + h)), None)
    if known:
        return known
    name = (sitename or "").split(" | ")[0].strip()
    if name and name.lower() not in _data()["junk_sitenames"] and len(name) > 1:
        return name
    return host or None


def _agency(part: str) -> str | None:
    """The wire agency a byline part names ("The Associated Press", "AP National Writer")."""
    names = {alias.lower(): canon for alias, canon in rules().wire_names.items()}
    words = re.sub(r"^the\s+", "", part.strip(), flags=re.I)
    for n in range(len(words.split()), 0, -1):
        head = " ".join(words.split()[:n]).lower()
        if head in names:
            return names[head]
    return None


def _first_word(name: str) -> str | None:
    words = [w for w in re.findall(r"[a-z0-9]+", name.lower()) if w != "the"]
    return words[0] if words else None


def split_byline(author: str | None, outlet: str | None = None) -> tuple[str | None, str | None]:
    """(people's names, wire agency) of a trafilatura byline ('A; B; Agency Writer')."""
    if not author:
        return None, None
    roles = re.compile(r"\b(?:" + "|".join(map(re.escape, _data()["byline_roles"])) + r")\b", re.I)
    outlet_word = _first_word(outlet or "")
    people, wire = [], None
    for part in (p.strip() for p in author.split(";")):
        agency = _agency(part)
        if agency:
            wire = wire or agency
            continue
        if not part or roles.search(part) or (outlet_word and _first_word(part) == outlet_word):
            continue
        if part not in people:
            people.append(part)
    return (", ".join(people) or None), wire


def page_metadata(doc: Any) -> dict[str, str]:
    """Metadata of a trafilatura document: title, url, date, hostname, sitename (the outlet's name),
    author (people only) and wire (an agency named in the byline or hosting the page)."""

    def get(key: str) -> str | None:
        value = getattr(doc, key, None)
        return str(value) if value else None

    url, hostname = get("url"), get("hostname")
    outlet = outlet_name(get("sitename"), hostname, url)
    author, wire = split_byline(get("author"), outlet)
    meta = {
        "title": get("title"),
        "url": url,
        "date": get("date"),
        "hostname": hostname,
        "sitename": outlet,
        "author": author,
        "wire": wire or wire_of_host(url),
    }
    return {k: v for k, v in meta.items() if v}
