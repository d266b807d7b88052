"""Documents per call come from the notice, and so do the messages about them."""

from __future__ import annotations

from app.services.demo_calls import CA_AI_OFFICE, CA_DIGIT, SNE_AI_OFFICE, TA_CERT_EU


def test_single_pdf_messages_come_from_each_calls_own_rules() -> None:
    # DIGIT CA: "a single pdf in the following order: 1. your CV 2. completed application form"
    assert CA_DIGIT.documents.single_pdf_rule() == (
        "This call takes one PDF holding CV and application form, in that order")
    # CERT-EU TA: "1. your CV 2. motivation letter 3. duly filled in application form"
    assert TA_CERT_EU.documents.single_pdf_rule() == (
        "This call takes one PDF holding CV, motivation letter and application form, in that "
        "order")
    assert TA_CERT_EU.documents.single_pdf_kind == "cv"


def test_each_notice_asks_for_its_own_documents() -> None:
    # AI Office CA: "You may express your interest by filling in the application form" (online).
    assert CA_AI_OFFICE.documents.required == []
    # SNE: "Please do not add any other documents" — the Europass CV only.
    assert (SNE_AI_OFFICE.documents.required, SNE_AI_OFFICE.documents.accepted) == (
        ["cv"], ["cv"])
