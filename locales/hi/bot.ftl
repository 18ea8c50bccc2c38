## ग्राहक बॉट: मेनू, स्क्रीन, बटन, संकेत।

welcome = 👋 { $shop } में आपका स्वागत है, { $name }!
    अपने वॉलेट से सब्सक्रिप्शन खरीदें और अपना लॉगिन, पासवर्ड और 2FA कोड यहीं पाएँ।
menu-title = 🏠 { $shop } — { $name }, आप क्या करना चाहेंगे?
menu-title-short = 🏠 मुख्य मेनू
menu-plans = 🛍 प्लान
menu-subs = 🔑 मेरे सब्सक्रिप्शन
menu-wallet = 💰 वॉलेट
menu-orders = 🧾 ऑर्डर
menu-support = 💬 सहायता
menu-language = 🌐 भाषा
menu-help = ❓ मदद

btn-menu = 🏠 मेनू
btn-back = ⬅️ वापस
btn-prev = ◀️ पिछला
btn-next = अगला ▶️
btn-topup = ➕ टॉप-अप करें
btn-history = 📜 इतिहास
btn-other-amount = ✏️ दूसरी राशि
btn-pay = 💳 भुगतान करें
btn-buy = 🛒 खरीदें
btn-coupon = 🏷 कूपन
btn-confirm = ✅ पुष्टि करें और भुगतान करें
btn-pay-difference = 💳 बाकी राशि टॉप-अप करें — { $gateway }
btn-open-sub = 🔑 सब्सक्रिप्शन खोलें
btn-credentials = 👁 लॉगिन विवरण देखें
btn-code = 🔢 कोड पाएँ
btn-qr = 📷 QR इमेज
btn-renew = 🔁 रिन्यू करें
btn-auto-on = ⏸ ऑटो-रिन्यू: बंद → चालू
btn-auto-off = ▶️ ऑटो-रिन्यू: चालू → बंद
btn-refresh = 🔄 रिफ्रेश करें

help-text = <b>यह कैसे काम करता है</b>
    1. अपना वॉलेट टॉप-अप करें (💰 वॉलेट)।
    2. एक प्लान चुनें (🛍 प्लान) और वॉलेट से भुगतान करें।
    3. आपका लॉगिन, पासवर्ड और 2FA कोड कभी भी 🔑 मेरे सब्सक्रिप्शन में उपलब्ध हैं।

    कमांड: /plans /subs /wallet /topup /orders /support /language /help
language-pick = 🌐 अपनी भाषा चुनें:
language-set = भाषा बदल दी गई।

wallet-balance = 💰 बैलेंस: <b>{ $balance }</b>
wallet-entry = { $date }  { $sign }{ $amount }  { $reason }
history-title = 📜 वॉलेट इतिहास, पेज { $page }
history-empty = अभी कोई एंट्री नहीं है।
reason-topup = टॉप-अप
reason-purchase = खरीद
reason-renewal = रिन्यूअल
reason-refund = रिफंड
reason-topup-refund = टॉप-अप रिफंड
reason-adjustment = समायोजन

topup-pick-amount = ➕ आप कितनी राशि जोड़ना चाहेंगे?
topup-type-amount = ✏️ { $min } से { $max } के बीच राशि लिखें (जैसे 499 या 499.50)।
topup-choose-gateway = { $amount } का टॉप-अप इससे करें:
topup-no-gateways = अभी टॉप-अप उपलब्ध नहीं है। कृपया सहायता टीम से संपर्क करें।
topup-pay-link = नीचे दिए बटन से { $gateway } द्वारा { $amount } का भुगतान करें। भुगतान की पुष्टि होते ही आपका बैलेंस अपडेट हो जाएगा।
gateway-razorpay = Razorpay (UPI, कार्ड)
gateway-stripe = Stripe (कार्ड)
gateway-stars = Telegram Stars ⭐
gateway-sandbox = टेस्ट भुगतान (सैंडबॉक्स)
stars-label = वॉलेट टॉप-अप

plans-title = 🛍 प्लान
plans-empty = अभी कोई प्लान बिक्री पर नहीं है।
plan-detail = <b>{ $title }</b>
    { $description }

    कीमत: <b>{ $price }</b>
    अवधि: { $days ->
        [one] { $days } दिन
       *[other] { $days } दिन
    }
    { $stock }
plan-available = ✅ उपलब्ध
plan-sold-out = ✖ फ़िलहाल स्टॉक में नहीं
coupon-ask = 🏷 अपना कूपन कोड लिखें:
confirm-text = <b>{ $title }</b>, { $days ->
        [one] { $days } दिन
       *[other] { $days } दिन
    }
    कीमत: { $price }{ $has_discount ->
        [yes] {", "}छूट −{ $discount }
       *[no] {""}
    }
    <b>कुल: { $total }</b>
    बैलेंस: { $balance } → खरीद के बाद: { $after }
confirm-short = <b>{ $title }</b>
    <b>कुल: { $total }</b>{ $has_discount ->
        [yes] {" "}(छूट −{ $discount })
       *[no] {""}
    }
    बैलेंस: { $balance } — आपको { $shortfall } और चाहिए।
    बाकी राशि टॉप-अप करें, खरीद अपने-आप पूरी हो जाएगी।

purchase-done = ✅ ऑर्डर { $order } का भुगतान हो गया: { $total }। { $ends } तक सक्रिय।
purchase-done-toast = हो गया!
purchase-already-done = यह खरीद पहले ही हो चुकी है।
order-pending-manual = ⏳ ऑर्डर { $order } का भुगतान हो गया है। हमारी टीम जल्द ही इसे डिलीवर करेगी; आपको यहीं संदेश मिलेगा।
credentials = 🔑 <b>{ $platform } { $plan }</b>
    लॉगिन: <code>{ $login }</code>
    पासवर्ड: <code>{ $password }</code>
    नोट्स: { $notes }
    { $ends } तक सक्रिय
credentials-autodelete = 🕑 यह संदेश { $duration } में अपने-आप हट जाएगा। आप इसे कभी भी 🔑 मेरे सब्सक्रिप्शन में फिर से देख सकते हैं।

subs-title = 🔑 आपके सब्सक्रिप्शन:
subs-empty = आपके पास अभी कोई सब्सक्रिप्शन नहीं है। हमारे प्लान देखें!
sub-status-active = सक्रिय
sub-status-expired = समाप्त
sub-status-cancelled = रद्द
sub-status-refunded = रिफंड किया गया
sub-detail = <b>{ $title }</b>
    स्थिति: { $status }
    समाप्ति: { $ends } ({ $days ->
        [one] { $days } दिन बाकी
       *[other] { $days } दिन बाकी
    })
    ऑटो-रिन्यू: { $auto }
auto-on = चालू
auto-off = बंद
totp-code = 🔢 कोड: <code>{ $code }</code>
    अगले { $seconds } सेकंड तक मान्य।
totp-refreshed = कोड अपडेट हो गया
qr-caption = 📷 इसे अपने ऑथेंटिकेटर ऐप में स्कैन करें। इस्तेमाल हुए QR एक्सपोर्ट: { $limit } में से { $used }।

orders-title = 🧾 आपके ऑर्डर:
orders-empty = आपका अभी कोई ऑर्डर नहीं है।
order-line = { $date } · { $title } · { $total } · { $status }
order-status-pending = डिलीवरी का इंतज़ार
order-status-completed = पूरा हुआ
order-status-refunded = रिफंड किया गया

support-ask = 💬 हमारी टीम के लिए अपनी बात एक ही संदेश में लिखें। हम यहीं जवाब देंगे।
support-queued = ✅ हमारी टीम को भेज दिया गया (टिकट { $ticket })। हम इसी चैट में जवाब देंगे।
support-reply = 💬 सहायता टीम का जवाब:
    { $text }

hint-unknown-command = मुझे यह कमांड नहीं पता। यह रहा मेनू:
hint-free-text = कृपया नीचे दिया गया मेनू या /help इस्तेमाल करें।
button-expired = यह बटन अब सक्रिय नहीं है।
flood-slow-down = बहुत तेज़ — कृपया थोड़ा रुकें।
tap-once = इस पर काम चल रहा है…
error-unexpected = 😔 माफ़ कीजिए, हमारी तरफ़ से कुछ गड़बड़ हो गई। हमारी टीम को सूचना दे दी गई है; कृपया एक मिनट बाद फिर कोशिश करें।

cmd-start = मुख्य मेनू
cmd-plans = बिक्री पर उपलब्ध प्लान
cmd-subs = मेरे सब्सक्रिप्शन
cmd-wallet = वॉलेट और बैलेंस
cmd-topup = वॉलेट टॉप-अप करें
cmd-orders = मेरे ऑर्डर
cmd-support = सहायता टीम को लिखें
cmd-language = भाषा बदलें
cmd-help = यह कैसे काम करता है

## आउटबॉक्स से भेजे जाने वाले संदेश।
purchase-completed = ✅ आपका { $platform } { $plan } तैयार है (ऑर्डर { $order_id }, { $amount })। लॉगिन, पासवर्ड और कोड देखने के लिए 🔑 मेरे सब्सक्रिप्शन खोलें।
order-pending = ⏳ ऑर्डर { $order_id } ({ $amount }) का भुगतान हो गया है और यह हमारी टीम की ओर से डिलीवरी का इंतज़ार कर रहा है।
purchase-failed = ⚠️ आपका टॉप-अप आ गया, लेकिन खरीद पूरी नहीं हो सकी ({ $reason })। राशि ({ $amount }) आपके वॉलेट में है।
order-refunded = ↩️ ऑर्डर { $order_id } का रिफंड हो गया: { $amount } आपके वॉलेट में वापस आ गए हैं।
subscription-renewed = 🔁 आपका { $platform } { $plan } { $ends_at } तक रिन्यू हो गया है।
subscription-cancelled = आपका सब्सक्रिप्शन { $subscription_id } रद्द कर दिया गया है।
subscription-expired = ⌛ आपका सब्सक्रिप्शन { $subscription_id } समाप्त हो गया है। आप इसे 🔑 मेरे सब्सक्रिप्शन से रिन्यू कर सकते हैं।
credential-replaced = 🔑 आपके { $platform } { $plan } के लॉगिन विवरण नए विवरण से बदल दिए गए हैं। उन्हें देखने के लिए 🔑 मेरे सब्सक्रिप्शन खोलें।

## स्टाफ़ अलर्ट।
staff-support-ticket = 💬 उपयोगकर्ता { $user } से सहायता टिकट { $ticket }:
    { $text }
staff-bot-error = 🚨 { $bot } बॉट अपडेट { $update } पर विफल हुआ (उपयोगकर्ता { $user }): { $error }। लॉग देखें।
staff-order-pending = 📦 उपयोगकर्ता { $user_id } का ऑर्डर { $order_id } ({ $amount }) मैन्युअल डिलीवरी का इंतज़ार कर रहा है।

## दुकान की त्रुटियाँ।
error-product-not-found = यह प्लान मौजूद नहीं है (या अब उपलब्ध नहीं है)।
error-product-inactive = यह प्लान अभी बिक्री पर नहीं है।
error-out-of-stock = माफ़ कीजिए, यह प्लान अभी स्टॉक में नहीं है। कोई राशि नहीं काटी गई।
error-coupon-invalid = यह कूपन यहाँ इस्तेमाल नहीं किया जा सकता।
error-stock-import-invalid = स्टॉक फ़ाइल में त्रुटियाँ हैं।
error-order-not-found = हमें यह ऑर्डर नहीं मिला।
error-order-state = यह ऑर्डर अभी बदला नहीं जा सकता।
error-subscription-not-found = हमें यह सब्सक्रिप्शन नहीं मिला।
error-subscription-not-active = यह सब्सक्रिप्शन सक्रिय नहीं है।
error-totp-unavailable = इस प्लान में 2FA कोड नहीं हैं।
error-qr-limit-reached = आप इस सब्सक्रिप्शन के सभी QR एक्सपोर्ट इस्तेमाल कर चुके हैं।
error-intent-expired = यह ऑफ़र समाप्त हो गया है। कृपया प्लान फिर से खोलें।
stars-credit-delayed = ⭐ हमें आपका Stars भुगतान मिल गया है। इसे आपके वॉलेट में जोड़ने में सामान्य से अधिक समय लग रहा है; यह अपने आप जुड़ जाएगा और आपको यहीं रसीद मिलेगी। हमारी टीम को सूचित कर दिया गया है।
duration-s = { $n } सेकंड
duration-m = { $n } मिनट
duration-h = { $n } घं.
purchase-credential-unavailable = ✅ ऑर्डर { $order } का भुगतान हो गया: { $total }। हमारी ओर की एक समस्या के कारण इसका लॉगिन अभी नहीं दिखाया जा सकता; हमारी टीम को सूचित कर दिया गया है और वह इसे ठीक करेगी। कुछ भी नहीं खोया है: यह आपको 🔑 मेरे सब्सक्रिप्शन में मिलेगा।
price-changed = ⚠️ यह स्क्रीन खोलने के बाद कीमत बदल गई है। कुछ भी नहीं काटा गया; यह मौजूदा कीमत है।
staff-bot-error-repeated = 🚨 { $bot } बॉट अपडेट { $update } (उपयोगकर्ता { $user }) पर विफल हुआ: { $error }। पिछली सूचना के बाद यही विफलता { $count } बार और हुई। लॉग देखें।
topup-creating-link = ⏳ आपका भुगतान लिंक बनाया जा रहा है…
topup-invoice-below = ⭐ { $amount } का आपका इनवॉइस नीचे है: टॉप-अप के लिए Pay दबाएँ।
