"""What is stored, continued: documents' metadata, notification messages, ranking rows.

The same kind of ``TypedDict`` as ``stored.py`` (whose docstring says why), apart so that
neither file grows past a screenful of types: derived from what the code writes and from the
collections' JSON-schema validators (``migrations/``). Webhook endpoints, events and deliveries
need none: their repository already hands out the Pydantic models of
``models/integrations_webhooks.py``.
"""

# No ``from __future__ import annotations``: TypedDict reads NotRequired from evaluated
# annotations only (``__required_keys__``, which tests/shapes.py checks documents against).
from datetime import datetime
from typing import Any, NotRequired, TypedDict

from bson import ObjectId

from app.models.stored import DeadlineDoc, DemoDoc, ModelJson

# --- calls: the projections read of them (the stored call is ``stored.CallDoc``) -----------

class PublicCallViewDoc(TypedDict):
    """What the public listing reads of a published call (``calls.PUBLIC_SUMMARY``)."""

    _id: ObjectId
    reference: str
    title: str
    kind: str
    dg: str
    unit: str
    places_of_employment: list[str]
    deadline: DeadlineDoc
    status: str
    demo: NotRequired[DemoDoc]


class CallKindDoc(TypedDict):
    """A call as the retention purge walks them: its id and kind."""

    _id: ObjectId
    kind: str


# --- documents: the metadata of an uploaded file (its bytes are in GridFS) --------------------


class ScanDoc(TypedDict):
    """Whether a malware scanner saw the file (``ScanRecord``)."""

    scanned: bool
    engine: NotRequired[str | None]  # the validator allows it absent; the code writes null
    at: datetime


class DocumentMetaDoc(TypedDict):
    """A ``documents`` record: ``DocumentDoc.to_mongo()`` (``models/documents.py``), which the
    services that need more than a key or two validate it back into."""

    _id: ObjectId
    application_id: ObjectId
    kind: str
    language: NotRequired[str | None]  # absent or null when the upload did not say
    filename: str
    content_type: str
    size: int
    sha256: str
    gridfs_id: ObjectId
    scan: ScanDoc
    europass: NotRequired[ModelJson | None]  # ``CvFacts``' JSON; a PDF CV's, when it has one
    uploaded_by: str
    uploaded_at: datetime
    version: int


class DocumentFileRefDoc(TypedDict):
    """What an erasure reads of a document record: where its bytes are (a projection)."""

    _id: ObjectId
    application_id: ObjectId
    gridfs_id: ObjectId


class GridFileOwnerDoc(TypedDict):
    application_id: ObjectId


class GridFileViewDoc(TypedDict):
    """What an erasure reads of a GridFS ``files`` record (``ChunkedUpload`` writes it, tagged
    with its application, also when no document record came to point at it)."""

    _id: ObjectId
    length: int
    metadata: GridFileOwnerDoc


# --- the notification outbox -----------------------------------------------------------------

class OutboxMessageDoc(TypedDict):
    """A stored ``outbox`` message, as ``outbox.message`` writes it."""

    _id: ObjectId
    application_id: ObjectId
    template: str
    created_at: datetime
    deliver_after: datetime
    attempts: int
    delivered_at: datetime | None
    last_error: str | None
    claimed_until: datetime | None
    dead_at: datetime | None  # set when every try failed: a dead letter


# --- the ranking of a stage: rows of an aggregation, never stored -----------------------------

class RankingInfoDoc(TypedDict):
    """What the ranking's pipeline reads of the application (``$profile`` members a draft
    never filled are absent, like the priority group outside Article 29)."""

    st: str  # status
    fn: NotRequired[str]  # first name
    ln: NotRequired[str]  # last name
    ck: str  # candidate key: the audit subject
    pg: NotRequired[int]  # Article 29: 0 for the priority group, 1 for the others


class RankingRowDoc(TypedDict):
    """One application's row as the ranking's pipeline groups it (``repositories/ranking``).

    Beside these members each knock-out criterion has its mean, ``ko_<criterion id>``: keys
    no ``TypedDict`` can name, read through ``ranking.knockout_mean``."""

    _id: ObjectId  # the application's
    ts: list[float]  # each scorer's weighted total...
    ms: list[str]  # ...and who gave it, in the same order
    mean: float | None  # null while nobody scored
    abst: int  # members who declared a conflict
    info: RankingInfoDoc


class RankFiguresDoc(TypedDict):
    """What a row's member totals say (``ranking.figures``), computed as the row streams by."""

    n: int
    score: float | None
    spread: float | None
    ko_failed: list[str]
    median: float | None
    sd: float | None
    discuss: bool
    passed: bool
    rank: int | None


# --- idempotency: a request's first response, replayed to its retries -------------------------

class IdempotencyRecordDoc(TypedDict):
    """An ``idempotency_keys`` record: claimed ``in_flight``, then ``done`` with the response."""

    _id: str  # sha256 of the caller, the scope and the key
    body_hash: str
    state: str  # in_flight, done
    created_at: datetime
    expires_at: datetime  # the TTL index removes it then
    status: NotRequired[int]  # set with the response, when done
    body: NotRequired[Any]  # the response's JSON, whatever the endpoint answered
    headers: NotRequired[dict[str, str]]
    application_id: NotRequired[ObjectId]  # the application the response is about, if any


# --- the audit trail -------------------------------------------------------------------------

class AuditEventDoc(TypedDict):
    """An ``audit_events`` record (``services/audit._event``): who did what to whose data."""

    _id: ObjectId
    at: datetime
    actor: str  # a staff member's sub in clear, anyone else's keyed pseudonym
    actor_pseudonymous: bool
    actor_roles: list[str]
    action: str
    resource: str
    resource_id: str
    subject_id: str | None  # the pseudonym of the person the data is about
    request_id: str | None
    detail: str | None


class SubjectKeyDoc(TypedDict):
    """A ``subject_keys`` record: one person's pseudonym key (destroyed to forget them)."""

    _id: str
    key: bytes
    created_at: datetime


# --- scheduled jobs --------------------------------------------------------------------------

class JobStatusDoc(TypedDict):
    """A ``job_status`` record, one per job: upserted when a run starts (the first members),
    completed when it finishes (a job that never finished has none of the others)."""

    _id: str  # the job's name
    last_started_at: datetime
    last_owner: str  # the replica that ran it
    running: bool
    last_finished_at: NotRequired[datetime]
    last_status: NotRequired[str]  # ok, failed
    last_counts: NotRequired[dict[str, int]]
    last_error: NotRequired[str | None]  # the exception's type
    runs: NotRequired[int]
    failures: NotRequired[int]
