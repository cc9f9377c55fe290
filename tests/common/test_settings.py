"""Settings: the README table matches the class; production refuses placeholder secrets."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from pydantic import ValidationError

from common.settings import Settings, secret_bits
from scripts.settings_table import README, readme_with_table

pytestmark = pytest.mark.unit


def test_readme_configuration_table_matches_the_settings_class():
    text = README.read_text()
    assert text == readme_with_table(text), "run: python scripts/settings_table.py --write"


def test_every_setting_is_described():
    undocumented = [n for n, f in Settings.model_fields.items() if not f.description]
    assert undocumented == []


def test_production_refuses_missing_published_and_low_entropy_secrets():
    strong = {"jwt_secret": secrets.token_urlsafe(32), "service_token": secrets.token_urlsafe(16)}
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        Settings(environment="production")
    for weak in ("a" * 32, "ab" * 20, "change-me-dev-secret-0123456789abcdef"):
        with pytest.raises(ValidationError, match="JWT_SECRET"):
            Settings(environment="production", **{**strong, "jwt_secret": weak})
    with pytest.raises(ValidationError, match="SERVICE_TOKEN"):
        Settings(environment="production", **{**strong, "service_token": "y" * 20})
    assert Settings(environment="production", **strong).jwt_secret == strong["jwt_secret"]


def test_a_published_default_is_refused_in_every_environment():
    for environment in ("development", "test"):
        with pytest.raises(ValidationError, match="published default"):
            Settings(environment=environment, jwt_secret="change-me-dev-secret-0123456789abcdef")


def test_development_makes_private_secrets_once_and_shares_them(tmp_path):
    where = tmp_path / "run" / "secrets.json"
    first = Settings(local_secrets_file=str(where))
    again = Settings(local_secrets_file=str(where))
    assert (first.jwt_secret, first.service_token) == (again.jwt_secret, again.service_token)
    assert len(first.jwt_secret) >= 32 and secret_bits(first.jwt_secret) >= 96
    assert where.stat().st_mode & 0o777 == 0o600
    other = Settings(local_secrets_file=str(tmp_path / "elsewhere.json"))
    assert other.jwt_secret != first.jwt_secret  # random, not a constant
    given = Settings(local_secrets_file=str(where), jwt_secret="k" * 40)
    assert given.jwt_secret == "k" * 40 and given.service_token == first.service_token


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("BROKER_PREFIX", "from-env")
    monkeypatch.setenv("RETRY_DELAYS_MS", "[10, 20]")
    settings = Settings()
    assert settings.broker_prefix == "from-env"
    assert settings.retry_delays_ms == [10, 20]


def test_readme_path_is_the_repository_readme():
    assert Path(__file__).resolve().parents[2] / "README.md" == README
