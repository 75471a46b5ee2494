"""Tools for people (and agents) who annotate gold events by the codebook.

``docs/codebook.md`` says what to code; this package checks that an annotated
file follows the record format and the closed vocabularies of the codebook
(:mod:`veille.annotation.check`), and measures how far two independent passes
agree (:mod:`veille.annotation.agreement`). ``scripts/check_annotations.py``
and ``scripts/agreement.py`` are the command lines over them.

The package is private: it may change with the codebook.
"""

from __future__ import annotations

from veille.annotation.agreement import AgreementReport, compare_passes, format_diff
from veille.annotation.check import Problem, Vocabulary, check_file, check_lines, load_vocabulary

__all__ = [
    "AgreementReport",
    "Problem",
    "Vocabulary",
    "check_file",
    "check_lines",
    "compare_passes",
    "format_diff",
    "load_vocabulary",
]
