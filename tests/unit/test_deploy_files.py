"""docker-compose.yml and the Dockerfile say what README promises (no Docker engine runs here)."""

from __future__ import annotations

import tomllib
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


def test_dockerfile_builds_a_wheel_and_installs_it_in_a_slim_non_root_image():
    text = (ROOT / "Dockerfile").read_text()
    stages = [line for line in text.splitlines() if line.startswith("FROM ")]
    assert len(stages) == 2 and all("-slim" in line for line in stages)
    build, runtime = text.split("\nFROM ")[1:]
    assert "pip wheel" in build
    assert "COPY --from=build /wheels" in runtime
    assert "pip install /wheels/subvault-*.whl" in runtime
    assert "pip install -e" not in text
    assert "\nUSER subvault" in runtime
    included = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"]["find"]["include"]
    for package in (pattern.rstrip("*") for pattern in included):
        assert f"COPY {package} ./{package}" in build, f"the image would lack {package}/"


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    command = "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]' && .venv/bin/pytest"
    assert command in readme
    assert (ROOT / ".ci/run").read_text().strip().splitlines()[-1] == command
