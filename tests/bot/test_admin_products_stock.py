"""Products and stock in the admin bot, end to end over the stand-in: an admin adds a product
in validated steps, uploads a stock file with bad lines and reads the report; a customer buys an
imported item, reports a problem; the admin replaces the credential from the ticket and the
customer receives the new one."""

from __future__ import annotations

from core.models import StockStatus
from tests.bot.admin_harness import running_shops

ADMIN, CUSTOMER = 5201, 5301
STOCK_FILE = (
    b"login,password,notes\n"
    b"first@example.com,pa55-first,\n"
    b"second@example.com,pa55-second,\n"
    b"broken@example.com,,no password\n"
    b"first@example.com,pa55-again,\n"
)


async def _add_product(admin) -> None:
    await admin.send("/products")
    await admin.press("Add a product")
    assert "Service name" in admin.last()["text"]
    assert "Plan name" in (await admin.send("Netflix"))["text"]
    await admin.send("Premium")
    await admin.send("-")
    bad = await admin.send("a lot")
    assert "That is not a price" in bad["text"] and "Price" in bad["text"]
    await admin.send("₹199")
    bad = await admin.send("0")
    assert "whole number from 1 to 3,650" in bad["text"]
    ask = await admin.send("30")
    assert "How is it delivered?" in ask["text"]
    typed = await admin.send("sometimes")
    assert "pick one of the buttons" in typed["text"]
    await admin.press("automatic")
    await admin.send("1")
    await admin.press("none")
    preview = await admin.send("1")
    assert "How customers see it" in preview["text"] and "₹199.00" in preview["text"]
    await admin.press("Save")
    card = admin.last()
    assert "Netflix Premium" in card["text"] and "on sale" in card["text"]


async def test_product_stock_purchase_report_and_replace(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(ADMIN,)) as shops:
        services = shops.services
        admin = shops.staff(ADMIN, first_name="Owner")
        await _add_product(admin)
        (product,) = await services.catalog.list(active_only=False)
        assert (product.price, product.duration_days, product.low_stock_threshold) == (
            19_900, 30, 1)
        assert (await services.audit.latest(1, "product.add"))[0].actor == f"staff:{ADMIN}"

        await admin.press("Add stock")
        report = await admin.send_document(STOCK_FILE, "netflix.csv")
        text = report["text"]
        assert "2 added, 1 duplicates, 1 bad lines" in text
        assert "line 4: password is empty" in text and "line 5: same login as line 2" in text
        assert "pa55" not in text  # a report never echoes a secret
        levels = await services.stock.levels([product.id])
        assert levels[0].available_items == 2

        await services.wallet.credit(CUSTOMER, 50_000, key="gift", reason="test")
        asha = shops.customer(CUSTOMER)
        await asha.send("/plans")
        await asha.press("Netflix Premium")
        await asha.press("Buy")
        await asha.press("Confirm")
        first = asha.last()["text"]
        old_login = "first@example.com" if "first@example.com" in first else "second@example.com"
        assert old_login in first

        await asha.send("/subs")
        await asha.press("Netflix Premium")
        await asha.press("Report a problem")
        sent = await asha.send("the password is not accepted")
        assert "Our team has ticket" in sent["text"]
        await shops.deliver()  # the staff alert reaches the admin bot with its button

        alert = admin.last()
        assert "the password is not accepted" in alert["text"]
        await admin.press("Open ticket", message=alert)
        ticket = admin.last()
        assert "About subscription" in ticket["text"]
        await admin.press("Replace credential")
        assert "got a new credential" in admin.last()["text"]

        await shops.deliver()
        notice = asha.last()
        assert "were replaced with new ones" in notice["text"]
        await asha.press("Show credentials", message=notice)
        new = asha.last()["text"]
        new_login = ({"first@example.com", "second@example.com"} - {old_login}).pop()
        assert new_login in new and old_login not in new
        items = {i.id: i for i in await services.stock.list_items(product.id)}
        assert sorted(i.status.value for i in items.values()) == [
            StockStatus.REVOKED.value, StockStatus.SOLD.value]
        replaced = (await services.audit.latest(1, "stock.replace"))[0]
        assert replaced.actor == f"staff:{ADMIN}"


async def test_edit_price_toggle_and_preview(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(ADMIN,)) as shops:
        product = await shops.services.catalog.add(actor="test", platform="Spotify",
                                                   plan="Family", price=9_900,
                                                   duration_days=30)
        admin = shops.staff(ADMIN)
        await admin.send("/products")
        await admin.press("Spotify Family")
        await admin.press("Edit")
        await admin.press("Price")
        await admin.send("149.50")
        assert "₹149.50" in admin.last()["text"]
        await admin.press("Take off sale")
        assert "off sale" in admin.last()["text"]
        await admin.press("Preview")
        assert "Sold out for now" in admin.last()["text"]
        edited = await shops.services.catalog.get(product.id)
        assert (edited.price, edited.active) == (14_950, False)
        diff = (await shops.services.audit.latest(2, "product.edit"))
        assert {tuple(e.details) for e in diff} == {("price",), ("active",)}
