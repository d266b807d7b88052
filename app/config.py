"""One settings class for the whole service (environment prefix ``ATS_``)."""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# A development-only key for special-category data; refused in production.
# base64 of the 32 bytes "dev-only-special-category-key-32" (AES-256 needs exactly 32).
DEV_SPECIAL_DATA_KEY = "ZGV2LW9ubHktc3BlY2lhbC1jYXRlZ29yeS1rZXktMzI="


DEV_PSEUDONYM_KEY = "dev-only-pseudonym-key"

# The key id of ATS_SPECIAL_DATA_KEY in the key ring (and of records stored before key ids).
DEFAULT_KEY_ID = "default"


def _aes_key(value: str, *, name: str) -> bytes:
    """The 32 bytes of a base64 key; the error never quotes the value."""
    try:
        key = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{name} must be base64 (of 32 random bytes)") from None
    if len(key) != 32:
        raise ValueError(f"{name} must be the base64 of exactly 32 bytes, not {len(key)}")
    return key


class Settings(BaseSettings):
    """Configuration read from ``ATS_*`` environment variables (and ``.env``)."""

    # Errors never echo the rejected input: it may be a password or a key.
    model_config = SettingsConfigDict(env_prefix="ATS_", env_file=".env", extra="ignore",
                                      hide_input_in_errors=True)

    env: Literal["development", "test", "production"] = "development"
    host: str = "127.0.0.1"
    port: int = 8000

    # Database. Unset URI: start the embedded SecantusDB server (development and tests only).
    mongodb_uri: str | None = None
    mongodb_db: str = "eu_ats"
    embedded_db_path: Path = Path("var/db")
    embedded_db_port: int = 0  # 0: pick a free port
    embedded_db_cache_size: str = "256M"
    embedded_db_test_commands: bool = False
    # How long a request waits for an unreachable database before it answers 503.
    mongodb_timeout_seconds: float = Field(default=2.0, gt=0, le=60)
    # How long a replica may answer from its copy of a call (title, deadline, rules) before
    # reading it again; its own changes are seen at once, another replica's within this.
    call_cache_seconds: float = Field(default=5.0, ge=0, le=300)
    # How long a replica serves a page of the public list it has rendered (answers say
    # max-age=60 to browsers and CDNs); its own call changes drop the pages at once.
    public_list_cache_seconds: float = Field(default=2.0, ge=0, le=60)

    # Authentication.
    jwt_issuer: str = "eu-ats-dev"
    jwt_audience: str = "eu-ats"
    jwt_algorithms: list[str] = Field(default_factory=lambda: ["RS256", "ES256"])
    jwks_url: str | None = None
    jwks_cache_seconds: int = 3600
    dev_keys_path: Path = Path("var/keys")
    jwt_leeway_seconds: int = 30
    # Longest token lifetime (exp - iat) accepted: a stolen token stays useful no longer.
    jwt_max_lifetime_seconds: int = Field(default=12 * 3600, gt=0)

    # HTTP.
    cors_origins: list[str] = Field(default_factory=list)
    max_body_bytes: int = 1_048_576
    max_upload_bytes: int = 15 * 1_048_576

    # Uploads.
    clamd_host: str | None = None
    clamd_port: int = 3310
    clamd_socket: Path | None = None
    clamd_timeout_seconds: float = 30.0
    docx_max_uncompressed_bytes: int = 50 * 1_048_576
    docx_max_entries: int = 2_000

    # Special-category data (health / special needs), AES-GCM, base64 of 32 bytes.
    special_data_key: SecretStr = SecretStr(DEV_SPECIAL_DATA_KEY)
    # Key ring for rotation: JSON {key id: base64 of 32 bytes}; new records are sealed with the
    # current key id, old ones are opened with whichever listed key sealed them.
    special_data_keys: dict[str, SecretStr] = Field(default_factory=dict)
    special_data_current_key_id: str | None = None

    # Jobs.
    scheduler_enabled: bool = True
    close_calls_interval_seconds: int = 20
    outbox_interval_seconds: int = 30
    job_lease_seconds: int = 60
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "no-reply@eu-ats.invalid"
    orphan_cleanup_interval_seconds: int = Field(3600, ge=1)
    # Uploads younger than this are never swept: one may still be writing its chunks.
    orphan_grace_minutes: int = Field(60, ge=5)
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_ca_file: Path | None = None  # a private CA for the relay's certificate

    # Bearer token that /metrics requires when set.
    metrics_token: SecretStr | None = None

    # Key of the HMAC that turns a person's id into the pseudonym kept in audit records.
    pseudonym_key: SecretStr = SecretStr(DEV_PSEUDONYM_KEY)

    idempotency_ttl_hours: int = 48
    demo_data: bool = False
    log_level: str = "INFO"

    @field_validator("special_data_key")
    @classmethod
    def _special_data_key_is_aes_256(cls, value: SecretStr) -> SecretStr:
        _aes_key(value.get_secret_value(), name="the key")
        return value

    @field_validator("special_data_keys")
    @classmethod
    def _key_ring_is_aes_256(cls, value: dict[str, SecretStr]) -> dict[str, SecretStr]:
        for kid, key in value.items():
            if not kid or len(kid) > 64:
                raise ValueError("key ids must be 1 to 64 characters")
            _aes_key(key.get_secret_value(), name=f"key {kid!r}")
        return value

    def _key_and_mail_problems(self) -> list[str]:
        problems = []
        dev_key_in_production = (
            self.is_production and self.special_data_kid == DEFAULT_KEY_ID
            and DEFAULT_KEY_ID not in self.special_data_keys
            and self.special_data_key.get_secret_value() == DEV_SPECIAL_DATA_KEY)
        if dev_key_in_production:
            problems.append("ATS_SPECIAL_DATA_KEY must be set (the development key is refused)")
        elif self.special_data_kid not in self.special_data_keyring:
            known = ", ".join(sorted(self.special_data_keyring)) or "none"
            problems.append(f"ATS_SPECIAL_DATA_CURRENT_KEY_ID names no configured key "
                            f"(key ids: {known})")
        if self.special_data_keys and self.special_data_current_key_id is None:
            problems.append("ATS_SPECIAL_DATA_CURRENT_KEY_ID must say which key of "
                            "ATS_SPECIAL_DATA_KEYS seals new records")
        if (self.smtp_username is None) != (self.smtp_password is None):
            problems.append("ATS_SMTP_USERNAME and ATS_SMTP_PASSWORD go together")
        if self.smtp_username is not None and self.smtp_security == "none":
            problems.append("ATS_SMTP_SECURITY must be starttls or tls when ATS_SMTP_USERNAME "
                            "is set (credentials are never sent in clear)")
        return problems
    # Retention (privacy statement: not selected = one year after the call's closure).
    retention_not_selected_months: int = Field(default=12, ge=1, le=120)
    retention_months_by_kind: dict[str, int] = {}
    retention_batch_size: int = Field(default=200, ge=1, le=5000)
    retention_interval_seconds: int = 86_400
    # Integrations: machine clients (OAuth2), webhooks, EPSO CAST imports, rate limits.
    # Issuer of the tokens this service signs for machine clients (never the OIDC issuer's).
    token_issuer: str = "eu-ats"
    # PEM of the RSA key that signs machine clients' tokens; unset = the development key
    # (in production, unset means no machine tokens are issued: 503).
    token_signing_key: SecretStr | None = None
    machine_token_ttl_seconds: int = Field(600, ge=60, le=3600)
    # A client assertion may live this long at most (RFC 7523 §3: short, single-use).
    client_assertion_max_lifetime_seconds: int = Field(300, ge=30, le=3600)
    # Webhook targets on loopback (127.0.0.1) are allowed: for tests and development only.
    webhook_allow_loopback: bool = False
    webhook_interval_seconds: int = Field(10, ge=1)
    webhook_timeout_seconds: float = Field(10.0, gt=0)
    cast_import_interval_seconds: int = Field(10, ge=1)
    # Requests per window ("limits" notation), counted in MongoDB so replicas share them.
    rate_limit_enabled: bool = True
    rate_limit_caller: str = "1200/minute"  # per token subject (a machine client, a user)
    rate_limit_anonymous: str = "120/minute"  # per IP address, public routes and /oauth/token
    # Audit subject keys kept in memory this long (0: always read); bounds how long another
    # replica's purge takes to be seen here.
    subject_key_cache_seconds: float = Field(30.0, ge=0, le=300)

    @model_validator(mode="after")
    def _refuse_dev_secrets_in_production(self) -> Settings:
        # One error listing every problem: the CLI prints each on its own line.
        problems = self._key_and_mail_problems()
        if self.env != "production":
            if problems:
                raise ValueError("; ".join(problems))
            return self
        if self.mongodb_uri is None:
            problems.append("ATS_MONGODB_URI must point at a MongoDB replica set")
        if self.jwks_url is None:
            problems.append("ATS_JWKS_URL must name the OIDC issuer's JWKS")
        if self.pseudonym_key.get_secret_value() == DEV_PSEUDONYM_KEY:
            problems.append("ATS_PSEUDONYM_KEY must be set (the development key is refused)")
        if self.clamd_host is None and self.clamd_socket is None:
            problems.append("ATS_CLAMD_HOST or ATS_CLAMD_SOCKET must be set (uploads are scanned)")
        if self.demo_data:
            problems.append("ATS_DEMO_DATA is for development only")
        if self.webhook_allow_loopback:
            problems.append("ATS_WEBHOOK_ALLOW_LOOPBACK is for tests and development only")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def special_data_kid(self) -> str:
        """The key id that seals new special-category records."""
        return self.special_data_current_key_id or DEFAULT_KEY_ID

    @property
    def special_data_keyring(self) -> dict[str, bytes]:
        """Every key that may open a record, by key id. ``ATS_SPECIAL_DATA_KEY`` is "default"
        (records stored before key ids have none); the development key is left out of a
        production ring, so nothing sealed in development opens there."""
        ring = {kid: base64.b64decode(key.get_secret_value())
                for kid, key in self.special_data_keys.items()}
        single = self.special_data_key.get_secret_value()
        if DEFAULT_KEY_ID not in ring and not (self.is_production
                                                and single == DEV_SPECIAL_DATA_KEY):
            ring[DEFAULT_KEY_ID] = base64.b64decode(single)
        return ring


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
