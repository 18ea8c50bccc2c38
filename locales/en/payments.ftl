## Wallet top-ups: return pages, the sandbox page, messages and alerts, errors.

payment-page-title = { $shop } · payment
payment-paid-heading = Payment received
payment-paid-body = { $amount } has been added to your wallet.
payment-pending-heading = Confirming your payment
payment-pending-body = We are waiting for the confirmation from the payment provider. The bot will send you a message as soon as it arrives.
payment-failed-heading = Payment not completed
payment-failed-body = The payment did not go through and nothing was added to your wallet. You can try again from the bot.
payment-back-to-bot = Back to the bot

sandbox-page-title = Test payment
sandbox-page-body = This is the sandbox payment page: no real money moves. Top-up { $topup_id } for { $amount }.
sandbox-pay = Pay { $amount }
sandbox-decline = Decline

stars-invoice-title = Wallet top-up
stars-invoice-description = { $amount } for your wallet ({ $stars } ⭐)

topup-credited = ✅ { $amount } was added to your wallet. Balance: { $balance }.
topup-failed = ❌ Your top-up of { $amount } did not go through. Nothing was added to your wallet; you can try again.
topup-refunded = ↩️ Your top-up of { $amount } was refunded to the card or account you paid with.

staff-topup-credited = 💰 Top-up { $topup_id }: { $amount } credited to user { $user_id } via { $gateway } (payment { $payment_id }).
staff-topup-failed = Top-up { $topup_id } of { $amount } for user { $user_id } via { $gateway } failed: { $reason }.
staff-topup-held = ⚠️ Top-up { $topup_id } (user { $user_id }, { $amount } via { $gateway }) received payment { $payment_id } of { $paid }, which does not match: { $reason }. Nothing was credited — please check.
staff-payment-unmatched = ⚠️ A verified { $gateway } callback { $event } (payment { $payment_id }, { $paid }) matches no top-up. Nothing was credited — please check.
staff-topup-refunded = ↩️ Top-up { $topup_id } of { $amount } (user { $user_id }, { $gateway }) was refunded by { $actor }.
staff-refund-unconfirmed = ⚠️ Refund of top-up { $topup_id } via { $gateway } (by { $actor }): the gateway did not answer. The wallet is debited; run the refund again to confirm it.

error-payment = The payment could not be processed.
error-gateway-disabled = This payment method is not available.
error-gateway-unavailable = The payment provider is not reachable right now. Nothing was charged; please try again in a few minutes.
error-gateway-rejected = The payment provider refused the request.
error-topup-not-found = We could not find that top-up.
error-topup-not-refundable = This top-up cannot be refunded.
error-invalid-signature = The request signature is not valid.
error-bad-payload = The request is not valid.
error-topup-not-payable = This top-up can no longer be paid. Please start a new one.
error-topup-expired = This invoice has expired. Please start a new top-up.
error-topup-amount-mismatch = The amount does not match the invoice.
staff-stars-uncredited = 🚨 A paid Telegram Stars invoice is not credited yet: charge { $charge } (record { $event }), reason { $reason }. It is retried automatically; check the store if this repeats.
staff-credential-unreadable = 🚨 The credential of subscription { $subscription_id } (item { $item_id }) cannot be opened: { $reason }. The key file may be wrong or missing a key; check KEYS_FILE.
topup-reversed = ↩️ Your payment for top-up { $topup_id } was refunded by the payment provider, so { $amount } was taken back from your wallet. Balance: { $balance }.
topup-reversed-debt = ↩️ Your payment for top-up { $topup_id } was refunded by the payment provider after the money had been spent, so { $amount } was taken back and your wallet now owes { $debt }. Your next top-up pays this first; until then nothing can be bought.
staff-topup-reversed = ↩️ Top-up { $topup_id } (user { $user_id }, { $amount } via { $gateway }): payment { $payment_id } was refunded at the gateway. { $refunded } taken back from the wallet; balance now { $balance } (below zero is a debt).
staff-payment-disputed = 🚨 Chargeback on { $gateway } payment { $payment_id } ({ $paid }): dispute { $dispute }, status { $status }. Top-up { $topup_id }, user { $user_id }. Orders since that top-up: { $orders }.
error-payload-too-large = The request is too large.
error-topup-not-held = This top-up is not held, so there is nothing to resolve.
reason-gateway-refund = refunded by the payment provider
reason-gateway-refund-reversal = refund cancelled by the payment provider
staff-topup-cancel-checkout = ⚠️ Top-up { $topup_id } (user { $user_id }) got no answer from { $gateway }, and the payment page it may have made could not be cancelled ({ $reason }). Please cancel any open link for { $topup_id } in the { $gateway } dashboard.
