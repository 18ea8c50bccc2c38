# एडमिन बॉट (केवल स्टाफ़ के लिए)
admin-not-staff = यह बॉट केवल दुकान के स्टाफ़ के लिए है।
admin-admins-only = यह केवल एडमिन कर सकता है।
admin-button-stale = यह बटन अब मान्य नहीं है। /start भेजें।
admin-unknown = मैं समझ नहीं पाया। डैशबोर्ड के लिए /start भेजें।
admin-btn-home = 🏠 डैशबोर्ड
admin-btn-back = ⬅️ वापस
admin-btn-chart = 📈 चार्ट
admin-btn-refresh = 🔄 ताज़ा करें
admin-btn-audit = 🧾 ऑडिट लॉग
admin-btn-staff = 👥 स्टाफ़
admin-btn-verify = ✅ चेन जाँचें
admin-btn-make-admin = एडमिन बनाएँ
admin-btn-make-support = सपोर्ट बनाएँ
admin-btn-make-customer = स्टाफ़ से हटाएँ
admin-role-admin = एडमिन
admin-role-support = सपोर्ट
admin-role-customer = स्टाफ़ नहीं
admin-dash-title = 📊 <b>डैशबोर्ड</b> · { $at }
admin-dash-today = आज
admin-dash-week = पिछले 7 दिन
admin-dash-period =
    <b>{ $title }</b>
    बिक्री: { $sales } ({ $orders } ऑर्डर)
    टॉप-अप: { $topups } ({ $topup_count }) — { $gateways }
    नए ग्राहक: { $customers }
    वॉलेट में रिफ़ंड: { $refunds_wallet } ({ $refunds_wallet_count })
    गेटवे से रिफ़ंड: { $refunds_gateway } ({ $refunds_gateway_count })
admin-dash-active = सक्रिय सब्सक्रिप्शन: { $count }
admin-dash-attention = ⚠️ ध्यान देने योग्य आइटम: { $count }
admin-dash-all-clear = ✅ किसी चीज़ पर ध्यान देने की ज़रूरत नहीं।
admin-attn-lowstock = 📉 कम स्टॉक ({ $count })
admin-attn-manual = 📦 मैन्युअल डिलीवरी वाले ऑर्डर ({ $count })
admin-attn-held = ⏸ रोके गए भुगतान ({ $count })
admin-attn-unmatched = ❓ बेमेल भुगतान ({ $count })
admin-attn-stuck = ⏳ अटके टॉप-अप ({ $count })
admin-attn-tickets = 💬 खुले टिकट ({ $count })
admin-list-lowstock = 📉 <b>कम स्टॉक</b>
admin-list-manual = 📦 <b>मैन्युअल डिलीवरी वाले ऑर्डर</b>
admin-list-held = ⏸ <b>रोके गए भुगतान</b>
admin-list-unmatched = ❓ <b>बेमेल भुगतान</b>
admin-list-stuck = ⏳ <b>अटके टॉप-अप</b>
admin-list-tickets = 💬 <b>खुले टिकट</b>
admin-list-empty = यहाँ कुछ नहीं है।
admin-line-lowstock = • { $product } (<code>{ $id }</code>): { $free } ख़ाली, सीमा { $threshold }
admin-line-order = • <code>{ $id }</code> · यूज़र { $user } · { $amount } · { $at }
admin-line-topup = • <code>{ $id }</code> · यूज़र { $user } · { $amount } { $gateway } से · { $reason } · { $at }
admin-line-event = • { $gateway } <code>{ $event }</code> · भुगतान { $payment } · { $reason } · { $at }
admin-line-ticket = • <code>{ $id }</code> · यूज़र { $user } · { $at }: { $text }
admin-chart-drawing = चार्ट बन रहा है…
admin-chart-revenue = प्रतिदिन टॉप-अप, गेटवे के अनुसार
admin-chart-customers = प्रतिदिन नए ग्राहक
admin-chart-caption = 📈 पिछले { $days } दिन।
admin-staff-title = 👥 <b>स्टाफ़</b> ({ $count })। जोड़ने के लिए: /staff ID admin या /staff ID support
admin-staff-usage = उपयोग: /staff ID admin, /staff ID support या /staff ID remove
admin-staff-set = यूज़र { $id } अब: { $role }।
admin-staff-gone = यह व्यक्ति अब स्टाफ़ में नहीं है।
admin-staff-member = { $name } (<code>{ $id }</code>): { $role }
admin-audit-title = 🧾 <b>नवीनतम ऑडिट प्रविष्टियाँ</b>
admin-audit-line = #{ $seq } · { $at } · { $actor } · { $action } · { $target }
admin-audit-ok = ✅ ऑडिट चेन सही है ({ $count } प्रविष्टियाँ जाँची गईं)।
admin-audit-broken = 🚨 ऑडिट चेन प्रविष्टि { $seq } पर टूटी है: { $problem }
admin-cmd-start = डैशबोर्ड
admin-cmd-chart = पिछले 30 दिनों का चार्ट
admin-cmd-audit = नवीनतम ऑडिट प्रविष्टियाँ
admin-cmd-staff = स्टाफ़ और भूमिकाएँ
