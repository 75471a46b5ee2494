"""An Atom 1.0 feed of a watchlist's alerts, for any feed reader.

Served at ``GET /api/watchlists/NAME/alerts.atom``.

Each alert is one entry: its title, its time, a link to its evidence in the
dashboard, and as content the rule and each supporting sentence with the
link to it and to the original article. The XML is built with
:mod:`xml.etree.ElementTree`, so article text is always escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from veille.store.monitoring import AlertRow, WatchlistRow

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(
    watchlist: WatchlistRow, alerts: Sequence[AlertRow], *, self_url: str, description: str
) -> bytes:
    """Return the Atom document of ``alerts`` (newest first) of ``watchlist``."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", f"urn:veille:watchlist:{watchlist.name}")
    _text(feed, "title", f"veille — {watchlist.name}")
    _text(feed, "subtitle", description)
    updated = alerts[0].created_at if alerts else watchlist.created_at
    _text(feed, "updated", _rfc3339(updated))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url, type="application/atom+xml")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "veille")
    _text(feed, "generator", "veille")
    for alert in alerts:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"urn:veille:alert:{alert.id}")
        _text(entry, "title", alert.title)
        _text(entry, "updated", _rfc3339(alert.created_at))
        _text(entry, "published", _rfc3339(alert.created_at))
        link = str(alert.payload.get("link") or "")
        evidence = alert.payload.get("evidence") or []
        if evidence and evidence[0].get("link"):
            link = str(evidence[0]["link"])
        if link:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=link)
        ET.SubElement(entry, f"{{{ATOM}}}category", term=alert.kind)
        _text(entry, "content", _content(alert), type="text")
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document


def _content(alert: AlertRow) -> str:
    payload = alert.payload
    lines = [f"{alert.title}", f"Watchlist {alert.watchlist}: {payload.get('rule', '')}", ""]
    for item in payload.get("evidence", []):
        source = item.get("source_name") or item.get("title") or item.get("article_id")
        lines.append(f"« {item.get('sentence', '')} » — {source}")
        lines.append(f"evidence: {item.get('link', '')}")
        if item.get("url"):
            lines.append(f"original: {item['url']}")
        lines.append("")
    return "\n".join(lines).strip()


def _text(parent: ET.Element, tag: str, value: str, **attributes: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    # XML 1.0 cannot carry most control characters; drop them rather than emit a broken feed.
    node.text = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 0x20)
    return node


def _rfc3339(stored: str) -> str:
    # Stored times are fixed-width ISO 8601 UTC with microseconds and a Z: Atom's form already.
    return stored
