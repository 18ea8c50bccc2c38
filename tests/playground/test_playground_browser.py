"""The playground in a real browser (Debian's chromium driven by Playwright): ``subvault run`` in
local mode in an empty folder, then a person's session on /playground.

The customer tops up through the sandbox pay page (opened from the Pay button, returning to the
chat), buys a demo plan, sees the protected credential message and the QR image and gets a TOTP
code that pyotp accepts; the admin pane (when the admin bot runs) sees the order alert and
refunds it, and the customer pane shows the refund notice. The admin also adds stock from a CSV file
sent with the paperclip. Screenshots of both panes, of the whole page on a desktop and at a
390-pixel phone width go to the folder ``PLAYGROUND_SHOTS`` names (default: the test's temporary
folder); its ``playground.png`` is the README's picture (docs/playground.png).
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyotp
import pytest

from core.services.demo import demo_credential
from tests.cli.conftest import SUBVAULT, base_env
from tests.playground.local import free_port

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium "
                                "(.ci/run installs it: apt-get install -y chromium)")
ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 20_000
BOTS_LOAD_MS = 150_000  # aiogram takes seconds to import, far more on a busy machine


@dataclass
class LocalShop:
    base: str
    folder: Path
    lines: list[str]
    log: Path


def _read_lines(stream, sink: queue.Queue[str]) -> None:
    for line in stream:
        sink.put(line.rstrip("\n"))


@pytest.fixture
def local_shop(tmp_path: Path) -> Iterator[LocalShop]:
    """``subvault run`` with no tokens in an empty folder, until it prints its ready line."""
    api = free_port()
    env = base_env(tmp_path, API_PORT=str(api), STANDIN_PORT=str(free_port()),
                   PUBLIC_BASE_URL=f"http://127.0.0.1:{api}", LOG_LEVEL="WARNING")
    # Local mode as a newcomer starts it: no tokens, the default ./subvault.db in the folder.
    for name in ("CUSTOMER_BOT_TOKEN", "ADMIN_BOT_TOKEN", "TELEGRAM_API_BASE", "DATABASE_URL",
                 "KEYS_FILE"):
        env.pop(name, None)
    log = tmp_path / "subvault.log"
    process = subprocess.Popen([SUBVAULT, "run"], cwd=tmp_path, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=log.open("w"))
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True).start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 150
        url = None
        while url is None:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no ready line from subvault run; printed: {seen}")
            seen.append(line)
            match = re.search(r"ready — open the playground at (\S+)", line)
            url = match.group(1) if match else None
        assert url == f"http://127.0.0.1:{api}/playground"
        assert any("demo shop seeded" in line for line in seen)
        yield LocalShop(f"http://127.0.0.1:{api}", tmp_path, seen, log)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _shots(tmp_path: Path) -> Path:
    wanted = os.environ.get("PLAYGROUND_SHOTS")
    folder = (ROOT / wanted) if wanted and not Path(wanted).is_absolute() else Path(
        wanted or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _bubble(pane, text: str | re.Pattern[str]):
    return pane.locator(".row").filter(has_text=text).last


# A person's pace between taps. The stand-in keeps Telegram's flood control (about one message
# a second per chat after a burst of ten), and a burst of machine-speed taps would trip it.
PACE_MS = 700


def _press(pane, label: str) -> None:
    pane.page.wait_for_timeout(PACE_MS)
    pane.locator(".inline-button", has_text=label).last.click()


def _say(pane, text: str) -> None:
    pane.page.wait_for_timeout(PACE_MS)
    pane.locator("[data-input]").fill(text)
    pane.locator("[data-input]").press("Enter")


def _latest(pane, text: str) -> None:
    """Wait until the newest message from the bot contains ``text``."""
    from playwright.sync_api import expect

    expect(pane.locator(".row.incoming").last).to_contain_text(text, timeout=WAIT_MS)


def test_playground_customer_and_admin_in_a_browser(local_shop: LocalShop, tmp_path: Path):
    from playwright.sync_api import expect, sync_playwright

    shots = _shots(tmp_path)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1360, "height": 860})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{local_shop.base}/playground")
            customer = page.locator("#pane-customer")
            expect(customer.locator("[data-status]")).to_have_text("bot", timeout=WAIT_MS)
            config = httpx.get(f"{local_shop.base}/playground/api/config", timeout=5).json()
            has_admin = any(p["key"] == "admin" for p in config["panes"])

            # The switch offers demo customers in several languages; Alex (English) is first.
            options = customer.locator("[data-user] option")
            assert options.count() >= 3
            assert customer.locator("[data-user]").input_value() == "700001"

            # /start from the empty chat's START button; commands come from setMyCommands.
            customer.get_by_role("button", name="START").click()
            # The page answers before the bots have loaded; /start waits in the stand-in.
            expect(_bubble(customer, "Welcome to")).to_be_visible(timeout=BOTS_LOAD_MS)
            expect(customer.locator("[data-menu-button]")).to_be_visible(timeout=WAIT_MS)
            customer.locator("[data-menu-button]").click()
            expect(customer.locator(".menu-command", has_text="/plans")).to_be_visible()
            customer.locator("[data-menu-button]").click()

            # Top up ₹1,000 through the sandbox pay page, inside the pane, and back to the chat.
            _press(customer, "Wallet")
            expect(_bubble(customer, "Balance: ₹0.00")).to_be_visible(timeout=WAIT_MS)
            _press(customer, "Top up")
            _press(customer, "₹1,000.00")
            _press(customer, "sandbox")
            expect(_bubble(customer, "using the button below")).to_be_visible(timeout=WAIT_MS)
            _press(customer, "Pay")
            webview = customer.locator("[data-webview]")
            expect(webview).to_be_visible()
            frame = customer.frame_locator("[data-webview-frame]")
            frame.get_by_role("button", name="Pay ₹1,000.00").click()
            expect(frame.get_by_text("Payment received")).to_be_visible(timeout=WAIT_MS)
            expect(webview).to_be_hidden(timeout=WAIT_MS)
            expect(_bubble(customer, "was added to your wallet")).to_be_visible(timeout=WAIT_MS)

            # And ₹1,000 more with Telegram Stars: an invoice with a Pay button, pre-checkout,
            # then the successful payment.
            _say(customer, "/wallet")
            _latest(customer, "Balance: ₹1,000.00")
            _press(customer, "Top up")
            _press(customer, "₹1,000.00")
            _press(customer, "Stars")
            invoice = customer.locator(".row:has(.invoice)").last
            expect(invoice).to_be_visible(timeout=WAIT_MS)
            invoice.locator(".inline-button.pay").click()
            expect(customer.locator(".row.service", has_text="You paid ⭐")).to_be_visible(
                timeout=WAIT_MS)
            expect(_bubble(customer, "Balance: ₹2,000.00")).to_be_visible(timeout=WAIT_MS)

            # Buy the StreamMax plan: credentials arrive protected.
            _say(customer, "/plans")
            _latest(customer, "Plans")
            _press(customer, "StreamMax")
            expect(_bubble(customer, "Price: ₹299.00")).to_be_visible(timeout=WAIT_MS)
            _press(customer, "Buy")
            expect(_bubble(customer, "after purchase: ₹1,701.00")).to_be_visible(
                timeout=WAIT_MS)
            _press(customer, "Confirm and pay")
            credentials = _bubble(customer, "Password:")
            expect(credentials).to_be_visible(timeout=WAIT_MS)
            expect(credentials.locator(".bubble.protected")).to_have_count(1)
            expect(credentials.locator(".protected-badge")).to_be_visible()
            expect(credentials.locator("code").first).to_be_visible()  # <code> is rendered
            login = credentials.locator("code").first.inner_text()
            demo = demo_credential(login)
            assert demo is not None, login

            # A TOTP code that pyotp accepts for that account, then the QR image.
            _say(customer, "/subs")
            _latest(customer, "Your subscriptions")
            _press(customer, "StreamMax")
            _latest(customer, "Status:")
            _press(customer, "Get code")
            code_row = _bubble(customer, "Code:")
            expect(code_row).to_be_visible(timeout=WAIT_MS)
            code = code_row.locator("code").first.inner_text()
            assert pyotp.TOTP(demo.totp).verify(code, valid_window=1), "the code is not valid"
            _press(customer, "Back")
            _latest(customer, "Status:")
            _press(customer, "QR image")
            photo = customer.locator(".row .bubble.protected img.photo").last
            expect(photo).to_be_visible(timeout=WAIT_MS)
            page.wait_for_function("img => img.complete && img.naturalWidth > 100",
                                   arg=photo.element_handle(), timeout=WAIT_MS)
            customer.screenshot(path=str(shots / "customer-pane.png"))

            # The plan our team delivers by hand: paid now, an alert goes to the staff.
            _say(customer, "/plans")
            _latest(customer, "Plans")
            _press(customer, "DesignKit")
            _latest(customer, "Price: ₹499.00")
            _press(customer, "Buy")
            _latest(customer, "after purchase")
            _press(customer, "Confirm and pay")
            expect(_bubble(customer, "Our team will deliver it")).to_be_visible(timeout=WAIT_MS)

            if has_admin:
                _admin_refunds(page, customer, shots)
            page.wait_for_timeout(500)  # the last pictures settle before the screenshot
            page.screenshot(path=str(shots / "playground.png"))

            # Another demo customer: their own chat, in their language.
            customer.locator("[data-user]").select_option("700003")
            expect(customer.get_by_role("button", name="START")).to_be_visible(timeout=WAIT_MS)
            customer.get_by_role("button", name="START").click()
            expect(_bubble(customer, "Добро пожаловать")).to_be_visible(timeout=WAIT_MS)
            customer.locator("[data-user]").select_option("700001")
            expect(_bubble(customer, "Password:")).to_be_attached(timeout=WAIT_MS)
            assert errors == [], errors

            # A phone: one pane at a time, tabs to switch; nothing wider than the screen.
            phone = browser.new_page(viewport={"width": 390, "height": 844},
                                     device_scale_factor=2, is_mobile=True, has_touch=True)
            phone.goto(f"{local_shop.base}/playground")
            phone_customer = phone.locator("#pane-customer")
            expect(_bubble(phone_customer, "Password:")).to_be_attached(timeout=WAIT_MS)
            expect(phone_customer).to_be_visible()
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, width
            box = phone_customer.bounding_box()
            assert box is not None and box["width"] <= 390
            phone.screenshot(path=str(shots / "playground-phone.png"))
            if has_admin:
                phone.locator(".tab", has_text="Admin").click()
                expect(phone.locator("#pane-admin")).to_be_visible()
                expect(phone_customer).to_be_hidden()
                phone.screenshot(path=str(shots / "playground-phone-admin.png"))
        except Exception:
            for number, open_page in enumerate(browser.contexts[0].pages if browser.contexts
                                               else []):
                open_page.screenshot(path=str(shots / f"failure-{number}.png"))
            print("subvault run's log:", local_shop.log.read_text()[-30000:])
            raise
        finally:
            browser.close()
    assert (shots / "playground.png").stat().st_size > 10_000
    if not has_admin:
        pytest.skip("customer pane passed; the admin bot does not run in local mode here")


def _admin_refunds(page, customer, shots: Path) -> None:
    """The admin pane shows the staff alert of the manual order; the admin finds the order,
    refunds it, and the customer pane shows the refund notice."""
    from playwright.sync_api import expect

    admin = page.locator("#pane-admin")
    alert = _bubble(admin, "waits for manual delivery")
    expect(alert).to_be_visible(timeout=WAIT_MS)
    match = re.search(r"ord_[0-9a-z]+", alert.inner_text())
    assert match, alert.inner_text()
    order_id = match.group(0)
    admin.screenshot(path=str(shots / "admin-pane-alert.png"))
    _say(admin, "/orders")
    _latest(admin, "pick a status")
    _press(admin, "waiting")
    _latest(admin, "Orders:")
    _press(admin, order_id)
    _latest(admin, f"Order {order_id}")
    _press(admin, "Refund, revoke item")
    _latest(admin, "is refunded")
    expect(_bubble(customer, re.compile(f"Order {order_id} was refunded"))).to_be_visible(
        timeout=WAIT_MS)

    # Stock from a CSV file sent with the paperclip.
    _say(admin, "/stock")
    _latest(admin, "Stock")
    _press(admin, "StreamMax Premium 4K")
    _latest(admin, "StreamMax")
    _press(admin, "Add stock")
    _latest(admin, "Send a CSV or TXT file")
    csv = (b"login,password,notes,totp\n"
           b"viewer9@streammax.example.com,demo-Stream-49,profile 9,JBSWY3DPEHPK3PXP\n")
    admin.locator("[data-file]").set_input_files(
        files=[{"name": "stock.csv", "mimeType": "text/csv", "buffer": csv}])
    expect(admin.locator(".row.outgoing .document-name").last).to_have_text("stock.csv",
                                                                           timeout=WAIT_MS)
    expect(_bubble(admin, "Import into StreamMax Premium 4K")).to_contain_text(
        "1 added", timeout=WAIT_MS)
    admin.screenshot(path=str(shots / "admin-pane.png"))
