"""What is opened before a file is accepted: DOCX inflated for real (bounded), PDF parsed."""

from __future__ import annotations

import io

import pytest
from bson import ObjectId

from app.errors import AppError, UnsupportedMediaType
from app.models.calls import DocumentKind
from app.services.context import Ctx
from app.services.documents.scanning import make_scanner
from app.services.documents.sniffing import check_pdf, inspect_docx
from app.services.documents.storage import store_upload
from tests.files import docx_bytes, europass_pdf, many_entries_docx, pdf_bytes, upload_file
from tests.uploads.hostile_files import (
    MACRO_CONTENT_TYPES,
    docx_with,
    encrypted_pdf,
    fake_pdf,
    lying_zip_bomb_docx,
    nested_bomb_docx,
    overlapping_entries_docx,
    raw_zip,
    streamed_docx,
    zip_bytes,
)

LIMITS = {"max_uncompressed": 50 * 1_048_576, "max_entries": 2_000}


def _refused(data: bytes, **limits: int) -> AppError:
    with pytest.raises(AppError) as raised:
        inspect_docx(io.BytesIO(data), **{**LIMITS, **limits})
    assert raised.value.status == 422
    return raised.value


def _pdf_refused(data: bytes) -> AppError:
    with pytest.raises(AppError) as raised:
        check_pdf(io.BytesIO(data))
    assert raised.value.status == 422
    return raised.value


def test_headers_that_lie_do_not_hide_a_zip_bomb() -> None:
    data = lying_zip_bomb_docx()  # declares 4 KiB, inflates to 120 MiB
    assert len(data) < 130 * 1024
    assert _refused(data).code == "zip-bomb"
    # Even with no ratio rule in reach (cap below the 1 MiB exemption), real bytes are counted.
    assert _refused(data, max_uncompressed=512 * 1024).code == "zip-bomb"


def test_a_nested_archive_counts_toward_the_same_caps() -> None:
    assert _refused(nested_bomb_docx()).code == "zip-bomb"
    inner = zip_bytes({"xl/workbook.xml": b"<workbook/>"})
    inspect_docx(io.BytesIO(docx_with(extra={"word/embeddings/Sheet1.xlsx": inner})), **LIMITS)
    # A nested archive's entries count too.
    crowded = zip_bytes({f"x/{n}.xml": b"<x/>" for n in range(60)})
    refusal = _refused(docx_with(extra={"word/embeddings/Sheet1.xlsx": crowded}),
                       max_entries=50)
    assert refusal.code == "too-many-entries"


def test_an_archive_nested_twice_is_refused() -> None:
    innermost = zip_bytes({"a.xml": b"<a/>"})
    middle = zip_bytes({"inner.zip": innermost})
    refusal = _refused(docx_with(extra={"word/embeddings/Object1.bin": middle}))
    assert refusal.code == "nested-archive"


def test_entries_that_share_their_data_are_a_bomb() -> None:
    assert _refused(overlapping_entries_docx()).code == "zip-bomb"


def test_too_many_entries_are_counted_not_read_from_the_header() -> None:
    assert _refused(many_entries_docx(150), max_entries=100).code == "too-many-entries"


def test_a_macro_enabled_document_is_refused() -> None:
    by_part = docx_with(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro storage"})
    assert _refused(by_part).code == "macro-enabled-document"
    by_type = docx_with(content_types=MACRO_CONTENT_TYPES)
    assert _refused(by_type).code == "macro-enabled-document"


@pytest.mark.parametrize("part", ["[Content_Types].xml", "word/document.xml"])
def test_a_docx_without_its_required_parts_is_refused(part: str) -> None:
    refusal = _refused(docx_with(without=(part,)))
    assert refusal.code == "docx-missing-part"
    assert refusal.extra["part"] == part


def test_a_docx_whose_document_is_not_xml_is_refused() -> None:
    broken = docx_with(without=("word/document.xml",),
                       extra={"word/document.xml": b"<w:document><w:body>"})
    assert _refused(broken).code == "not-a-docx"


def test_a_part_with_a_dtd_is_refused() -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
              b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document>&b;</w:document>')
    refusal = _refused(docx_with(without=("word/document.xml",),
                                 extra={"word/document.xml": laughs}))
    assert refusal.code == "not-a-docx"


def test_macros_inside_an_embedded_archive_are_refused() -> None:
    inner = zip_bytes({"xl/workbook.xml": b"<workbook/>", "xl/vbaProject.bin": b"macro"})
    refusal = _refused(docx_with(extra={"word/embeddings/Sheet1.xlsm": inner}))
    assert refusal.code == "macro-enabled-document"


def test_a_corrupt_entry_is_refused() -> None:
    data = bytearray(docx_bytes())
    at = data.find(b"word/document.xml") + len("word/document.xml")
    data[at + 5] ^= 0xFF  # a byte of the deflated document
    assert _refused(bytes(data)).code == "not-a-docx"


def test_real_documents_pass() -> None:
    inspect_docx(io.BytesIO(docx_bytes("Dear panel")), **LIMITS)
    inspect_docx(io.BytesIO(docx_with()), **LIMITS)
    inspect_docx(io.BytesIO(streamed_docx()), **LIMITS)
    check_pdf(io.BytesIO(pdf_bytes("CV", pages=2)))
    check_pdf(io.BytesIO(europass_pdf()))


def test_random_bytes_after_the_zip_magic_are_not_a_docx() -> None:
    assert _refused(b"PK\x03\x04" + bytes(range(256)) * 8).code == "not-a-docx"
    assert _refused(raw_zip([])).code == "docx-missing-part"


def test_a_file_that_only_starts_like_a_pdf_is_refused() -> None:
    assert _pdf_refused(fake_pdf()).code == "not-a-pdf"


def test_an_encrypted_pdf_is_refused() -> None:
    assert _pdf_refused(encrypted_pdf()).code == "encrypted-pdf"


async def _store(ctx: Ctx, data: bytes, filename: str) -> None:
    await store_upload(ctx, source=upload_file(data, filename), application_id=ObjectId(),
                       kind=DocumentKind.other, language=None, owner_subject="candidate-1",
                       scanner=make_scanner(ctx.settings))


async def _nothing_stored(ctx: Ctx) -> None:
    for name in ("documents", "document_files.files", "document_files.chunks"):
        assert await ctx.db[name].count_documents({}) == 0, name


@pytest.mark.parametrize(("data", "code"), [
    (lying_zip_bomb_docx(), "zip-bomb"),
    (docx_with(extra={"word/vbaProject.bin": b"macro"}), "macro-enabled-document"),
    (fake_pdf(), "not-a-pdf"),
    (encrypted_pdf(), "encrypted-pdf"),
], ids=["lying-bomb", "macro", "fake-pdf", "encrypted-pdf"])
async def test_a_refused_file_leaves_nothing_stored(ctx: Ctx, data: bytes, code: str) -> None:
    with pytest.raises(AppError) as raised:
        await _store(ctx, data, "letter.docx")
    assert raised.value.code == code
    await _nothing_stored(ctx)


async def test_an_unknown_type_is_still_415(ctx: Ctx) -> None:
    with pytest.raises(UnsupportedMediaType):
        await _store(ctx, b"GIF89a" + bytes(1000), "cv.gif")
    await _nothing_stored(ctx)


def test_a_nested_archive_is_read_whole_even_when_it_arrives_in_small_pieces() -> None:
    from app.services.documents import sniffing
    from app.services.documents.archive import Budget

    inner = zip_bytes({f"x/{n}.xml": b"<x/>" for n in range(10)})
    sink = sniffing._EntrySink("word/embeddings/Sheet1.xlsx", 0)
    for at in range(0, len(inner), 3):  # the inflater may hand out a few bytes at a time
        sink.feed(inner[at:at + 3])
    budget = Budget(max_bytes=10**9, max_entries=50)
    sink.close(budget)
    assert budget.entries == 10
