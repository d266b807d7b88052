"""The registry of error kinds: the one place a problem ``code`` is declared.

Each code is one kind of error, with one ``type`` URI (``/problems/<code>``, served by the API
itself at ``GET /problems/{code}``), one status and one title. ``AppError`` subclasses and
``problem()`` look their title up here; a test fails for any code the code base can raise that
is not declared here, so a client can rely on every ``type`` it meets being documented.
"""

from __future__ import annotations

from dataclasses import dataclass

# Relative to the API's own origin (RFC 9457 §3.1.1 allows a URI reference): the same string
# in every deployment, and it resolves to the page the API serves.
TYPE_PREFIX = "/problems/"


@dataclass(frozen=True)
class ProblemKind:
    """One kind of error: its status, title, when it happens and what a client should do."""

    status: int
    title: str
    when: str
    action: str


PROBLEMS: dict[str, ProblemKind] = {
    # Generic kinds (HTTP-level, and the base classes of ``app.errors``).
    "bad-request": ProblemKind(
        400, "Bad request",
        "The request cannot be read: an invalid `Content-Length`, a cursor this service did not "
        "issue, a parameter that is not well formed.",
        "Fix the request as `detail` says; do not retry it unchanged."),
    "malformed-json": ProblemKind(
        400, "Malformed JSON",
        "The body is not valid JSON.",
        "Send a well-formed JSON document."),
    "unauthorized": ProblemKind(
        401, "Authentication required",
        "No bearer token was sent, or the token was refused (expired, wrong issuer or audience, "
        "bad signature, a claim of the wrong shape). `WWW-Authenticate` says which: no `error` "
        "means log in; `error=\"invalid_token\"` means get a new token.",
        "Obtain a new token from the identity provider and retry."),
    "forbidden": ProblemKind(
        403, "Forbidden",
        "The token is valid but the caller's roles (or unit, or country) do not allow the "
        "action.",
        "Do not retry: logging in again will not help. `GET /api/v1/me` lists what the caller "
        "may do (`may`)."),
    "not-found": ProblemKind(
        404, "Not found",
        "No such resource, or one the caller may not know exists (\"not yours\" is a 404).",
        "Check the id; refresh the list it came from."),
    "method-not-allowed": ProblemKind(
        405, "Method not allowed",
        "The path exists but not with this method; `Allow` lists the methods it takes.",
        "Use one of the methods in `Allow`."),
    "not-acceptable": ProblemKind(
        406, "Not acceptable",
        "None of the media types in `Accept` can be produced.",
        "Accept `application/json` (or the type the operation documents)."),
    "conflict": ProblemKind(
        409, "Conflict",
        "The action does not fit the resource's current state: a call that is not in a status "
        "allowing it, a deadline that has passed, a duplicate application or reference.",
        "Read the resource again; `detail` (and members such as `application_status` or "
        "`deadline`) say why. Retrying unchanged gives the same answer."),
    "gone": ProblemKind(
        410, "Gone",
        "The resource existed and has been removed for good (erasure, retention).",
        "Drop your copy of it."),
    "precondition-failed": ProblemKind(
        412, "Precondition failed",
        "`If-Match` names an ETag that is no longer the resource's: someone changed it since "
        "you read it.",
        "GET the resource again (its `ETag`; `current_etag` in this problem), re-apply your "
        "change and retry with the new ETag."),
    "payload-too-large": ProblemKind(
        413, "Payload too large",
        "The body exceeds the cap (`ATS_MAX_BODY_BYTES` for JSON, `ATS_MAX_UPLOAD_BYTES` for a "
        "file).",
        "Send a smaller body or file."),
    "unsupported-media-type": ProblemKind(
        415, "Unsupported media type",
        "The body's `Content-Type` is not accepted here (JSON, `application/merge-patch+json` "
        "for PATCH, `multipart/form-data` for files), or an uploaded file is neither PDF nor "
        "DOCX.",
        "Send the media type the operation documents."),
    "unprocessable": ProblemKind(
        422, "Unprocessable content",
        "The body is well formed but breaks a rule of the domain (a profile code the call does "
        "not have, a document kind the call does not take, a null where a value is required). "
        "`errors` lists the fields concerned.",
        "Correct the fields listed in `errors` and retry."),
    "validation": ProblemKind(
        422, "Validation failed",
        "The request does not match the schema. `errors` holds one item per problem, "
        "`{type, loc, msg}`: `type` is the machine-readable kind (`missing`, `string_too_long`, "
        "`enum`…, pydantic's error types), `loc` the path to the field, `msg` an English "
        "sentence; `ctx` may hold the limit (`max_length`…). The rejected value is never "
        "echoed.",
        "Translate each item by its `type` (and `ctx`), show it beside the field at `loc`, and "
        "retry once corrected."),
    "precondition-required": ProblemKind(
        428, "Precondition required",
        "A PATCH (or another write on an existing resource that requires it) came without "
        "`If-Match`.",
        "GET the resource, and send its `ETag` as `If-Match`."),
    "internal": ProblemKind(
        500, "Internal server error",
        "An unexpected error. Nothing about it is shown; `error_id` identifies it in the "
        "service's logs.",
        "Retry later; if it persists, report the `error_id` and `request_id`."),
    "service-unavailable": ProblemKind(
        503, "Service unavailable",
        "A service this request depends on does not answer (the database, the malware "
        "scanner: uploads fail closed).",
        "Retry after the delay in `Retry-After`, if given."),
    "database-unavailable": ProblemKind(
        503, "Database unavailable",
        "The database cannot be reached (a restart, a replica-set election).",
        "Retry after the delay in `Retry-After` (a few seconds)."),
    # Uploads: the file is refused and nothing is stored.
    "empty-file": ProblemKind(
        422, "Empty file", "The uploaded file has no bytes.", "Upload the real file."),
    "malware-detected": ProblemKind(
        422, "Malware detected",
        "The malware scanner found a threat in the uploaded file.",
        "Do not upload this file; produce a clean one."),
    "not-a-pdf": ProblemKind(
        422, "Not a PDF",
        "The file starts like a PDF but cannot be opened, or has no pages.",
        "Export the document to PDF again and upload it."),
    "encrypted-pdf": ProblemKind(
        422, "Encrypted PDF",
        "The PDF is encrypted (even with an empty password): staff and panels must read it as "
        "it is.",
        "Save the PDF without password or permission restrictions."),
    "not-a-docx": ProblemKind(
        422, "Not a DOCX",
        "The file is a zip archive but not a valid DOCX (unreadable directory, unknown "
        "compression, bad checksum, malformed XML).",
        "Save the document again as DOCX (or PDF) and upload it."),
    "docx-missing-part": ProblemKind(
        422, "DOCX part missing",
        "The DOCX lacks a part every Word document has (`part` names it).",
        "Save the document again as DOCX (or PDF) and upload it."),
    "zip-bomb": ProblemKind(
        422, "Zip bomb",
        "The DOCX would inflate far beyond any real document.",
        "Upload the document as PDF."),
    "too-many-entries": ProblemKind(
        422, "Too many entries",
        "The DOCX holds more entries than a document needs (`ATS_DOCX_MAX_ENTRIES`).",
        "Upload the document as PDF."),
    "nested-archive": ProblemKind(
        422, "Nested archive",
        "The DOCX embeds an archive that itself embeds an archive.",
        "Remove embedded files, or upload the document as PDF."),
    "macro-enabled-document": ProblemKind(
        422, "Macro-enabled document",
        "The DOCX carries macros (VBA).",
        "Save it as a plain DOCX without macros, or as PDF."),
    "encrypted-document": ProblemKind(
        422, "Encrypted document",
        "The DOCX holds an encrypted entry.",
        "Save the document without protection and upload it again."),
    "europass-cv-required": ProblemKind(
        422, "Europass CV required",
        "The call takes only a Europass CV (SNE calls, or a notice that asks for one) and the "
        "file carries no Europass data.",
        "Create or import the CV in the Europass editor, download it as PDF, upload that file."),
    "europass-xml-refused": ProblemKind(
        422, "Europass XML refused",
        "The CV's embedded Europass XML is hostile or oversized (a DTD, entities, over 4 MB, "
        "nested too deep).",
        "Export the CV again from the Europass editor and upload the new PDF."),
    # Selection panels.
    "no-panel": ProblemKind(
        404, "Not found",
        "The call has no selection panel yet, or the caller may not know of it.",
        "HR or the recruiting unit sets the panel with `PUT /api/v1/calls/{id}/panel`."),
    "chair-only": ProblemKind(
        403, "Panel chair only",
        "Only the panel's chair may do this (open consolidation, sign the report off).",
        "Ask the chair."),
    "not-a-scorer": ProblemKind(
        403, "Only the chair and members score",
        "Secretaries and observers sit on the panel but do not score.",
        "Do not retry; a chair or member scores."),
    "declaration-required": ProblemKind(
        403, "Conflict declaration required",
        "A panel member must declare, for this candidate, whether they have a conflict of "
        "interest before reading the file or scoring it.",
        "`POST /api/v1/applications/{id}/conflict-declaration`, then retry."),
    "conflict-of-interest": ProblemKind(
        403, "Conflict of interest declared",
        "The member declared a conflict of interest for this candidate: they neither read the "
        "file nor score it; the ranking shows the abstention.",
        "Do not retry; a correction of the declaration is a new declaration."),
    "grid-frozen": ProblemKind(
        409, "The stage's grid is frozen",
        "A scorecard of this stage has been submitted: its criteria, weights and threshold "
        "can no longer change.",
        "Keep the grid; scores already given were given against it."),
    "invalid-scores": ProblemKind(
        422, "Invalid scores",
        "A score is outside its criterion's scale or off its step, a criterion is unknown, or "
        "one is missing on submission; `errors` names each field.",
        "Correct the fields `errors` names and send the scorecard again."),
    "scorecard-submitted": ProblemKind(
        409, "The scorecard is submitted",
        "A submitted scorecard is immutable.",
        "Do not retry; the submitted scores stand."),
    "scoring-started": ProblemKind(
        409, "Scoring has started",
        "The panel cannot change once scoring of a stage has started, except to replace a "
        "member who has not scored.",
        "Replace only members who have not scored, or keep the panel."),
    "not-in-stage": ProblemKind(
        409, "The application is not at this stage",
        "The application's status does not put it before the panel at this stage (preselection "
        "needs `preselected`, the interview `interviewed` or after).",
        "Score the stage the application is at."),
    "stage-signed-off": ProblemKind(
        409, "The stage is signed off",
        "The chair signed the stage's report off: its scorecards and report are frozen.",
        "Do not retry; the signed report is served unchanged."),
    # Integrations: machine clients (OAuth2, RFC 6749 §5.2 names), webhooks, rate limits.
    "invalid-request": ProblemKind(
        400, "Invalid token request",
        "The token request lacks a parameter, repeats one, or is otherwise malformed (OAuth2 "
        "`invalid_request`).",
        "Send `grant_type=client_credentials` with one client authentication method."),
    "invalid-client": ProblemKind(
        401, "Client authentication failed",
        "The client is unknown or revoked, its assertion is expired, reused, badly signed or "
        "for another audience, or its secret is wrong (OAuth2 `invalid_client`).",
        "Check the client id and key; sign a fresh assertion with a new `jti`."),
    "unsupported-grant-type": ProblemKind(
        400, "Unsupported grant type",
        "Only `client_credentials` is issued here (OAuth2 `unsupported_grant_type`).",
        "Use `grant_type=client_credentials`."),
    "invalid-scope": ProblemKind(
        400, "Invalid scope",
        "The requested scope is not one the client is registered for (OAuth2 `invalid_scope`).",
        "Omit `scope`, or ask for the client's registered scope."),
    "invalid-client-key": ProblemKind(
        422, "Invalid client key",
        "The public key or JWKS registered for a machine client is not a usable RSA (≥ 2048 "
        "bits) or EC signing key.",
        "Register the client's public signing key as a JWK set or PEM."),
    "unsafe-webhook-url": ProblemKind(
        422, "Unsafe webhook URL",
        "The endpoint's URL is not https (in production) or resolves to a private, loopback, "
        "link-local or reserved address (server-side request forgery).",
        "Register a public https URL."),
    "rate-limited": ProblemKind(
        429, "Too many requests",
        "The caller (per client or token subject) or the anonymous address sent more requests "
        "than its limit in the current window.",
        "Wait the number of seconds `Retry-After` gives, then retry."),
}

# What an HTTP status means when nothing more specific is known (errors raised by the framework).
STATUS_CODES: dict[int, str] = {
    400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found",
    405: "method-not-allowed", 406: "not-acceptable", 409: "conflict", 410: "gone",
    412: "precondition-failed", 413: "payload-too-large", 415: "unsupported-media-type",
    422: "unprocessable", 428: "precondition-required", 429: "rate-limited", 500: "internal",
    503: "service-unavailable",
}


def code_for_status(status: int) -> str:
    """The generic code of an HTTP status (``bad-request`` or ``internal`` by class)."""
    return STATUS_CODES.get(status, "internal" if status >= 500 else "bad-request")


def type_uri(code: str) -> str:
    """The problem ``type`` of a code: where its documentation is served."""
    return TYPE_PREFIX + code


def title_of(code: str, default: str) -> str:
    """The registered title of a code (``default`` for a code not yet registered)."""
    kind = PROBLEMS.get(code)
    return kind.title if kind is not None else default
