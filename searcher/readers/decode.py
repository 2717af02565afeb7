"""Bytes to text: UTF-8 (with or without BOM, or UTF-16 with BOM), else a detected legacy encoding."""

from __future__ import annotations

import codecs

from searcher.errors import SearcherError


class ReadError(SearcherError):
    """A file (or a record in it) cannot be read; the reason goes in the skip report."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises ReadError for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strip_nuls(data.decode(encoding, errors="replace")), encoding
    if _looks_binary(data):
        raise ReadError("binary data, not text")
    try:
        return _strip_nuls(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only legacy files pay for detection

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("unknown text encoding")
    return _strip_nuls(str(best)), best.encoding


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if not sample:
        return False
    nuls = sample.count(0)
    controls = sum(sample.count(c) for c in (1, 2, 3, 4, 5, 6, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27))
    return (nuls + controls) / len(sample) > 0.01


def _strip_nuls(text: str) -> str:
    return text.replace("\x00", "") if "\x00" in text else text
