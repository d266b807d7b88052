"""Type from content, DOCX inspection (zip bombs), and safe filenames."""

from __future__ import annotations

import io
import os

import pytest

from app.errors import Unprocessable
from app.services.documents.sniffing import detect, inspect_docx, sanitise_filename
from tests.files import (
    EICAR,
    docx_bytes,
    many_entries_docx,
    pdf_bytes,
    zip_bomb_bytes,
    zip_bytes,
)

LIMITS = {"max_uncompressed": 50 * 1_048_576, "max_entries": 100}


def test_detect_reads_the_magic_bytes_not_the_name() -> None:
    assert detect(pdf_bytes()[:8]) == "pdf"
    assert detect(docx_bytes()[:8]) == "zip"
    assert detect(EICAR[:8]) is None
    assert detect(os.urandom(64).replace(b"%", b"x").replace(b"P", b"x")) is None
    assert detect(b"") is None
    assert detect(b"<html><body>%PDF-") is None


def test_a_real_docx_passes() -> None:
    inspect_docx(io.BytesIO(docx_bytes("Dear panel")), **LIMITS)


def test_a_zip_without_word_document_is_not_a_docx() -> None:
    data = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    with pytest.raises(Unprocessable, match=r"word/document\.xml"):
        inspect_docx(io.BytesIO(data), **LIMITS)


def test_random_bytes_are_not_a_zip() -> None:
    with pytest.raises(Unprocessable, match="not a valid DOCX"):
        inspect_docx(io.BytesIO(b"PK\x03\x04" + os.urandom(2000)), **LIMITS)


def test_a_zip_bomb_is_refused_by_its_declared_size() -> None:
    with pytest.raises(Unprocessable, match="declares more than"):
        inspect_docx(io.BytesIO(zip_bomb_bytes()), **LIMITS)


def test_a_zip_bomb_is_refused_by_its_ratio_even_under_the_size_cap() -> None:
    with pytest.raises(Unprocessable, match="expands more than 100 times"):
        inspect_docx(io.BytesIO(zip_bomb_bytes()), max_uncompressed=10**12, max_entries=100)


def test_too_many_entries_are_refused() -> None:
    data = many_entries_docx(150)
    with pytest.raises(Unprocessable, match="too many entries"):
        inspect_docx(io.BytesIO(data), **LIMITS)
    inspect_docx(io.BytesIO(data), max_uncompressed=LIMITS["max_uncompressed"],
                 max_entries=200)


def test_an_encrypted_entry_is_refused() -> None:
    data = bytearray(docx_bytes())
    # Set the "encrypted" flag in every central directory header (signature PK\x01\x02).
    at = data.find(b"PK\x01\x02")
    while at != -1:
        data[at + 8] |= 0x01
        at = data.find(b"PK\x01\x02", at + 4)
    with pytest.raises(Unprocessable, match="encrypted"):
        inspect_docx(io.BytesIO(bytes(data)), **LIMITS)


@pytest.mark.parametrize(("given", "expected"), [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\anna\\Documents\\cv.pdf", "cv.pdf"),
    ("/abs/path/letter.docx", "letter.docx"),
    ("cv\x00\x1f\x7f.pdf", "cv.pdf"),
    ("cv\u202efdp.exe", "cvfdp.exe"),  # the right-to-left override is dropped
    ("..", "document.pdf"),
    ("...hidden.pdf", "hidden.pdf"),
    ("", "document.pdf"),
    (None, "document.pdf"),
    ("   ", "document.pdf"),
    ('a<b>c:d"e|f?g*.pdf', "abcdefg.pdf"),
])
def test_filenames_are_sanitised(given: str | None, expected: str) -> None:
    assert sanitise_filename(given, default="document.pdf") == expected


def test_unicode_names_are_kept_in_nfc() -> None:
    decomposed = "Lebenslauf-Mu\u0308ller.pdf"  # u + combining diaeresis
    assert sanitise_filename(decomposed, default="x") == "Lebenslauf-Müller.pdf"
    assert sanitise_filename("Životopis Čapek.pdf", default="x") == "Životopis Čapek.pdf"


def test_long_names_are_capped_and_keep_their_extension() -> None:
    name = sanitise_filename("a" * 500 + ".docx", default="x")
    assert len(name) == 120
    assert name.endswith(".docx")
    assert len(sanitise_filename("b" * 500, default="x")) == 120
