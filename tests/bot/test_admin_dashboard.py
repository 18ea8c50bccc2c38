"""The admin dashboard over HTTP: figures from the store, attention buttons that open their
lists, and the chart as a PNG that decodes to a non-empty image."""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image

from core.models import LedgerEntry, Order, OrderKind, OrderStatus, TopUp, TopUpStatus, User
from tests.bot.admin_harness import running_shops

ADMIN = 5101


async def _seed(shops) -> None:
    now = shops.services.clock.now()

    async def unit(tx):
        for i in range(3):
            at = now - timedelta(days=i * 2)
            await tx.users.upsert(User(telegram_id=800 + i, created_at=at, last_seen_at=at))
            await tx.topups.insert(TopUp(
                id=f"top_{i}", user_id=800 + i, amount=10_000 * (i + 1), currency="INR",
                gateway="razorpay" if i % 2 == 0 else "stars", status=TopUpStatus.CREDITED,
                intent_id=None, gateway_ref=f"r{i}", created_at=at, updated_at=at,
                gateway_amount=10_000, gateway_currency="INR"))
        await tx.orders.insert(Order(
            id="ord_manual", intent_id="int_m", user_id=800, product_id="p",
            kind=OrderKind.PURCHASE,
            status=OrderStatus.PENDING, price=19_900, discount=0, amount=19_900, currency="INR",
            coupon_code="", stock_item_id="", subscription_id="", created_at=now,
            updated_at=now))
        await tx.ledger.apply(LedgerEntry(id="l1", user_id=800, amount=5_000, currency="INR",
                                          key="refund:x", reason="refund", ref="x",
                                          balance_after=0, created_at=now))

    await shops.services.store.transaction(unit)
    await shops.services.support.open_ticket(801, "my login does not work")


async def test_dashboard_figures_attention_lists_and_chart(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(ADMIN,)) as shops:
        await _seed(shops)
        admin = shops.staff(ADMIN)
        board = await admin.send("/start")
        text = board["text"]
        assert "Sales: ₹199.00 (1 orders)" in text
        assert "Top-ups: ₹100.00 (1) — razorpay ₹100.00 (1)" in text  # today
        assert "Top-ups: ₹600.00 (3)" in text  # the last 7 days
        assert "Refunds to wallets: ₹50.00 (1)" in text
        labels = [b["text"] for b in admin.buttons(board)]
        assert "📦 Manual orders waiting (1)" in labels and "💬 Open tickets (1)" in labels

        await admin.press("Open tickets")
        tickets = admin.last()
        assert "my login does not work" in tickets["text"] and "801" in tickets["text"]
        await admin.press("Dashboard")
        await admin.press("Manual orders waiting")
        assert "ord_manual" in admin.last()["text"]

        await admin.press("Dashboard")
        await admin.press("Chart")
        photo = admin.last()
        assert photo["photo"] and "30 days" in photo["caption"]
        file_id = photo["photo_file_id"]
        data = shops.state.files[file_id].data
        assert data.startswith(b"\x89PNG")
        image = Image.open(io.BytesIO(data))
        image.load()
        assert image.width > 300 and image.height > 200
        low, high = image.convert("L").getextrema()
        assert low < high  # drawn, not blank


async def test_support_sees_the_dashboard_without_staff_tools(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(ADMIN,), support=(5102,)) as shops:
        support = shops.staff(5102)
        board = await support.send("/start")
        assert "Dashboard" in board["text"]
        labels = [b["text"] for b in support.buttons(board)]
        assert "🧾 Audit log" in labels and "👥 Staff" not in labels
        await support.press("Audit log")
        assert "Latest audit entries" in support.last()["text"]
        answer = await support.press("Verify")
        assert answer is not None
        assert "intact" in support.last()["text"]
