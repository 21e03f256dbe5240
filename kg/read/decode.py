"""Bytes to text: size and type checks before reading, then UTF-8 or a confidently detected legacy encoding.

Transcripts are English, so a right decoding turns the non-ASCII bytes into typographic quotes and dashes,
accented Latin letters or runs of Chinese characters, while a wrong one turns them into stray symbols and
lone ideographs. Candidates come from charset-normalizer and from the encodings Chinese and Western sites
use (GB18030 covers GBK and GB2312; Big5; Windows-1252 covers Latin-1); the one whose characters look like
an English transcript wins, and where two differ but look equally right the file is refused.

>>> decode_bytes("Q: What\u2019s your comment?".encode("gbk"), "a.txt")
'Q: What\u2019s your comment?'
>>> decode_bytes("A: Café".encode("latin-1"), "b.txt")
'A: Café'
"""

from __future__ import annotations

import codecs
import errno
import re
import stat
import unicodedata
from pathlib import Path

from kg.read.codes import input_error, link_error

#: The largest file read; anything bigger is refused from its size alone, without reading it.
MAX_BYTES = 20 * 1024 * 1024

#: Legacy encodings tried when the bytes are not UTF-8, by the codec name Python gives them.
LEGACY = ("gb18030", "big5", "cp1252", "latin_1")
#: charset-normalizer's guesses that are accepted as candidates (others are ignored, not trusted).
ACCEPTED = frozenset({"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "cp1252", "latin_1", "iso8859_15"})
#: How plausible a decoding's non-ASCII characters must be, and by how much the winner must lead.
MIN_PLAUSIBLE = 0.8
MIN_LEAD = 0.2

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters (Unicode category Cc) other than the whitespace ones: a text file holds almost none.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Every byte but those control characters' (all below U+0100): deleted from a text's Latin-1 bytes, they leave the
# controls alone (``control_count``).
_NOT_CONTROL = bytes(c for c in range(256) if not _CONTROL.match(chr(c)))
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, after checking (from ``stat``, before reading) that it is a non-empty regular file
    no larger than ``max_bytes``."""
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise link_error(path, name) from None
        raise input_error("E100", name) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise link_error(path, name) from None
        raise input_error("E104", name, detail=exc.strerror or type(exc).__name__) from None
    if not stat.S_ISREG(info.st_mode):
        raise input_error("E104", name, detail="not a regular file")
    if info.st_size > max_bytes:
        raise input_error("E103", name, detail=f"{info.st_size:,} bytes, the limit is {max_bytes:,}")
    if info.st_size == 0:
        raise input_error("E101", name)
    try:
        with path.open("rb") as handle:
            # Read one byte past the size stat() gave, then on to one past the limit if the file grew since: a
            # file that grew too much is still refused, and no buffer of the limit's size is asked for at once
            # (reading runs within a memory budget grown from the file's size, kg.read.batch.memory_budget).
            data = handle.read(min(info.st_size, max_bytes) + 1)
            if len(data) > info.st_size:
                data += handle.read(max_bytes + 1 - len(data))
    except OSError as exc:
        raise input_error("E104", name, detail=exc.strerror or type(exc).__name__) from None
    if len(data) > max_bytes:
        raise input_error("E103", name, detail=f"more than {max_bytes:,} bytes")
    if not data:
        raise input_error("E101", name)
    return data


def decode_bytes(data: bytes, path: str) -> str:
    """Decode a transcript's bytes, or raise ``InputError`` (binary E102, undetectable encoding E105)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), path)
            except UnicodeDecodeError:
                raise input_error("E105", path, detail=f": a {encoding} byte-order mark, but invalid") from None
    if b"\x00" in data[:65536]:
        wide = _utf16_without_bom(data)
        if wide is None:
            raise input_error("E102", path, detail=" (it holds NUL bytes)")
        return _checked(wide, path)
    try:
        return _checked(data.decode("utf-8"), path)
    except UnicodeDecodeError:
        pass
    return _checked(_decode_legacy(data, path), path)


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 without a byte-order mark, told by its NUL bytes (the high bytes of Latin text) all
    falling on one side of each pair; None for anything else (a binary file).

    >>> _utf16_without_bom("Press conference".encode("utf-16-be"))
    'Press conference'
    >>> _utf16_without_bom(bytes(range(256))) is None
    True
    """
    head = data[:65536]
    pairs = max(1, len(head) // 2)
    even, odd = head[0::2].count(0) / pairs, head[1::2].count(0) / pairs
    encoding = "utf-16-le" if odd > 0.3 and even < 0.01 else "utf-16-be" if even > 0.3 and odd < 0.01 else None
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _checked(text: str, path: str) -> str:
    if not text.strip():
        raise input_error("E101", path)
    controls = control_count(text)
    if controls > max(2, len(text) // 200):
        raise input_error("E102", path, detail=f" ({controls} control characters)")
    return text


def control_count(text: str) -> int:
    r"""How many characters of ``text`` ``_CONTROL`` matches, counted without matching each: the characters
    above U+00FF dropped by the Latin-1 encoder, every other byte deleted (a third of the matches' time).

    >>> control_count("a\x00b\x85\u2019 \u4e2d\r\n"), control_count("plain")
    (2, 0)
    """
    return len(text.encode("latin-1", "ignore").translate(None, _NOT_CONTROL))


def _decode_legacy(data: bytes, path: str) -> str:
    candidates: dict[str, str] = {}
    for encoding in _candidate_encodings(data):
        try:
            candidates.setdefault(encoding, data.decode(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    scored = sorted(((plausibility(text), enc, text) for enc, text in candidates.items()), reverse=True)
    if not scored or scored[0][0] < MIN_PLAUSIBLE:
        raise input_error("E105", path, detail=": it is not UTF-8 and no known encoding reads it cleanly")
    best_score, best_encoding, best_text = scored[0]
    rivals = [enc for score, enc, text in scored[1:] if text != best_text and best_score - score < MIN_LEAD]
    if rivals:
        raise input_error("E105", path, detail=f": it reads equally well as {best_encoding} and {rivals[0]}")
    return best_text


def _candidate_encodings(data: bytes) -> list[str]:
    names: list[str] = []
    declared = _DECLARED.search(data[:4096])
    if declared:
        names.append(declared.group(1).decode("ascii"))
    from charset_normalizer import from_bytes  # only needed for the rare non-UTF-8 file

    names.extend(match.encoding for match in from_bytes(data[:200_000]))
    names.extend(LEGACY)
    out: list[str] = []
    for name in names:
        try:
            canonical = codecs.lookup(name).name.replace("-", "_")
        except LookupError:
            continue
        if canonical in ACCEPTED and canonical not in out:
            out.append(canonical)
    return out


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def plausibility(text: str) -> float:
    """The share of non-ASCII characters that belong in an English transcript: typographic punctuation,
    accented Latin letters, or Chinese characters in runs (with their punctuation beside them).

    >>> plausibility("China\u2019s \u201cposition\u201d")
    1.0
    >>> plausibility("China¡¯s ¡°position¡±") < 0.5
    True
    """
    good = total = 0
    for i, ch in enumerate(text):
        if ord(ch) < 128:
            continue
        total += 1
        category = unicodedata.category(ch)
        prev_ch = text[i - 1] if i else ""
        next_ch = text[i + 1] if i + 1 < len(text) else ""
        typographic = category in ("Pi", "Pf", "Pd") or "\u2010" <= ch <= "\u2027" or ch in "\u00a0\u00b7\u00ab\u00bb"
        latin_letter = category.startswith("L") and ord(ch) < 0x250 and category != "Lm"
        if typographic or latin_letter:
            good += 1
        elif _is_cjk(ch):
            good += _is_cjk(prev_ch) or _is_cjk(next_ch)
        elif ("\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef") and (_is_cjk(prev_ch) or _is_cjk(next_ch)):
            good += 1
    return good / total if total else 1.0
