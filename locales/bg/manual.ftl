gateway-bank = 🏦 Банков превод
manual-instructions = 🏦 <b>Банков превод на { $amount }</b>
    { $instructions }

    След като платите, изпратете тук екранна снимка на плащането като снимка.
manual-need-photo = Моля, изпратете екранната снимка като снимка.
manual-received = ✅ Благодарим. Ще проверим превода ви от { $amount } и ще ви кажем тук веднага щом бъде заверен.
manual-payment-approved = ✅ Банковият ви превод от { $amount } е потвърден и добавен в портфейла ви.
manual-payment-rejected = ✖ Не успяхме да потвърдим банковия ви превод от { $amount } ({ $reason }). Ако сте платили, свържете се с поддръжката.
broadcast-message = { $text }
