"""Facts from the Europass XML that a Europass PDF CV carries as an embedded file."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import Any, BinaryIO, cast

import pypdf
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from pydantic import ValidationError
from pypdf import PdfReader

from app.errors import Unprocessable
from app.models.europass import CvFacts
from app.services.documents.europass_formats import NS_2020, NS_V3, facts_2020, facts_v3
from app.services.documents.xmltools import Element

log = logging.getLogger("app.documents.europass")
XML_MAX_BYTES = 4 * 1_048_576
XML_MAX_DEPTH = 64
ATTACHMENTS_MAX = 20
_EUROPASS_MARK = re.compile(rb"europass", re.IGNORECASE)
_ROOTS = (f"{{{NS_2020}}}Candidate", f"{{{NS_V3}}}Europass")


class EuropassXmlRefused(Unprocessable):
    """The CV carries Europass XML that no honest writer produces (a DTD, entities, a text
    far beyond any CV): the upload is refused, so the candidate can export it again."""

    code, title = "europass-xml-refused", "Europass XML refused"


def _refuse(why: str) -> EuropassXmlRefused:
    return EuropassXmlRefused(
        f"The CV's embedded Europass XML was refused: {why}. Export the CV again from the "
        "Europass editor and upload the new PDF.")


def _too_deep(root: Element) -> bool:
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > XML_MAX_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in element)
    return False


def _europass_root(data: bytes) -> Element | None:
    """The parsed XML when its root is a Europass CV; None for anything else.

    Raises ``EuropassXmlRefused`` for XML that names Europass but is hostile or oversized:
    the CV is then not silently taken as one without data.
    """
    looks_xml = data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    claims_europass = looks_xml and _EUROPASS_MARK.search(data) is not None
    if len(data) > XML_MAX_BYTES:
        if claims_europass:
            raise _refuse(f"it is larger than {XML_MAX_BYTES // 1_048_576} MB")
        return None
    try:
        # No DTD, no entities, no external references: a CV has no need of any of them.
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True,
                                 forbid_external=True)
    except DefusedXmlException:
        if claims_europass:
            raise _refuse("it declares a DTD or entities") from None
        return None
    except (SafeET.ParseError, ValueError, RecursionError):
        return None
    if root.tag not in _ROOTS:
        return None
    if _too_deep(root):
        raise _refuse(f"it nests elements more than {XML_MAX_DEPTH} deep")
    return root


def facts_from_xml(data: bytes, *, preferred_language: str | None = None) -> CvFacts | None:
    """Map a Europass XML document (2020 or v3) to ``CvFacts``; None if it is not one.

    ``preferred_language`` (the language the upload declared) picks among several
    ``CandidateProfile``s. Raises ``EuropassXmlRefused`` for hostile Europass XML.
    """
    root = _europass_root(data)
    if root is None:
        return None
    try:
        if root.tag == _ROOTS[0]:
            return facts_2020(root, preferred_language=preferred_language)
        return facts_v3(root)
    except (ValidationError, ValueError, TypeError, RecursionError):
        log.warning("europass xml recognised but not mappable")
        return None


def _bounded_decoding() -> AbstractContextManager[Any]:
    """pypdf limits for this read: nothing we want inflates beyond a few MB (pypdf >= 7)."""
    apply = getattr(pypdf, "apply_configuration", None)
    if apply is None:
        return nullcontext()
    limit = 2 * XML_MAX_BYTES
    return cast(AbstractContextManager[Any], apply(
        zlib_maximum_output_length=limit, lzw_maximum_output_length=limit,
        run_length_maximum_output_length=limit, brotli_maximum_output_length=limit,
        stream_decoding_work_maximum_length=10 * limit))


def _embedded_files(reader: PdfReader) -> Iterator[bytes]:
    attachments = reader.attachments
    for count, name in enumerate(attachments):
        if count >= ATTACHMENTS_MAX:
            return
        try:
            contents = attachments[name]
        except Exception:  # one unreadable attachment (too big, broken) hides no other
            log.info("skipped an unreadable pdf attachment")
            continue
        yield from contents


def extract_cv_facts(fileobj: BinaryIO, *, preferred_language: str | None = None
                     ) -> CvFacts | None:
    """The facts of the first embedded Europass XML in a PDF, or None; never fails the upload
    for a broken PDF, but raises ``EuropassXmlRefused`` for hostile Europass XML.

    The attachment is recognised by its root element, not its name (names vary). Blocking:
    run it in a thread.
    """
    try:
        with _bounded_decoding():
            fileobj.seek(0)
            reader = PdfReader(fileobj, strict=False)
            for data in _embedded_files(reader):
                facts = facts_from_xml(data, preferred_language=preferred_language)
                if facts is not None:
                    return facts
    except EuropassXmlRefused:
        raise
    except Exception:  # a malformed PDF must never fail the upload: no facts, that is all
        log.info("no europass facts: the pdf could not be read")
    return None
