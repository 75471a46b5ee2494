"""Bytes → text for articles: binary detection and charset choice.

The order follows what browsers do, with one correction for the web's most
common lie: a byte-order mark wins; then a declared charset (HTTP header,
XML prolog, HTML ``<meta>``), except that a ``latin-1``/``ascii`` declaration
on bytes that are valid multi-byte UTF-8 is taken to be a mislabel; then
strict UTF-8; then Windows-1252, which is a superset of Latin-1 for text
(bytes 0x80–0x9F are ’ “ ” € … in cp1252 and unprintable controls in
Latin-1); and Latin-1 as the last resort, which decodes anything.
"""

from __future__ import annotations

import codecs
import re

from veille.errors import ExtractionError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of formats that are never articles, for a clearer message than "binary".
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a media file"),
)

_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_SNIFF_BYTES = 4096
_LATIN1_FAMILY = frozenset({"latin-1", "iso8859-1", "ascii", "cp1252"})
_NOT_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "punycode", "idna"})
# Text has line breaks and tabs; other C0 controls mean the bytes are not text.
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c")
_MAX_CONTROL_RATIO = 0.05


def decode_document(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding used)``.

    ``declared`` is the charset the container stated (an HTTP header, a feed).
    Raises :class:`ExtractionError` with code ``E-BINARY`` for bytes that are
    not text, and ``E-ENCODING`` when a byte-order mark contradicts the bytes.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ExtractionError(
                    f"the file starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} ({exc.reason} at byte {exc.start}); re-save it as UTF-8",
                    code="E-ENCODING",
                ) from exc
    check_not_binary(data)
    candidates = [c for c in (_known(declared), _known(sniff_declared_charset(data))) if c]
    for declared_encoding in candidates:
        if declared_encoding in _LATIN1_FAMILY and _is_multibyte_utf8(data):
            return data.decode("utf-8"), "utf-8"
        # As browsers do: a Latin-1 or ASCII label means Windows-1252.
        encoding = "cp1252" if declared_encoding in _LATIN1_FAMILY else declared_encoding
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            # A wrong declaration is common; fall through to the byte-based guesses.
            continue
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8, "utf-8 (invalid bytes replaced)"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def check_not_binary(data: bytes) -> None:
    """Raise ``E-BINARY`` when ``data`` looks like a binary file rather than text."""
    head = data[:_SNIFF_BYTES]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise ExtractionError(
                f"this is {what}, not a text or HTML article; remove it from the sources",
                code="E-BINARY",
            )
    if b"\x00" in head:
        raise ExtractionError(
            "the content holds NUL bytes, so it is binary (or UTF-16 without a byte-order "
            "mark); give veille text, HTML or a feed, or re-save it as UTF-8",
            code="E-BINARY",
        )
    if head:
        controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
        if controls / len(head) > _MAX_CONTROL_RATIO:
            raise ExtractionError(
                f"{controls} control bytes in the first {len(head)} bytes: this is not text; "
                "remove it from the sources",
                code="E-BINARY",
            )


def sniff_declared_charset(data: bytes) -> str | None:
    """Return the charset an XML prolog or HTML ``<meta>`` declares in the first bytes, if any."""
    head = data[:_SNIFF_BYTES]
    match = _XML_DECLARATION.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name).name
    except (LookupError, ValueError):  # ValueError: a label holding a NUL character
        return None
    try:
        # A hostile label may name a bytes-to-bytes codec ("base64", "zlib"),
        # which bytes.decode refuses with LookupError: not a charset.
        b"x".decode(codec)
    except LookupError:
        return None
    except UnicodeDecodeError:
        pass  # a real charset that cannot read one lone byte (UTF-16, UTF-32)
    except UnicodeError:
        return None  # Python's "undefined" codec refuses every input: no charset
    # Python codecs no web page is written in; "unicode-escape" would even
    # interpret backslashes in the article.
    return None if codec in _NOT_CHARSETS else codec


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few corrupt bytes, decoded with U+FFFD for them; else ``None``.

    A UTF-8 file damaged in one place should keep its accents everywhere else,
    where a cp1252 reading would garble every one of them.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for char in text if ord(char) > 0x7F) - bad
    return text if good >= 4 * bad else None


def _is_multibyte_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
