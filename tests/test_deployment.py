"""docker-compose.yml and the Dockerfile point at things that exist."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest
import yaml

from common.broker import GROUPS
from common.settings import Settings

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SCRIPTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
HRFLOW_SERVICES = {
    n: s for n, s in COMPOSE["services"].items() if s.get("image") == "hrflow:latest"
}


def test_every_agent_and_service_is_in_the_compose_file():
    assert set(HRFLOW_SERVICES) == {"gateway", *GROUPS}


@pytest.mark.parametrize("name", sorted(HRFLOW_SERVICES))
def test_each_command_resolves_to_an_entry_point_that_exists(name: str):
    command = HRFLOW_SERVICES[name]["command"]
    assert command[0] in SCRIPTS, f"{command[0]} is not a console script"
    module, _, attr = SCRIPTS[command[0]].partition(":")
    target = importlib.import_module(module)
    assert callable(getattr(target, attr))
    if command[0] == "hrflow-agent":
        assert command[1] in GROUPS and command[1] != "tracker"


@pytest.mark.parametrize("name", sorted(HRFLOW_SERVICES))
def test_every_variable_a_service_sets_is_a_known_setting(name: str):
    known = {field.upper() for field in Settings.model_fields}
    assert set(HRFLOW_SERVICES[name]["environment"]) <= known


def test_only_the_gateway_is_published_beyond_this_host():
    # Users reach the gateway; the broker's UI and the tracker only from the host itself
    public = {
        name
        for name, service in COMPOSE["services"].items()
        for port in service.get("ports", [])
        if not str(port).startswith("127.0.0.1:")
    }
    assert public == {"gateway"}
