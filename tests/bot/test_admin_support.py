"""Support as threads over the stand-in: a customer writes, staff open the ticket from the
alert, reply (it reaches the customer with a Reply button), the customer answers in the same
ticket, staff see the thread, close it (the customer is told) and a follow-up reopens it."""

from __future__ import annotations

from core.models import TicketStatus
from tests.bot.admin_harness import running_shops

SUPPORT, ADMIN, CUSTOMER = 5701, 5702, 5801


async def test_ticket_thread_reply_follow_up_close_reopen(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(ADMIN,), support=(SUPPORT,)) as shops:
        services = shops.services
        sam = shops.staff(SUPPORT, first_name="Sam")
        await sam.send("/start")
        cara = shops.customer(CUSTOMER, first_name="Cara")
        await cara.send("/support")
        await cara.send("My Netflix login stopped working")
        await shops.deliver()

        alert = sam.last()
        assert "My Netflix login stopped working" in alert["text"]
        await sam.press("Open ticket", message=alert)
        await sam.press("Reply")
        done = await sam.send("Please try again now, we reset the password")
        assert "is on its way to the customer" in done["text"]
        await shops.deliver()
        reply = cara.last()
        assert "we reset the password" in reply["text"]

        await cara.press("Reply", message=reply)
        sent = await cara.send("Still not working, sorry")
        assert "Our team will answer" in sent["text"]
        (ticket,) = await services.support.for_user(CUSTOMER)
        assert ticket.status is TicketStatus.OPEN  # the customer's answer opened it again
        await shops.deliver()
        await sam.press("Open ticket", message=sam.last())
        thread = sam.last()["text"]
        assert "we reset the password" in thread and "Still not working" in thread
        assert thread.index("we reset") < thread.index("Still not working")

        await sam.press("Close")
        assert (await services.support.view(ticket.id)).ticket.status is TicketStatus.CLOSED
        await shops.deliver()
        assert "is closed" in cara.last()["text"]
        await sam.press("Reopen")
        assert (await services.support.view(ticket.id)).ticket.status is TicketStatus.OPEN
        actions = [e.action for e in await services.audit.latest(10, "support.")]
        assert actions[:3] == ["support.reopen", "support.close", "support.reply"]
