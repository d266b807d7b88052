"""Facts from the Europass XML that a Europass PDF CV carries as an embedded file."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import Any, BinaryIO, cast

import pypdf
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from pydantic import ValidationError
from pypdf import PdfReader

from app.models.europass import CvFacts
from app.services.documents.europass_formats import NS_2020, NS_V3, facts_2020, facts_v3
from app.services.documents.xmltools import Element

log = logging.getLogger("app.documents.europass")
XML_MAX_BYTES = 2 * 1_048_576
ATTACHMENTS_MAX = 20


def _europass_root(data: bytes) -> Element | None:
    """The parsed XML when its root is a Europass CV; None for anything else (or unsafe XML)."""
    if len(data) > XML_MAX_BYTES:
        return None
    try:
        # No DTD, no entities, no external references: a CV has no need of any of them.
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True,
                                 forbid_external=True)
    except (DefusedXmlException, SafeET.ParseError, ValueError):
        return None
    if root.tag in (f"{{{NS_2020}}}Candidate", f"{{{NS_V3}}}Europass"):
        return root
    return None


def facts_from_xml(data: bytes) -> CvFacts | None:
    """Map a Europass XML document (2020 or v3) to ``CvFacts``; None if it is not one."""
    root = _europass_root(data)
    if root is None:
        return None
    try:
        if root.tag == f"{{{NS_2020}}}Candidate":
            return facts_2020(root)
        return facts_v3(root)
    except (ValidationError, ValueError, TypeError):
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


def extract_cv_facts(fileobj: BinaryIO) -> CvFacts | None:
    """The facts of the first embedded Europass XML in a PDF, or None. Never raises.

    The attachment is recognised by its root element, not its name (names vary). Blocking:
    run it in a thread.
    """
    try:
        with _bounded_decoding():
            fileobj.seek(0)
            reader = PdfReader(fileobj, strict=False)
            for data in _embedded_files(reader):
                facts = facts_from_xml(data)
                if facts is not None:
                    return facts
    except Exception:  # a malformed PDF must never fail the upload: no facts, that is all
        log.info("no europass facts: the pdf could not be read")
    return None
