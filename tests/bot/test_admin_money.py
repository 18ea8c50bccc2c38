"""Money in the admin bot, end to end over the stand-in with the real dispatchers: two-admin
approval of a large refund, a bank transfer approved by two admins at the same moment (one
credit), Telegram Stars refunds accepted and refused by Telegram, and a balance adjustment."""

from __future__ import annotations

import asyncio

from core.models import OrderStatus
from tests.bot.admin_harness import running_shops

A, B, CUSTOMER = 5401, 5402, 5501
STOCK = "login,password\nacc1@example.com,pw-one\nacc2@example.com,pw-two\n"


async def _bought_order(shops) -> str:
    services = shops.services
    product = await services.catalog.add(actor="test", platform="Netflix", plan="Premium",
                                         price=19_900, duration_days=30)
    await services.stock.import_items(product.id, STOCK, actor="test")
    await services.users.register(CUSTOMER, first_name="Cara")
    await services.wallet.credit(CUSTOMER, 19_900, key="gift", reason="test")
    result = await services.purchases.purchase(CUSTOMER, product.id, intent_id="int_test_1")
    return result.order.id


async def test_a_large_refund_needs_a_second_admin(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(A, B), approval_limit=10_000) as shops:
        order_id = await _bought_order(shops)
        services = shops.services
        alice, bob = shops.staff(A, first_name="Alice"), shops.staff(B, first_name="Bob")
        await bob.send("/start")  # staff open the admin bot once before it can write to them
        await alice.send("/orders")
        await alice.press("completed")
        await alice.press(order_id)
        await alice.press("Refund, revoke item")
        assert "waits for a second admin" in alice.last()["text"]
        assert (await services.orders.get(order_id)).status is OrderStatus.COMPLETED

        await shops.deliver()  # the approval alert reaches both admins
        own = alice.last()
        assert "A second admin must approve it" in own["text"]
        answer = await alice.press("Approve", message=own)
        assert answer["text"] == "You are not allowed to do that."
        assert (await services.orders.get(order_id)).status is OrderStatus.COMPLETED

        await bob.press("Approve", message=bob.last())
        assert "approved and carried out" in bob.last()["text"]
        assert (await services.orders.get(order_id)).status is OrderStatus.REFUNDED
        assert await services.wallet.balance(CUSTOMER) == 19_900
        (decided,) = await services.audit.latest(1, "approval.approved")
        assert decided.details["requested_by"] == f"staff:{A}"
        assert decided.details["decided_by"] == f"staff:{B}"
        (refund,) = await services.audit.latest(1, "order.refund")
        assert refund.actor == f"staff:{A}+staff:{B}"


async def test_bank_transfer_approved_by_two_admins_at_once_credits_once(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(A, B),
                             manual_payment_instructions="Pay to IBAN XX00 1234, ref your id"
                             ) as shops:
        services = shops.services
        cara = shops.customer(CUSTOMER, first_name="Cara")
        alice, bob = shops.staff(A), shops.staff(B)
        for admin in (alice, bob):
            await admin.send("/start")
        await cara.send("/topup 500")
        await cara.press("Bank transfer")
        assert "IBAN XX00 1234" in cara.last()["text"]
        nudge = await cara.send("I paid")
        assert "as a photo" in nudge["text"]
        received = await cara.send_photo(b"\xff\xd8\xff fake jpeg of the receipt")
        assert "We will check your transfer of ₹500.00" in received["text"]
        await shops.deliver()

        alert_a, alert_b = alice.last(), bob.last()
        assert "reports paying ₹500.00" in alert_a["text"]
        await alice.press("View screenshot", message=alert_a)
        photo = alice.last()
        assert photo["photo_file_id"]
        assert shops.state.files[photo["photo_file_id"]].data.startswith(b"\xff\xd8\xff")

        data_a, mid_a = alice.button_data("Approve", alert_a)
        data_b, mid_b = bob.button_data("Approve", alert_b)
        answers = await asyncio.gather(alice.press_data(data_a, mid_a),
                                       bob.press_data(data_b, mid_b))
        texts = sorted(a["text"] for a in answers)
        assert texts == ["Another admin has already decided this.",
                         "✅ Approved: ₹500.00 credited to the customer."]
        assert await services.wallet.balance(CUSTOMER) == 50_000
        await shops.deliver()
        assert "was confirmed and added to your wallet" in cara.last()["text"]
        entries = await services.audit.latest(5, "manual_payment.")
        assert len(entries) == 1


async def _stars_topup(shops, cara) -> str:
    await cara.send("/topup 50")
    await cara.press("Telegram Stars")
    action = shops.state.pay_invoice(700001, CUSTOMER)
    await shops.customer_done.wait(action.update_id)
    async with asyncio.timeout(10):
        while await shops.services.wallet.balance(CUSTOMER) < 5_000:
            await asyncio.sleep(0.05)
    newest = await shops.services.payments.list_topups(user_id=CUSTOMER, limit=1)
    return newest[0].id


async def test_stars_refund_accepted_then_refused(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(A,)) as shops:
        services = shops.services
        cara = shops.customer(CUSTOMER, first_name="Cara")
        alice = shops.staff(A)
        accepted = await _stars_topup(shops, cara)
        await alice.send(f"/topup {accepted}")
        await alice.press("Refund to the payment method")
        assert "Telegram accepted the Stars refund" in alice.last()["text"]
        assert (await services.payments.get(accepted)).status.value == "refunded"
        assert await services.wallet.balance(CUSTOMER) == 0
        charge = (await services.payments.get(accepted)).payment_id
        assert shops.state.payments[charge].refunded

        refused = await _stars_topup(shops, cara)
        shops.state.force_error("custom", method="refundStarPayment", error_code=400,
                                description="Bad Request: CHARGE_NOT_FOUND")
        await alice.send(f"/topup {refused}")
        await alice.press("Refund to the payment method")
        assert "Telegram refused the Stars refund" in alice.last()["text"]
        assert (await services.payments.get(refused)).status.value == "credited"
        assert await services.wallet.balance(CUSTOMER) == 5_000
        await shops.deliver()
        told = [m["text"] for m in cara.bot_messages() if m["text"]]
        assert sum("refund" in text.lower() for text in told) == 1  # only the accepted one


async def test_small_adjustment_through_the_bot(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(A,), support=(B,)) as shops:
        services = shops.services
        await services.users.register(CUSTOMER, first_name="Cara", username="cara_k")
        alice = shops.staff(A)
        profile = await alice.send("/find @Cara_K")
        assert "Cara" in profile["text"] and "₹0.00" in profile["text"]
        await alice.press("Adjust balance")
        bad = await alice.send("lots")
        assert "not an amount" in bad["text"]
        await alice.send("₹120")
        confirm = await alice.send("goodwill for the outage")
        data, message_id = alice.button_data("Confirm", confirm)
        await alice.press_data(data, message_id)
        assert "is now ₹120.00" in alice.last()["text"]
        await alice.press_data(data, message_id, raw=True)  # a second tap changes nothing
        assert await services.wallet.balance(CUSTOMER) == 12_000
        (entry,) = await services.audit.latest(5, "wallet.adjust")
        assert entry.actor == f"staff:{A}" and entry.details["reason"] == "goodwill for the outage"

        sam = shops.staff(B)
        seen = await sam.send(f"/find {CUSTOMER}")
        assert "Cara" in seen["text"]
        assert not any("Adjust" in b["text"] for b in sam.buttons(seen))


async def test_coupons_create_list_disable(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(A,), support=(B,)) as shops:
        alice = shops.staff(A)
        bad = await alice.send("/newcoupon SPRING ten")
        assert "Could not read “ten”" in bad["text"]
        done = await alice.send("/newcoupon spring 12.5% total=100 per_user=1 expires=2030-01-31")
        assert "Coupon SPRING (12.50%) is active" in done["text"]
        await alice.send("/newcoupon FLAT ₹50 min=₹199")
        listing = await alice.send("/coupons")
        assert "SPRING" in listing["text"] and "used 0/100" in listing["text"]
        assert "₹50.00" in listing["text"]
        await alice.press("Disable SPRING")
        assert not (await shops.services.coupons.get("SPRING")).active
        coupon = await shops.services.coupons.get("FLAT")
        assert (coupon.value, coupon.min_amount) == (5_000, 19_900)
        sam = shops.staff(B)
        refused = await sam.send("/newcoupon SAM 99%")
        assert refused["text"] == "Only an admin can do that."
        assert await shops.services.coupons.get("SAM") is None
