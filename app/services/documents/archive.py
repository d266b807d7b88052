"""Reading a zip archive without trusting it: the central directory is parsed here, entry by
entry up to a cap, and every entry is inflated for real, in bounded steps, with its bytes
counted as they come out. Sizes declared by local or central headers are never believed.

Blocking and CPU-bound: callers run it in a thread.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from app.errors import Unprocessable

_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_CENTRAL = b"PK\x01\x02"
_CENTRAL_SIZE = 46
_LOCAL = b"PK\x03\x04"
_LOCAL_SIZE = 30
_COMMENT_MAX = 65_535
_STORED, _DEFLATED = 0, 8
_ENCRYPTED = 0x1
_UTF8 = 0x800
_ZIP64 = 0xFFFF_FFFF
READ = 64 * 1024  # compressed bytes read at a time
STEP = 256 * 1024  # most bytes one inflate call may produce
# An entry that inflates more than this many times over is a bomb, not a document: real DOCX
# parts (XML, images) compress ~5-20:1. Small entries are exempt: all-blank XML compresses well.
MAX_RATIO = 100
RATIO_EXEMPT_BELOW = 1_048_576


class FileRefused(Unprocessable):
    """A 422 with its own stable problem ``code`` (the last segment of the problem ``type``)."""

    def __init__(self, code: str, detail: str, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.code = code


def not_a_docx(reason: str) -> FileRefused:
    return FileRefused("not-a-docx", f"The file is not a valid DOCX ({reason}).")


def bomb(reason: str) -> FileRefused:
    return FileRefused("zip-bomb", f"The DOCX would be too costly to open: {reason}.")


@dataclass(frozen=True)
class Entry:
    """What the central directory says of one entry (only the offset and method are used
    to read it; the CRC is checked against the bytes really inflated)."""

    name: str
    flags: int
    method: int
    crc: int
    declared_size: int
    compressed_size: int
    offset: int


@dataclass
class Budget:
    """Caps shared by an archive and the archives nested in it."""

    max_bytes: int
    max_entries: int
    inflated: int = 0
    entries: int = 0

    def count_entries(self, count: int) -> None:
        self.entries += count
        if self.entries > self.max_entries:
            raise FileRefused("too-many-entries",
                              f"The DOCX holds too many entries (more than {self.max_entries}).",
                              limit=self.max_entries)

    def count_bytes(self, count: int) -> None:
        self.inflated += count
        if self.inflated > self.max_bytes:
            raise bomb(f"it expands beyond {self.max_bytes} bytes")


def _size(fileobj: IO[bytes]) -> int:
    fileobj.seek(0, 2)
    return fileobj.tell()


def central_directory(fileobj: IO[bytes], budget: Budget) -> list[Entry]:
    """The entries, read from the central directory one record at a time (never more than
    the entry cap, whatever the end record claims)."""
    size = _size(fileobj)
    tail_length = min(size, _EOCD_SIZE + _COMMENT_MAX)
    fileobj.seek(size - tail_length)
    tail = fileobj.read(tail_length)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        raise not_a_docx("no zip directory")
    (_, disk, directory_disk, _, total, directory_size, directory_offset,
     _) = struct.unpack("<IHHHHIIH", tail[at:at + _EOCD_SIZE])
    if disk or directory_disk or directory_offset + directory_size > size:
        raise not_a_docx("a damaged or multi-part zip directory")
    if total > budget.max_entries - budget.entries:  # cheap early refusal; not relied upon
        budget.count_entries(total)
    fileobj.seek(directory_offset)
    directory = fileobj.read(directory_size)
    entries: list[Entry] = []
    position = 0
    while position < len(directory):
        record = directory[position:position + _CENTRAL_SIZE]
        if len(record) < _CENTRAL_SIZE or not record.startswith(_CENTRAL):
            raise not_a_docx("a damaged zip directory")
        (flags, method, crc, compressed, declared, name_length, extra_length,
         comment_length, offset) = (
            struct.unpack_from("<HH", record, 8) + struct.unpack_from("<III", record, 16)
            + struct.unpack_from("<HHH", record, 28) + struct.unpack_from("<I", record, 42))
        name_at = position + _CENTRAL_SIZE
        raw_name = directory[name_at:name_at + name_length]
        name = raw_name.decode("utf-8" if flags & _UTF8 else "cp437", "replace")
        budget.count_entries(1)
        if offset == _ZIP64 or offset >= size:
            raise not_a_docx("an entry outside the file")
        if declared == _ZIP64 or compressed == _ZIP64:
            raise bomb("an entry declares 4 GiB or more")
        entries.append(Entry(name, flags, method, crc, declared, compressed, offset))
        position = name_at + name_length + extra_length + comment_length
    return entries


Sink = Callable[[bytes], None]


@dataclass
class Reader:
    """Inflates the entries of one archive; compressed bytes read are counted too, since
    entries that share their data (a non-recursive bomb) read more than the file holds."""

    fileobj: IO[bytes]
    budget: Budget
    size: int = 0
    compressed_read: int = 0

    def __post_init__(self) -> None:
        self.size = _size(self.fileobj)

    def _data_start(self, entry: Entry) -> int:
        self.fileobj.seek(entry.offset)
        header = self.fileobj.read(_LOCAL_SIZE)
        if len(header) < _LOCAL_SIZE or not header.startswith(_LOCAL):
            raise not_a_docx(f"a damaged entry header ({entry.name})")
        # Only the lengths of the name and extra field are taken from the local header.
        name_length, extra_length = struct.unpack_from("<HH", header, 26)
        return entry.offset + _LOCAL_SIZE + int(name_length) + int(extra_length)

    def _read(self, count: int) -> bytes:
        data = self.fileobj.read(count)
        self.compressed_read += len(data)
        if self.compressed_read > self.size + READ:
            raise bomb("its entries overlap")
        return data

    def inflate(self, entry: Entry, sink: Sink) -> None:
        """Feed the entry's real bytes to ``sink``, counting them; check its CRC."""
        if entry.flags & _ENCRYPTED:
            raise FileRefused("encrypted-document",
                              "The DOCX is encrypted; upload it without a password.")
        self.fileobj.seek(self._data_start(entry))
        crc = 0
        produced = 0
        consumed = 0

        def emit(chunk: bytes) -> None:
            nonlocal crc, produced
            if not chunk:
                return
            produced += len(chunk)
            self.budget.count_bytes(len(chunk))
            if produced > RATIO_EXEMPT_BELOW and produced > MAX_RATIO * max(consumed, 1):
                raise bomb(f"an entry expands more than {MAX_RATIO} times")
            crc = zlib.crc32(chunk, crc)
            sink(chunk)

        if entry.method == _STORED:
            left = entry.compressed_size
            while left > 0:
                data = self._read(min(READ, left))
                if not data:
                    raise not_a_docx(f"a truncated entry ({entry.name})")
                consumed += len(data)
                left -= len(data)
                emit(data)
        elif entry.method == _DEFLATED:
            inflater = zlib.decompressobj(-15)
            pending = b""
            try:
                while not inflater.eof:
                    if not pending:
                        pending = self._read(READ)
                        if not pending:
                            raise not_a_docx(f"a truncated entry ({entry.name})")
                        consumed += len(pending)
                    emit(inflater.decompress(pending, STEP))
                    pending = inflater.unconsumed_tail
            except zlib.error as exc:
                raise not_a_docx(f"a corrupt entry ({entry.name})") from exc
            # What was read past the end of the stream belongs to whatever follows.
            self.compressed_read -= len(inflater.unused_data)
        else:
            raise not_a_docx(f"an unsupported compression method ({entry.method})")
        if self.compressed_read > self.size:
            raise bomb("its entries overlap")
        if crc != entry.crc:
            raise not_a_docx(f"a corrupt entry ({entry.name})")
