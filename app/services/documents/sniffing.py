"""What a file is, from its bytes (never from the client's word), and safe names for it."""

from __future__ import annotations

import posixpath
import unicodedata
import zipfile
from typing import BinaryIO, Literal

from app.errors import Unprocessable

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
DOCX_MAIN_PART = "word/document.xml"
# An entry that inflates more than this many times over is a bomb, not a document: real DOCX
# parts (XML, images) compress ~5-20:1. Small entries are exempt: all-blank XML compresses well.
MAX_RATIO = 100
RATIO_EXEMPT_BELOW = 1_048_576
FILENAME_MAX = 120
_EXTENSION_MAX = 16
_FORBIDDEN = set('/\\<>:"|?*')


def detect(head: bytes) -> Literal["pdf", "zip"] | None:
    """The container type the first bytes announce: PDF, zip (maybe DOCX), or neither."""
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    return None


def inspect_docx(fileobj: BinaryIO, *, max_uncompressed: int, max_entries: int) -> None:
    """Refuse a zip that is not a DOCX, or that would be costly to open (a zip bomb).

    Only the central directory is read: nothing is decompressed here.
    """
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise Unprocessable("The file is not a valid DOCX (not a readable zip archive).") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > max_entries:
            raise Unprocessable(
                f"The DOCX holds too many entries ({len(entries)} > {max_entries}).")
        total = 0
        for entry in entries:
            if entry.flag_bits & 0x1:
                raise Unprocessable("The DOCX is encrypted; upload it without a password.")
            total += entry.file_size
            if total > max_uncompressed:
                raise Unprocessable(
                    "The DOCX would expand beyond the allowed size "
                    f"({max_uncompressed} bytes uncompressed).")
            if entry.file_size > RATIO_EXEMPT_BELOW and (
                entry.compress_size == 0 or entry.file_size / entry.compress_size > MAX_RATIO
            ):
                raise Unprocessable("The DOCX has an entry with an absurd compression ratio.")
        if DOCX_MAIN_PART not in {entry.filename for entry in entries}:
            raise Unprocessable(f"The zip archive is not a DOCX (no {DOCX_MAIN_PART}).")


def _clean(name: str) -> str:
    kept = []
    for char in unicodedata.normalize("NFC", name):
        # Cc: control characters; Cf: format characters such as the right-to-left override
        # that makes "cv\u202efdp.exe" display as "cvexe.pdf".
        if unicodedata.category(char) in ("Cc", "Cf") or char in _FORBIDDEN:
            continue
        kept.append(char)
    return "".join(kept).strip().lstrip(".").strip()


def sanitise_filename(name: str | None, *, default: str) -> str:
    """A display name only: the last path component, no control characters, at most 120 chars."""
    if name:
        # Both separators: a Windows browser may send "C:\\Users\\me\\cv.pdf".
        base = posixpath.basename(name.replace("\\", "/"))
        cleaned = _clean(base)
    else:
        cleaned = ""
    if not cleaned:
        cleaned = _clean(default) or "document"
    if len(cleaned) <= FILENAME_MAX:
        return cleaned
    stem, dot, extension = cleaned.rpartition(".")
    if dot and stem and len(extension) <= _EXTENSION_MAX:
        return stem[: FILENAME_MAX - len(extension) - 1].rstrip() + "." + extension
    return cleaned[:FILENAME_MAX]
