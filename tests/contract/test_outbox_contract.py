"""The outbox on every store: idempotent queueing, leased claims, nothing lost on a crash."""

from __future__ import annotations

from core.bootstrap import Services
from core.models import OutboxStatus
from core.services.notify import enqueue


async def _queue(services: Services, key: str, chat_id: int = 1, **kw) -> bool:
    return await services.store.transaction(lambda tx: enqueue(
        tx, services.clock, services.ids, key=key, template="topup-credited",
        params={"amount": 500}, chat_id=chat_id, **kw))


async def test_same_key_is_queued_once(services: Services):
    assert await _queue(services, "topup:1:credited") is True
    assert await _queue(services, "topup:1:credited") is False
    assert await services.outbox.counts() == {"pending": 1}


async def test_claimed_message_is_not_claimed_twice_while_leased(services: Services, clock):
    await _queue(services, "a")
    first = await services.outbox.claim_due()
    assert [m.key for m in first] == ["a"] and first[0].status is OutboxStatus.SENDING
    assert await services.outbox.claim_due() == []


async def test_a_crash_after_claim_loses_nothing(services: Services, clock):
    await _queue(services, "a")
    (claimed,) = await services.outbox.claim_due()
    # the sender dies here, before recording the outcome; the lease runs out
    clock.advance(seconds=61)
    (again,) = await services.outbox.claim_due()
    assert again.id == claimed.id
    sent_at = clock.now()
    await services.outbox.mark_sent(again.id)
    clock.advance(seconds=120)
    assert await services.outbox.claim_due() == []
    sent = await services.outbox.get(again.id)
    assert sent.status is OutboxStatus.SENT and sent.sent_at == sent_at


async def test_retry_later_waits_and_counts_attempts(services: Services, clock):
    await _queue(services, "a")
    (m,) = await services.outbox.claim_due()
    await services.outbox.retry_later(m.id, 30, "429 retry after 30")
    assert await services.outbox.claim_due() == []
    clock.advance(seconds=30)
    (again,) = await services.outbox.claim_due()
    assert again.attempts == 1 and again.last_error == "429 retry after 30"


async def test_dead_messages_are_never_claimed(services: Services, clock):
    await _queue(services, "a")
    (m,) = await services.outbox.claim_due()
    await services.outbox.give_up(m.id, "403 blocked")
    clock.advance(hours=1)
    assert await services.outbox.claim_due() == []
    assert (await services.outbox.counts()) == {"dead": 1}


async def test_claims_come_oldest_first(services: Services, clock):
    for key in ("first", "second", "third"):
        await _queue(services, key, audience="staff", chat_id=None, bot="admin")
        clock.advance(seconds=1)
    assert [m.key for m in await services.outbox.claim_due(limit=2)] == ["first", "second"]
    assert [m.key for m in await services.outbox.claim_due(limit=2)] == ["third"]


async def test_parts_sent_is_recorded_without_touching_other_options(services: Services):
    await _queue(services, "long", options={"protect_content": True})
    (m,) = await services.outbox.claim_due()
    await services.outbox.record_parts_sent(m.id, 2)
    stored = await services.outbox.get(m.id)
    assert stored.options == {"protect_content": True, "parts_sent": 2}
    assert stored.status is OutboxStatus.SENDING and stored.attempts == 0


async def test_a_staff_message_fans_out_once_per_recipient(services: Services):
    await _queue(services, "alert", audience="staff", chat_id=None, bot="admin",
                 options={"protect_content": True})
    (parent,) = await services.outbox.claim_due()
    assert await services.outbox.fan_out(parent, [11, 12]) == 2
    assert (await services.outbox.get(parent.id)).status is OutboxStatus.SENT
    # a second fan-out (a stale lease, a second sender) queues only who is new
    assert await services.outbox.fan_out(parent, [11, 12, 13]) == 1
    children = sorted((m for m in await services.outbox.recent(10) if m.audience == "user"),
                      key=lambda m: m.key)
    assert [(m.key, m.chat_id, m.bot) for m in children] == [
        ("alert:staff:11", 11, "admin"), ("alert:staff:12", 12, "admin"),
        ("alert:staff:13", 13, "admin")]
    assert all(m.template == "topup-credited" and m.params == {"amount": 500}
               and m.options == {"protect_content": True} and m.status is OutboxStatus.PENDING
               for m in children)
