"""Support: what a customer writes is queued for staff; a staff reply reaches the customer."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from core.clock import Clock
from core.errors import NotFound, ValidationError
from core.ids import IdFactory
from core.models import SupportTicket, TicketMessage, TicketStatus
from core.services import audit
from core.services.notify import enqueue
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
MAX_TEXT = 3000
# The admin bot's ticket button: packed like its callback data ``atk:<action>:<ticket id>``.
STAFF_TICKET_CALLBACK = "atk:show:{ticket}"
# The customer bot's "Reply" button under a staff reply: packed like its ``tf:<ticket id>``.
CUSTOMER_TICKET_CALLBACK = "tf:{ticket}"


@dataclass(frozen=True, slots=True)
class TicketView:
    ticket: SupportTicket
    subscription_id: str  # "" unless opened with "Report a problem" on a subscription
    messages: list[TicketMessage] = field(default_factory=list)  # the thread after the first


def _clean(text: str) -> str:
    body = (text or "").strip()
    if not body:
        raise ValidationError("empty support message")
    return body[:MAX_TEXT]


class SupportService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids

    async def open_ticket(self, user_id: int, text: str, *,
                          subscription_id: str = "") -> SupportTicket:
        """Store the message and alert staff in one unit of work. Long text is shortened to
        3,000 characters (a Telegram message to staff must fit with its header).
        ``subscription_id``: the ticket is about that subscription of the customer (a
        "Report a problem"); NotFound if it is not theirs."""
        ticket = SupportTicket(id=self._ids.new("tkt"), user_id=user_id, text=_clean(text),
                               status=TicketStatus.OPEN, created_at=self._clock.now())
        button = [[{"text_key": "admin-btn-open-ticket",
                    "callback_data": STAFF_TICKET_CALLBACK.format(ticket=ticket.id)}]]

        async def unit(tx: Tx) -> SupportTicket:
            if subscription_id:
                sub = await tx.subscriptions.get(subscription_id)
                if sub is None or sub.user_id != user_id:
                    raise NotFound(f"no subscription {subscription_id} of this customer")
                await tx.ticket_links.link(ticket.id, subscription_id)
            await tx.tickets.add(ticket)
            await enqueue(tx, self._clock, self._ids, key=f"ticket:{ticket.id}:staff",
                          template="staff-support-ticket", audience="staff", bot="admin",
                          params={"ticket": ticket.id, "user": user_id, "text": ticket.text},
                          options={"reply_markup": button})
            return ticket

        opened = await self._store.transaction(unit)
        log.info("support ticket %s opened by user=%s", opened.id, user_id)
        return opened

    async def reply(self, ticket_id: str, text: str, *, staff_id: int) -> SupportTicket:
        """Answer a ticket once: the reply is queued to the customer and audited."""
        body = _clean(text)
        now = self._clock.now()

        async def unit(tx: Tx) -> SupportTicket:
            ticket = await tx.tickets.get(ticket_id)
            if ticket is None:
                raise NotFound(f"no ticket {ticket_id}")
            if await tx.tickets.answer(ticket_id, body, staff_id, now):
                await enqueue(tx, self._clock, self._ids, key=f"ticket:{ticket_id}:reply",
                              template="support-reply", chat_id=ticket.user_id,
                              params={"text": body})
                await audit.append(tx, self._clock, actor=f"staff:{staff_id}",
                                   action="support.reply", target=ticket_id)
            return await tx.tickets.get(ticket_id)  # type: ignore[return-value]

        return await self._store.transaction(unit)

    async def staff_reply(self, ticket_id: str, text: str, *, staff_id: int) -> TicketView:
        """A staff message in the ticket's thread: it reaches the customer (with a Reply
        button that continues the thread) and the ticket is answered; audited."""
        body = _clean(text)
        now = self._clock.now()
        message = TicketMessage(id=self._ids.new("tm"), ticket_id=ticket_id, author="staff",
                                text=body, at=now, staff_id=staff_id)
        button = [[{"text_key": "btn-ticket-reply",
                    "callback_data": CUSTOMER_TICKET_CALLBACK.format(ticket=ticket_id)}]]

        async def unit(tx: Tx) -> SupportTicket:
            ticket = await tx.tickets.get(ticket_id)
            if ticket is None:
                raise NotFound(f"no ticket {ticket_id}")
            await tx.ticket_threads.add(message)
            if not await tx.tickets.answer(ticket_id, body, staff_id, now):
                await tx.ticket_threads.set_status(ticket_id, TicketStatus.ANSWERED.value,
                                                   [TicketStatus.OPEN.value,
                                                    TicketStatus.CLOSED.value])
            await enqueue(tx, self._clock, self._ids, key=f"ticket:{ticket_id}:{message.id}",
                          template="support-reply", chat_id=ticket.user_id,
                          params={"text": body}, options={"reply_markup": button})
            await audit.append(tx, self._clock, actor=f"staff:{staff_id}",
                               action="support.reply", target=ticket_id)
            return ticket

        await self._store.transaction(unit)
        return await self.view(ticket_id)

    async def follow_up(self, user_id: int, ticket_id: str, text: str) -> TicketView:
        """The customer writes again in their ticket: it is open again and staff are told."""
        body = _clean(text)
        message = TicketMessage(id=self._ids.new("tm"), ticket_id=ticket_id,
                                author="customer", text=body, at=self._clock.now())
        button = [[{"text_key": "admin-btn-open-ticket",
                    "callback_data": STAFF_TICKET_CALLBACK.format(ticket=ticket_id)}]]

        async def unit(tx: Tx) -> None:
            ticket = await tx.tickets.get(ticket_id)
            if ticket is None or ticket.user_id != user_id:
                raise NotFound(f"no ticket {ticket_id} of this customer")
            await tx.ticket_threads.add(message)
            await tx.ticket_threads.set_status(ticket_id, TicketStatus.OPEN.value,
                                               [TicketStatus.ANSWERED.value,
                                                TicketStatus.CLOSED.value])
            await enqueue(tx, self._clock, self._ids, key=f"ticket:{ticket_id}:{message.id}",
                          template="staff-support-ticket", audience="staff", bot="admin",
                          params={"ticket": ticket_id, "user": user_id, "text": body},
                          options={"reply_markup": button})

        await self._store.transaction(unit)
        return await self.view(ticket_id)

    async def set_closed(self, ticket_id: str, closed: bool, *, staff_id: int) -> TicketView:
        """Close a ticket (the customer is told and can still write to reopen it) or reopen
        it; audited."""
        async def unit(tx: Tx) -> None:
            ticket = await tx.tickets.get(ticket_id)
            if ticket is None:
                raise NotFound(f"no ticket {ticket_id}")
            if closed:
                changed = await tx.ticket_threads.set_status(
                    ticket_id, TicketStatus.CLOSED.value,
                    [TicketStatus.OPEN.value, TicketStatus.ANSWERED.value])
            else:
                changed = await tx.ticket_threads.set_status(
                    ticket_id, TicketStatus.OPEN.value, [TicketStatus.CLOSED.value])
            if not changed:
                return
            await audit.append(tx, self._clock, actor=f"staff:{staff_id}",
                               action="support.close" if closed else "support.reopen",
                               target=ticket_id)
            if closed:
                await enqueue(tx, self._clock, self._ids,
                              key=f"ticket:{ticket_id}:closed:{self._ids.new('c')}",
                              template="support-closed", chat_id=ticket.user_id,
                              params={"ticket": ticket_id})

        await self._store.transaction(unit)
        return await self.view(ticket_id)

    async def message_customer(self, user_id: int, text: str, *, staff_id: int) -> None:
        """A message from staff to a customer in the customer bot (audited, without the text)."""
        body = _clean(text)
        now = self._clock.now()

        async def unit(tx: Tx) -> None:
            if await tx.users.get(user_id) is None:
                raise NotFound(f"no user {user_id}")
            await enqueue(tx, self._clock, self._ids,
                          key=f"staff-message:{user_id}:{self._ids.new('sm')}",
                          template="staff-message", chat_id=user_id, params={"text": body})
            await audit.append(tx, self._clock, actor=f"staff:{staff_id}",
                               action="customer.message", target=str(user_id),
                               details={"chars": len(body), "at": now.isoformat()})

        await self._store.transaction(unit)

    async def for_user(self, user_id: int, limit: int = 10) -> list[SupportTicket]:
        """The customer's latest tickets (open and answered), newest first."""
        return await self._store.read(lambda tx: tx.directory.tickets_of(user_id, limit))

    async def view(self, ticket_id: str) -> TicketView:
        async def unit(tx: Tx) -> TicketView:
            ticket = await tx.tickets.get(ticket_id)
            if ticket is None:
                raise NotFound(f"no ticket {ticket_id}")
            return TicketView(ticket, await tx.ticket_links.subscription_of(ticket_id),
                              await tx.ticket_threads.messages(ticket_id))

        return await self._store.read(unit)

    async def open_tickets(self, limit: int = 50) -> list[SupportTicket]:
        return await self._store.read(lambda tx: tx.tickets.list("open", limit))
