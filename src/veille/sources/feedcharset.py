"""Feeds that do not say their encoding: guess it before the XML parser reads them.

XML without a byte-order mark or an ``encoding`` declaration is UTF-8 by
rule, and feedparser falls back to Windows-1252 when the bytes are not: a
KOI8-R feed then reads "ëÁË ÐÅÒÅÖÉÔØ" instead of "Как пережить". When a feed
declares nothing and is not UTF-8, its bytes are decoded with the charset
``charset_normalizer`` finds most likely and handed on as UTF-8 with a
declaration saying so. A feed that declares its encoding is left alone:
the declaration is the publisher's word, and feedparser honours it.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["as_declared_utf8"]

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_PROLOG = re.compile(rb"\A\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DECLARED = re.compile(rb"""\A\s*<\?xml[^>]*\bencoding\s*=\s*["'][^"']+["']""", re.IGNORECASE)


def as_declared_utf8(data: bytes) -> bytes:
    """Return the feed re-encoded as declared UTF-8 when it declares no encoding and is not UTF-8.

    Otherwise (a byte-order mark, a declaration, valid UTF-8, or no likely
    charset at all) ``data`` is returned unchanged.
    """
    if data.startswith(_BOMS) or _DECLARED.match(data):
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return data
    from charset_normalizer import from_bytes  # noqa: PLC0415  # only for undeclared feeds

    best = from_bytes(data).best()
    if best is None:
        return data
    text = _PROLOG.sub(b"", str(best).encode("utf-8"), count=1)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + text.lstrip()
