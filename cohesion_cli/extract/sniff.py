"""Refuse documents that are not text, judged by their content.

cohesion reads HTML, JSON, XML, CSV and plain text. A PDF, an image, an archive or a
program given as a document would otherwise be decoded into junk "prices"; such documents
are refused as *unreadable* with the reason, e.g. ``unsupported document type: PDF``
(``cohesion extract`` exits 3; in ``check`` the channel's document is unverifiable).

The decision looks only at the bytes, never at the file name or the Content-Type (both
are often wrong): first the signatures of common binary formats (PDF, PNG, JPEG, GIF,
WEBP, TIFF, PSD; ZIP and the formats built on it such as DOCX, XLSX, EPUB; gzip, 7z, RAR,
xz, zstd, tar; ELF, Mach-O, WebAssembly; MP4, QuickTime, HEIC, AVIF, Ogg, FLAC, Matroska;
old Office files, SQLite...), then a generic rule for the rest: more than a stray NUL byte,
or many control bytes, in the first 8 KB. Text in UTF-16 or UTF-32 with a byte-order mark
is text (its characters are checked the same way), and so is UTF-16 without one when its
bytes say so (Latin text: every other byte is zero; :func:`utf16_without_bom`). A body
compressed in transit was already decompressed by the HTTP client (one it cannot decompress,
such as ``Content-Encoding: br``, is refused before: ``unsupported content encoding br``),
so a gzip signature here is a gzip file.
"""

from __future__ import annotations

import codecs

_SAMPLE = 8192
_CONTROL_SHARE = 0.05
"""Share of control bytes (other than tab, line and page breaks) above which a body
without NUL bytes is still binary."""
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1b")
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"\x7fELF", "ELF executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "Mach-O executable"),
    (b"\xca\xfe\xba\xbe", "Mach-O or Java class"),
    (b"\x00asm", "WebAssembly"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (OLE2)"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"8BPS\x00\x01", "PSD"),
    (b"OggS\x00", "Ogg"),
    (b"fLaC", "FLAC"),
    (b"\x1a\x45\xdf\xa3", "Matroska/WebM"),
)
_ZIP_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"mimetypeapplication/epub+zip", "EPUB"),
    (b"mimetypeapplication/vnd.oasis.opendocument", "OpenDocument"),
    (b"word/", "DOCX"),
    (b"xl/", "XLSX"),
    (b"ppt/", "PPTX"),
)
_RIFF_KINDS = {b"WEBP": "WEBP", b"WAVE": "WAV", b"AVI ": "AVI"}
_ISO_BMFF_BRANDS = {b"avif": "AVIF", b"avis": "AVIF", b"heic": "HEIC", b"heix": "HEIC",
                    b"mif1": "HEIF", b"qt  ": "QuickTime"}
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
"""Byte-order marks and the codec each announces (UTF-32 LE before UTF-16 LE: its mark
starts with the same two bytes)."""


def refusal(body: bytes) -> str | None:
    """Why ``body`` is not a text document (``unsupported document type: PDF``), or None."""
    kind = document_type(body)
    return None if kind is None else f"unsupported document type: {kind}"


def document_type(body: bytes) -> str | None:
    """The binary format ``body`` is in, or None for text."""
    head = body[:_SAMPLE]
    unicode = _utf_with_bom(head)
    if unicode is not None:
        return None if _looks_like_text(unicode) else "binary data"
    for magic, name in _SIGNATURES:
        if head.startswith(magic):
            return name
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return next((name for marker, name in _ZIP_KINDS if marker in head), "ZIP")
    if head.startswith(b"RIFF"):
        return _RIFF_KINDS.get(head[8:12], "RIFF")
    if head[4:8] == b"ftyp":
        return _ISO_BMFF_BRANDS.get(head[8:12], "MP4")
    if head[257:262] == b"ustar":
        return "tar"
    codec = utf16_without_bom(head)
    if codec is not None:
        sample = _sample(head, codec)
        return None if sample is not None and _looks_like_text(sample) else "binary data"
    return None if _looks_like_text(head) else "binary data"


def utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``head`` looks like UTF-16 text without a
    byte-order mark: a third or more of the byte pairs have their high byte zero (Latin
    characters) and almost none their low byte; None otherwise."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0:pairs * 2:2].count(0), head[1:pairs * 2:2].count(0)
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros * 3 >= pairs and others <= pairs // 100:
            return codec
    return None


def _looks_like_text(head: bytes | str) -> bool:
    codes = head if isinstance(head, bytes) else bytes(min(ord(c), 0xFF) for c in head)
    nul = codes.count(0)
    controls = len(codes.translate(None, _NOT_CONTROLS))
    return nul <= max(1, len(codes) // 1000) and controls <= len(codes) * _CONTROL_SHARE


_NOT_CONTROLS = bytes(c for c in range(256) if c >= 0x20 or c in _TEXT_CONTROLS)
"""Every byte but the control characters text does not use (deleting these leaves those)."""


def _utf_with_bom(head: bytes) -> str | None:
    """The text of a sample that starts with a byte-order mark, None otherwise."""
    for bom, codec in BOMS:
        if head.startswith(bom):
            return _sample(head, codec)
    return None


def _sample(head: bytes, codec: str) -> str | None:
    """The text of the first bytes of a body in ``codec`` (a character cut at the end is
    left out); None when they do not decode."""
    try:
        return str(codecs.getincrementaldecoder(codec)().decode(head, final=False))
    except UnicodeDecodeError:
        return None
