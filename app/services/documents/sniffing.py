"""What a file is, from its bytes (never from the client's word), and safe names for it."""

from __future__ import annotations

import posixpath
import unicodedata
from contextlib import AbstractContextManager, nullcontext
from tempfile import SpooledTemporaryFile
from typing import IO, Any, BinaryIO, Literal, cast
from xml.parsers import expat

import pypdf
from pypdf import PdfReader

from app.services.documents.archive import Budget, FileRefused, Reader, bomb, central_directory
from app.services.documents.archive import not_a_docx as not_a_docx

# pypdf may inflate no single stream past this while the file is opened (page tree, xref and
# object streams are small; images are not decoded).
PDF_STREAM_MAX_BYTES = 8 * 1_048_576

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
CONTENT_TYPES_PART = "[Content_Types].xml"
DOCX_MAIN_PART = "word/document.xml"
REQUIRED_PARTS = (CONTENT_TYPES_PART, DOCX_MAIN_PART)
MACRO_PART = "vbaproject.bin"
# Content types of a macro-enabled main part (.docm) or of a VBA project under another name.
_MACRO_TYPES = ("macroenabled", "vbaproject")
# A nested archive (an embedded workbook) is read too; one inside it is refused.
MAX_NESTING = 1
_SPOOL_IN_MEMORY = 1_048_576
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


def _macro_refused() -> FileRefused:
    return FileRefused("macro-enabled-document",
                       "Macro-enabled documents are not accepted; save it as a plain DOCX "
                       "(or a PDF) and upload that.")


class _XmlCheck:
    """A streaming well-formedness check of one XML part: no tree is built, no DTD allowed."""

    def __init__(self, name: str, *, content_types: bool) -> None:
        self.name = name
        self.parser = expat.ParserCreate()
        self.parser.StartDoctypeDeclHandler = self._doctype
        if content_types:
            self.parser.StartElementHandler = self._content_type

    def _doctype(self, *_: object) -> None:
        raise not_a_docx(f"{self.name} declares a DTD")

    @staticmethod
    def _content_type(tag: str, attributes: dict[str, str]) -> None:
        declared = attributes.get("ContentType", "").lower()
        if any(marker in declared for marker in _MACRO_TYPES):
            raise _macro_refused()

    def feed(self, chunk: bytes, *, final: bool = False) -> None:
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError as exc:
            raise not_a_docx(f"{self.name} is not well-formed XML") from exc


class _EntrySink:
    """Where one entry's inflated bytes go: an XML check, a spool for a nested archive, or
    nowhere (counted and CRC-checked by the reader only)."""

    def __init__(self, name: str, depth: int) -> None:
        self.depth = depth
        self.head = b""
        self.decided = False
        self.nested: IO[bytes] | None = None
        self.xml: _XmlCheck | None = None
        if name == CONTENT_TYPES_PART:
            self.xml = _XmlCheck(name, content_types=True)
        elif name == DOCX_MAIN_PART and depth == 0:
            self.xml = _XmlCheck(name, content_types=False)

    def feed(self, chunk: bytes) -> None:
        if self.xml is not None:
            self.xml.feed(chunk)
            return
        if self.nested is not None:
            self.nested.write(chunk)
            return
        if self.decided:
            return
        self.head += chunk  # until the first 4 bytes say whether this is an archive
        if len(self.head) < len(ZIP_MAGIC):
            return
        self.decided = True
        if self.head.startswith(ZIP_MAGIC):
            if self.depth >= MAX_NESTING:
                raise FileRefused("nested-archive",
                                  "The DOCX holds an archive inside an embedded archive.")
            self.nested = SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)  # noqa: SIM115
            self.nested.write(self.head)
        self.head = b""

    def close(self, budget: Budget) -> None:
        if self.xml is not None:
            self.xml.feed(b"", final=True)
        if self.nested is not None:
            with self.nested:
                _inspect_archive(self.nested, budget, depth=self.depth + 1)


def _inspect_archive(fileobj: IO[bytes], budget: Budget, *, depth: int) -> None:
    entries = central_directory(fileobj, budget)
    if depth == 0:
        names = {entry.name for entry in entries}
        for part in REQUIRED_PARTS:
            if part not in names:
                raise FileRefused("docx-missing-part",
                                  f"The file is not a DOCX: it has no {part}.", part=part)
        # Declared sizes are never trusted to accept, but an honest bomb is refused unopened.
        if sum(entry.declared_size for entry in entries) > budget.max_bytes:
            raise bomb(f"it declares more than {budget.max_bytes} bytes")
    if any(posixpath.basename(entry.name).lower() == MACRO_PART for entry in entries):
        raise _macro_refused()
    reader = Reader(fileobj, budget)
    for entry in entries:
        sink = _EntrySink(entry.name, depth)
        reader.inflate(entry, sink.feed)
        sink.close(budget)


def inspect_docx(fileobj: BinaryIO, *, max_uncompressed: int, max_entries: int) -> None:
    """Open a DOCX for real, or refuse it (422 with a stable ``code``).

    Every entry is inflated, nested archives included, with the real bytes and entries
    counted against one budget; the required parts must be well-formed XML; macros are
    refused. Blocking: run it in a thread.
    """
    fileobj.seek(0)
    _inspect_archive(fileobj, Budget(max_bytes=max_uncompressed, max_entries=max_entries),
                     depth=0)


def _bounded_pdf_decoding() -> AbstractContextManager[Any]:
    """pypdf limits while the file is opened: no stream may inflate past a few MB."""
    apply = getattr(pypdf, "apply_configuration", None)
    if apply is None:
        return nullcontext()
    limit = PDF_STREAM_MAX_BYTES
    return cast(AbstractContextManager[Any], apply(
        zlib_maximum_output_length=limit, lzw_maximum_output_length=limit,
        run_length_maximum_output_length=limit, brotli_maximum_output_length=limit,
        stream_decoding_work_maximum_length=10 * limit))


def check_pdf(fileobj: BinaryIO) -> None:
    """Open a PDF with pypdf and count its pages, or refuse it (``not-a-pdf``,
    ``encrypted-pdf``). Blocking: run it in a thread."""
    fileobj.seek(0)
    try:
        with _bounded_pdf_decoding():
            reader = PdfReader(fileobj, strict=False)
            if reader.is_encrypted:
                raise FileRefused("encrypted-pdf",
                                  "The PDF is password-protected or encrypted; upload it "
                                  "without protection.")
            pages = len(reader.pages)
    except FileRefused:
        raise
    except Exception as exc:  # pypdf raises many kinds on a broken file; all mean the same
        raise FileRefused("not-a-pdf", "The file starts like a PDF but cannot be opened as "
                                       "one.") from exc
    if pages < 1:
        raise FileRefused("not-a-pdf", "The PDF has no pages.")


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
