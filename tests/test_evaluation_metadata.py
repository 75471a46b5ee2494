"""The article-metadata scorer (veille.evaluation.metadata) and its part of the eval gate.

The pages here are small ones written for these tests, in a pages folder
laid out as the real one (``pages/<id>.html.gz``, ``bodies/<id>.txt``) with
a page list pinning their hashes; nothing reads ../shared or the real set.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from veille.evaluation.metadata import (
    Found,
    Page,
    judge,
    load_pages,
    part_scores,
    token_f1,
    veille_extractor,
)

GATE = Path(__file__).resolve().parents[1] / "scripts" / "eval_gate.py"
BODY = (
    "Les ministres des Affaires étrangères se sont réunis mardi à Bruxelles pour discuter "
    "de la situation dans la région. Ils ont adopté une déclaration commune qui appelle au "
    "dialogue et à la retenue, selon des diplomates présents à la réunion."
)
HTML = (
    "<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Accord | Journal</title>"
    "</head><body><article><h1>Accord à Bruxelles</h1>"
    "<p class='byline'>Par Jeanne Roy et Paul Martin, le 3 mars 2024</p>"
    + f"<p>{BODY}</p>" * 3
    + "</article></body></html>"
)
EXPECTED = {
    "title": "Accord à Bruxelles",
    "authors": ["Jeanne Roy", "Paul Martin"],
    "organisation": None,
    "date": "2024-03-03",
}


def write_set(folder: Path, html: str = HTML, body: str | None = BODY) -> Path:
    """Write a one-page set (dev, French) and return its page list."""
    (folder / "pages").mkdir(parents=True)
    (folder / "bodies").mkdir()
    raw = html.encode("utf-8")
    (folder / "pages" / "ours__bruxelles.html.gz").write_bytes(gzip.compress(raw, mtime=0))
    body_hash = None
    if body is not None:
        (folder / "bodies" / "ours__bruxelles.txt").write_text(body, "utf-8")
        body_hash = hashlib.sha256(body.encode("utf-8")).hexdigest()
    record = {
        "id": "ours/bruxelles",
        "source": "ours",
        "split": "dev",
        "language": "fr",
        "url": "https://journal.example/2024/03/03/accord",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "expected": {**EXPECTED, "body_sha256": body_hash},
    }
    page_list = folder / "pages.jsonl"
    page_list.write_text(json.dumps(record) + "\n", "utf-8")
    return page_list


def one_page(**expected: object) -> Page:
    return Page(
        "p", "ours", "dev", "fr", None, "", {**EXPECTED, "body_sha256": None, **expected}, None
    )


def test_a_page_whose_file_differs_from_the_list_is_refused(tmp_path: Path) -> None:
    page_list = write_set(tmp_path)
    assert [p.id for p in load_pages(page_list, tmp_path, {"dev"})[0]] == ["ours/bruxelles"]
    other = gzip.compress(HTML.replace("Accord", "Désaccord").encode("utf-8"), mtime=0)
    (tmp_path / "pages" / "ours__bruxelles.html.gz").write_bytes(other)
    assert load_pages(page_list, tmp_path, {"dev"}) == ([], ["ours/bruxelles"])
    assert load_pages(page_list, tmp_path, {"test"}) == ([], [])


def test_author_and_organisation_scores_count_an_outlet_given_as_a_person() -> None:
    agency_page = one_page(authors=[], organisation="AFP")
    as_person = judge(agency_page, Found(title="Accord à Bruxelles", authors=["AFP"]))
    assert as_person["author"] == 0.0
    assert as_person["organisation"] == 0.0
    right = judge(agency_page, Found(title="ACCORD À BRUXELLES", organisation="afp"))
    assert (right["title"], right["author"], right["organisation"]) == (1.0, 1.0, 1.0)


def test_a_person_page_given_an_organisation_misses_the_organisation() -> None:
    scores = judge(one_page(), Found(authors=["Paul Martin", "Jeanne Roy"], organisation="AFP"))
    assert scores["author"] == 1.0  # the set of persons, in any order
    assert scores["organisation"] == 0.0


def test_the_date_is_the_day_or_another_the_page_states() -> None:
    page = one_page(date_also=["2024-03-04"])
    assert judge(page, Found(date="2024-03-04T01:00:00+01:00"))["date"] == 1.0
    assert judge(page, Found(date="2024-03-05"))["date"] == 0.0
    assert judge(page, Found())["date"] == 0.0
    assert judge(one_page(date=None), Found())["date"] is None


def test_token_f1_counts_repeated_words() -> None:
    assert token_f1("a a b", "a b") == 0.8
    assert token_f1("", "a b") == 0.0
    assert token_f1("A, b.", "a b") == 1.0


def test_veille_is_scored_on_a_page_per_part_and_language(tmp_path: Path) -> None:
    page_list = write_set(tmp_path)
    pages, _ = load_pages(page_list, tmp_path, {"dev"})
    scores = [judge(page, veille_extractor()(page)) for page in pages]
    parts = part_scores(pages, scores)
    assert list(parts) == [("dev", "fr")]
    assert parts["dev", "fr"]["title"] == 1.0
    assert parts["dev", "fr"]["author"] == 1.0
    assert parts["dev", "fr"]["date"] == 1.0
    assert parts["dev", "fr"]["body_f1"] > 0.9


def _gate(pages_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GATE), "--only", "metadata-", "--metadata-pages", str(pages_dir)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_gate_skips_the_metadata_part_without_pages_and_says_why(tmp_path: Path) -> None:
    run = _gate(tmp_path / "nowhere")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "metadata: skipped, no pages folder" in run.stdout
    assert "build_metadata_pages.py" in run.stdout


def test_the_gate_fails_when_the_pages_differ_from_the_list(tmp_path: Path) -> None:
    (tmp_path / "pages" / "pages").mkdir(parents=True)  # a folder, but none of the pages
    run = _gate(tmp_path / "pages")
    assert run.returncode == 1
    assert "missing or differ from eval/metadata/pages.jsonl" in run.stdout
