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
            text = data.decode(encoding, errors="replace")
            if _looks_garbled(text):  # random bytes that happen to start like a BOM
                raise ReadError("binary data, not text")
            return _strip_nuls(text), encoding
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, "utf-16"
    if _looks_binary(data):
        raise ReadError("binary data, not text")
    try:
        return _strip_nuls(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _mixed_with_utf8(data)
    if mixed is not None:
        return mixed
    best = _detect(data)
    if best is None:
        raise ReadError("unknown text encoding")
    return _strip_nuls(str(best)), best.encoding


def _detect(data: bytes):
    from charset_normalizer import from_bytes  # only legacy files pay for detection

    return from_bytes(data).best()


def _mixed_with_utf8(data: bytes) -> tuple[str, str] | None:
    """Text pasted together from sources in UTF-8 and in a legacy encoding: each line is
    decoded as UTF-8 where it is valid, the others in the encoding detected for them."""
    lines = data.split(b"\n")
    valid = [_is_utf8(line) for line in lines]
    if not any(v and not line.isascii() for v, line in zip(valid, lines, strict=True)):
        return None  # no UTF-8 beyond ASCII: a legacy file, not a mix
    best = _detect(b"\n".join(line for v, line in zip(valid, lines, strict=True) if not v))
    if best is None:
        return None
    decoded = [
        line.decode("utf-8") if v else line.decode(best.encoding, "replace")
        for v, line in zip(valid, lines, strict=True)
    ]
    return _strip_nuls("\n".join(decoded)), f"utf-8 and {best.encoding}"


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without its BOM: NULs in every other byte (ASCII letters' high byte)."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    for encoding, offset in (("utf-16-le", 1), ("utf-16-be", 0)):
        if sample[offset::2].count(0) > 0.4 * len(sample) / 2:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return None if _looks_garbled(text) else text
    return None


_CONTROL_BYTES = (0, 1, 2, 3, 4, 5, 6, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27)


def _looks_binary(data: bytes) -> bool:
    """More than 5% control bytes: text has a few at most (random bytes: about 8%)."""
    sample = data[:65536]
    if not sample:
        return False
    return sum(sample.count(c) for c in _CONTROL_BYTES) / len(sample) > 0.05


def _looks_garbled(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    bad = sum(1 for c in sample if c == "\ufffd" or (ord(c) < 32 and c not in "\n\r\t"))
    return bad / len(sample) > 0.05


def _strip_nuls(text: str) -> str:
    return text.replace("\x00", "") if "\x00" in text else text
