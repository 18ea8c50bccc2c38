"""Keys and the sandbox through the real console script: a wrong key file stops every start,
key files are written safely and refused when others can read them, rotation is audited, and
the free sandbox gateway never starts where customers could reach it."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

from core.services.audit import chain_hash
from tests.cli.conftest import base_env


def _one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_wrong_key_file_stops_every_start_with_one_line(cli, tmp_path: Path):
    assert cli("db", "init").returncode == 0
    assert cli("products", "add", "--platform", "Netflix", "--plan", "Basic", "--price", "100",
               "--days", "30").returncode == 0
    keys = tmp_path / "shop.keys"
    assert cli("keys", "generate", "--force").returncode == 0  # not this store's key
    written = keys.read_bytes()
    for command in (("products", "list"), ("db", "init"), ("keys", "rotate")):
        result = cli(*command)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        line = _one_line(result)
        assert "is not this store's" in line and "KEYS_FILE" in line
    assert keys.read_bytes() == written  # rotate verified before writing anything


def test_db_init_stores_a_sealed_check_value(cli, tmp_path: Path):
    assert cli("db", "init").returncode == 0
    with sqlite3.connect(tmp_path / "shop.db") as db:
        (sealed,) = db.execute("SELECT sealed FROM stock_keys WHERE id = "
                               "'subvault:key-check'").fetchone()
    assert sealed.startswith("sv1.")


def test_key_files_are_written_0600_and_never_through_a_planted_symlink(cli, tmp_path: Path):
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    os.symlink(victim, tmp_path / "shop.keys.tmp")
    result = cli("keys", "generate")
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "do not touch"
    keys = tmp_path / "shop.keys"
    assert not keys.is_symlink()
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    os.umask(0o022)
    assert cli("keys", "rotate").returncode == 0
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600


def test_a_key_file_others_can_read_is_refused_with_the_fix(cli, tmp_path: Path):
    assert cli("db", "init").returncode == 0
    keys = tmp_path / "shop.keys"
    keys.chmod(0o644)
    result = cli("products", "list")
    assert result.returncode == 2
    assert f"chmod 600 {keys}" in _one_line(result)
    keys.chmod(0o600)
    assert cli("products", "list").returncode == 0


def test_keys_rotate_is_audited_and_the_chain_verifies(cli, tmp_path: Path):
    assert cli("db", "init").returncode == 0
    assert cli("keys", "rotate").returncode == 0
    with sqlite3.connect(tmp_path / "shop.db") as db:
        actions = [r[0] for r in db.execute("SELECT action FROM audit ORDER BY seq")]
    assert "keys.rotate" in actions
    assert cli("audit", "verify").returncode == 0


def test_the_sandbox_never_starts_with_a_bot_token_or_a_public_address(cli, tmp_path: Path):
    cases = [
        (("run",), {"SANDBOX_GATEWAY": "true", "CUSTOMER_BOT_TOKEN": "123:abc"}, "bot token"),
        (("api",), {"SANDBOX_GATEWAY": "true",
                    "PUBLIC_BASE_URL": "https://shop.example.com"}, "loopback"),
        (("run",), {"API_HOST": "0.0.0.0"}, "loopback API_HOST"),  # noqa: S104
        (("run",), {}, "default DATABASE_URL"),  # base_env points DATABASE_URL elsewhere
    ]
    for command, extra, expected in cases:
        env = base_env(tmp_path, **extra)
        if "CUSTOMER_BOT_TOKEN" not in extra:
            env.pop("CUSTOMER_BOT_TOKEN", None)
        if command == ("run",) and "API_HOST" in extra:
            env.pop("DATABASE_URL")
        result = cli(*command, env=env)
        assert result.returncode == 2, (command, extra, result.stderr)
        assert expected in _one_line(result)
    assert not (tmp_path / "shop.db").exists()  # refused before anything was opened


def test_rewriting_the_audit_tail_without_the_key_file_is_caught(cli, tmp_path: Path):
    assert cli("db", "init").returncode == 0
    assert cli("admin", "add", "42", "--role", "support").returncode == 0
    assert cli("admin", "add", "43", "--role", "support").returncode == 0
    assert cli("audit", "verify").returncode == 0
    with sqlite3.connect(tmp_path / "shop.db") as db:
        seq, at, actor, action, details, prev = db.execute(
            "SELECT seq, at, actor, action, details, prev_hash FROM audit "
            "ORDER BY seq DESC LIMIT 1").fetchone()
        digest = chain_hash(seq=seq, at=at, actor=actor, action=action, target="6666",
                            details=json.loads(details), prev_hash=prev)
        db.execute("UPDATE audit SET target = '6666', hash = ? WHERE seq = ?", (digest, seq))
        db.execute("UPDATE audit_head SET hash = ? WHERE id = 1", (digest,))
    result = cli("audit", "verify")
    assert result.returncode == 1
    assert f"BROKEN at entry {seq}" in result.stdout
