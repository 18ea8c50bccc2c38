"""Support tickets and message clean-ups on every store."""

from __future__ import annotations

import pytest

from core.bootstrap import Services
from core.errors import NotFound, ValidationError
from core.models import TicketStatus


async def test_ticket_alerts_staff_and_reply_reaches_customer_once(services: Services):
    ticket = await services.support.open_ticket(42, "  my code does not work  ")
    assert ticket.text == "my code does not work"
    (alert,) = await services.outbox.recent(5)
    assert (alert.audience, alert.template, alert.params["ticket"]) == (
        "staff", "staff-support-ticket", ticket.id)
    answered = await services.support.reply(ticket.id, "Try again now", staff_id=7)
    again = await services.support.reply(ticket.id, "second answer", staff_id=8)
    assert answered.status is TicketStatus.ANSWERED and again.reply == "Try again now"
    replies = [m for m in await services.outbox.recent(10) if m.template == "support-reply"]
    assert len(replies) == 1 and replies[0].chat_id == 42
    assert (await services.audit.latest(1))[0].action == "support.reply"
    assert await services.support.open_tickets() == []


async def test_empty_ticket_is_refused_and_long_one_shortened(services: Services):
    with pytest.raises(ValidationError):
        await services.support.open_ticket(1, "   ")
    long = await services.support.open_ticket(1, "x" * 10_000)
    assert len(long.text) == 3000
    with pytest.raises(NotFound):
        await services.support.reply("tkt_nope", "hi", staff_id=1)


async def test_cleanups_come_due_and_respect_the_48_hour_window(services: Services, clock):
    soon = await services.cleanup.schedule(bot="customer", chat_id=1, message_id=10,
                                           after_seconds=600)
    await services.cleanup.schedule(bot="customer", chat_id=1, message_id=10,
                                    after_seconds=600)  # scheduled twice: once
    late = await services.cleanup.schedule(bot="customer", chat_id=2, message_id=11,
                                           after_seconds=10 * 86400)
    assert late.delete_at - late.sent_at < __import__("datetime").timedelta(hours=48)
    assert (await services.cleanup.due()).deletable == []
    clock.advance(seconds=600)
    due = await services.cleanup.due()
    assert [c.message_id for c in due.deletable] == [10] and due.too_old == []
    await services.cleanup.done(soon.id)
    clock.advance(hours=49)  # the process was down for two days
    due = await services.cleanup.due()
    assert due.deletable == [] and [c.message_id for c in due.too_old] == [11]
