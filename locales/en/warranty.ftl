btn-report-problem = ⚠️ Report a problem
problem-ask = What is wrong with { $title }? Describe it in one message (for example: "the password is not accepted") and our team will look at it.
problem-sent = ✅ Thank you. Our team has ticket { $ticket } and will answer you here; if the credential is broken you will get a new one in this chat.
staff-message = 💬 Message from the shop:
    { $text }
