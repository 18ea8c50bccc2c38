"""docker-compose.yml, the Dockerfile and CI agree with the code (no Docker engine runs here): the
commands they run are real ``subvault`` commands parsed by the real CLI parser, the parts they
start exist, the settings they pass are real settings, and the image carries every package."""

from __future__ import annotations

import importlib.util
import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from core.config import Settings
from subvault import cli
from subvault.commands import parts

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
APP_SERVICES = sorted(name for name, service in COMPOSE["services"].items()
                      if service.get("image") == "subvault:latest")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _dockerfile(instruction: str) -> list[str]:
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    return [line.split(None, 1)[1] for line in lines if line.startswith(instruction + " ")]


def _started_part(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> str | None:
    """The long-running part ``subvault argv`` starts (None for a one-shot command)."""
    args = cli.build_parser().parse_args(argv)  # SystemExit on an unknown command
    started: list[str] = []
    monkeypatch.setattr(parts, "_serve", lambda names, settings: started.extend(names) or 0)
    if argv[0] in {"run", "bot", "api", "jobs"}:
        args.handler(Settings(_env_file=None), args)
        assert len(started) == 1
        return started[0]
    assert callable(args.handler)
    return None


def test_compose_runs_mongo_as_a_replica_set_and_the_app_from_one_image():
    assert set(APP_SERVICES) >= {"init", "api", "customer-bot", "admin-bot", "jobs"}
    mongo = COMPOSE["services"]["mongo"]
    assert "--replSet" in mongo["command"]
    assert "rs.initiate" in " ".join(mongo["healthcheck"]["test"])


@pytest.mark.parametrize("service", APP_SERVICES)
def test_each_compose_command_is_a_real_subvault_command_whose_part_exists(service,
                                                                           monkeypatch):
    command = COMPOSE["services"][service]["command"]
    part = _started_part(command, monkeypatch)
    if part is not None:
        module = parts.PARTS[part][0]
        assert importlib.util.find_spec(module) is not None, f"{service}: {module} is missing"
        if service != "init":
            assert part == service or part.removesuffix("-bot") in service


@pytest.mark.parametrize("service", APP_SERVICES)
def test_each_compose_environment_is_made_of_real_settings(service):
    environment = COMPOSE["services"][service]["environment"]
    fields = {name.upper() for name in Settings.model_fields}
    assert set(environment) <= fields, sorted(set(environment) - fields)
    values = {k.lower(): v for k, v in environment.items() if k != "KEYS_FILE"}
    settings = Settings(_env_file=None, **values)  # a value the code refuses fails here
    assert settings.database_url.startswith("mongodb://")
    assert "replicaSet=rs0" in settings.database_url


def test_the_image_runs_the_console_script_and_carries_every_package():
    scripts = PYPROJECT["project"]["scripts"]
    (entrypoint,) = (json.loads(e) for e in _dockerfile("ENTRYPOINT"))
    assert entrypoint[0] in scripts
    module, _, function = scripts[entrypoint[0]].partition(":")
    assert callable(getattr(importlib.import_module(module), function))
    (default,) = (json.loads(c) for c in _dockerfile("CMD"))
    cli.build_parser().parse_args(default)
    copied = {src.split()[0] for src in _dockerfile("COPY")}
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages <= copied, f"not copied into the image: {sorted(packages - copied)}"
    assert "locales" in copied
    found = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    assert {p for p in packages if f"{p}*" not in found} == set(), "packages not installed"


def test_the_image_installs_the_built_wheel_in_a_slim_stage_as_non_root():
    text = (ROOT / "Dockerfile").read_text()
    stages = _dockerfile("FROM")
    assert len(stages) == 2 and all(re.match(r"python:3\.1[1-9]-slim ", s) for s in stages)
    build, runtime = text.split("\nFROM ")[1:]
    assert "pip wheel" in build and "COPY --from=build /wheels" in runtime
    assert "pip install /wheels/subvault-*.whl" in runtime and "pip install -e" not in text
    assert "\nUSER subvault" in runtime and _dockerfile("USER") == ["subvault"]


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    commands = [line.strip() for line in re.findall(r"```bash\n(.*?)```", readme, re.S)
                for line in line.splitlines() if ".venv/bin/pytest" in line]
    assert len(commands) == 1
    assert (ROOT / ".ci/run").read_text().strip().splitlines()[-1] == commands[0]
