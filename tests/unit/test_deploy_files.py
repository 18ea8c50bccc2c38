"""docker-compose.yml and the Dockerfile say what README promises (no Docker engine runs here)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_runs_mongo_as_a_replica_set_and_four_parts_from_one_image():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    mongo = services["mongo"]
    assert "--replSet" in mongo["command"]
    assert "rs.initiate" in " ".join(mongo["healthcheck"]["test"])
    parts = {"api": ["api"], "customer-bot": ["bot", "customer"],
             "admin-bot": ["bot", "admin"], "jobs": ["jobs"]}
    for name, command in parts.items():
        service = services[name]
        assert service["command"] == command
        assert service["image"] == "subvault:latest"
        assert "replicaSet=rs0" in service["environment"]["DATABASE_URL"]


def test_dockerfile_is_slim_and_runs_as_non_root():
    text = (ROOT / "Dockerfile").read_text()
    assert "-slim" in text.splitlines()[1]
    assert "\nUSER subvault" in text


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    command = "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]' && .venv/bin/pytest"
    assert command in readme
    assert (ROOT / ".ci/run").read_text().strip().splitlines()[-1] == command
