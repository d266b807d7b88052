"""The SNE notice's CV rule, applied at upload: only a Europass CV. A DOCX or a PDF without
Europass data is refused at once (the candidate can export the CV again now); the eligibility
verdict still records the CV's format, language and nationality for the file."""

from __future__ import annotations

from app.errors import Unprocessable
from app.models.calls import CallKind, CvFormat, DocumentKind, DocumentRules
from app.models.documents import DocumentDoc


class EuropassCvRequired(Unprocessable):
    code, title = "europass-cv-required", "Europass CV required"


def check_europass_cv(*, call_kind: str, rules: DocumentRules, document: DocumentDoc) -> None:
    """422 ``europass-cv-required`` for a CV without Europass data, on an SNE call or on any
    call whose notice asks for a Europass CV."""
    if document.kind is not DocumentKind.cv or document.europass is not None:
        return
    if call_kind != CallKind.sne.value and rules.cv_format is not CvFormat.europass:
        return
    raise EuropassCvRequired(
        "This call takes only a Europass CV, and this file carries no Europass data (a DOCX, "
        "or a PDF that was not exported from the Europass editor). Create or import the CV in "
        "the Europass editor, download it as PDF, and upload that file.",
        errors=[{"loc": ["body", "file"], "msg": "a Europass CV is required"}])
