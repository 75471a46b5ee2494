"""Add a wave of new French units to the real-news corpus (issue 17).

Usage::

    python scripts/draw_real_wave.py --winer DIR --seed SEED [--articles 6] [--sentences 80]
    python scripts/draw_real_wave.py --winer DIR --seed S --split test2 --articles N --sentences 0

French real text is the scarce part of the corpus: 16 train articles and 645
train sentence units. This script draws more **train** units from the French
Wikinews documents of WiNER-fr (``--winer``: a checkout of
``YoannDupont/WiNER-fr``, see ``scripts/build_real_corpus.py``) that no unit
of any split comes from, with the first draw's criteria (political articles;
sentences a quarter at random and three quarters by named entities and topic
words, one per document per round), and a seed of its own (``--seed``,
written in ``eval/real/README.md`` before the draw; a seed already used is
refused).

With ``--split test2`` the wave is instead a second frozen test split of its
own: its units go to ``eval/real/units/test2/``, its batches to
``eval/real/annotation/batches/test2/``, and the sha256 of its sorted ids and
of its units' content to ``splits.json`` (``test2_ids_sha256``,
``test2_units_sha256``), pinned in ``tests/test_real_splits.py``. It is drawn
once: a second run is refused.

The test and dev splits do not change, nor their pinned hashes: a new unit
never comes from a document (``group``) that already gave a unit, and never
repeats the text of a unit already drawn. To know which documents are used,
the script reads the ``group`` and ``text`` fields of every unit file,
test included, into sets it only tests membership against; it prints
aggregate counts only, never a record.

It appends the new units to ``eval/real/units/train/fr_{articles,sentences}.jsonl``,
writes their annotation batches after the existing train batches
(``eval/real/annotation/batches/train/fr-{art,sent}-NN.jsonl``) and records the
wave (seed, method, counts, ids) in ``eval/real/splits.json`` under ``waves``.
Nothing here runs veille's event coder.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_real_corpus import (
    TopicMatcher,
    article_unit,
    candidates_of,
    load_spacy,
    political_articles,
    round_robin,
    text_key,
    unit_of,
    winer_documents,
)
from draw_real_splits import (
    ARTICLES_PER_BATCH,
    LANGUAGES,
    REAL,
    SENTENCES_PER_BATCH,
    batches,
    describe,
    read_jsonl,
    test_ids_sha256,
    test_units_sha256,
    write_jsonl,
)

LANGUAGE = "fr"
# Where a wave may go: more train, or the second frozen test split, drawn once.
WAVE_SPLITS = ("train", "test2")


def used_documents_and_texts() -> tuple[set[str], set[str]]:
    """Return the groups and folded texts of every unit already drawn, any split."""
    groups: set[str] = set()
    texts: set[str] = set()
    for path in sorted((REAL / "units").glob("*/*.jsonl")):
        for unit in read_jsonl(path):
            groups.add(unit["group"])
            texts.add(text_key(unit["text"]))
    return groups, texts


def next_number(splits: dict[str, Any], prefix: str) -> int:
    """Return the first free number after every id of ``prefix`` in any split or wave."""
    numbers = [
        int(unit_id[len(prefix) :])
        for split in splits["splits"].values()
        for kinds in split.values()
        for ids in kinds.values()
        for unit_id in ids
        if unit_id.startswith(prefix)
    ]
    return max(numbers, default=0) + 1


def next_batch(split: str, kind_short: str) -> int:
    """Return the number of the first new batch of a kind in a split's batch folder."""
    folder = REAL / "annotation" / "batches" / split
    numbers = [
        int(p.stem.rsplit("-", 1)[1]) for p in folder.glob(f"{LANGUAGE}-{kind_short}-*.jsonl")
    ]
    return max(numbers, default=0) + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--winer", type=Path, required=True, help="checkout of WiNER-fr")
    parser.add_argument(
        "--seed", required=True, help="the wave's seed, written in eval/real/README.md first"
    )
    parser.add_argument(
        "--split",
        choices=WAVE_SPLITS,
        default="train",
        help="train (default), or test2: the second frozen test split, drawn once",
    )
    parser.add_argument("--articles", type=int, default=6, help="new articles (6)")
    parser.add_argument("--sentences", type=int, default=80, help="new sentence units (80)")
    args = parser.parse_args()

    splits = json.loads((REAL / "splits.json").read_text("utf-8"))
    if any(wave["seed"] == args.seed for wave in splits.get("waves", [])):
        sys.exit(f"wave {args.seed} is drawn already; give the next wave a seed of its own")
    if args.split != "train" and args.split in splits["splits"]:
        sys.exit(f"split {args.split} is drawn already and frozen; it is never drawn again")
    used_groups, used_texts = used_documents_and_texts()
    documents = [
        d for d in winer_documents(args.winer) if f"{d.corpus}:{d.doc_id}" not in used_groups
    ]
    nlp = load_spacy(LANGUAGE)
    topics = TopicMatcher(LANGUAGE)

    article_pool = political_articles(documents, nlp, topics, LANGUAGE)
    rng = random.Random(f"{args.seed}:articles:{LANGUAGE}")
    chosen = rng.sample(article_pool, min(args.articles, len(article_pool)))
    chosen_ids = {d.doc_id for d in chosen}

    candidates = []
    for doc in documents:
        if doc.doc_id in chosen_ids:
            continue  # an article's sentences are never sentence units
        for cand in candidates_of(doc, nlp, topics, LANGUAGE):
            key = text_key(cand.text)
            if key not in used_texts:
                used_texts.add(key)
                candidates.append(cand)
    rng = random.Random(f"{args.seed}:sentences:{LANGUAGE}")
    taken: set[tuple[str, int]] = set()
    wanted_random = args.sentences // 4
    randoms = round_robin(candidates, wanted_random, rng, taken)
    ne_topic = [c for c in candidates if c.ne_topic]
    picked = round_robin(ne_topic, args.sentences - len(randoms), rng, taken)

    sentence_units = [unit_of(c, "random") for c in randoms] + [
        unit_of(c, "ne_topic") for c in picked
    ]
    sentence_units.sort(key=lambda u: (u["source"]["doc_id"], u.pop("position")))
    first = next_number(splits, f"{LANGUAGE}-r")
    sentence_units = [
        {"id": f"{LANGUAGE}-r{first + i:05d}", "wave": args.seed, **u}
        for i, u in enumerate(sentence_units)
    ]
    first = next_number(splits, f"{LANGUAGE}-a")
    article_units = [
        {"id": f"{LANGUAGE}-a{first + i:03d}", "wave": args.seed, **article_unit(d)}
        for i, d in enumerate(sorted(chosen, key=lambda d: d.doc_id))
    ]

    split = args.split
    if split not in splits["splits"]:
        # A new split lists every language and kind, empty where nothing is drawn.
        splits["splits"][split] = {lang: {"sentences": [], "articles": []} for lang in LANGUAGES}
        splits["sizes"][split] = {lang: {} for lang in LANGUAGES}
    written: dict[str, Any] = {}
    for kind, new, size, short in (
        ("sentences", sentence_units, SENTENCES_PER_BATCH, "sent"),
        ("articles", article_units, ARTICLES_PER_BATCH, "art"),
    ):
        if not new:
            continue
        path = REAL / "units" / split / f"{LANGUAGE}_{kind}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        old = read_jsonl(path) if path.is_file() else []
        units = sorted([*old, *new], key=lambda u: u["id"])
        write_jsonl(path, units)
        splits["splits"][split][LANGUAGE][kind] = [u["id"] for u in units]
        batch_count = splits["sizes"][split][LANGUAGE].get(kind, {}).get("batches", 0)
        start = next_batch(split, short)
        seed = f"{args.seed}:batches:{split}:{LANGUAGE}:{kind}"
        cut = batches(new, size, seed)
        folder = REAL / "annotation" / "batches" / split
        folder.mkdir(parents=True, exist_ok=True)
        for number, batch in enumerate(cut, start=start):
            write_jsonl(folder / f"{LANGUAGE}-{short}-{number:02d}.jsonl", batch)
        splits["sizes"][split][LANGUAGE][kind] = {
            **describe(units),
            "batches": batch_count + len(cut),
        }
        written[kind] = {
            **describe(new),
            "batches": [f"{LANGUAGE}-{short}-{n:02d}" for n in range(start, start + len(cut))],
            "ids": [u["id"] for u in new],
        }
    if split != "train":
        # The new split is frozen from now on: its hashes are pinned by the tests.
        drawn = [*sentence_units, *article_units]
        splits[f"{split}_ids_sha256"] = test_ids_sha256([u["id"] for u in drawn])
        splits[f"{split}_units_sha256"] = test_units_sha256(drawn)
    splits.setdefault("waves", []).append(
        {
            "seed": args.seed,
            "split": split,
            "language": LANGUAGE,
            "method": (
                f"New {split} units from WiNER-fr documents no unit of any split came from, no"
                " text repeating a drawn unit. Articles: political documents (first draw's"
                " criterion), sorted by doc id, random.Random('<seed>:articles:fr').sample."
                " Sentences: candidates of the other documents (first draw's criterion), a"
                " quarter drawn at random then the rest among named-entity/topic candidates,"
                " round robin over documents with random.Random('<seed>:sentences:fr')."
            ),
            "pool": {
                "documents": len(documents),
                "political_articles": len(article_pool),
                "sentence_candidates": len(candidates),
                "ne_topic_candidates": len(ne_topic),
            },
            **written,
        }
    )
    (REAL / "splits.json").write_text(
        json.dumps(splits, indent=1, ensure_ascii=False, sort_keys=True) + "\n", "utf-8"
    )
    summary = {k: {kk: vv for kk, vv in v.items() if kk != "ids"} for k, v in written.items()}
    print(json.dumps({"pool": splits["waves"][-1]["pool"], **summary}, indent=1))
    print("by selection:", dict(Counter(u["selection"] for u in sentence_units)))


if __name__ == "__main__":
    main()
