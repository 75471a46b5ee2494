"""Story clustering on real SQLite stores with hand-built articles (no NLP).

Each test builds articles whose structured signals (resolved actors, event
types, figures, dates) and MinHash signatures are set on purpose, saves them
through the store like the engine does, and checks which stories they form.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _records_factory import long_text, make_article
from veille.records import ActorRef, ArticleResult, Event, Mention, Quantity, Section, Span
from veille.store import SqliteStore, Store, open_store
from veille.stories import (
    article_signals,
    assign_missing,
    assign_story,
    drop_keys,
    story_events,
    story_json,
    upcoming_keys,
)
from veille.stories.cluster import StoryOptions, explain_link, links
from veille.stories.merge import merge_events
from veille.stories.signals import (
    LONG,
    rarity,
    same_singular_happening,
    shared_evidence,
    similarity,
)

DAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def report(
    article_id: str,
    actors: Sequence[str],
    *,
    day: int = 0,
    hours: int = 0,
    event: tuple[str, str, str] | None = None,
    figure: float | None = None,
    text_seed: int | None = None,
    text: str | None = None,
) -> ArticleResult:
    """An article naming ``actors``, with one ``(type, source, target)`` event and a figure."""
    body = (
        text
        if text is not None
        else long_text(text_seed if text_seed is not None else sum(map(ord, article_id)))
    )
    article = make_article(article_id, body, published=DAY + timedelta(days=day, hours=hours))
    mentions = tuple(
        Mention(0, 5, body[:5], "person" if a.startswith("PER:") else "country", a) for a in actors
    )
    events: tuple[Event, ...] = ()
    if event is not None:
        kind, source, target = event
        events = (
            Event(
                article_id=article_id,
                event_type=kind,
                trigger=Span(0, 5, body[:5]),
                sentence=Span(0, 40, body[:40]),
                source=(ActorRef(source, source, 0, 5),),
                target=(ActorRef(target, target, 0, 5),) if target else (),
                quantities=(Quantity(figure, None, "troops", False, 0, 5),) if figure else (),
                event_date=(DAY + timedelta(days=day)).date().isoformat(),
            ),
        )
    return ArticleResult(article, mentions, events)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "stories.db") as opened:
        yield opened


STRUCTURED_ONLY = StoryOptions(similarity="off")
"""The hand-built reports below share one template text (``long_text``): their words would
link them all, so the structured rules are tested with the text keys off."""


def save_and_assign(store: Store, result: ArticleResult, source: str | None = None) -> str:
    outcome = store.save(result, source or f"src/{result.article.id}")
    return assign_story(store, result, outcome, STRUCTURED_ONLY)


def test_a_first_article_starts_a_story_named_after_it(store: Store) -> None:
    story = save_and_assign(store, report("a1", ["RUS", "EST"], event=("COERCE", "RUS", "EST")))
    assert story == "st-a1"
    assert [m.article_id for m in store.story_members(story)] == ["a1"]


def test_a_syndicated_copy_with_changed_boilerplate_joins_the_story(store: Store) -> None:
    body = long_text(7)
    first = save_and_assign(store, report("orig", [], text=body))
    # No actors, no events: only the text links them, through the MinHash links.
    copy = save_and_assign(
        store, report("copy", [], hours=3, text=body + " Abonnez-vous à notre lettre.")
    )
    assert copy == first
    assert store.story_member("copy") is not None
    assert store.story_member("copy").link == "near-duplicate"  # type: ignore[union-attr]


def test_an_exact_duplicate_gets_the_story_of_the_article_it_duplicates(store: Store) -> None:
    body = long_text(8)
    first = save_and_assign(store, report("one", ["FRA"], text=body))
    again = report("two", ["FRA"], text=body)
    outcome = store.save(again, "elsewhere")
    assert outcome.status == "duplicate"
    assert assign_story(store, again, outcome) == first
    assert assign_story(store, again) == first


def test_a_rewrite_by_another_outlet_joins_by_its_structured_signals(store: Store) -> None:
    actors = ["NATO", "RUS", "NOR", "PER:mark-rutte"]
    first = save_and_assign(
        store, report("fr", actors, event=("MOBILIZE", "NATO", ""), figure=20000, text_seed=1)
    )
    other = save_and_assign(
        store,
        report("en", actors, day=1, event=("MOBILIZE", "NATO", ""), figure=20000, text_seed=2),
    )
    assert other == first
    assert store.story_member("en").link == "structured"  # type: ignore[union-attr]


def test_same_actors_on_another_day_are_another_story(store: Store) -> None:
    actors = ["RUS", "EST", "NATO"]
    first = save_and_assign(store, report("mon", actors, event=("COERCE", "RUS", "EST"), figure=3))
    later = save_and_assign(
        store, report("later", actors, day=8, event=("COERCE", "RUS", "EST"), figure=3)
    )
    assert later != first


def test_one_shared_state_alone_does_not_link_two_reports(store: Store) -> None:
    first = save_and_assign(store, report("a", ["USA", "CHN"], event=("SANCTION", "USA", "CHN")))
    other = save_and_assign(store, report("b", ["USA", "VEN"], event=("THREATEN", "USA", "VEN")))
    assert other != first


def test_an_article_bridging_two_unrelated_stories_joins_one_and_merges_none(
    store: Store,
) -> None:
    # a and c share too little to link; b links to each. A single-link chain
    # would glue them (issue 19: a roundup naming both happenings).
    a = save_and_assign(store, report("a", ["IRN", "EU", "PER:kaja-kallas"], hours=1))
    c = save_and_assign(store, report("c", ["IRN", "IAEA", "PER:rafael-grossi"], hours=5))
    assert a != c
    b = save_and_assign(
        store,
        report("b", ["IRN", "EU", "IAEA", "PER:kaja-kallas", "PER:rafael-grossi"], hours=3),
    )
    assert b in (a, c)
    assert [m.article_id for m in store.story_members(a)] in (["a"], ["a", "b"])
    assert len(store.story_members(a)) + len(store.story_members(c)) == 3


def test_a_report_between_two_agreeing_stories_merges_them_under_the_earliest_id(
    store: Store,
) -> None:
    # The same happening reported on day 0 and day 2 (out of each other's
    # window) and on day 1: the day-1 report links both, and the two stories
    # agree with each other, so they become one.
    actors = ["NATO", "NOR", "PER:mark-rutte"]
    event = ("MOBILIZE", "NATO", "NOR")
    a = save_and_assign(store, report("a", actors, day=0, event=event, figure=20000.0))
    c = save_and_assign(store, report("c", actors, day=2, event=event, figure=20000.0))
    assert a != c
    b = save_and_assign(store, report("b", actors, day=1, event=event, figure=20000.0))
    assert b == a == "st-a"
    assert [m.article_id for m in store.story_members("st-a")] == ["a", "b", "c"]
    # The absorbed story's id still leads to the merged story.
    assert [m.article_id for m in store.story_members(c)] == ["a", "b", "c"]


def test_a_follow_up_of_another_kind_links_beyond_the_window_another_occurrence_does_not(
    store: Store,
) -> None:
    # Two days apart (the window is one day) but naming the same person: a
    # development of another kind (talks after the exercise began) is in the
    # story, with the text keys on. The same kind of act two days later is
    # another occurrence (docs/stories.md, "What one story is"), even when it
    # links to the development; eight days apart nothing follows.
    words = StoryOptions(similarity="words", follow_up_days=3)
    # Two persons: one person alone is no development's evidence (a head of state acts
    # in a new happening most days), nor is the place the template text names (Minsk).
    actors = ["NATO", "NOR", "PER:mark-rutte", "PER:jonas-gahr-store"]

    def assign(result: ArticleResult, options: StoryOptions) -> str:
        return assign_story(store, result, store.save(result, f"src/{result.article.id}"), options)

    begins = ("MOBILIZE", "NATO", "NOR")
    talks = ("CONSULT", "NATO", "NOR")
    first = assign(report("a", actors, day=0, event=begins, figure=20000.0, text_seed=5), words)
    later = assign(report("c", actors, day=2, event=talks, figure=20000.0, text_seed=6), words)
    assert later == first
    again = assign(report("d", actors, day=2, event=begins, figure=20000.0, text_seed=8), words)
    assert again != first
    far = assign(report("z", actors, day=8, event=talks, figure=20000.0, text_seed=7), words)
    assert far not in (first, again)
    # Without the text keys the same two reports stay apart: see
    # test_a_report_between_two_agreeing_stories_merges_them_under_the_earliest_id.


def test_an_earlier_report_arriving_late_renames_the_story_and_keeps_an_alias(
    store: Store,
) -> None:
    actors = ["COD", "RWA", "QAT", "PER:antonio-guterres"]
    late = save_and_assign(store, report("later", actors, hours=6))
    assert late == "st-later"
    first = save_and_assign(store, report("earlier", actors, hours=1))
    assert first == "st-earlier"
    assert [m.article_id for m in store.story_members("st-later")] == ["earlier", "later"]


HAPPENINGS = [
    # (id, actors, day, event, figure)
    ("n1", ["NATO", "RUS", "NOR", "PER:mark-rutte"], 0, ("MOBILIZE", "NATO", ""), 20000.0),
    ("n2", ["NATO", "RUS", "NOR", "PER:mark-rutte"], 1, ("MOBILIZE", "NATO", ""), 20000.0),
    ("n3", ["NATO", "NOR", "PER:mark-rutte"], 1, ("MOBILIZE", "NATO", ""), 25000.0),
    ("e1", ["RUS", "EST", "NATO"], 5, ("COERCE", "RUS", "EST"), 3.0),
    ("e2", ["RUS", "EST"], 5, ("COERCE", "RUS", "EST"), 3.0),
    ("e3", ["RUS", "EST", "NATO"], 13, ("COERCE", "RUS", "EST"), 3.0),
    ("t1", ["CHN", "TWN", "USA"], 2, ("MOBILIZE", "CHN", "TWN"), 34.0),
    ("t2", ["CHN", "TWN", "USA"], 3, ("MOBILIZE", "CHN", "TWN"), 34.0),
    ("x1", ["FRA", "UKR", "PER:volodymyr-zelensky"], 2, ("AID", "FRA", "UKR"), 1.5e9),
]


def cluster(path: Path, order: Sequence[int]) -> dict[str, str]:
    with open_store(path) as opened:
        for index in order:
            article_id, actors, day, event, figure = HAPPENINGS[index]
            save_and_assign(
                opened,
                report(article_id, actors, day=day, event=event, figure=figure, text_seed=index),
            )
        return {
            h[0]: member.story_id
            for h in HAPPENINGS
            if (member := opened.story_member(h[0])) is not None
        }


def test_the_happenings_form_the_expected_stories(tmp_path: Path) -> None:
    stories = cluster(tmp_path / "in-order.db", range(len(HAPPENINGS)))
    groups = sorted(sorted(k for k, v in stories.items() if v == s) for s in set(stories.values()))
    assert groups == [["e1", "e2"], ["e3"], ["n1", "n2", "n3"], ["t1", "t2"], ["x1"]]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_arrival_order_changes_neither_the_stories_nor_their_ids(tmp_path: Path, seed: int) -> None:
    order = list(range(len(HAPPENINGS)))
    random.Random(seed).shuffle(order)
    reference = cluster(tmp_path / f"ref-{seed}.db", range(len(HAPPENINGS)))
    shuffled = cluster(tmp_path / f"shuffled-{seed}.db", order)
    assert shuffled == reference


def test_rerunning_the_same_articles_keeps_every_story_id(tmp_path: Path) -> None:
    path = tmp_path / "rerun.db"
    first = cluster(path, range(len(HAPPENINGS)))
    again = cluster(path, range(len(HAPPENINGS)))
    assert again == first
    with open_store(path) as opened:
        assert sum(s.size for s in opened.stories(limit=None)) == len(HAPPENINGS)


def test_assign_missing_clusters_only_what_has_no_story(store: Store) -> None:
    for index, (article_id, actors, day, event, figure) in enumerate(HAPPENINGS[:3]):
        result = report(article_id, actors, day=day, event=event, figure=figure, text_seed=index)
        store.save(result, article_id)
    assert sorted(assign_missing(store)) == ["n1", "n2", "n3"]
    assert list(assign_missing(store)) == []
    assert {store.story_member(i).story_id for i in ("n1", "n2", "n3")} == {"st-n1"}  # type: ignore[union-attr]


def test_candidates_are_read_from_the_window_only(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "window.db") as opened:
        save_and_assign(opened, report("old", ["RUS", "EST"], day=0))
        save_and_assign(opened, report("new", ["RUS", "EST"], day=10))
        day = (DAY + timedelta(days=10)).date().toordinal()
        found = opened.story_candidates(["a:RUS"], day - 2, day + 2)
        assert [m.article_id for m in found] == ["new"]


def test_merged_events_keep_every_report_and_both_disputed_figures(store: Store) -> None:
    actors = ["NATO", "NOR", "PER:mark-rutte"]
    event = ("MOBILIZE", "NATO", "NOR")
    save_and_assign(store, report("a", actors, hours=2, event=event, figure=20000, text_seed=1))
    save_and_assign(store, report("b", actors, hours=1, event=event, figure=20000, text_seed=2))
    save_and_assign(store, report("c", actors, hours=9, event=event, figure=25000, text_seed=3))
    story = store.story_member("a").story_id  # type: ignore[union-attr]
    merged = story_events(store, story)
    assert len(merged) == 1
    only = merged[0]
    assert (only.event_type, only.source, only.target) == ("MOBILIZE", ("NATO",), ("NOR",))
    assert only.support_count == 3
    assert sorted(s.article_id for s in only.supports) == ["a", "b", "c"]
    assert only.first_article_id == "b"
    assert only.first_reported_at == DAY + timedelta(hours=1)
    # Sources of each figure are listed earliest report first.
    figures = {q.value: q.article_ids for q in only.quantities}
    assert figures == {20000: ("b", "a"), 25000: ("c",)}
    [disagreement] = [d for d in only.disagreements if d.field.startswith("quantity")]
    assert {v.value: v.article_ids for v in disagreement.values} == {
        "20000": ("b", "a"),
        "25000": ("c",),
    }


def test_different_types_or_dyads_stay_separate_merged_events(store: Store) -> None:
    actors = ["RUS", "EST", "NATO", "PER:sergey-lavrov"]
    save_and_assign(store, report("a", actors, event=("COERCE", "RUS", "EST"), text_seed=1))
    save_and_assign(store, report("b", actors, event=("ACCUSE", "EST", "RUS"), text_seed=2))
    save_and_assign(store, report("c", actors, event=("COERCE", "RUS", "EST"), text_seed=3))
    story = store.story_member("a").story_id  # type: ignore[union-attr]
    merged = story_events(store, story)
    assert sorted((m.event_type, m.support_count) for m in merged) == [
        ("ACCUSE", 1),
        ("COERCE", 2),
    ]
    assert all(not m.disagreements for m in merged)


def dated_event(
    article_id: str, body: str, kind: str, source: str, target: str, when: datetime, at: int = 0
) -> Event:
    """An event in ``body`` at sentence offset ``at``, dated ``when`` by the text."""
    return Event(
        article_id=article_id,
        event_type=kind,
        trigger=Span(at, at + 5, body[at : at + 5]),
        sentence=Span(at, at + 40, body[at : at + 40]),
        source=(ActorRef(source, source, at, at + 5),),
        target=(ActorRef(target, target, at, at + 5),) if target else (),
        event_date=when.date().isoformat(),
    )


def test_a_report_published_the_next_day_joins_by_the_day_it_gives(store: Store) -> None:
    actors = ["RUS", "EST", "NATO"]
    monday = save_and_assign(
        store, report("mon", actors, event=("SANCTION", "RUS", "EST"), figure=3, text_seed=1)
    )
    # Published two days later, but "on Monday" dates the happening to the same day.
    body = long_text(2)
    late = report("wed", actors, day=2, text=body)
    late = ArticleResult(
        late.article,
        late.mentions,
        (
            replace(
                dated_event("wed", body, "SANCTION", "RUS", "EST", DAY),
                quantities=(Quantity(3.0, None, "troops", False, 0, 5),),
            ),
        ),
    )
    assert save_and_assign(store, late) == monday


def test_the_next_incident_retelling_the_first_as_background_is_another_story(
    store: Store,
) -> None:
    actors = ["RUS", "EST", "NATO"]
    first = save_and_assign(
        store, report("first", actors, event=("SANCTION", "RUS", "EST"), figure=3, text_seed=1)
    )
    body = long_text(3)
    two_days_later = DAY + timedelta(days=2)
    article = make_article("next", body, published=two_days_later)
    events = (
        # Lead: Estonia's own expulsion, two days later.
        dated_event("next", body, "SANCTION", "EST", "RUS", two_days_later),
        # Background: the first expulsion, same actors, type and figure, dated by the text.
        replace(
            dated_event("next", body, "SANCTION", "RUS", "EST", DAY, at=200),
            quantities=(Quantity(3.0, None, "troops", False, 200, 205),),
        ),
    )
    mentions = tuple(Mention(0, 5, body[:5], "country", a) for a in actors)
    assert save_and_assign(store, ArticleResult(article, mentions, events)) != first


def test_the_same_act_on_the_same_target_by_another_actor_is_another_story(
    store: Store,
) -> None:
    actors = ["IRN", "RUS", "UKR", "EU", "USA"]
    eu = save_and_assign(
        store, report("eu", actors, event=("SANCTION", "EU", "IRN"), figure=11, text_seed=1)
    )
    us = save_and_assign(
        store,
        report("us", actors, hours=20, event=("SANCTION", "USA", "IRN"), figure=11, text_seed=2),
    )
    assert us != eu
    # The same lead by the same actor, told by another outlet, still joins.
    again = save_and_assign(
        store,
        report("eu2", actors, hours=3, event=("SANCTION", "EU", "IRN"), figure=11, text_seed=3),
    )
    assert again == eu


def test_actors_named_only_in_related_links_do_not_link_stories(store: Store) -> None:
    body = long_text(4)
    links_start = len(body) - 200
    article = replace(
        make_article("teaser", body, published=DAY),
        sections=(
            Section("body", 0, links_start),
            Section("related-links", links_start, len(body)),
        ),
    )
    named_in_links = tuple(
        Mention(
            links_start + 5,
            links_start + 10,
            body[links_start + 5 : links_start + 10],
            "country",
            a,
        )
        for a in ("RUS", "EST", "PER:kaja-kallas")
    )
    save_and_assign(store, report("story", ["RUS", "EST", "PER:kaja-kallas"], text_seed=5))
    assert save_and_assign(store, ArticleResult(article, named_in_links)) == "st-teaser"


def test_background_events_give_no_signal_and_the_lead_gives_the_day() -> None:
    body = long_text(6)
    published = DAY + timedelta(days=2, hours=5)
    article = make_article("bg", body, published=published)
    lead = dated_event("bg", body, "SANCTION", "EST", "RUS", published - timedelta(days=1))
    background = replace(
        dated_event(
            "bg", body, "ACCUSE", "PER:sergey-lavrov", "EST", DAY - timedelta(days=1), at=300
        ),
        quantities=(Quantity(72.0, None, "hours", False, 300, 305),),
    )
    signals = article_signals(ArticleResult(article, (), (background, lead)))
    # The first event of the body dates the happening, not the publication time.
    assert signals.day == (published - timedelta(days=1)).date().toordinal()
    assert "t:SANCTION:EST" in signals.features
    assert not any("lavrov" in k or k == "q:72" for k in signals.features)


def test_a_plan_the_report_announces_does_not_date_its_happening() -> None:
    body = long_text(7)
    article = make_article("plan", body, published=DAY)
    # "The new notes will be unveiled in ten weeks", told before what happened today.
    plan = dated_event("plan", body, "COOPERATE", "EU", "GRC", DAY + timedelta(days=70))
    today = dated_event("plan", body, "CONSULT", "EU", "ECB", DAY, at=200)
    signals = article_signals(ArticleResult(article, (), (plan, today)))
    assert signals.day == DAY.date().toordinal()
    # Dated far from the happening, the plan is background: it gives no lead and no signal.
    assert "t:CONSULT:EU" in signals.features
    assert "t:COOPERATE:EU" not in signals.features


# -- issue 19: no over-merge ---------------------------------------------------


def test_a_key_every_report_of_the_day_carries_does_not_link_two_reports(store: Store) -> None:
    # Twelve reports naming Trump on one day (each about something else); two
    # more sharing only Trump and the USA are not one happening.
    for n in range(12):
        busy = report(f"busy{n}", ["PER:donald-trump", "USA", f"X{n:02d}"], hours=1)
        save_and_assign(store, busy)
    speech = save_and_assign(store, report("speech", ["PER:donald-trump", "USA"], hours=5))
    affair = save_and_assign(store, report("affair", ["PER:donald-trump", "USA"], hours=6))
    assert affair != speech
    # Sharing a person the other reports of the day do not name still links them.
    first = save_and_assign(
        store, report("daniels1", ["PER:donald-trump", "USA", "PER:stormy-daniels"], hours=7)
    )
    second = save_and_assign(
        store, report("daniels2", ["PER:donald-trump", "USA", "PER:stormy-daniels"], hours=8)
    )
    assert second == first


def test_the_same_pair_links_on_a_quiet_day() -> None:
    # The discount is the window's doing: alone, Trump and the USA are enough.
    a = {"p:PER:donald-trump": 3.0, "a:USA": 1.0}
    assert shared_evidence(a, a) is True
    busy = {"p:PER:donald-trump": rarity(50), "a:USA": rarity(50)}
    assert shared_evidence(a, a, busy) is False
    assert similarity(a, a, busy) < similarity(a, a) == 1.0
    assert rarity(4) == 1.0
    assert rarity(16) == pytest.approx(0.25)


def test_a_roundup_does_not_glue_two_stories_of_the_same_day(store: Store) -> None:
    speech = ["PER:donald-trump", "USA", "PER:nancy-pelosi", "PER:joe-kennedy"]
    affair = ["PER:donald-trump", "USA", "PER:stormy-daniels", "PER:jimmy-kimmel"]
    for n in range(3):
        save_and_assign(store, report(f"speech{n}", speech, hours=n))
    for n in range(2):
        save_and_assign(store, report(f"affair{n}", affair, hours=4 + n))
    assert store.story_member("speech0").story_id != store.story_member("affair0").story_id  # type: ignore[union-attr]
    roundup = save_and_assign(store, report("roundup", sorted({*speech, *affair}), hours=8))
    sizes = sorted(len(store.story_members(s)) for s in ("st-speech0", "st-affair0"))
    assert sizes in ([2, 4], [3, 3])
    assert roundup in ("st-speech0", "st-affair0")


def test_a_copy_published_a_year_later_is_another_story(store: Store) -> None:
    body = long_text(11)
    first = save_and_assign(store, report("y2016", [], text=body))
    later = save_and_assign(
        store, report("y2017", [], day=383, text=body + " Inscriptions ouvertes.")
    )
    assert later != first
    # Three days later, the same copy is the same story.
    soon = save_and_assign(store, report("soon", [], day=3, text=body + " Partagez."))
    assert soon == first


def accusation(
    article_id: str,
    *,
    day: int = 0,
    source_sector: str | None = None,
    at: int = 100,
) -> Event:
    """ACCUSE USA→USA, its source side spanning ``at``..``at+5`` of the article."""
    return Event(
        article_id=article_id,
        event_type="ACCUSE",
        trigger=Span(at, at + 5, "x" * 5),
        sentence=Span(at, at + 40, "x" * 40),
        source=(ActorRef("Trump", "USA", at, at + 5, source_sector),),
        target=(ActorRef("them", "USA", at + 10, at + 14),),
        event_date=(DAY + timedelta(days=day)).date().isoformat(),
    )


def test_merged_events_combine_only_events_whose_persons_sectors_and_days_agree() -> None:
    # Issue 19: in a story that mixed happenings, "ACCUSE USA→USA reported by 6
    # articles" joined accusations by different people on different days.
    trump = {"a": [(100, 105, "PER:donald-trump")], "b": [(100, 105, "PER:donald-trump")]}
    pelosi = {"c": [(100, 105, "PER:nancy-pelosi")]}
    events = [accusation("a"), accusation("b"), accusation("c")]
    merged = merge_events("st", events, persons={**trump, **pelosi})
    assert sorted(m.support_count for m in merged) == [1, 2]
    # Without the persons, the codes alone agree: one merged event.
    assert [m.support_count for m in merge_events("st", events)] == [3]
    # A report naming no person on that side is vaguer, not another actor.
    vague = merge_events("st", [accusation("a"), accusation("d")], persons=trump)
    assert [m.support_count for m in vague] == [2]
    # Another sector on a side, or a day three days later, is another event.
    sectors = [accusation("a", source_sector="GOV"), accusation("e", source_sector="OPP")]
    assert len(merge_events("st", sectors)) == 2
    days = [accusation("a"), accusation("f", day=3), accusation("g", day=1)]
    assert sorted(m.support_count for m in merge_events("st", days)) == [1, 2]


def test_the_first_reports_of_a_busy_day_see_the_reports_still_to_come(
    store: Store, tmp_path: Path
) -> None:
    # The engine counts the keys of the articles it will cluster next: the first
    # two Trump items of a batch of fourteen must not link on Trump alone. (Trump with
    # Canada, not with the USA: a person with their own state links nothing on any day.)
    batch = [report("sotu", ["PER:donald-trump", "CAN"], hours=1)]
    batch.append(report("memo", ["PER:donald-trump", "CAN"], hours=2))
    batch += [
        report(f"other{n}", ["PER:donald-trump", "CAN", f"X{n:02d}"], hours=3) for n in range(12)
    ]
    signals = [article_signals(r) for r in batch]
    upcoming = upcoming_keys(signals)
    stories = []
    for result, own in zip(batch, signals, strict=True):
        outcome = store.save(result, f"src/{result.article.id}")
        drop_keys(upcoming, own)
        stories.append(assign_story(store, result, outcome, upcoming=upcoming, signals=own))
    assert stories[0] != stories[1]
    # Clustered one by one without the count, the first two link.
    with open_store(tmp_path / "blind.db") as blind:
        first = save_and_assign(blind, batch[0])
        assert save_and_assign(blind, batch[1]) == first


BARCLAYS_ARTICLE = (
    "The British bank Barclays was fined a record sum on Wednesday after traders tried to "
    "manipulate the Libor interbank lending rate, regulators in London said. The chief "
    "executive, Bob Diamond, and three other directors will forgo their bonuses this year."
)
BARCLAYS_BRIEF = (
    "Shares in Barclays plunge after the bank is hit with a record fine for attempts to "
    "manipulate Libor, the interbank lending rate."
)


def test_a_brief_joins_the_article_on_its_words_and_the_story_says_which_keys_linked_it(
    store: Store,
) -> None:
    # No resolved actor at all (the knowledge base knows no bank): only the
    # words of the two leads, weighed by rarity, can tell they are one happening.
    words = StoryOptions(similarity="words")
    article = report("a", [], text=BARCLAYS_ARTICLE)
    brief = report("b", [], hours=4, text=BARCLAYS_BRIEF)
    first = assign_story(store, article, store.save(article, "src/a"), words)
    second = assign_story(store, brief, store.save(brief, "src/b"), words)
    assert second == first
    story = story_json(store, first)
    assert story is not None
    joined = next(m for m in story["members"] if m["article_id"] == "b")
    assert joined["link"] == "keys"
    assert {"n:barclays", "n:libor"} <= set(joined["shared"])
    assert not any(key.startswith(("v:", "l:", "k:")) for key in joined["features"])
    # The structured signals alone see nothing to compare.
    off = StoryOptions(similarity="off")
    assert links(article_signals(article).features, article_signals(brief).features, off) is None


QUAKE = (
    "Overnight a strong earthquake struck the north of the country near the coast, killing "
    "at least twelve people and destroying hundreds of homes, officials said."
)
AFTERSHOCKS = (
    "Strong aftershocks shook the north again on Tuesday, a day after the earthquake that "
    "left thousands of residents homeless."
)


@pytest.mark.parametrize(
    ("second_actors", "second_text", "together"),
    [
        (["ITA"], AFTERSHOCKS, True),
        # Another state: its own earthquake.
        (["GRC"], AFTERSHOCKS, False),
        # A protest is no singular happening: a state has several in a week.
        (["ITA"], AFTERSHOCKS.replace("aftershocks", "protests").replace("earthquake", "march"),
         False),
    ],
)  # fmt: skip
def test_a_brief_naming_the_same_state_and_earthquake_joins_without_a_shared_name(
    store: Store, second_actors: list[str], second_text: str, together: bool
) -> None:
    # The two leads share no person, name or figure: only the state and the
    # kind of happening, which a state lives one of at a time.
    words = StoryOptions(similarity="words")
    quake = report("q", ["ITA"], text=QUAKE)
    brief = report("b", second_actors, day=1, text=second_text)
    first = assign_story(store, quake, store.save(quake, "src/q"), words)
    second = assign_story(store, brief, store.save(brief, "src/b"), words)
    assert (second == first) is together


def test_a_singular_happening_needs_a_state_and_a_kind_few_reports_carry() -> None:
    quake = {"a:ITA": 1.0, "c:earthquake": 1.0}
    assert same_singular_happening(quake, {"a:ITA": 1.0, "c:earthquake": 1.0, "w:north": 0.5})
    assert not same_singular_happening(quake, quake, {"c:earthquake": rarity(8)})
    assert not same_singular_happening(
        {"a:EU": 1.0, "c:election": 1.0}, {"a:EU": 1.0, "c:election": 1.0}
    )
    assert not same_singular_happening({"a:ITA": 1.0, "c:fine": 1.0}, {"a:ITA": 1.0, "c:fine": 1.0})


def test_two_long_reports_sharing_one_actor_and_common_words_stay_apart(store: Store) -> None:
    # Two reports of the same day naming the USA, with the common words of
    # any news report: one shared state is not a happening.
    words = StoryOptions(similarity="words")
    storm = (
        "Washington said on Tuesday that federal aid would reach the coast of Florida, where "
        "the storm destroyed hundreds of homes. Officials said the government would send "
        "engineers and that the president would visit the region later this week."
    )
    trade = (
        "Washington said on Tuesday that negotiators had reached a trade agreement with Tokyo "
        "on car parts. Officials said the government would lower tariffs and that the "
        "president would sign the agreement later this week."
    )
    first = report("a", ["USA"], text=storm)
    second = report("b", ["USA"], hours=2, text=trade)
    one = assign_story(store, first, store.save(first, "src/a"), words)
    two = assign_story(store, second, store.save(second, "src/b"), words)
    assert one != two


OIL_REPORT_ACTORS = [
    *("USA", "VEN", "SAU", "IRQ", "LBY", "GUY", "OPEC", "CHN", "RUS", "IRN", "CUB", "COL"),
    *("PER:donald-trump", "PER:nicolas-maduro", "PER:marco-rubio", "PER:delcy-rodriguez"),
    *("PER:hugo-chavez", "PER:barack-obama"),
]
"""A long report on Venezuelan oil: a dozen states and six persons."""


def test_a_long_report_contained_in_another_long_one_is_another_happening(store: Store) -> None:
    # The long report on a tracksuit names only what the long oil report names among
    # many other things: containment links a brief to its article, not two long reports.
    oil = report("oil", OIL_REPORT_ACTORS, event=("COOPERATE", "USA", "VEN"), text_seed=11)
    tracksuit_actors = ["USA", "PER:donald-trump", "PER:nicolas-maduro", "GOOGLE"]
    tracksuit = report("tracksuit", tracksuit_actors, hours=5, text_seed=12)
    assert LONG in article_signals(tracksuit).features
    first = save_and_assign(store, oil)
    assert save_and_assign(store, tracksuit) != first


def test_two_long_reports_apart_on_their_signals_do_not_link_on_their_keys(
    store: Store,
) -> None:
    # With the text keys on, the two persons they share (rare that day) and the words
    # of the lead linked the same pair on its keys.
    words = StoryOptions(similarity="words")
    oil = report("oil", OIL_REPORT_ACTORS, event=("COOPERATE", "USA", "VEN"), text_seed=11)
    tracksuit_actors = ["USA", "PER:donald-trump", "PER:nicolas-maduro", "GOOGLE"]
    tracksuit = report("tracksuit", tracksuit_actors, hours=5, text_seed=12)
    first = assign_story(store, oil, store.save(oil, "src/oil"), words)
    assert assign_story(store, tracksuit, store.save(tracksuit, "src/t"), words) != first


def test_a_brief_naming_what_the_long_report_names_still_joins_it(store: Store) -> None:
    oil = report("oil", OIL_REPORT_ACTORS, event=("COOPERATE", "USA", "VEN"), text_seed=11)
    brief_text = "Donald Trump veut le pétrole vénézuélien de Nicolás Maduro."
    brief = report(
        "brief", ["USA", "PER:donald-trump", "PER:nicolas-maduro"], hours=5, text=brief_text
    )
    assert LONG not in article_signals(brief).features
    first = save_and_assign(store, oil)
    assert save_and_assign(store, brief) == first


WILDFIRE = (
    "A state of emergency is declared in California as the Sierra wildfire threatens "
    "hundreds of homes near Fresno; firefighters evacuate three towns."
)
EARTHQUAKE = (
    "Several hundred earthquakes hit southern California, the largest measuring 5.5 near "
    "Brawley; buildings are damaged and roads closed."
)
SACKS_MINISTER = (
    "Vladimir Putin sacks the defence minister Anatoly Serdyukov amid a corruption scandal "
    "over the sale of army property."
)
SACKS_CHIEF = (
    "Vladimir Putin sacks the chief of the general staff Nikolai Makarov, days after the "
    "corruption scandal that cost the defence minister his post."
)
FINED = "Barclays is fined a record sum for attempting to manipulate Libor, the lending rate."
RESIGNS = "Bob Diamond resigns as chief executive of Barclays after the Libor fine."


def follow_up_link(
    first: ArticleResult, second: ArticleResult, days: int = 3
) -> tuple[float, str] | None:
    """How two reports ``days`` apart link with the text keys on (None when they do not)."""
    words = StoryOptions(similarity="words")
    one, other = (article_signals(r).features for r in (first, second))
    return explain_link(one, other, words, gap=days)


def test_a_later_report_sharing_only_a_place_or_one_person_is_no_development() -> None:
    # Real dev part: the California wildfires, patent verdict and earthquakes of one week,
    # and two sackings by Putin three days apart, linked as follow-ups.
    assert follow_up_link(report("f", [], text=WILDFIRE), report("q", [], text=EARTHQUAKE)) is None
    sacked, chief = putin_report("m", SACKS_MINISTER), putin_report("c", SACKS_CHIEF)
    assert follow_up_link(sacked, chief) is None


def person_report(
    article_id: str,
    text: str,
    name: str = "Vladimir Putin",
    code: str = "PER:vladimir-putin",
    hours: int = 0,
) -> ArticleResult:
    """A report whose words name a person, resolved as the pipeline resolves them."""
    bare = report(article_id, [], text=text, hours=hours)
    start = text.index(name)
    return replace(bare, mentions=(Mention(start, start + len(name), name, "person", code),))


def putin_report(article_id: str, text: str) -> ArticleResult:
    """A report whose words name Vladimir Putin."""
    return person_report(article_id, text)


def test_a_development_naming_what_the_first_report_named_is_a_follow_up() -> None:
    found = follow_up_link(report("fine", [], text=FINED), report("quits", [], text=RESIGNS))
    assert found is not None
    assert found[1] == "follow-up"


def test_a_person_and_their_own_state_are_one_signal_not_two(store: Store) -> None:
    # Real dev part: "Obama announces a visit to Burma" and, the next day, "Petraeus
    # resigns in a letter to Obama" share Obama and the USA: what every report of the
    # US president names. Gruevski and Macedonia glued two Skopje rallies the same way.
    visit = report("visit", ["PER:barack-obama", "USA"], event=("CONSULT", "USA", ""))
    resigns = report("resigns", ["PER:barack-obama", "USA"], hours=20, text_seed=3)
    first = save_and_assign(store, with_nationality(visit, "USA"))
    assert save_and_assign(store, with_nationality(resigns, "USA")) != first


def with_nationality(result: ArticleResult, country: str) -> ArticleResult:
    """Give the report's person mentions the country the resolver gives a person's name."""
    mentions = tuple(
        replace(m, country=country) if m.kind == "person" else m for m in result.mentions
    )
    return replace(result, mentions=mentions)


def test_a_person_with_another_actor_than_their_state_still_links(store: Store) -> None:
    # The ECB's president (Italian) and the ECB: two signals, as in the real brief and
    # French article on the new euro notes.
    brief = report("brief", ["PER:mario-draghi", "ECB"], text="Draghi confirms new euro notes.")
    article = report("article", ["PER:mario-draghi", "ECB", "EU", "GRC"], hours=20)
    first = save_and_assign(store, with_nationality(brief, "ITA"))
    assert save_and_assign(store, with_nationality(article, "ITA")) == first


OBAMA_VISIT = (
    "US President Barack Obama announces he will visit Burma later this month, the first "
    "visit of a sitting American president to the country."
)
PETRAEUS_RESIGNS = (
    "CIA Director David Petraeus submits his resignation to President Barack Obama, citing "
    "an extramarital affair."
)


def test_two_reports_sharing_one_person_and_no_other_name_stay_apart(store: Store) -> None:
    # Real dev part, with the text keys on: one shared person (rare that day) linked the
    # two reports on their keys; a second shared name makes such a pair.
    words = StoryOptions(similarity="words")
    obama = ("Barack Obama", "PER:barack-obama")
    visit = person_report("visit", OBAMA_VISIT, *obama)
    resigns = person_report("resigns", PETRAEUS_RESIGNS, *obama, hours=20)
    first = assign_story(store, visit, store.save(visit, "src/visit"), words)
    assert assign_story(store, resigns, store.save(resigns, "src/resigns"), words) != first


LISTING = (
    "Sunny studio near Lake Merritt, Oakland: hardwood floors, dishwasher, parking, "
    "laundry on site. Contact Nancy Barrera of Carriage House Apartments."
)
OTHER_LISTING = (
    "Top floor one-bedroom in Oakland, Lake Merritt: hardwood, dishwasher, parking. "
    "Call Nancy Barrera at Carriage House Apartments to visit."
)


def test_two_items_that_report_no_happening_do_not_link_on_their_words() -> None:
    # Flat listings of one agency share its template's names (the town, the agent, the
    # block) but neither resolves an actor, codes an event nor names a kind of happening.
    words = StoryOptions(similarity="words")
    one, other = (
        article_signals(report(name, [], text=text)).features
        for name, text in (("l1", LISTING), ("l2", OTHER_LISTING))
    )
    assert explain_link(one, other, words) is None
    assert (
        follow_up_link(report("l1", [], text=LISTING), report("l2", [], text=OTHER_LISTING)) is None
    )


FORUM_POST = "Users of Reddit say Facebook copies their best jokes and gets the laughs."
OTHER_FORUM_POST = "A photographer answers questions from Reddit users about Facebook."


def test_two_posts_days_apart_that_tell_no_act_are_no_follow_up() -> None:
    # Two posts of one forum name the forum and an organisation the resolver knows,
    # but neither codes an event nor names a kind of happening: no development of one.
    first, second = (
        person_report(name, text, name="Facebook", code="META")
        for name, text in (("r1", FORUM_POST), ("r2", OTHER_FORUM_POST))
    )
    assert follow_up_link(first, second) is None


def test_a_place_named_city_does_not_make_a_listing_tell_a_happening() -> None:
    # "Union City" gives the concept of a city, which is no kind of happening.
    words = StoryOptions(similarity="words")
    one, other = (
        article_signals(report(name, [], text=text.replace("Oakland", "Union City"))).features
        for name, text in (("l1", LISTING), ("l2", OTHER_LISTING))
    )
    assert "c:city" in one
    assert explain_link(one, other, words) is None


SINGER_ADVERT = (
    "In a full-page advertisement bought in a Sunday newspaper, the singer Orrinta thanks "
    "the women who arranged her charity shows, after the music awards left every female "
    "artist off the list of nominees. Her open letter asks the jury to publish how its "
    "members vote, and several other performers shared it within the hour, saying the "
    "industry rewards the same small circle of producers year after year while young "
    "songwriters struggle to be heard on radio."
)
SINGER_LAWSUIT = (
    "Two ticket holders sue a campaign group in a district court over the cancelled "
    "Orrinta concert in the capital, claiming the activists cost them flights and hotel "
    "rooms booked for the night. The claim seeks damages under a statute that lets "
    "citizens take boycott promoters to court, and the group says it will contest the "
    "suit and raise money for its lawyers from supporters abroad, calling the case an "
    "attempt to silence peaceful criticism of government policy."
)


def test_two_full_leads_sharing_one_name_and_little_else_do_not_link() -> None:
    # Real sample and dev part: one outlet's items of a day about the same singer (an
    # advert, a lawsuit), a talk-show host, a hashtag linked on that one name.
    words = StoryOptions(similarity="words")
    advert, lawsuit = (
        article_signals(report(name, [], text=text, hours=hours)).features
        for name, text, hours in (("ad", SINGER_ADVERT, 0), ("suit", SINGER_LAWSUIT, 3))
    )
    assert explain_link(advert, lawsuit, replace(words, lone_key_link=0.0)) is not None
    assert explain_link(advert, lawsuit, words) is None


def test_two_one_line_briefs_sharing_one_name_still_link() -> None:
    # A one-line brief has few keys: its cosine with another brief says little, and the
    # briefs of one happening often share only its name ("Barclays").
    words = StoryOptions(similarity="words")
    fined = article_signals(report("fine", [], text=FINED)).features
    shares = "Shares in Barclays plunge by a sixth on the morning after the penalty."
    plunge = article_signals(report("shares", [], text=shares, hours=3)).features
    assert explain_link(fined, plunge, words) is not None


BRAND_LECTURE = (
    "Tech firms dominate advertising, Professor Ilse Varnholt of the Kessler School tells "
    "students in a lecture on brand strategy at Dunmore Hall, arguing that luxury houses "
    "such as Maison Orlac survive by staying small, that retailers who chase volume lose "
    "their margins, and that graduates should choose careers in growing cities."
)
SAFETY_HEARING = (
    "Executives of the platforms appear before Senator Ruth Okonjo and Senator Dale "
    "Brannick at a hearing on child safety online, where lawmakers press them on teenage "
    "users, parental controls and harmful videos; the Cardell Act to require age "
    "verification wins support from both parties in the Commerce Committee."
)


def test_two_organisations_shared_do_not_link_reports_whose_words_disagree() -> None:
    # Real sample: a lecture naming the tech giants and a Senate hearing of their
    # executives, or a whistleblower's account, linked on two organisations alone.
    words = StoryOptions(similarity="words")
    lecture, hearing = (
        article_signals(report(name, ["GOOGLE", "META"], text=text, hours=hours)).features
        for name, text, hours in (("talk", BRAND_LECTURE, 0), ("hearing", SAFETY_HEARING, 5))
    )
    assert explain_link(lecture, hearing, replace(words, key_agree=0.0)) is not None
    assert explain_link(lecture, hearing, words) is None


TOOLKIT_RELEASE = (
    "Version twelve of the Zentrabyte toolkit is out today, Marta Esquivel of the Harrow "
    "team writes: developers can now batch their reporting calls, stream results in "
    "pages of ten thousand rows and sign requests with the Tessaly token service. "
    "The sunset of version ten is set for the spring, so teams still calling it "
    "should plan their migration with the Corvane guide and test against the sandbox first."
)
TOOLKIT_WORKSHOPS = (
    "Register now for the autumn Zentrabyte workshops in Lisbon, Nairobi and Osaka, "
    "Daniel Okoro of the Brisk Labs team announces: engineers will walk through "
    "campaign budgets, audience lists and shopping feeds, with hands-on labs each "
    "afternoon and a session of questions from Pemberton partners. Seats are limited "
    "to forty a city, lunch is served, and the slides go to every attendee afterwards by mail."
)


def test_two_full_leads_days_apart_sharing_a_product_name_are_no_follow_up() -> None:
    # Real sample: two posts of one product's blog three days apart (a release, the
    # workshops), two pages of one bank's site, linked as follow-ups on a shared name.
    words = StoryOptions(similarity="words")
    release = report(
        "release", ["GOOGLE", "USA"], text=TOOLKIT_RELEASE, event=("REJECT", "USA", "")
    )
    workshops = report(
        "workshops", ["GOOGLE", "USA"], text=TOOLKIT_WORKSHOPS, event=("CONSULT", "GOOGLE", "")
    )
    one, other = (article_signals(r).features for r in (release, workshops))
    assert explain_link(one, other, replace(words, follow_up_key=0.0), gap=3) is not None
    assert explain_link(one, other, words, gap=3) is None
