"""Every code an error row can carry is in the one table of errors.py (a docs test)."""

from __future__ import annotations

import re
from pathlib import Path

import veille.errors
from veille.errors import (
    BudgetError,
    ExtractionError,
    FetchError,
    ModelNotInstalledError,
    NetworkGuardError,
)

SRC = Path(veille.errors.__file__).parent
# The modules that turn a failed item into an error row.
ROW_MODULES = [
    *sorted((SRC / "sources").glob("*.py")),
    *sorted((SRC / "extract").glob("*.py")),
    SRC / "engine.py",
]


def test_every_error_row_code_is_documented_in_errors_py() -> None:
    table = veille.errors.__doc__ or ""
    codes = {
        cls.code for cls in (BudgetError, ExtractionError, FetchError, ModelNotInstalledError)
    } | {NetworkGuardError.code}
    for module in ROW_MODULES:
        codes |= set(re.findall(r'"(E-[A-Z0-9-]*[A-Z0-9])"', module.read_text(encoding="utf-8")))
    codes.add("E-WORKER")  # distributed.py's row for a partition that failed every retry
    codes.discard("E-EXTRACT")  # the base class's code; every raise names a precise one
    undocumented = sorted(code for code in codes if f"    {code} " not in table)
    assert undocumented == []


def _code_table() -> set[str]:
    table = veille.errors.__doc__ or ""
    return set(re.findall(r"^    (E-[A-Za-z0-9<>-]+) ", table, flags=re.MULTILINE))


def test_every_error_code_anywhere_is_documented_in_errors_py() -> None:
    # Rows, CLI, API, store, watch, alerts, data files: one table for every code.
    documented = _code_table()
    used: dict[str, str] = {}
    for module in sorted(SRC.rglob("*.py")):
        text = module.read_text(encoding="utf-8")
        for code in re.findall(r"[\"'](E-[A-Z0-9-]*[A-Z0-9])[\"']", text):
            used.setdefault(code, str(module.relative_to(SRC)))
    # f"E-HTTP-{status}" is one row of the table, whatever the status.
    undocumented = {
        code: where
        for code, where in used.items()
        if code not in documented
        and not (code.startswith("E-HTTP-") and "E-HTTP-<status>" in documented)
    }
    assert undocumented == {}


def test_every_error_class_is_in_errors_py_and_its_hierarchy() -> None:
    import ast  # noqa: PLC0415

    names = {
        name
        for name, value in vars(veille.errors).items()
        if isinstance(value, type) and issubclass(value, veille.errors.VeilleError)
    }
    hierarchy = (veille.errors.__doc__ or "").split("Hierarchy::", 1)[1].split("\n\n", 2)[1]
    assert sorted(n for n in names if n not in hierarchy) == []
    assert {getattr(veille.errors, n).code for n in names} <= _code_table()
    # A public error class defined anywhere else belongs here instead.
    elsewhere = []
    for module in sorted(SRC.rglob("*.py")):
        if module.name == "errors.py" and module.parent == SRC:
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                bases = {base.id for base in node.bases if isinstance(base, ast.Name)}
                if bases & names:
                    elsewhere.append(f"{module.relative_to(SRC)}: {node.name}")
    assert elsewhere == []
