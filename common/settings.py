"""Configuration, read once from environment variables (and an optional `.env`).

Every service builds one `Settings` at its entry point (`get_settings()`) and passes it on;
nothing else reads `os.environ`. The README's configuration table mirrors this class and a
test keeps the two in step.
"""

from __future__ import annotations

import json
import math
import os
import secrets
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Values that were ever published as defaults: refused in every environment.
PUBLISHED_SECRETS = frozenset(
    {"change-me-dev-secret-0123456789abcdef", "change-me-dev-service-token"}
)
LOCAL_SECRETS = Path(__file__).resolve().parents[1] / ".run" / "secrets.json"
# Bits a secret must carry at least (Shannon estimate over its characters) in production.
MIN_SECRET_BITS = {"jwt_secret": 96, "service_token": 48}


class Settings(BaseSettings):
    """All hrflow configuration. Field name = environment variable (upper case)."""

    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", frozen=True, use_attribute_docstrings=True
    )

    # --- runtime -----------------------------------------------------------------------
    environment: Literal["development", "test", "production"] = "development"
    """`production` refuses default secrets."""
    log_level: str = "INFO"
    """Log level of every service."""
    log_json: bool = True
    """JSON log lines (false: readable text)."""
    otel_exporter: Literal["", "console"] = ""
    """Where trace spans go: empty = nowhere (traceparent still propagates), `console`."""

    # --- infrastructure ----------------------------------------------------------------
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    """RabbitMQ URL, or a comma list of one cluster's nodes (`amqp://a:5672/,amqp://b:5672/`):
    clients connect to the first that answers and move to the next when it goes away."""
    quorum_group_size: int | None = None
    """Replicas of each quorum queue (`x-quorum-initial-group-size`); empty: the broker's default
    (`quorum_cluster_size`, 3). RabbitMQ refuses a redeclaration with another value, so every
    service must use the value the queues were created with (docs/operations.md)."""
    mongodb_uri: str = "mongodb://127.0.0.1:27017"
    """MongoDB (or mongoeco emulator) URI."""
    mongodb_db: str = "hrflow"
    """Database name."""
    broker_prefix: str = "hrflow"
    """Prefix of every exchange and queue name (tests use their own)."""
    mongo_timeout_ms: int = 5000
    """Server selection / connect timeout."""

    # --- HTTP services -----------------------------------------------------------------
    gateway_host: str = "127.0.0.1"
    """Gateway bind address."""
    gateway_port: int = 8000
    """Gateway port."""
    tracker_host: str = "127.0.0.1"
    """Tracker bind address."""
    tracker_port: int = 8001
    """Tracker port."""
    tracker_url: str = "http://127.0.0.1:8001"
    """Where the gateway reaches the tracker."""
    gateway_url: str = "http://127.0.0.1:8000"
    """Where agents fetch uploaded files (internal API)."""
    metrics_port: int = 0
    """A worker's /health, /ready, /metrics port (0 = off)."""
    cors_origins: list[str] = Field(
        default_factory=lambda: [
            f"http://{host}:{port}"
            for host in ("localhost", "127.0.0.1")
            for port in (3000, 4173, 5173)
        ]
    )
    """Origins allowed to call the gateway (JSON list)."""

    # --- security ----------------------------------------------------------------------
    jwt_secret: str = ""
    """HS256 secret of user tokens; required in production (32+ random characters). Empty in
    development/test: a random one is made on first start and kept in `LOCAL_SECRETS_FILE`."""
    jwt_expire_minutes: int = 480
    """Lifetime of a user token."""
    auth_account_cache_s: float = 5.0
    """How long the gateway trusts its copy of an account (role, active, token version): a
    logout, password change, deactivation or new role takes effect everywhere within this."""
    service_token: str = ""
    """Bearer token of internal callers and operators' tools; required in production (16+
    random characters). Empty in development/test: made and kept like `JWT_SECRET`."""
    metrics_token: str = ""
    """Bearer token Prometheus must send to every `/metrics` (gateway, tracker, workers). Empty:
    `/metrics` is open in development/test and not served (404) in production."""
    local_secrets_file: str = ""
    """Where development/test keep the secrets they generate (mode 0600, shared by every local
    process); empty: `.run/secrets.json` in the checkout."""

    # --- broker runtime ----------------------------------------------------------------
    retry_delays_ms: list[int] = Field(default_factory=lambda: [1000, 5000, 30000])
    """Backoff tiers of the TTL retry queues (JSON list)."""
    max_attempts: int = 5
    """Failed attempts before a message is dead-lettered."""
    retry_wait_limit_s: float = 900.0
    """How long a message may keep waiting (explicit Retry) before it is dead-lettered."""
    delivery_limit: int = 10
    """Broker `x-delivery-limit`: redeliveries (crashes) before dead-lettering."""
    shutdown_grace_s: float = 30.0
    """On SIGTERM, time in-flight handlers get to finish."""
    publish_timeout_s: float = 10.0
    """Longest wait for a publisher confirm."""
    publish_nack_retry_s: float = 15.0
    """How long a publish the broker nacks is retried, each time on a fresh channel, before it
    fails (RabbitMQ 3.10 nacks a channel's publishes to a quorum queue for good when its first
    one raced the queue's leader failover; a new channel is served). 0: fail at once."""
    chaos_duplicate_deliveries: bool = False
    """Fault injection only: every consumer republishes each message once (tests)."""

    # --- scoring thresholds (one place; see README "Fit categories") --------------------
    best_fit_min_score: float = 80.0
    """`Best Fit` from this score."""
    partial_fit_min_score: float = 50.0
    """`Partial Fit` from this score (below: `Not Fit`)."""
    excellent_min_score: float = 85.0
    """`excellent_matches`: score above this."""
    good_min_score: float = 70.0
    """`good_matches`: from this score up to the excellent bound."""
    average_min_score: float = 50.0
    """`average_matches`: from this score up to the good bound."""
    high_match_min_score: float = 80.0
    """`high_matches`: scores at or above this."""

    # --- gateway -----------------------------------------------------------------------
    upload_max_bytes: int = 5 * 1024 * 1024
    """Largest accepted upload (resume or JD file); larger is 413."""
    resume_limit_per_user: int = 500
    """Resumes one user may keep."""
    workflow_max_resumes: int = 200
    """Resumes in one workflow (the app's `per_workflow_limit`)."""
    workflows_in_flight_per_user: int = 3
    """Pending or in-progress workflows one user may have (more is 429)."""
    trusted_proxies: list[str] = Field(default_factory=list)
    """Proxies (IPs/CIDRs) whose `X-Forwarded-For` gives the client address."""
    login_max_failures_per_account: int = 5
    """Failed logins per account per window before 429."""
    login_max_failures_per_address: int = 20
    """Failed logins per client address per window before 429."""
    login_window_s: int = 900
    """Login-throttling window."""
    allow_self_registration: bool = True
    """Whether `POST /auth/register` is open (it never creates admins)."""
    tracker_timeout_s: float = 5.0
    """Timeout of the gateway's calls to the tracker API."""
    sse_max_streams_per_user: int = 5
    """Open live-event streams one account may hold on one gateway process (429 beyond)."""
    sse_max_streams: int = 200
    """Open live-event streams one gateway process holds in all, on their own tracker
    connections (429 beyond)."""
    console_cookie_secure: bool = False
    """Mark the console's session cookie `Secure` (set it where the gateway is reached over
    HTTPS, e.g. behind a TLS-terminating proxy; a direct HTTPS request gets it anyway)."""

    # --- tracker ------------------------------------------------------------------------
    stall_timeout_s: float = 900.0
    """An active workflow with no event for this long becomes `failed` / `stalled`."""
    orphan_after_s: float = 300.0
    """An execution that only agents' events created (never registered by the gateway, no
    `workflow.started`) becomes `failed` / `orphaned` this long after its first event."""
    tracker_sweep_interval_s: float = 30.0
    """Period of the tracker's stall / retention / lost-completion sweeper."""
    retention_completed_days: float = 30.0
    """Time-to-live of completed executions (from `completed_at`)."""
    retention_failed_days: float = 90.0
    """Time-to-live of failed executions (kept longer for investigation)."""
    retention_cancelled_days: float = 14.0
    """Time-to-live of cancelled executions."""
    tracker_changes_retention_s: float = 86400.0
    """Time-to-live of the SSE change records (`execution_changes`)."""
    tracker_tombstone_ttl_s: float = 7 * 86400.0
    """How long a deleted execution's id is remembered, so late or replayed events of it are
    dropped instead of bringing it back."""
    tracker_sse_poll_interval_s: float = 0.25
    """How often an SSE stream polls the change log."""
    tracker_consume: bool = True
    """Run the event consumer inside the tracker's API process."""
    tracker_derive_interval_s: float = 0.2
    """Shortest time between two derivations of one workflow in one tracker process."""
    tracker_repair_interval_s: float = 2.0
    """Period of the repair pass that re-derives executions whose derivation was missed."""
    tracker_queue_stats_interval_s: float = 5.0
    """How often the tracker samples queue depths for /metrics (0 = off)."""

    # --- agents -------------------------------------------------------------------------
    extractor_max_file_bytes: int = 10 * 1024 * 1024
    """Larger files fail with `too_large`."""
    extractor_max_pages: int = 30
    """PDFs with more pages fail with `too_large`."""
    extractor_max_unzipped_bytes: int = 50 * 1024 * 1024
    """A DOCX expanding beyond this is a zip bomb (`too_large`)."""
    extractor_timeout_s: float = 30.0
    """Per-file extraction time limit (`timeout`)."""
    extractor_max_memory_bytes: int = 1024 * 1024 * 1024
    """Memory cap of an extraction child process."""
    extractor_pool_workers: int = 2
    """Extraction child processes per extractor replica."""
    extractor_ocr: bool = True
    """Read scanned PDFs and PNG/JPEG resumes by Tesseract OCR (off: `no_text_layer`)."""
    extractor_ocr_languages: str = "eng"
    """Tesseract languages, joined by '+' ('eng+deu'); each needs its `tesseract-ocr-*` package."""
    extractor_ocr_min_confidence: float = 55.0
    """Mean OCR word confidence (0-100) below which a resume fails `low_ocr_confidence`."""
    extractor_ocr_max_pages: int = 10
    """Scanned PDFs with more pages fail `too_large` (OCR costs seconds per page)."""
    extractor_ocr_page_timeout_s: float = 20.0
    """OCR time budget per page; a file's OCR limit is pages x this, capped below."""
    extractor_ocr_max_s: float = 120.0
    """Cap of one file's OCR time limit (`timeout`)."""
    extractor_image_max_pixels: int = 40_000_000
    """Image resumes with more pixels fail `too_large` (checked before decoding)."""
    reader_timeout_s: float = 20.0
    """Per-document time limit of the resume- and jd-readers' parsing (`timeout`)."""
    reader_pool_workers: int = 1
    """Parsing child processes per reader replica."""
    reader_max_memory_bytes: int = 512 * 1024 * 1024
    """Memory cap of a reader's (and the comparator's) parsing child process."""
    comparator_timeout_s: float = 10.0
    """Per-resume time limit of the comparator's scoring (`timeout`)."""
    comparator_jd_wait_s: float = 5.0
    """Retry delay while a resume waits for its workflow's JD profile."""
    comparator_weight_required_skills: float = 0.34
    """Score weight: required-skill coverage (a skill used in dated work counts fully)."""
    comparator_weight_preferred_skills: float = 0.08
    """Score weight: preferred skills (neutral when the JD names none)."""
    comparator_weight_experience: float = 0.14
    """Score weight: relevant years against the JD's minimum."""
    comparator_weight_education: float = 0.05
    """Score weight: education level against the JD's."""
    comparator_weight_title: float = 0.22
    """Score weight: role family (same, adjacent, other) and title words."""
    comparator_weight_location: float = 0.04
    """Score weight: location, only when the JD makes it a requirement."""
    comparator_weight_credentials: float = 0.05
    """Score weight: licences, registrations and other stated requirements."""
    comparator_weight_depth: float = 0.08
    """Score weight: relevant years, whatever the JD states (ten years = full)."""
    comparator_weight_stability: float = 0.0
    """Score weight: job tenure (shown in the breakdown either way)."""
    comparator_listed_skill_credit: float = 0.7
    """Credit for a skill only listed, with no dated work behind it (keyword stuffing)."""
    fit_years_shortfall_tolerance: float = 1.0
    """Years short of the JD's minimum that still make a `Partial Fit` (not a `Best Fit`)."""
    fit_adjacent_family_credit: float = 0.7
    """Role-family credit of work in an adjacent family (the same family: 1)."""

    @model_validator(mode="before")
    @classmethod
    def _secrets(cls, data: Any) -> Any:
        """Fail closed: a published default is refused everywhere; production needs private,
        random-looking secrets; development and tests make their own on first start."""
        if not isinstance(data, dict):
            return data
        production = str(data.get("environment") or "development") == "production"
        for name, minimum in (("jwt_secret", 32), ("service_token", 16)):
            value = str(data.get(name) or "")
            if value in PUBLISHED_SECRETS:
                raise ValueError(f"{name.upper()} is a published default value; set a private one")
            bits = secret_bits(value)
            if production and (len(value) < minimum or bits < MIN_SECRET_BITS[name]):
                raise ValueError(
                    f"{name.upper()} must be a private random value of {minimum}+ characters "
                    f"(at least {MIN_SECRET_BITS[name]} bits; this one has {bits:.0f})"
                )
        if not production and not (data.get("jwt_secret") and data.get("service_token")):
            local = local_secrets(Path(str(data.get("local_secrets_file") or LOCAL_SECRETS)))
            data = {**data}
            for name in ("jwt_secret", "service_token"):
                data[name] = data.get(name) or local[name]
        return data


def secret_bits(value: str) -> float:
    """Shannon estimate of the bits a value carries: 'a' * 32 carries none."""
    if not value:
        return 0.0
    counts = Counter(value)
    per_char = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return max(per_char, 0.0) * len(value)  # 0.0, never -0.0, for a single character


def local_secrets(path: Path) -> dict[str, str]:
    """The development secrets kept at `path`, made on first use (random, mode 0600); when
    several processes start at once, the first file written wins and all read it."""
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    made = {"jwt_secret": secrets.token_urlsafe(48), "service_token": secrets.token_urlsafe(32)}
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(made, out)
    try:
        os.link(temp, path)  # atomic: fails when another process got there first
    except FileExistsError:
        pass
    finally:
        temp.unlink()
    return json.loads(path.read_text())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first call."""
    return Settings()


def amqp_urls(settings: Settings) -> list[str]:
    """The broker URLs `AMQP_URL` lists (one, or a cluster's nodes), in order."""
    return [u.strip() for u in settings.amqp_url.split(",") if u.strip()]


# Where a process finds the broker, the database and its own queues and database names.
CONNECTION_FIELDS = ("amqp_url", "mongodb_uri", "mongodb_db", "broker_prefix")


def as_environment(settings: Settings, *fields: str) -> dict[str, str]:
    """Environment variables that give a child process these fields of `settings`
    (`CONNECTION_FIELDS` when none are named); lists and numbers as JSON."""
    out = {}
    for name in fields or CONNECTION_FIELDS:
        value = getattr(settings, name)
        out[name.upper()] = value if isinstance(value, str) else json.dumps(value)
    return out
