"""``subvault chat`` against ``subvault run`` in local mode, as a person types into it: replies
appear without another Enter, button answers are shown, long input and the Stars Pay button
are handled, and a second ``subvault run`` says which port is taken in one line."""

from __future__ import annotations

import queue
import re
import socket
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.cli.conftest import SUBVAULT, base_env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Terminal:
    """A process whose output lines are collected as they come."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path) -> None:
        self.process = subprocess.Popen(args, cwd=cwd, env=env, text=True, bufsize=1,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.put(line.rstrip("\n"))

    def type(self, text: str) -> None:
        self.process.stdin.write(text + "\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]

    def expect(self, needle: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if needle in line:
                return line
        raise AssertionError(f"{needle!r} never appeared; saw {self.seen[-15:]}")

    def press(self, label: str) -> None:
        """Wait for the button to be listed, then type its number."""
        self.expect(label)
        self.type(self.button(label))

    def button(self, label: str) -> str:
        for line in reversed(self.seen):
            if line.strip().startswith("[") and label in line:
                return line.strip()[1:].split("]")[0]
        raise AssertionError(f"no button {label!r} in {self.seen[-15:]}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def local_shop(tmp_path: Path):
    standin, api = _free_port(), _free_port()
    env = base_env(tmp_path, STANDIN_PORT=str(standin), API_PORT=str(api),
                   PUBLIC_BASE_URL=f"http://127.0.0.1:{api}", TOPUP_MIN="100")
    env.pop("CUSTOMER_BOT_TOKEN", None)
    env.pop("DATABASE_URL")
    shop = Terminal([SUBVAULT, "run"], env, tmp_path)
    shop.expect("subvault: local mode", timeout=120)
    yield env, standin, api
    shop.stop()
    while not shop.lines.empty():
        shop.seen.append(shop.lines.get())
    print("\n".join(line for line in shop.seen if "ERROR" in line or "Error" in line))


def test_chat_shows_replies_as_they_arrive_and_handles_what_a_person_does(local_shop,
                                                                         tmp_path: Path):
    env, standin, _ = local_shop
    chat = Terminal([SUBVAULT, "chat", "--standin", f"http://127.0.0.1:{standin}",
                     "--files", str(tmp_path / "files")], env, tmp_path)
    try:
        chat.expect("chatting as")
        chat.type("/start")
        chat.expect("Welcome to subvault")  # no second Enter needed
        chat.type("x" * 5000)
        chat.expect("not sent: 5000 characters; Telegram allows 4096")
        chat.type(chat.button("Wallet"))
        chat.expect("Balance")
        chat.press("Top up")
        chat.press("₹100.00")
        chat.press("Telegram Stars")
        chat.expect("💬 ⏳ Creating your payment link…")  # the button's answer is shown
        chat.expect("[invoice]")
        chat.press("Pay")
        chat.expect("paid the invoice")
        chat.expect("added to your wallet", timeout=90)

        # Buy a plan with 2FA and ask for its QR: the photo is saved and shown as a line.
        added = subprocess.run([SUBVAULT, "products", "add", "--platform", "Netflix", "--plan",
                                "QR", "--price", "100", "--days", "30", "--totp", "codes_qr",
                                "--qr-limit", "2"], cwd=tmp_path, env=env, text=True,
                               capture_output=True, timeout=120, check=False)
        assert added.returncode == 0, added.stderr
        (tmp_path / "stock.csv").write_text("n@x.io,pw-n,,JBSWY3DPEHPK3PXPJBSWY3DP\n")
        imported = subprocess.run([SUBVAULT, "stock", "import", added.stdout.split()[1]
                                   .rstrip(":"), "stock.csv", "--format", "csv"], cwd=tmp_path,
                                  env=env, text=True, capture_output=True, timeout=120,
                                  check=False)
        assert imported.returncode == 0, imported.stderr
        chat.type("/plans")
        chat.press("Netflix QR")
        chat.press("Buy")
        chat.press("Confirm and pay")
        chat.expect("pw-n")
        chat.press("Open subscription")
        chat.expect("QR image")
        time.sleep(2)  # as a person would: the stand-in holds a chat to about 1 message a second
        chat.type(chat.button("QR image"))
        line = chat.expect("[photo saved to ")
        saved = Path(line.split("[photo saved to ", 1)[1].split("]", 1)[0])
        assert saved.read_bytes()[:4] == b"\x89PNG" and saved.parent == tmp_path / "files"
        assert chat.process.poll() is None  # still running
    finally:
        chat.stop()


def test_a_second_run_says_which_port_is_taken_in_one_line(local_shop, tmp_path: Path):
    env, standin, _ = local_shop
    second = subprocess.run([SUBVAULT, "run"], cwd=tmp_path, env=env, text=True,
                            capture_output=True, timeout=60, check=False)
    assert second.returncode == 2
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1, second.stderr
    assert f"port {standin}" in lines[0] and "STANDIN_PORT" in lines[0]
    assert "Traceback" not in second.stdout + second.stderr


def test_back_to_the_bot_links_to_the_bot_telegram_names(local_shop):
    _, _, api = local_shop
    deadline = time.monotonic() + 60
    while True:
        try:
            page = httpx.get(f"http://127.0.0.1:{api}/pay/return/sandbox?topup=top_unknown",
                             timeout=10)
            break
        except httpx.TransportError:
            assert time.monotonic() < deadline
            time.sleep(0.5)
    links = re.findall(r'href="(https://t\.me/[^"]*)"', page.text)
    assert links and all(link != "https://t.me/" for link in links), links
