"""The admin bot's actions from the command line, as an operator meets them."""

from __future__ import annotations

import json
import re

from tests.cli.conftest import base_env


def test_staff_balance_approvals_broadcast_and_stats(cli, tmp_path):
    env = base_env(tmp_path, APPROVAL_LIMIT="10000")
    for user, role in ((11, "admin"), (12, "admin"), (501, "customer")):
        assert cli("admin", "add", str(user), "--role", role, env=env).returncode == 0
    listed = cli("staff", "list", env=env).stdout
    assert "11\tadmin" in listed and "12\tadmin" in listed and "501" not in listed

    done = cli("balance", "adjust", "501", "₹100", "--reason", "goodwill", "--staff-id", "11",
               "--key", "k1", env=env)
    assert done.returncode == 0, done.stderr
    assert "balance now ₹100.00" in done.stdout
    again = cli("balance", "adjust", "501", "100", "--reason", "goodwill", "--staff-id", "11",
                "--key", "k1", env=env)
    assert "balance now ₹100.00" in again.stdout  # the same key applies once

    big = cli("balance", "adjust", "501", "500", "--reason", "promo", "--staff-id", "11",
              env=env)
    approval = re.search(r"approval (apr_\w+)", big.stdout).group(1)
    own = cli("approvals", "approve", approval, "--staff-id", "11", env=env)
    assert own.returncode == 1 and "approves their own" in own.stderr
    assert approval in cli("approvals", "list", env=env).stdout
    ok = cli("approvals", "approve", approval, "--staff-id", "12", env=env)
    assert ok.returncode == 0 and "approved" in ok.stdout
    shown = json.loads(cli("users", "show", "501", "--json", env=env).stdout)
    assert shown["balance"] == 60_000

    sent = cli("broadcast", "send", "--text", "Hello all", "--staff-id", "11", env=env)
    assert sent.returncode == 0, sent.stderr
    broadcast = re.search(r"broadcast (bc_\w+)", sent.stdout).group(1)
    assert "1 of 1 recipient(s) queued" in sent.stdout
    status = json.loads(cli("broadcast", "status", broadcast, "--json", env=env).stdout)
    assert (status["queued"], status["waiting"], status["status"]) == (1, 1, "sending")
    assert cli("broadcast", "cancel", broadcast, "--staff-id", "11", env=env).returncode == 0

    chart = tmp_path / "chart.png"
    stats = cli("stats", "--json", "--chart", str(chart), env=env)
    assert stats.returncode == 0, stats.stderr
    figures = json.loads(stats.stdout)
    assert figures["today"]["new_customers"] == 3
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert "transfers" in cli("--help", env=env).stdout
    assert cli("transfers", "list", env=env).returncode == 0
