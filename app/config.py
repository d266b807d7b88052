"""One settings class for the whole service (environment prefix ``ATS_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# A development-only key for special-category data; refused in production.
# base64 of the 32 bytes "dev-only-special-category-key-32" (AES-256 needs exactly 32).
DEV_SPECIAL_DATA_KEY = "ZGV2LW9ubHktc3BlY2lhbC1jYXRlZ29yeS1rZXktMzI="


DEV_PSEUDONYM_KEY = "dev-only-pseudonym-key"


class Settings(BaseSettings):
    """Configuration read from ``ATS_*`` environment variables (and ``.env``)."""

    model_config = SettingsConfigDict(env_prefix="ATS_", env_file=".env", extra="ignore")

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

    # Key of the HMAC that turns a person's id into the pseudonym kept in audit records.
    pseudonym_key: SecretStr = SecretStr(DEV_PSEUDONYM_KEY)

    idempotency_ttl_hours: int = 48
    demo_data: bool = False
    log_level: str = "INFO"

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

    @model_validator(mode="after")
    def _refuse_dev_secrets_in_production(self) -> Settings:
        if self.env != "production":
            return self
        problems = []
        if self.mongodb_uri is None:
            problems.append("ATS_MONGODB_URI must point at a MongoDB replica set")
        if self.jwks_url is None:
            problems.append("ATS_JWKS_URL must name the OIDC issuer's JWKS")
        if self.special_data_key.get_secret_value() == DEV_SPECIAL_DATA_KEY:
            problems.append("ATS_SPECIAL_DATA_KEY must be set (the development key is refused)")
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


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
