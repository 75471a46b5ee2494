"""Rebuild the generated actor data files of ``veille/data/actors/``.

Usage::

    python scripts/build_actors_kb.py [--kb /path/to/shared/eval/kb/petrarch2]

It writes four files, each with a header naming its origin and licence:

* ``states.tsv``: every ISO 3166-1 state or territory with its French and
  English names from CLDR (through babel), the English names of pycountry,
  and the country header names of the Phoenix dictionary when it is given.
* ``agents_en.tsv``: English role and sector words from ``Phoenix.agents.txt``
  (needs ``--kb``; the file is left alone otherwise).
* ``persons_phoenix.tsv``: people with dated roles from
  ``Phoenix.Countries.actors.txt`` (needs ``--kb``), multi-word names only.
* ``groups_phoenix.tsv``: armed groups and NGOs from
  ``Phoenix.MilNonState.actors.txt`` and ``Phoenix.International.actors.txt``
  (needs ``--kb``), multi-word names only, coded as country + sector.

The hand-written tables (variants, capitals, demonyms, organisations, roles,
curated persons) are edited by hand and never touched here. The package reads
only the files in ``data/actors/``; nothing here runs at import or run time.
The script is deterministic: running it twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import babel
import pycountry

from veille.places.gazetteer import get_gazetteer

DATA = Path(__file__).resolve().parents[1] / "src" / "veille" / "data" / "actors"
PHOENIX_LICENCE = (
    "# Licence: MIT, (c) 2014 Open Event Data Alliance (openeventdata/petrarch2,\n"
    "# commit 676801cd9cb2924bbbad09f86d15c9323e7097bf, petrarch2/data/dictionaries/).\n"
)
# Territories CLDR names without a pycountry alpha-3 that news still treats as states.
EXTRA_ALPHA3 = {"XK": "XKX"}
# Phoenix codes that are not ISO alpha-3 but mean an ISO state.
PHOENIX_CODE_FIX = {"KSV": "XKX", "JAP": "JPN"}
# Persons whose roles all ended before this date are left out: news of 2026 rarely
# names them, and every extra name is a chance of a false match.
PHOENIX_OLDEST_ROLE_END = "1985-01-01"


def slug(text: str) -> str:
    """ASCII, lowercase, hyphen-separated form of a name, used in person ids."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def build_states(phoenix: Path | None) -> list[tuple[str, str, str, str]]:
    rows: set[tuple[str, str, str, str]] = set()
    alpha3_of: dict[str, str] = {}
    for country in pycountry.countries:
        alpha3_of[country.alpha_2] = country.alpha_3
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            # pycountry's sorted forms ("Korea, Republic of") are not how text names states.
            if name and "," not in name:
                rows.add((country.alpha_3, country.alpha_2, "en", name))
    alpha3_of.update(EXTRA_ALPHA3)
    for lang in ("fr", "en"):
        for code, name in babel.Locale(lang).territories.items():
            if code in alpha3_of:
                rows.add((alpha3_of[code], code, lang, name.replace("’", "'")))
    if phoenix is not None:
        alpha2_of = {v: k for k, v in alpha3_of.items()}
        header = re.compile(r"^([A-Z][A-Z_'.\-]+?)_*\s+\[([A-Z]{3})\]")
        for line in (phoenix / "Phoenix.Countries.actors.txt").read_text("latin-1").splitlines():
            match = header.match(line)
            if match:
                code = PHOENIX_CODE_FIX.get(match.group(2), match.group(2))
                if code in alpha2_of:
                    name = match.group(1).replace("_", " ").title().replace("'S", "'s")
                    rows.add((code, alpha2_of[code], "en", name))
    return sorted(rows)


def build_agents(phoenix: Path) -> list[tuple[str, str, str]]:
    text = (phoenix / "Phoenix.agents.txt").read_text("latin-1")
    subst: dict[str, list[str]] = {}
    for name, values in re.findall(r"^(![A-Z]+!)\s*=\s*(.+)$", text, flags=re.M):
        subst[name] = [v.strip() for v in values.split(",")]
    entry = re.compile(r"^([A-Z!][A-Z!_'.\-]*)\s*(?:\{([^}]*)\})?\s*\[~([A-Z]+)\]")
    out: dict[str, str] = {}
    for line in text.splitlines():
        match = entry.match(line.strip())
        if not match:
            continue
        code = match.group(3)
        sectors = "|".join(code[i : i + 3] for i in range(0, len(code), 3))
        forms = [match.group(1)] + [f for f in (match.group(2) or "").split() if f]
        for form in forms:
            for expanded in _expand(form, subst):
                phrase = expanded.replace("_", " ").strip().lower()
                if len(phrase) > 2 and re.fullmatch(r"[a-z][a-z '.\-]*", phrase):
                    out.setdefault(phrase, sectors)
    return sorted(("en", phrase, sectors) for phrase, sectors in out.items())


def _expand(form: str, subst: dict[str, list[str]]) -> list[str]:
    for name, values in subst.items():
        if name in form:
            return [x for v in values for x in _expand(form.replace(name, v, 1), subst)]
    return [form]


def _phoenix_date(raw: str) -> str:
    year = int(raw[:2])
    century = 2000 if year <= 25 else 1900
    return f"{century + year:04d}-{raw[2:4]}-{raw[4:6]}"


def build_persons(phoenix: Path, iso: set[str]) -> list[tuple[str, str, str, str]]:
    lines = (phoenix / "Phoenix.Countries.actors.txt").read_text("latin-1").splitlines()
    code_re = re.compile(r"^\s*\[([A-Z]{3})([A-Z]*)\s*([<>]?\d{6}(?:-\d{6})?)?\]")
    persons: list[tuple[list[str], list[tuple[str, str, str, str]]]] = []
    names: list[str] = []
    roles: list[tuple[str, str, str, str]] = []
    in_person = False
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith("[") else raw
        code = code_re.match(line)
        if code:
            country = PHOENIX_CODE_FIX.get(code.group(1), code.group(1))
            sector_code = code.group(2)
            sectors = "|".join(sector_code[i : i + 3] for i in range(0, len(sector_code), 3))
            start = end = ""
            span = code.group(3) or ""
            if span.startswith(">"):
                start = _phoenix_date(span[1:])
            elif span.startswith("<"):
                end = _phoenix_date(span[1:])
            elif "-" in span:
                start, end = (_phoenix_date(p) for p in span.split("-"))
            roles.append((country, sectors, start, end))
            continue
        if roles:
            if in_person and names:
                persons.append((names, roles))
            names, roles = [], []
            in_person = False
        if "# CountryInfo.txt" in raw and not raw.startswith("+"):
            in_person = True
        stripped = line.lstrip("+").strip().rstrip("_").strip()
        if stripped and not line.startswith(" ") and re.fullmatch(r"[A-Z][A-Z_'.\-]+", stripped):
            names.append(stripped)
    rows: dict[str, tuple[str, str, str, str]] = {}
    for person_names, person_roles in persons:
        country = person_roles[0][0]
        if country not in iso:
            continue
        ends = [r[3] for r in person_roles if r[2] or r[3]]
        if ends and all(e and e < PHOENIX_OLDEST_ROLE_END for e in ends):
            continue
        shown = []
        for name in person_names:
            words = [w for w in name.split("_") if w]
            # Single words ("YELTSIN") and titled forms ("PRESIDENT_PUTIN") are left to the
            # resolver's surname coreference and role grammar.
            if len(words) < 2 or any(w in _TITLES for w in words):
                continue
            written = " ".join(_title_case(w) for w in words)
            if _names_a_place(written):
                continue
            shown.append(written)
        if not shown:
            continue
        person_id = f"PER:{slug(shown[0])}"
        if person_id in rows:
            person_id = f"{person_id}-{country.lower()}"
        role_text = ";".join(
            f"{c}:{s}:{start}:{end}" for c, s, start, end in person_roles if c in iso
        )
        rows[person_id] = (person_id, country, "|".join(dict.fromkeys(shown)), role_text)
    return [rows[k] for k in sorted(rows)]


# A city this large, or any country or region, is what a name means before a person.
_PLACE_POPULATION = 50_000


def _names_a_place(name: str) -> bool:
    """Tell whether a Phoenix actor name is a place's ("Port Au Prince", "Deir Ez-Zor").

    Phoenix's country blocks list capitals, cities and regions beside the
    people, coded with the country they stand for; read as people, "à
    Port-au-Prince" would be a person and no place. A name the gazetteer
    gives as a country, a region or a city of ``_PLACE_POPULATION`` people is
    left out.
    """
    places = get_gazetteer().lookup(name)
    if not places:
        return False
    best = places[0]
    return best.precision != "city" or (best.population or 0) >= _PLACE_POPULATION


_TITLES = {
    "PRESIDENT",
    "PRIME",
    "MINISTER",
    "KING",
    "GENERAL",
    "GEN.",
    "FORMER",
    "VICE",
    "SENATOR",
    "SEN.",
    "DR.",
    "MR.",
    "MRS.",
    "CHAIRMAN",
    "COLONEL",
    "COL.",
    "FOREIGN",
    "DEFENSE",
    "DEFENCE",
    "CHIEF",
    "PARTY",
    "SECRETARY",
    "LEADER",
    "RUSSIAN",
    "AMERICAN",
    "U.S.",
}


# One-word Phoenix names are too often common words to be matched alone.
GROUP_MIN_WORDS = 2


def build_groups(phoenix: Path, iso: set[str]) -> list[tuple[str, str, str, str]]:
    """Armed groups and NGOs of the Phoenix dictionaries, as veille codes.

    Rows are (id, country, sectors, names). An armed group with an ISO
    country (``[COLREB]``) is that country with REB, a national NGO
    (``[NGOSDNHRI]``) the country with CVL (the codebook's sectors), an NGO
    with no single country has no country (it rolls up to the generic
    ``NGO``). Left out: entries coded with a region (``[MEAREB]``) or as an
    international militarised group (``[IMG…]``), which the hand-written
    ``groups.yaml`` codes where news still names them; the firms (``[MNC…]``,
    mostly stock-exchange listings of 2010, not the firms geopolitical news
    names); and names of one word, too often common words.
    """
    rows: dict[str, tuple[str, str, str, set[str]]] = {}
    for name in ("Phoenix.MilNonState.actors.txt", "Phoenix.International.actors.txt"):
        for names, code in _phoenix_entries((phoenix / name).read_text("latin-1")):
            kind, country = code[:3], code[3:6]
            if kind == "NGO":
                veille_code, sector = (country if country in iso else ""), "CVL"
            elif country == "REB" and kind in iso:
                veille_code, sector = kind, "REB"
            else:
                continue
            shown = [
                n
                for n in (_group_name(raw) for raw in names)
                if n and len(n.split()) >= GROUP_MIN_WORDS
            ]
            if not shown:
                continue
            group_id = "ORG:" + slug(shown[0])
            if group_id in rows:
                continue
            rows[group_id] = (group_id, veille_code, sector, set(shown))
    return [
        (gid, code, sector, "|".join(sorted(names)))
        for gid, (_, code, sector, names) in sorted(rows.items())
    ]


def _phoenix_entries(text: str) -> Iterator[tuple[list[str], str]]:
    """Yield (names, first code) of each entry of a Phoenix actor dictionary."""
    names: list[str] = []
    code_re = re.compile(r"\[([A-Z]{3,})")
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        code = code_re.search(line)
        head = line.split("[", 1)[0].strip()
        if line[0] not in " \t+" and head:
            names = [head]
        elif line.startswith("+") and head:
            names.append(head[1:])
        if code and names:
            yield names, code.group(1)
            names = []


def _group_name(raw: str) -> str:
    """Turn ``ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_`` into ``Aden Abyan Islamic Army``."""
    raw = re.sub(r"\([^)]*\)", "", raw)
    words = [w for w in raw.replace("_", " ").split() if w]
    if not words or any(not re.fullmatch(r"[A-Z][A-Z'.\-]*", w) for w in words):
        return ""
    small = {"OF", "THE", "FOR", "AND", "IN", "ON", "TO", "DE", "DU", "DES", "LA", "LE", "AL"}
    small |= {"Y", "E", "EN", "ET", "DA", "DO", "DOS", "DAS", "DEL", "DI", "I", "VON", "UND"}
    out = [w.lower() if w in small and i else _title_case(w) for i, w in enumerate(words)]
    return " ".join(out).replace("'S ", "'s ")


def _title_case(word: str) -> str:
    return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))


def write_tsv(path: Path, header: str, columns: str, rows: list[tuple[str, ...]]) -> None:
    body = "".join("\t".join(row) + "\n" for row in rows)
    path.write_text(header + "# columns: " + columns + "\n" + body, encoding="utf-8")
    print(f"wrote {path.relative_to(DATA.parents[3])}: {len(rows)} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", type=Path, default=None, help="petrarch2 dictionary folder")
    args = parser.parse_args()
    states = build_states(args.kb)
    write_tsv(
        DATA / "states.tsv",
        "# States and territories: ISO 3166-1 codes and names in French and English.\n"
        "# Generated by scripts/build_actors_kb.py; do not edit by hand.\n"
        "# Origin: Unicode CLDR territory names via babel (Unicode licence v3), ISO 3166-1 via\n"
        "# pycountry (LGPL-2.1, data from Debian iso-codes), and country header names of the\n"
        "# Phoenix dictionary (Phoenix.Countries.actors.txt).\n" + PHOENIX_LICENCE,
        "alpha3, alpha2, language, name",
        [tuple(r) for r in states],
    )
    if args.kb is None:
        return
    write_tsv(
        DATA / "agents_en.tsv",
        "# English role and sector words (e.g. 'riot police' -> COP).\n"
        "# Generated by scripts/build_actors_kb.py from Phoenix.agents.txt; do not edit by hand.\n"
        + PHOENIX_LICENCE,
        "language, phrase, sectors (| separated)",
        build_agents(args.kb),
    )
    iso = {row[0] for row in states}
    write_tsv(
        DATA / "persons_phoenix.tsv",
        "# People with dated roles, from Phoenix.Countries.actors.txt (CountryInfo.140130, so\n"
        "# roles stop in early 2014). Curated people in persons.yaml take precedence.\n"
        "# Generated by scripts/build_actors_kb.py; do not edit by hand.\n" + PHOENIX_LICENCE,
        "id, country, names (| separated), roles (country:sectors:start:end, ; separated)",
        build_persons(args.kb, iso),
    )
    write_tsv(
        DATA / "groups_phoenix.tsv",
        "# Armed groups (country + REB) and NGOs (country + CVL, or no country for an NGO of\n"
        "# no single country) from Phoenix.MilNonState.actors.txt (START TOPS, 2013) and\n"
        "# Phoenix.International.actors.txt. Names of two words or more only; the hand-written\n"
        "# groups.yaml and organisations.yaml take precedence.\n"
        "# Generated by scripts/build_actors_kb.py; do not edit by hand.\n" + PHOENIX_LICENCE,
        "id, country (empty: none), sectors, names (| separated)",
        build_groups(args.kb, iso),
    )


if __name__ == "__main__":
    main()
