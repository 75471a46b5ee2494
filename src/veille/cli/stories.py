"""Story commands: ``veille stories``, ``veille story ID``, ``veille eval-stories``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from veille.cli.base import opened_store, sample_corpus, settings
from veille.cli.render import console, print_json, print_story, print_story_list
from veille.cli_options import JsonOption
from veille.errors import VeilleError
from veille.queries import story_page
from veille.serialize import to_dict
from veille.settings import Settings

WindowOption = Annotated[
    int | None,
    typer.Option(
        "--window",
        help="Days between the dates two reports give for one happening "
        "(default: VEILLE_STORY_WINDOW, else 1).",
    ),
]
ThresholdOption = Annotated[
    float | None,
    typer.Option(
        "--threshold",
        help="Similarity (0-1) from which reports are linked "
        "(default: VEILLE_STORY_THRESHOLD, else 0.45).",
    ),
]
SimilarityOption = Annotated[
    str | None,
    typer.Option(
        "--similarity",
        help="Text similarity: off, words (names, concepts, stems), vectors (words + French "
        "word vectors) or e5 (words + multilingual embeddings, extra [embed]) (default: "
        "VEILLE_STORY_SIMILARITY, else off).",
    ),
]


def list_stories(
    limit: Annotated[int, typer.Option(help="How many, most recent first.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List stories: articles reporting the same happening, most recent first."""
    from veille.stories.views import summary_json  # noqa: PLC0415

    with opened_store() as store:
        page = story_page(store, limit, offset)
    if as_json:
        print_json([summary_json(s, page.titles[s.id]) for s in page.stories])
        return
    print_story_list(page.stories, page.titles)


def show_story(
    story_id: Annotated[str, typer.Argument(help="Story id (see `veille stories`).")],
    as_json: JsonOption = False,
) -> None:
    """Show one story: its articles and merged events with their supports and disagreements."""
    from veille.stories import story_events  # noqa: PLC0415
    from veille.stories.views import story_json  # noqa: PLC0415

    with opened_store() as store:
        members = store.story_members(story_id)
        if not members:
            raise VeilleError(
                f"no story with id {story_id!r}; list ids with `veille stories`",
                code="E-NOT-FOUND",
            )
        if as_json:
            print_json(story_json(store, story_id))
            return
        articles = {m.article_id: store.article(m.article_id) for m in members}
        merged = story_events(store, story_id)
    print_story(members, articles, merged)


def evaluate_stories(
    corpus: Annotated[
        Path | None,
        typer.Argument(
            help="Folder with articles/ and gold.json (e.g. eval/stories), or the real-news "
            "set eval/stories_real (items.jsonl, split.json, adjudicated labels); "
            "default: the bundled samples and their stories.json."
        ),
    ] = None,
    window: WindowOption = None,
    threshold: ThresholdOption = None,
    similarity: SimilarityOption = None,
    part: Annotated[
        str,
        typer.Option(
            "--part",
            help="Real-news set only: score dev, test (aggregates only) or all (both).",
        ),
    ] = "all",
    shared: Annotated[
        Path | None,
        typer.Option(
            "--shared",
            help="Real-news set only: the ../shared/eval folder its feed entries and pages "
            "point to (default: found next to the repository).",
        ),
    ] = None,
    by_window: Annotated[
        bool,
        typer.Option("--by-window", help="Real-news set only: dev scores per window too."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Score story clustering on a gold set: pairwise P/R/F1, cross-language recall, merging."""
    import tempfile  # noqa: PLC0415
    from dataclasses import replace  # noqa: PLC0415

    from veille.evaluation.stories import (  # noqa: PLC0415
        cluster_corpus,
        format_scores,
        load_story_gold,
        score_stories,
    )
    from veille.samples import REFERENCE_TIME, samples_dir  # noqa: PLC0415

    # The story options travel in the settings: the engine clusters each
    # article as it is saved, with the options the settings give.
    story = {"story_window": window, "story_threshold": threshold, "story_similarity": similarity}
    if corpus is not None and (corpus / "items.jsonl").is_file():
        _evaluate_real_set(
            corpus, settings(**story), part=part, shared=shared, by_window=by_window,
            as_json=as_json,
        )  # fmt: skip
        return
    if corpus is None:
        root = samples_dir()
        gold = load_story_gold(root / "stories.json")
        sources = sample_corpus()
        current = settings(as_of=REFERENCE_TIME, **story)
    else:
        root = corpus
        if not (root / "gold.json").is_file() or not (root / "articles").is_dir():
            raise VeilleError(
                f"{root} needs an articles/ folder and a gold.json file (see eval/stories), "
                "or items.jsonl and split.json (see eval/stories_real)",
                code="E-USAGE",
            )
        gold = load_story_gold(root / "gold.json")
        sources = [str(root / "articles")]
        current = settings(**story)
    with tempfile.TemporaryDirectory(prefix="veille-stories-") as scratch:
        # A fresh store: scores must not depend on what the user's store holds.
        current = replace(current, db=str(Path(scratch) / "eval.db"))
        with opened_store(current) as store:
            clustered = cluster_corpus(root, sources, store, current)
    scores = score_stories(gold, clustered.stories, clustered.languages, clustered.events)
    if as_json:
        print_json(to_dict(scores))
        return
    console.print(f"[bold]{escape(str(root))}[/]")
    console.print(escape(format_scores(scores)), soft_wrap=True)


def _evaluate_real_set(
    folder: Path,
    current: Settings,
    *,
    part: str,
    shared: Path | None,
    by_window: bool,
    as_json: bool,
) -> None:
    """Score the real-news story set, each part in a fresh store; test prints aggregates only."""
    import tempfile  # noqa: PLC0415
    from dataclasses import replace  # noqa: PLC0415

    from veille.evaluation.stories import format_scores, score_real_set  # noqa: PLC0415

    if part not in ("dev", "test", "all"):
        raise VeilleError(f"--part must be dev, test or all, not {part!r}", code="E-USAGE")
    if by_window and part == "test":
        raise VeilleError(
            "--by-window is for the dev part: the test part is scored as a whole only",
            code="E-USAGE",
        )
    shared = shared or _shared_eval(folder)
    report: dict[str, object] = {}
    for name in ("dev", "test") if part == "all" else (part,):
        with tempfile.TemporaryDirectory(prefix="veille-stories-real-") as scratch:
            scoped = replace(current, db=str(Path(scratch) / "eval.db"))
            with opened_store(scoped) as store:
                result = score_real_set(folder, name, store, scoped, shared)
        row: dict[str, Any] = {**to_dict(result.scores), "failed": result.failed}
        if by_window and name == "dev":
            row["per_window"] = {w: to_dict(s) for w, s in result.per_window.items()}
        report[name] = row
        if not as_json:
            console.print(f"[bold]{escape(str(folder))} — {name}[/] ({result.failed} failed)")
            console.print(escape(format_scores(result.scores)), soft_wrap=True)
            if by_window and name == "dev":
                for window, scores in result.per_window.items():
                    console.print(
                        f"  {window}: P {scores.precision:.3f} R {scores.recall:.3f} "
                        f"F1 {scores.f1:.3f} ({scores.true_pairs}/{scores.predicted_pairs} "
                        f"predicted, {scores.gold_pairs} gold)"
                    )
    if as_json:
        print_json(report)


def _shared_eval(folder: Path) -> Path | None:
    """Find ``shared/eval`` in a folder above the corpus (a worktree sits one level deeper)."""
    for parent in folder.resolve().parents:
        if (parent / "shared" / "eval").is_dir():
            return parent / "shared" / "eval"
    return None
