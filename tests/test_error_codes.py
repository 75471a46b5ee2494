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
