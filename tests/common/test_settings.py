"""Settings: the README table matches the class; production refuses placeholder secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from common.settings import Settings
from scripts.settings_table import README, readme_with_table

pytestmark = pytest.mark.unit


def test_readme_configuration_table_matches_the_settings_class():
    text = README.read_text()
    assert text == readme_with_table(text), "run: python scripts/settings_table.py --write"


def test_every_setting_is_described():
    undocumented = [n for n, f in Settings.model_fields.items() if not f.description]
    assert undocumented == []


def test_production_refuses_the_default_secrets():
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        Settings(environment="production")
    ok = Settings(environment="production", jwt_secret="x" * 40, service_token="y" * 20)
    assert ok.environment == "production"


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("BROKER_PREFIX", "from-env")
    monkeypatch.setenv("RETRY_DELAYS_MS", "[10, 20]")
    settings = Settings()
    assert settings.broker_prefix == "from-env"
    assert settings.retry_delays_ms == [10, 20]


def test_readme_path_is_the_repository_readme():
    assert Path(__file__).resolve().parents[2] / "README.md" == README
