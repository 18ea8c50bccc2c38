gateway-bank = 🏦 Банковский перевод
manual-instructions = 🏦 <b>Банковский перевод на { $amount }</b>
    { $instructions }

    После оплаты пришлите сюда скриншот платежа как фото.
manual-need-photo = Пожалуйста, пришлите скриншот как фото.
manual-received = ✅ Спасибо. Мы проверим ваш перевод на { $amount } и сообщим здесь, как только он будет зачислен.
manual-payment-approved = ✅ Ваш банковский перевод на { $amount } подтверждён и зачислен на кошелёк.
manual-payment-rejected = ✖ Мы не смогли подтвердить ваш банковский перевод на { $amount } ({ $reason }). Если вы оплатили, напишите в поддержку.
broadcast-message = { $text }
