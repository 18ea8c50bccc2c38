btn-report-problem = ⚠️ Report a problem
problem-ask = What is wrong with { $title }? Describe it in one message (for example: "the password is not accepted") and our team will look at it.
problem-sent = ✅ Thank you. Our team has ticket { $ticket } and will answer you here; if the credential is broken you will get a new one in this chat.
staff-message = 💬 Message from the shop:
    { $text }
btn-ticket-reply = ✍️ Reply
support-closed = ✅ Your support ticket { $ticket } is closed. If something is still wrong, reply to our last message and it opens again.
ticket-follow-ask = Type your reply to our team:
ticket-follow-sent = ✅ Sent. Our team will answer in ticket { $ticket } here.
