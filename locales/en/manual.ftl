gateway-bank = 🏦 Bank transfer
manual-instructions = 🏦 <b>Bank transfer of { $amount }</b>
    { $instructions }

    When you have paid, send a screenshot of the payment here as a photo.
manual-need-photo = Please send the screenshot as a photo.
manual-received = ✅ Thank you. We will check your transfer of { $amount } and tell you here as soon as it is credited.
manual-payment-approved = ✅ Your bank transfer of { $amount } was confirmed and added to your wallet.
manual-payment-rejected = ✖ We could not confirm your bank transfer of { $amount } ({ $reason }). Please contact support if you did pay.
broadcast-message = { $text }
