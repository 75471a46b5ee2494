"""Quantities and durations read from French and English text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from veille.events import quantities
from veille.events.lexicon import load_lexicon
from veille.events.quantities import find_durations, find_quantities, parse_number

FR_APPROX = load_lexicon("fr").cue("approx")
EN_APPROX = load_lexicon("en").cue("approx")


def test_french_thousands_with_every_space_kind() -> None:
    for sep in (" ", "\u00a0", "\u202f", "\u2009"):
        text = f"ont mobilisé près de 60{sep}000 militaires"
        [q] = find_quantities(text, 0, "fr", FR_APPROX)
        assert (q.value, q.what, q.approximate) == (60000.0, "militaires", True)
        assert text[q.start : q.end] == f"60{sep}000 militaires"


def test_english_thousands_and_approximation() -> None:
    [q] = find_quantities("nearly 60,000 troops", 0, "en", EN_APPROX)
    assert (q.value, q.what, q.approximate) == (60000.0, "troops", True)
    [q] = find_quantities("exactly 60,000 troops", 0, "en", EN_APPROX)
    assert not q.approximate


def test_money_with_scale_words() -> None:
    [q] = find_quantities("un prêt de 2 milliards d’euros", 0, "fr", FR_APPROX)
    assert (q.value, q.unit, q.what) == (2e9, "EUR", None)
    [q] = find_quantities("a loan of $2 billion", 0, "en", EN_APPROX)
    assert (q.value, q.unit) == (2e9, "USD")
    [q] = find_quantities("2,5 millions de dollars", 0, "fr", FR_APPROX)
    assert (q.value, q.unit) == (2.5e6, "USD")


def test_one_letter_scales_only_after_a_currency_sign() -> None:
    [q] = find_quantities("a grant of £40m for the clinics", 0, "en", EN_APPROX)
    assert (q.value, q.unit) == (40e6, "GBP")
    [q] = find_quantities("a $12.5k bounty", 0, "en", EN_APPROX)
    assert (q.value, q.unit) == (12500.0, "USD")
    # Without a sign the letter may be a unit of length: the number is left as written.
    [q] = find_quantities("a wall 300m long", 0, "en", EN_APPROX)
    assert q.value == 300.0


def test_offset_shifts_spans() -> None:
    [q] = find_quantities("la signature de 14 documents", 100, "fr", FR_APPROX)
    assert (q.start, q.end, q.value) == (116, 128, 14.0)


def test_years_dates_and_parties_are_not_quantities() -> None:
    assert find_quantities("en 2024, le 12 mars", 0, "fr", FR_APPROX) == []
    assert find_quantities("les deux pays", 0, "fr", FR_APPROX) == []
    assert find_quantities("the two countries", 0, "en", EN_APPROX) == []


def test_number_words() -> None:
    [q] = find_quantities("expelled two diplomats", 0, "en", EN_APPROX)
    assert (q.value, q.what) == (2.0, "diplomats")


def test_durations() -> None:
    cases = [
        ("fr", "pour une durée d’un an", 365),
        ("fr", "pour les cinq prochaines années", 5 * 365),
        ("fr", "pendant six mois", 180),
        ("en", "for one year", 365),
        ("en", "over the next three years", 3 * 365),
        ("en", "a six-month extension", 180),
    ]
    for language, text, days in cases:
        found = find_durations(text, 0, language)
        assert [d.days for d in found] == [days], text


def test_durations_are_not_counted_as_quantities() -> None:
    assert find_quantities("pour les cinq prochaines années", 0, "fr", FR_APPROX) == []


def test_parse_number() -> None:
    assert parse_number("60 000", "fr") == 60000
    assert parse_number("1,234,567", "en") == 1234567
    assert parse_number("2,5", "fr") == 2.5
    assert parse_number("cinq", "fr") == 5
    assert parse_number("abc", "fr") is None
    assert parse_number("", "en") is None


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.\u202f$€abcdeuroslf'’-")), max_size=40))
def test_bad_input_never_crashes_and_spans_stay_inside(text: str) -> None:
    for language, cues in (("fr", FR_APPROX), ("en", EN_APPROX)):
        for q in find_quantities(text, 0, language, cues):
            assert 0 <= q.start < q.end <= len(text)
        for d in find_durations(text, 0, language):
            assert text[d.start : d.end] == d.text
        parse_number(text, language)


def test_digits_inside_names_are_not_amounts() -> None:
    found = find_quantities("Le M23 a abattu 2 F-16 près du G7.", 0, "fr", frozenset())
    assert [q.value for q in found] == [2.0]
    found = find_quantities("The M23 shot down 2 F-16s.", 0, "en", frozenset())
    assert [q.value for q in found] == [2.0]


def test_ordinals_written_in_digits_are_ranks_not_amounts() -> None:
    found = find_quantities("The appeal went to the 9th Circuit with 12 lawyers.", 0, "en")
    assert [(q.value, q.what) for q in found] == [(12.0, "lawyers")]
    assert find_quantities("the 21st century, the 2nd Battalion", 0, "en") == []
    found = find_quantities("Le 3e régiment et le 1er bataillon, 800 hommes.", 0, "fr")
    assert [(q.value, q.what) for q in found] == [(800.0, "hommes")]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "deux",
                "DEUX",
                "vingt-cinq",
                "vingt",
                "cinq",
                "l'",
                "d’",
                "un",
                "three",
                "Two",
                "sept",
                "-",
                "'",
                " ",
                "  ",
                ",",
                "x",
                "é",
                "2",
                "ſix",
                "six",
                "onze",
                "eleven",
                "a",
            ]
        ),
        max_size=12,
    ),
    st.sampled_from(["fr", "en"]),
)
def test_spelled_number_search_finds_every_number_word(parts: list[str], language: str) -> None:
    """The one-regex search for number words finds what cutting every word would."""
    text = "".join(parts)
    reader = quantities.reader_for(language)
    words, not_counts = reader.words.numbers, reader.words.not_counts
    by_word = [
        (m.start(), m.end())
        for m in quantities._WORD.finditer(text)
        if m.group(0).lower() in words and m.group(0).lower() not in not_counts
    ]
    spelled = reader.spelled_numbers
    assert spelled is not None
    found = [
        (m.start(), m.end())
        for m in spelled.finditer(text)
        if m.group(0).lower() in words and m.group(0).lower() not in not_counts
    ]
    assert found == by_word


def test_a_number_after_les_counts_what_the_act_involves_unless_it_names_parties() -> None:
    [q] = find_quantities("les quatre pêcheurs ont été relâchés", 0, "fr", FR_APPROX)
    assert (q.value, q.what) == (4.0, "pêcheurs")
    [q] = find_quantities("les trois jeunes soldats ont été tués", 0, "fr", FR_APPROX)
    assert q.value == 3.0
    assert find_quantities("les deux camps ont repris les pourparlers", 0, "fr", FR_APPROX) == []
    # The noun naming the parties may come after adjectives.
    assert find_quantities("les deux principaux partis ont signé", 0, "fr", FR_APPROX) == []
    assert find_quantities("un conflit entre deux clans", 0, "fr", FR_APPROX) == []
    # English "the two" names parties whatever follows (party_opener): our English gold
    # counts "the two hostages" no more often than it leaves them out.
    assert find_quantities("the two leaders met on Monday", 0, "en", EN_APPROX) == []
    assert find_quantities("the three journalists were detained", 0, "en", EN_APPROX) == []


def test_estimate_nouns_are_approximate_counts() -> None:
    # "quarantaine" is a quarantine more often than forty.
    assert find_quantities("une quarantaine de mineurs", 0, "fr", FR_APPROX) == []
    [q] = find_quantities("une vingtaine de soldats ont été blessés", 0, "fr", FR_APPROX)
    assert (q.value, q.approximate) == (20.0, True)
    [q] = find_quantities("a dozen protesters were held", 0, "en", EN_APPROX)
    assert (q.value, q.approximate) == (12.0, True)


def test_hyphenated_and_teen_number_words() -> None:
    [q] = find_quantities("Forty-three miners were rescued", 0, "en", EN_APPROX)
    assert (q.value, q.what) == (43.0, "miners")
    [q] = find_quantities("Seventeen sailors were freed", 0, "en", EN_APPROX)
    assert q.value == 17.0
    [q] = find_quantities("trente-sept militants ont été interpellés", 0, "fr", FR_APPROX)
    assert q.value == 37.0


def test_times_of_day_distances_and_labels_are_no_amounts() -> None:
    for text in (
        "rassemblés à partir de 18 heures 15 devant la mairie",
        "tirs signalés à 35 km de la frontière",
        "un discours de 40 minutes",
        "sur l'aire de repos (n°17) de l'autoroute",
    ):
        assert find_quantities(text, 0, "fr", FR_APPROX) == [], text
    for text in (
        "shelling 12 miles from the border",
        "over the past 48 hours",
        "under Security Council Resolution 2231",
        "Maria Lopez, 34, was detained",
    ):
        assert find_quantities(text, 0, "en", EN_APPROX) == [], text


def test_a_count_of_others_beside_the_first_is_no_amount_of_the_event() -> None:
    text = "A ferry captain is killed and six others are injured in the blast"
    assert find_quantities(text, 0, "en", EN_APPROX) == []
    text = "two police officers are killed and nine other people are wounded"
    assert [q.value for q in find_quantities(text, 0, "en", EN_APPROX)] == [2.0]


def test_the_call_of_a_note_is_no_amount() -> None:
    assert find_quantities("l'attentat de Nice [2] a choqué", 0, "fr", FR_APPROX) == []
    [q] = find_quantities("the strikes[3] killed 4 people", 0, "en", EN_APPROX)
    assert q.value == 4.0
