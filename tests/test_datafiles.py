"""Package data tables: headers and blank lines skipped, a damaged row named."""

from __future__ import annotations

import pytest

from veille.datafiles import read_data, tsv_rows
from veille.errors import ActorDataError

TABLE = "# origin and licence\n\nfr\tjanvier\t1\n   \nen\tjanuary\t1\n"


def test_rows_skip_the_header_and_blank_lines() -> None:
    assert list(tsv_rows(TABLE, "months.tsv", 3)) == [
        ["fr", "janvier", "1"],
        ["en", "january", "1"],
    ]


def test_a_row_of_the_wrong_width_names_file_and_line() -> None:
    with pytest.raises(ActorDataError, match=r"states\.tsv line 2: expected 3 .* got 2"):
        list(tsv_rows("fr\tjanvier\t1\nfr\tfévrier\n", "states.tsv", 3, ActorDataError))


def test_every_shipped_table_reads_at_its_width() -> None:
    for folder, name, columns in [
        ("lexicon/fr", "calendar.tsv", 3),
        ("lexicon/en", "quantities.tsv", 3),
        ("lexicon/en", "grammar.tsv", 2),
        ("dates", "relative.tsv", 4),
        ("actors", "states.tsv", 4),
        ("places", "countries.tsv", 6),
    ]:
        rows = list(tsv_rows(read_data(folder, name), name, columns))
        assert rows, name
