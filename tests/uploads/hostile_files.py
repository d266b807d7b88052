"""Hostile files for the upload-hardening tests: zips written by hand so that their headers
say what we choose (lying sizes, shared data, nesting), macro-enabled and broken DOCX, PDFs
that are not PDFs or are encrypted. Honest files come from ``tests.files``."""

from __future__ import annotations

import dataclasses
import functools
import io
import struct
import zipfile
import zlib
from typing import Any
from xml.sax.saxutils import escape

from tests.files import _CONTENT_TYPES, _RELS, _bytes, _writer, zip_bytes

__all__ = ["zip_bytes"]


def _deflate_zeros(megabytes: int) -> tuple[bytes, int]:
    """Raw deflate of ``megabytes`` MiB of zeros, built 1 MiB at a time; (data, crc32)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(1_048_576)
    parts, crc = [], 0
    for _ in range(megabytes):
        parts.append(compressor.compress(zeros))
        crc = zlib.crc32(zeros, crc)
    parts.append(compressor.flush())
    return b"".join(parts), crc


@dataclasses.dataclass(frozen=True)
class RawEntry:
    """One zip entry as written: compressed bytes plus what its headers declare."""

    name: str
    data: bytes  # already compressed (method 8) or stored as is (method 0)
    crc: int
    declared_size: int  # the uncompressed size both headers claim
    method: int = 8


def raw_entry(name: str, content: bytes, *, declared_size: int | None = None) -> RawEntry:
    """An honest deflated entry (unless ``declared_size`` says otherwise)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return RawEntry(name, data, zlib.crc32(content),
                    len(content) if declared_size is None else declared_size)


def raw_zip(entries: list[RawEntry]) -> bytes:
    """A zip written by hand, so that local and central headers say what we choose."""
    out = io.BytesIO()
    central = io.BytesIO()
    for entry in entries:
        offset = out.tell()
        name = entry.name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, entry.method, 0, 0x21,
                              entry.crc, len(entry.data), entry.declared_size, len(name), 0))
        out.write(name + entry.data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800,
                                  entry.method, 0, 0x21, entry.crc, len(entry.data),
                                  entry.declared_size, len(name), 0, 0, 0, 0, 0, offset))
        central.write(name)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                          len(directory), start, 0))
    return out.getvalue()


def _docx_entries(text: str = "Motivation letter") -> list[RawEntry]:
    body = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            f'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
            f'{escape(text)}</w:t></w:r></w:p></w:body></w:document>').encode()
    return [raw_entry("[Content_Types].xml", _CONTENT_TYPES.encode()),
            raw_entry("_rels/.rels", _RELS.encode()),
            raw_entry("word/document.xml", body)]


@functools.lru_cache(maxsize=4)
def lying_zip_bomb_docx(megabytes: int = 120, declared: int = 4096) -> bytes:
    """A DOCX whose media entry declares ``declared`` bytes (local AND central headers) but
    inflates to ``megabytes`` MiB of zeros: about 120 KiB on the wire for 120 MiB."""
    data, crc = _deflate_zeros(megabytes)
    return raw_zip([*_docx_entries(), RawEntry("word/media/image1.png", data, crc, declared)])


def docx_with(*, extra: dict[str, bytes] | None = None, content_types: str | None = None,
              without: tuple[str, ...] = (), raw: list[RawEntry] | None = None) -> bytes:
    """A real DOCX with added parts, a different ``[Content_Types].xml``, or parts removed."""
    entries = [e for e in _docx_entries() if e.name not in without]
    if content_types is not None:
        entries = [raw_entry("[Content_Types].xml", content_types.encode())
                   if e.name == "[Content_Types].xml" else e for e in entries]
    entries += [raw_entry(name, data) for name, data in (extra or {}).items()]
    return raw_zip(entries + (raw or []))


MACRO_CONTENT_TYPES = _CONTENT_TYPES.replace(
    "wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml")


def nested_bomb_docx(megabytes: int = 60) -> bytes:
    """A DOCX embedding a zip (like an embedded workbook) whose own entry lies about its size:
    each level alone is under the caps, the inner archive inflated is not."""
    data, crc = _deflate_zeros(megabytes)
    inner = raw_zip([RawEntry("xl/media/big.bin", data, crc, 4096)])
    return docx_with(extra={"word/embeddings/Workbook1.xlsx": inner})


def overlapping_entries_docx(copies: int = 40) -> bytes:
    """A DOCX whose central directory points ``copies`` entries at the same 1 MiB-inflating
    data (a non-recursive bomb): every entry is honest about its size, the sum is not small."""
    data, crc = _deflate_zeros(1)
    body = raw_zip([*_docx_entries(), RawEntry("word/media/a.bin", data, crc, 1_048_576)])
    # Rewrite the central directory with ``copies`` records of the last entry.
    eocd = body.rfind(b"PK\x05\x06")
    count, size, start = struct.unpack("<HII", body[eocd + 10:eocd + 20])
    directory = body[start:start + size]
    last = directory.rfind(b"PK\x01\x02")
    record = directory[last:]
    copies_made = b"".join(record.replace(b"a.bin", f"{n:05d}"[:5].encode()) for n in
                           range(copies))
    directory = directory[:last] + copies_made
    total = count - 1 + copies
    return (body[:start] + directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, total, total,
                                                   len(directory), start, 0))


def fake_pdf() -> bytes:
    """Starts like a PDF, is not one."""
    return b"%PDF-1.7\n" + b"this is a renamed text file, not a document\n" * 200


def encrypted_pdf(password: str = "secret") -> bytes:
    """A real PDF protected by a password (AES-256)."""
    writer = _writer("Curriculum vitae", 1)
    writer.encrypt(user_password=password, owner_password=password, algorithm="AES-256")
    return _bytes(writer)


class _Unseekable(io.RawIOBase):
    def __init__(self) -> None:
        self.written = io.BytesIO()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        return self.written.write(data)


def streamed_docx() -> bytes:
    """A DOCX as streaming writers make it: data descriptors (sizes zero in the local headers),
    a zip64 extra field, and a stored (uncompressed) image."""
    sink = _Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            entry.write(b'<w:document xmlns:w="urn:w"><w:body/></w:document>')
        archive.writestr(zipfile.ZipInfo("word/media/image1.png"), b"\x89PNG" + bytes(5000),
                         compress_type=zipfile.ZIP_STORED)
    return sink.written.getvalue()
