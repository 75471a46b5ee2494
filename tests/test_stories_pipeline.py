"""Stories end to end: real NLP on French and English reports, the CLI, and the scorer.

The corpus is ``tests/fixtures/stories``: one NATO exercise told in French,
in English and by a third outlet giving another troop figure, a Russian
expulsion of Estonian diplomats told in French (with a syndicated copy) and
at news length in English, Estonia's retaliation two days later (whose
background retells the expulsion), another exercise whose French and English
reports give different troop figures, and a distractor about NATO and Russia
on another day.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from veille.cli import app
from veille.errors import RecordFormatError
from veille.evaluation.stories import cluster_corpus, load_story_gold, score_stories
from veille.settings import Settings
from veille.store import open_store
from veille.stories import merged_events, story_events

CORPUS = Path(__file__).parent / "fixtures" / "stories"
runner = CliRunner()


@pytest.fixture(scope="module")
def clustered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    db = tmp_path_factory.mktemp("stories") / "corpus.db"
    config = Settings.from_env(environ={}, db=str(db))
    with open_store(db) as store:
        corpus = cluster_corpus(CORPUS, [str(CORPUS / "articles")], store, config)
    return db, corpus.stories


def test_french_and_english_reports_of_one_happening_share_a_story(
    clustered: tuple[Path, dict[str, str]],
) -> None:
    _, stories = clustered
    assert stories["articles/23a_fr.txt"] == stories["articles/23b_en.txt"]
    assert stories["articles/23b_en.txt"] == stories["articles/23c_en_disagree.txt"]


def test_a_syndicated_copy_shares_the_story_and_a_distractor_does_not(
    clustered: tuple[Path, dict[str, str]],
) -> None:
    _, stories = clustered
    assert stories["articles/01a_fr.txt"] == stories["articles/01c_fr_reprise.txt"]
    assert stories["articles/01a_fr.txt"] == stories["articles/01b_en.txt"]
    assert stories["articles/d07_en_nato_rus.txt"] not in {
        stories["articles/01a_fr.txt"],
        stories["articles/23a_fr.txt"],
    }
    assert len(set(stories.values())) == 5


def test_the_next_incident_retelling_the_first_is_another_story(
    clustered: tuple[Path, dict[str, str]],
) -> None:
    _, stories = clustered
    # Same actors, same kind of act, the first expulsion retold as background.
    assert stories["articles/d09b_en_est_rus_riposte.txt"] != stories["articles/01b_en.txt"]


def test_french_and_english_troop_figures_disagree_with_both_sources(
    clustered: tuple[Path, dict[str, str]],
) -> None:
    db, stories = clustered
    with open_store(db) as store:
        merged = story_events(store, stories["articles/40a_fr.txt"])
    [(exercise, disagreement)] = [
        (m, d) for m in merged for d in m.disagreements if d.field == "quantity:troops"
    ]
    assert (exercise.event_type, exercise.source) == ("MOBILIZE", ("NATO",))
    written = {v.value: v.as_written for v in disagreement.values}
    assert written == {"50000": ("50,000 troops",), "60000": ("60 000 militaires",)}
    languages = {s.article_id: s.language for s in exercise.supports}
    assert {languages[v.article_ids[0]] for v in disagreement.values} == {"fr", "en"}


def test_agreeing_french_and_english_figures_are_one_figure(
    clustered: tuple[Path, dict[str, str]],
) -> None:
    db, stories = clustered
    with open_store(db) as store:
        merged = story_events(store, stories["articles/23a_fr.txt"])
    [exercise] = [m for m in merged if m.event_type == "MOBILIZE" and m.source == ("NATO",)]
    [troops] = [q for q in exercise.quantities if q.value == 20000]
    assert troops.kind == "troops"
    languages = {s.article_id: s.language for s in exercise.supports}
    assert {languages[a] for a in troops.article_ids} == {"fr", "en"}
    assert not [d for d in exercise.disagreements if d.field == "quantity:troops"]


def test_merged_events_count_each_real_event_once_across_languages(
    clustered: tuple[Path, dict[str, str]],
) -> None:
    db, stories = clustered
    with open_store(db) as store:
        merged = merged_events(store, "NATO", event_type="MOBILIZE")
    exercise = [m for m in merged if m.story_id == stories["articles/23a_fr.txt"]]
    assert len(exercise) == 1
    [event] = exercise
    assert event.support_count >= 2
    assert {s.language for s in event.supports} == {"fr", "en"}


def test_the_scorer_reports_perfect_clustering_on_the_fixture(
    clustered: tuple[Path, dict[str, str]],
) -> None:
    _, stories = clustered
    scores = score_stories(load_story_gold(CORPUS / "gold.json"), stories)
    assert (scores.precision, scores.recall) == (1.0, 1.0)


def test_pairwise_scores_count_pairs() -> None:
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    predicted = {"a": "1", "b": "1", "c": "2", "d": "2"}
    scores = score_stories(gold, predicted, {"a": "fr", "b": "en", "c": "en", "d": "fr"})
    # Gold pairs ab, ac, bc; predicted pairs ab, cd; only ab is right.
    assert (scores.gold_pairs, scores.predicted_pairs, scores.true_pairs) == (3, 2, 1)
    assert scores.precision == 0.5
    assert scores.recall == pytest.approx(1 / 3)
    # Cross-language gold pairs: ab and ac; ab is found.
    assert (scores.cross_language_pairs, scores.cross_language_recall) == (2, 0.5)


def test_cli_lists_stories_and_shows_one_with_merged_events(
    clustered: tuple[Path, dict[str, str]],
) -> None:
    db, stories = clustered
    listed = runner.invoke(app, ["--db", str(db), "stories", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert {row["id"] for row in rows} == set(stories.values())
    exercise = stories["articles/23a_fr.txt"]
    shown = runner.invoke(app, ["--db", str(db), "story", exercise, "--json"])
    assert shown.exit_code == 0, shown.output
    story = json.loads(shown.stdout)
    assert len(story["members"]) == 3
    assert any(e["support_count"] >= 2 for e in story["merged_events"])
    missing = runner.invoke(app, ["--db", str(db), "story", "st-nope"])
    assert missing.exit_code != 0


def test_cli_eval_stories_prints_the_scores(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["--db", str(tmp_path / "x.db"), "eval-stories", str(CORPUS), "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["f1"] == 1.0
    assert scores["cross_language_pairs"] == 5
    assert scores["merged_per_real"] <= 1.1


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=200))
def test_a_bad_gold_file_raises_a_record_format_error(text: str) -> None:
    path = Path(f"/tmp/veille-story-gold-{abs(hash(text))}.json")
    path.write_text(text, encoding="utf-8")
    outcome: object
    try:
        outcome = load_story_gold(path)
    except RecordFormatError as exc:
        outcome = exc.code
    finally:
        path.unlink()
    if isinstance(outcome, dict):
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in outcome.items())
    else:
        assert outcome == "E-STORY-GOLD"


def test_a_gold_file_of_the_wrong_shape_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text('{"happenings": []}', encoding="utf-8")
    with pytest.raises(RecordFormatError, match="not a story gold file"):
        load_story_gold(path)


def test_cli_story_options_reach_the_clustering_the_engine_does(tmp_path: Path) -> None:
    # 23c dates the exercise a day after 23a and 23b do: a window of 0 days splits it off
    # (with the text keys off; with them, it links as a follow-up sharing names).
    result = runner.invoke(
        app,
        [
            *("--db", str(tmp_path / "x.db"), "eval-stories", str(CORPUS)),
            *("--window", "0", "--similarity", "off", "--json"),
        ],
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["precision"] == 1.0
    assert scores["recall"] < 1.0
