"""Soak test: thousands of generated and mutated hostile inputs through the ingest path.

Every input is written to a file (or served by a local HTTP server on
127.0.0.1) and read through :func:`veille.sources.iter_raw_documents`, then
extracted and saved into a real SQLite store. By default the NLP stages run
only on a random sample (``--nlp-sample``, through the engine's own
``ingest_documents``, fed by the same guarded sources) because spaCy
dominates the cost; ``--nlp-sample -1`` runs the whole engine on every input.

The kinds of input: mutated sample articles (slices deleted, duplicated,
replaced by random text or bytes), truncated HTML, random bytes, text in the
wrong encoding or with a lying charset, huge attributes, deeply nested tags,
feeds with billion-laughs and external entities, malformed feeds, bad JSON
lines, and over HTTP: gzip and deflate bombs sent with ``Content-Encoding``,
lying lengths, refused media types and redirects to forbidden addresses.

It prints: inputs tried, crashes (exceptions escaping, plus ``E-INTERNAL``
rows, which are exceptions the engine's safety net caught — both are bugs,
must be 0), per-article errors recorded by code, articles stored, and
articles lost (items with neither a stored article nor an error row, must be
0). It exits 1 when crashes, losses, leaks or an inconsistent store are found.

    .venv/bin/python scripts/soak.py --size 10000
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import random
import sqlite3
import sys
import tempfile
import threading
import time
import traceback
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from veille.engine import ingest_documents
from veille.errors import VeilleError
from veille.extract import extract_article
from veille.records import ArticleError, ArticleResult
from veille.samples import article_paths, feed_paths, html_paths
from veille.settings import Settings
from veille.sources import NetworkGuard, iter_raw_documents
from veille.store import Store, open_store

# A marker of /etc/passwd: if it ever shows up in a stored article, an XML
# external entity was resolved (XXE), which the soak reports as a leak.
_PASSWD_MARKER = "root:x:0:0"


@dataclass(slots=True)
class Input:
    """One generated input: a file's bytes, or a response the local server sends."""

    kind: str
    data: bytes
    suffix: str = ".txt"
    headers: dict[str, str] | None = None  # set: served over HTTP with these headers
    status: int = 200


@dataclass(slots=True)
class Tally:
    """What the soak saw."""

    tried: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    seconds_by_kind: Counter[str] = field(default_factory=Counter)
    slowest: tuple[float, str] = (0.0, "")
    crashes: list[str] = field(default_factory=list)
    items: set[str] = field(default_factory=set)
    nlp_inputs: int = 0


# -- generators ---------------------------------------------------------------


def _samples() -> tuple[list[bytes], list[bytes], list[bytes]]:
    texts = [path.read_bytes() for path in article_paths()]
    pages = [path.read_bytes() for path in html_paths()]
    feeds = [path.read_bytes() for path in feed_paths()]
    return texts, pages, feeds


def mutate(rng: random.Random, data: bytes) -> bytes:
    """Delete, duplicate, replace or insert a few slices of ``data``."""
    for _ in range(rng.randint(1, 6)):
        start = rng.randint(0, len(data))
        end = min(len(data), start + rng.randint(0, 200))
        action = rng.choice(("delete", "duplicate", "bytes", "text", "swap"))
        if action == "delete":
            data = data[:start] + data[end:]
        elif action == "duplicate":
            data = data[:end] + data[start:end] * rng.randint(1, 5) + data[end:]
        elif action == "bytes":
            data = data[:start] + rng.randbytes(rng.randint(1, 40)) + data[end:]
        elif action == "text":
            junk = "".join(rng.choice("<>&;\"'=/#\u00a0\u202f\ufeff\x00é€\n\t ") for _ in range(20))
            data = data[:start] + junk.encode("utf-8") + data[end:]
        else:
            other = rng.randint(0, len(data))
            data = data[:start] + data[other : other + (end - start)] + data[end:]
    return data


def _tag(rng: random.Random) -> str:
    return rng.choice(("div", "p", "span", "section", "article", "b", "i", "ul", "li", "table"))


def gen_mutated_text(rng: random.Random, texts: list[bytes], **_: object) -> Input:
    return Input("mutated-text", mutate(rng, rng.choice(texts)), ".txt")


def gen_truncated_html(rng: random.Random, pages: list[bytes], **_: object) -> Input:
    page = rng.choice(pages)
    cut = page[: rng.randint(0, len(page))]
    return Input("truncated-html", mutate(rng, cut) if rng.random() < 0.5 else cut, ".html")


def gen_random_bytes(rng: random.Random, **_: object) -> Input:
    size = rng.choice((0, 1, 3, 64, 512, 4096))
    return Input("random-bytes", rng.randbytes(size), rng.choice((".txt", ".html", ".xml")))


def gen_wrong_encoding(rng: random.Random, texts: list[bytes], pages: list[bytes]) -> Input:
    source = rng.choice(texts + pages).decode("utf-8")
    encoding = rng.choice(("latin-1", "cp1252", "utf-16-le", "utf-16", "utf-32", "mac_roman"))
    data = source.encode(encoding, errors="replace")
    if rng.random() < 0.5:
        lie = rng.choice(
            (
                "utf-8",
                "shift_jis",
                "koi8-r",
                "x-unknown",
                "utf-7",
                "base64",
                "rot13",
                "unicode_escape",
            )
        )
        data = f'<html><head><meta charset="{lie}"></head><body><p>'.encode() + data
        return Input("wrong-encoding", data, ".html")
    return Input("wrong-encoding", data, ".txt")


def gen_huge_attribute(rng: random.Random, texts: list[bytes], **_: object) -> Input:
    body = rng.choice(texts).decode("utf-8")[:1500]
    value = "A" * rng.choice((10_000, 50_000, 200_000))
    name = rng.choice(("title", "class", "data-x", "style", "href"))
    page = f'<html><body><article><p {name}="{value}">{body}</p></article></body></html>'
    return Input("huge-attribute", page.encode(), ".html")


def gen_deep_nesting(rng: random.Random, texts: list[bytes], **_: object) -> Input:
    depth = rng.choice((50, 300, 3_000, 30_000))
    tags = [_tag(rng) for _ in range(depth)]
    body = rng.choice(texts).decode("utf-8")[:800]
    closing = "".join(f"</{t}>" for t in reversed(tags)) if rng.random() < 0.5 else ""
    page = "<html><body>" + "".join(f"<{t}>" for t in tags) + body + closing
    return Input("deep-nesting", page.encode(), ".html")


_LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)).encode()


def gen_hostile_feed(rng: random.Random, **_: object) -> Input:
    entity = rng.choice(("laughs", "external", "quadratic"))
    if entity == "laughs":
        doctype = b'<!DOCTYPE rss [<!ENTITY lol0 "lol">' + _LAUGHS + b"]>"
        payload = b"&lol9;"
    elif entity == "external":
        doctype = b'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        payload = b"&xxe;"
    else:
        doctype = b'<!DOCTYPE rss [<!ENTITY big "' + b"B" * 50_000 + b'">]>'
        payload = b"&big;" * 200
    feed = (
        b'<?xml version="1.0"?>'
        + doctype
        + b'<rss version="2.0"><channel><title>'
        + payload
        + b"</title><item><title>"
        + payload
        + b"</title><guid>g1</guid>"
        b"<description>Le ministre a parl\xc3\xa9 " + payload + b"</description></item>"
        b"</channel></rss>"
    )
    return Input(f"feed-{entity}", feed, rng.choice((".rss", ".xml")))


def gen_malformed_feed(rng: random.Random, feeds: list[bytes], **_: object) -> Input:
    return Input("malformed-feed", mutate(rng, rng.choice(feeds)), rng.choice((".rss", ".atom")))


def gen_bad_jsonl(rng: random.Random, texts: list[bytes], **_: object) -> Input:
    lines: list[bytes] = []
    for _ in range(rng.randint(1, 6)):
        choice = rng.randrange(7)
        if choice == 0:
            text = rng.choice(texts).decode("utf-8")[: rng.randint(0, 2000)]
            lines.append(json.dumps({"title": "t", "text": text, "url": "x"}).encode())
        elif choice == 1:
            lines.append(b"[" * rng.choice((10, 5_000, 100_000)))
        elif choice == 2:
            lines.append(rng.randbytes(rng.randint(1, 80)))
        elif choice == 3:
            lines.append(json.dumps({"html": "<p>" * 500, "published": 1e308}).encode())
        elif choice == 4:
            lines.append(json.dumps([1, 2, {"text": "no"}]).encode())
        elif choice == 5:
            lines.append(json.dumps({"text": 12, "title": None, "author": ["a"]}).encode())
        else:
            lines.append(b'{"text": "\\ud800 lone surrogate \\u0000 nul", "language": "xx"}')
    return Input("bad-jsonl", b"\n".join(lines), ".jsonl")


def gen_edge_file(rng: random.Random, **_: object) -> Input:
    data = rng.choice(
        (b"", b"   \n\t\n", b"\xef\xbb\xbf", b"\x00" * 1000, b"\xff\xfe", b"<", b"<html>", b"{")
    )
    return Input("edge-file", data, rng.choice((".txt", ".html", ".jsonl", ".xml")))


# -- inputs served over HTTP ----------------------------------------------------

_BOMB_SIZE = 24_000_000  # decoded size: well over the 10 MB default cap


def _bombs() -> dict[str, bytes]:
    zeros = b"\x00" * 1_000_000
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip container
    deflater = zlib.compressobj(9, zlib.DEFLATED, 15)  # zlib container, as HTTP deflate
    gz = b"".join(compressor.compress(zeros) for _ in range(_BOMB_SIZE // len(zeros)))
    df = b"".join(deflater.compress(zeros) for _ in range(_BOMB_SIZE // len(zeros)))
    return {"gzip": gz + compressor.flush(), "deflate": df + deflater.flush()}


def gen_http(
    rng: random.Random, texts: list[bytes], pages: list[bytes], bombs: dict[str, bytes]
) -> Input:
    choice = rng.randrange(7)
    if choice == 0:
        return Input(
            "http-gzip-bomb",
            bombs["gzip"],
            headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
        )
    if choice == 1:
        return Input(
            "http-deflate-bomb",
            bombs["deflate"],
            headers={"Content-Type": "text/plain", "Content-Encoding": "deflate"},
        )
    if choice == 2:
        # A bomb inside a bomb: the outer layer is small, the inner one huge.
        return Input(
            "http-double-gzip",
            gzip.compress(bombs["gzip"]),
            headers={"Content-Type": "text/html", "Content-Encoding": "gzip, gzip"},
        )
    if choice == 3:
        page = mutate(rng, rng.choice(pages))
        return Input(
            "http-gzip-page",
            gzip.compress(page),
            headers={
                "Content-Type": "text/html; charset="
                + rng.choice(("utf-8", "latin-1", "bogus", "zlib", "utf-16")),
                "Content-Encoding": "gzip",
            },
        )
    if choice == 4:
        return Input(
            "http-corrupt-gzip",
            rng.randbytes(300),
            headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
        )
    if choice == 5:
        kind = rng.choice(("image/png", "application/pdf", "application/zip", "", "text/html"))
        return Input(
            "http-media-type", mutate(rng, rng.choice(texts)), headers={"Content-Type": kind}
        )
    target = rng.choice(
        (
            "http://169.254.169.254/latest/meta-data/",
            "http://2130706433/",
            "http://[::1]/",
            "http://10.0.0.1/",
            "file:///etc/passwd",
            "http://0x7f.1/",
        )
    )
    return Input("http-forbidden-redirect", b"", status=302, headers={"Location": target})


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Input]] = {}

    def log_message(self, format: str, *args: object) -> None:
        """Keep the soak's output to its figures."""

    def do_GET(self) -> None:
        item = self.routes.get(self.path)
        if item is None or item.headers is None:
            self.send_error(404)
            return
        self.send_response(item.status)
        for name, value in item.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(item.data)))
        self.end_headers()
        # veille hanging up on a bomb is the point.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(item.data)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet: a client closing a capped stream is expected."""


# -- running --------------------------------------------------------------------

Generator = Callable[..., Input]
_MIX: tuple[tuple[Generator, int], ...] = (
    (gen_mutated_text, 30),
    (gen_truncated_html, 16),
    (gen_random_bytes, 10),
    (gen_wrong_encoding, 10),
    (gen_huge_attribute, 2),
    (gen_deep_nesting, 6),
    (gen_hostile_feed, 5),
    (gen_malformed_feed, 8),
    (gen_bad_jsonl, 8),
    (gen_edge_file, 3),
    (gen_http, 2),
)


def generate(size: int, seed: int) -> Iterator[Input]:
    """Yield ``size`` inputs drawn from the mix above, reproducibly for ``seed``."""
    rng = random.Random(seed)
    texts, pages, feeds = _samples()
    bombs = _bombs()
    generators = [g for g, _ in _MIX]
    weights = [w for _, w in _MIX]
    context = {"texts": texts, "pages": pages, "feeds": feeds, "bombs": bombs}
    for _ in range(size):
        generator = rng.choices(generators, weights)[0]
        names = generator.__code__.co_varnames[1 : generator.__code__.co_argcount]
        yield generator(rng, **{k: v for k, v in context.items() if k in names})


def _extract_and_store(
    source: str, settings: Settings, guard: NetworkGuard, store: Store, tally: Tally
) -> None:
    """Run the ingest path without NLP: sources → extraction → store (see the docstring)."""
    for item in iter_raw_documents([source], settings, guard=guard):
        tally.items.add(item.source)
        if isinstance(item, ArticleError):
            store.record_error(item)
            continue
        try:
            article = extract_article(item, settings)
        except VeilleError as exc:
            store.record_error(ArticleError(item.source, exc.code, exc.message, datetime.now(UTC)))
            continue
        store.save(ArticleResult(article), item.source)


def run(args: argparse.Namespace) -> int:
    """Generate, ingest and account for every input; print the figures."""
    started = time.monotonic()
    work = Path(args.dir or tempfile.mkdtemp(prefix="veille-soak-"))
    folder = work / "inputs"
    folder.mkdir(parents=True, exist_ok=True)
    db = work / "soak.db"
    db.unlink(missing_ok=True)
    server = _QuietServer(("127.0.0.1", 0), _Handler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = Settings(db=str(db), fetch_timeout=10.0)
    # Only the soak's own server is reachable; every redirect elsewhere stays refused.
    guard = NetworkGuard.from_settings(settings, allowed_endpoints=frozenset({("127.0.0.1", port)}))
    rng = random.Random(args.seed + 1)

    sources: list[tuple[str, str]] = []
    for number, item in enumerate(generate(args.size, args.seed)):
        if item.headers is not None:
            path = f"/{number:06d}"
            _Handler.routes[path] = item
            sources.append((item.kind, f"http://127.0.0.1:{port}{path}"))
        else:
            file = folder / f"{number:06d}_{item.kind}{item.suffix}"
            file.write_bytes(item.data)
            sources.append((item.kind, str(file.resolve())))
    generated = time.monotonic()
    nlp_all = args.nlp_sample < 0
    nlp_sample = (
        set(rng.sample(range(len(sources)), min(args.nlp_sample, len(sources))))
        if not nlp_all
        else set(range(len(sources)))
    )

    tally = Tally()
    with open_store(db) as store:
        for index, (kind, source) in enumerate(sources):
            tally.tried += 1
            tally.by_kind[kind] += 1
            began = time.monotonic()
            try:
                if index in nlp_sample:
                    tally.nlp_inputs += 1
                    # The engine from extraction on, fed by the same guarded sources.
                    documents = iter_raw_documents([source], settings, guard=guard)
                    for outcome in ingest_documents(documents, store, settings, resume=False):
                        tally.items.add(outcome.source)
                else:
                    _extract_and_store(source, settings, guard, store, tally)
            except Exception:  # counting them is the point
                tally.crashes.append(f"{kind} {source}\n{traceback.format_exc()}")
            spent = time.monotonic() - began
            tally.seconds_by_kind[kind] += spent
            tally.slowest = max(tally.slowest, (spent, source))
            if args.progress and index % 1000 == 999:
                print(f"  {index + 1} inputs, {time.monotonic() - generated:.0f} s", flush=True)
        problems = store.check()
    server.shutdown()
    return report(args, tally, sources, db, problems, started, generated)


def report(  # noqa: PLR0917  # one figure source per argument
    args: argparse.Namespace,
    tally: Tally,
    sources: list[tuple[str, str]],
    db: Path,
    problems: list[str],
    started: float,
    generated: float,
) -> int:
    """Account for every input in the store and print the figures; 1 when something is wrong."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    stored_sources = {row[0] for row in conn.execute("SELECT source FROM sources")}
    errors = dict(conn.execute("SELECT source, code FROM errors").fetchall())
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    leaks = conn.execute(
        "SELECT count(*) FROM articles WHERE text LIKE ?", (f"%{_PASSWD_MARKER}%",)
    ).fetchone()[0]
    conn.close()
    accounted = stored_sources | set(errors)
    lost_items = sorted(tally.items - accounted)
    # An input that yielded nothing at all is lost too (a feed or JSONL file
    # yields children keyed "<source>#entry" or "<source>:line-N").
    children = {s.split("#", 1)[0] for s in accounted} | {
        s.split(":line-", 1)[0] for s in accounted
    }
    lost_inputs = [s for _, s in sources if s not in accounted and s not in children]
    double = stored_sources & set(errors)
    internal = [s for s, code in errors.items() if code == "E-INTERNAL"]
    crashes = len(tally.crashes) + len(internal)
    elapsed = time.monotonic() - started
    print(
        f"inputs tried:            {tally.tried} ({tally.nlp_inputs} through the full NLP "
        f"pipeline; seed {args.seed})"
    )
    print(f"items (articles, feed entries, JSONL lines): {len(tally.items)}")
    print(
        f"crashes:                 {crashes} ({len(tally.crashes)} escaped, "
        f"{len(internal)} E-INTERNAL)"
    )
    print(
        f"articles stored:         {articles} ({len(stored_sources)} sources linked, "
        "duplicates included)"
    )
    print(f"per-article errors:      {len(errors)}")
    for code, count in Counter(errors.values()).most_common():
        print(f"    {code:<22} {count}")
    print(f"articles lost:           {len(lost_items) + len(lost_inputs)}")
    print(f"stored and errored both: {len(double)}")
    print(f"XXE leaks:               {leaks}")
    print(f"store check:             {problems or 'ok'}")
    print(
        f"time:                    {elapsed:.0f} s wall, {time.process_time():.0f} s CPU "
        f"({generated - started:.0f} s generating)"
    )
    print("inputs by kind (count, seconds):")
    for kind, count in sorted(tally.by_kind.items()):
        print(f"    {kind:<24} {count:>6} {tally.seconds_by_kind[kind]:>7.1f}")
    print(f"slowest input:           {tally.slowest[0]:.1f} s {tally.slowest[1]}")
    for crash in tally.crashes[:5]:
        print("--- crash ---\n" + crash)
    for source in (internal + lost_items + lost_inputs)[:10]:
        print(f"--- problem: {source} {errors.get(source, 'lost')}")
    bad = crashes or lost_items or lost_inputs or double or leaks or problems
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=10_000, help="inputs to generate")
    parser.add_argument(
        "--nlp-sample",
        type=int,
        default=200,
        help="inputs run through the whole engine with NLP (-1: all)",
    )
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--dir", help="work folder (default: a new temporary folder)")
    parser.add_argument("--progress", action="store_true", help="print progress every 1000")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
