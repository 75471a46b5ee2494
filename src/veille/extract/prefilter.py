"""Keyword gates: a cheap test that lets a slow case-insensitive regex skip most lines.

Python's ``re`` tries every branch of an alternation at every position, so a
pattern with thirty case-insensitive phrases costs tens of microseconds per
line even when nothing matches. When every branch needs one of a few literal
words, a line holding none of them cannot match, and plain substring tests
say so in about a microsecond.

The gate must never turn away a line the regex would match. ``re.IGNORECASE``
equates a few characters that ``str.lower`` keeps apart ("İ", "ı" and "ſ"
match "i", "i" and "s"), so those are folded first; tests/test_prefilter.py
checks every code point against ``re`` for the letters the keywords use.
"""

from __future__ import annotations

__all__ = ["KeywordGate"]

# Characters re.IGNORECASE equates with an ASCII letter although str.lower does not
# give that letter alone: "ı" and "ſ" stay as they are, "İ" becomes "i" plus a combining dot.
# (str.replace, unlike str.translate with a table, runs at C speed on any text.)
_RE_CASE_EXTRAS = (("ı", "i"), ("ſ", "s"), ("i\u0307", "i"))


class KeywordGate:
    """Whether a text holds one of ``keywords`` (lower-case ASCII), compared as ``re.I`` would.

    >>> gate = KeywordGate("cookie", "newsletter")
    >>> gate.admits("Accepter les COOKIES"), gate.admits("Le ministre a parlé")
    (True, False)
    """

    __slots__ = ("keywords",)

    def __init__(self, *keywords: str) -> None:
        """Keep ``keywords``; each must be lower-case ASCII (letters, spaces, ``©``)."""
        for keyword in keywords:
            if keyword != keyword.lower() or not all(c.isascii() or c == "©" for c in keyword):
                msg = f"keyword {keyword!r} must be lower-case ASCII; fold it before passing it"
                raise ValueError(msg)
        self.keywords = keywords

    def admits(self, text: str) -> bool:
        """Return whether ``text`` holds one of the keywords, ignoring case."""
        folded = _fold(text)
        return any(keyword in folded for keyword in self.keywords)

    def present(self, text: str) -> tuple[str, ...]:
        """Return the keywords ``text`` holds, ignoring case, in the gate's order."""
        folded = _fold(text)
        return tuple(keyword for keyword in self.keywords if keyword in folded)


def _fold(text: str) -> str:
    folded = text.lower()
    if not folded.isascii():
        for extra, letter in _RE_CASE_EXTRAS:
            folded = folded.replace(extra, letter)
    return folded
