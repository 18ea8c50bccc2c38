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
admin-cmd-products = प्रोडक्ट
admin-cmd-stock = प्रोडक्ट के अनुसार स्टॉक
admin-btn-products = 🛍 प्रोडक्ट
admin-btn-stock = 📦 स्टॉक
admin-btn-add-product = ➕ प्रोडक्ट जोड़ें
admin-btn-edit = ✏️ बदलें
admin-btn-activate = 🟢 बिक्री पर लगाएँ
admin-btn-deactivate = ⚪️ बिक्री से हटाएँ
admin-btn-preview = 👁 पूर्वावलोकन
admin-btn-upload-stock = 📥 स्टॉक जोड़ें
admin-btn-stock-items = 🗂 आइटम
admin-btn-cancel = ✖ रद्द करें
admin-btn-save = ✅ सेव करें
admin-btn-revoke-item = 🚫 { $id } रद्द करें
admin-btn-replace = 🔁 { $id } में बदलें
admin-btn-reply = ✍️ जवाब दें
admin-btn-replace-credential = 🔁 क्रेडेंशियल बदलें
admin-btn-tickets = 💬 खुले टिकट
admin-btn-open-ticket = 💬 टिकट खोलें
admin-products-title = 🛍 <b>प्रोडक्ट</b> ({ $count })
admin-product-card =
    <b>{ $title }</b> · <code>{ $id }</code> · { $state }
    { $description }
    कीमत: { $price } · { $days } दिन
    डिलीवरी: { $delivery } · प्रति अकाउंट सीटें: { $slots }
    2FA: { $totp } · QR एक्सपोर्ट: { $qr }
    कम स्टॉक अलर्ट: { $threshold }
    स्टॉक: { $available } उपलब्ध ({ $free } ख़ाली सीटें), { $sold } बिके, { $revoked } रद्द
admin-product-on = बिक्री पर
admin-product-off = बिक्री से बाहर
admin-delivery-auto = स्वचालित
admin-delivery-manual = मैन्युअल (स्टाफ़ द्वारा)
admin-totp-none = नहीं
admin-totp-codes = कोड
admin-totp-codes_qr = कोड और QR इमेज
admin-preview-title = 👁 ग्राहक इसे ऐसे देखते हैं:
admin-product-saved = सेव हो गया।
admin-edit-which = कौन सा फ़ील्ड बदलना है?
admin-field-platform = सेवा
admin-field-plan = प्लान
admin-field-description = विवरण
admin-field-price = कीमत
admin-field-duration_days = अवधि
admin-field-delivery = डिलीवरी
admin-field-slots_per_item = प्रति अकाउंट सीटें
admin-field-totp_policy = 2FA
admin-field-qr_export_limit = QR एक्सपोर्ट सीमा
admin-field-low_stock_threshold = कम स्टॉक अलर्ट
admin-ask-platform = सेवा का नाम, जैसे ग्राहक जानते हैं (उदाहरण: Netflix):
admin-ask-plan = प्लान का नाम (उदाहरण: Premium 4K):
admin-ask-description = ग्राहकों के लिए छोटा विवरण (या बिना विवरण के लिए -):
admin-ask-price = कीमत (उदाहरण 199, 199.50 या ₹199):
admin-ask-duration_days = अवधि दिनों में (उदाहरण 30):
admin-ask-delivery = डिलीवरी कैसे होगी?
admin-ask-slots_per_item = एक अकाउंट कितने ग्राहक साझा करते हैं? (साझा न हो तो 1)
admin-ask-totp_policy = क्या अकाउंट में 2FA है?
admin-ask-qr_export_limit = एक ग्राहक कितनी QR इमेज एक्सपोर्ट कर सकता है? (1 से 100)
admin-ask-low_stock_threshold = जब ख़ाली सीटें इतनी रह जाएँ तो स्टाफ़ को अलर्ट करें (केवल ख़त्म होने पर 0):
admin-product-bad-text = ⚠️ कृपया 1 से { $max } अक्षर लिखें।
admin-product-bad-price = ⚠️ यह कीमत नहीं है। जैसे 199, 199.50 या ₹199 लिखें।
admin-product-bad-number = ⚠️ कृपया { $low } से { $high } तक की पूर्ण संख्या लिखें।
admin-product-bad-choice = ⚠️ कृपया कोई एक बटन चुनें।
admin-stock-title = 📦 <b>स्टॉक</b> (उपलब्ध, ख़ाली सीटें, बिके, रद्द)
admin-stock-line = • { $product }: { $available } उपलब्ध, { $free } ख़ाली सीटें, { $sold } बिके, { $revoked } रद्द
admin-upload-ask = 📥 { $product } के लिए CSV या TXT फ़ाइल भेजें, या लाइनें यहाँ पेस्ट करें (login:password या login | password | notes | 2FA, हर लाइन में एक अकाउंट)।
admin-upload-bad-file = ⚠️ UTF-8 में .csv या .txt फ़ाइल भेजें, अधिकतम 2 MB।
admin-import-report = 📥 <b>{ $product } में इंपोर्ट</b>: { $added } जोड़े, { $duplicates } डुप्लिकेट, { $errors } ग़लत लाइनें।
admin-import-line = लाइन { $line }: { $reason }
admin-import-more = …और { $count }।
admin-items-title = 🗂 <b>नवीनतम आइटम</b>
admin-item-line = • <code>{ $id }</code> · { $status } · सीटें { $used }/{ $total } · बैच { $batch }
admin-item-status-available = उपलब्ध
admin-item-status-sold = बिका
admin-item-status-revoked = रद्द
admin-item-revoked = आइटम { $id } रद्द किया गया। इसे अभी भी इस्तेमाल करने वाले सक्रिय सब्सक्रिप्शन: { $count }। नीचे हर क्रेडेंशियल बदलें।
admin-item-revoked-short = रद्द किया।
admin-replaced = 🔁 सब्सक्रिप्शन { $sub } को नया क्रेडेंशियल मिला; ग्राहक { $user } को भेज दिया गया और पुराना रद्द किया गया।
admin-replaced-short = बदल दिया।
admin-ticket =
    💬 <b>टिकट { $id }</b> · { $status }
    यूज़र { $user } से · { $at }

    { $text }
admin-ticket-open = खुला
admin-ticket-answered = जवाब दिया
admin-ticket-sub = सब्सक्रिप्शन <code>{ $sub }</code> के बारे में
admin-ticket-reply = ✍️ भेजा गया जवाब: { $reply }
admin-ticket-reply-ask = यूज़र { $user } के लिए जवाब लिखें:
admin-ticket-replied = ✅ टिकट { $id } का जवाब ग्राहक को भेजा जा रहा है।
admin-ticket-no-sub = यह टिकट किसी सब्सक्रिप्शन के बारे में नहीं है।
admin-btn-ticket = 💬 { $id } · यूज़र { $user }
error-approval-decided = किसी दूसरे एडमिन ने इस पर पहले ही फ़ैसला कर लिया है।
admin-btn-approve = ✅ मंज़ूर करें
admin-btn-reject = ✖ अस्वीकार करें
staff-approval-needed = 🔐 मंज़ूरी { $id }: { $target } के लिए { $amount } का { $kind }, स्टाफ़ { $by } द्वारा माँगा गया ({ $reason })। किसी दूसरे एडमिन की मंज़ूरी ज़रूरी है।
admin-btn-view-screenshot = 🖼 स्क्रीनशॉट देखें
staff-manual-payment = 🏦 बैंक ट्रांसफ़र { $id }: यूज़र { $user } ने { $amount } के भुगतान की सूचना दी है। स्क्रीनशॉट और अपना बैंक जाँचें, फिर मंज़ूर या अस्वीकार करें।
admin-cmd-find = ग्राहक खोजें
admin-cmd-orders = ऑर्डर
admin-cmd-transfers = जाँच के लिए बैंक ट्रांसफ़र
admin-cmd-approvals = मंज़ूरी के लिए अनुरोध
admin-btn-customers = 👤 ग्राहक
admin-btn-orders = 🧾 ऑर्डर
admin-btn-ledger = 📒 लेजर
admin-btn-subs = 🔑 सब्सक्रिप्शन
admin-btn-tickets-of = 💬 टिकट
admin-btn-message = ✉️ संदेश भेजें
admin-btn-adjust = 💰 बैलेंस बदलें
admin-btn-block = 🚫 ब्लॉक करें
admin-btn-unblock = ✅ अनब्लॉक करें
admin-btn-prev = ◀️ पिछला
admin-btn-next = अगला ▶️
admin-btn-confirm = ✅ पुष्टि करें
admin-btn-deliver = 📤 डिलीवर करें
admin-btn-refund-return = ↩️ रिफ़ंड, आइटम स्टॉक में वापस
admin-btn-refund-revoke = ↩️ रिफ़ंड, आइटम रद्द
admin-btn-customer = 👤 ग्राहक
admin-btn-refund-topup = ↩️ भुगतान के तरीक़े पर रिफ़ंड
admin-btn-approve-id = ✅ { $id } मंज़ूर करें
admin-customer =
    👤 <b>{ $name }</b> · <code>{ $id }</code> · { $username } · { $lang }
    बैलेंस: <b>{ $balance }</b> ({ $entries } लेजर प्रविष्टियाँ)
    ऑर्डर: { $orders } · { $since } से ग्राहक · { $state }
admin-customer-blocked = 🚫 ब्लॉक
admin-customer-active = सक्रिय
admin-find-ask = ग्राहक की Telegram id या @username लिखें:
admin-find-none = “{ $query }” से कोई ग्राहक नहीं मिला। id या @username लिखें।
admin-ledger-title = 📒 <b>{ $id } का लेजर</b> · बैलेंस { $balance } · पेज { $page }
admin-ledger-line = • { $at } · { $amount } · { $reason } → { $after }
admin-orders-of = 🧾 { $id } के ऑर्डर
admin-subs-of = 🔑 { $id } के सब्सक्रिप्शन
admin-sub-line = • <code>{ $id }</code> · { $title } · { $status } · { $ends } तक
admin-tickets-of = 💬 { $id } के टिकट
admin-message-ask = ग्राहक { $id } के लिए संदेश लिखें; उन्हें यह दुकान के बॉट से मिलेगा:
admin-message-sent = ✅ { $id } को संदेश भेजा जा रहा है।
admin-adjust-ask = जोड़ने के लिए राशि लिखें (जैसे 100 या ₹100) या घटाने के लिए (जैसे -50):
admin-adjust-bad = ⚠️ यह राशि नहीं है। जैसे 100, 99.50 या -50 लिखें।
admin-adjust-reason = क्यों? कारण लिखें (यह लेजर और ऑडिट लॉग में जाएगा):
admin-adjust-confirm = { $id } का बैलेंस “{ $reason }” के कारण <b>{ $amount }</b> से बदलें?
admin-approval-asked = 🔐 यह मंज़ूरी सीमा से ऊपर है: अनुरोध { $id } दूसरे एडमिन का इंतज़ार कर रहा है।
admin-adjusted = ✅ हो गया। { $id } का बैलेंस अब { $balance } है।
admin-order-status-pending = ⏳ प्रतीक्षा में
admin-order-status-completed = ✅ पूरा
admin-order-status-refunded = ↩️ रिफ़ंड
admin-orders-title = 🧾 <b>ऑर्डर</b> — स्थिति चुनें:
admin-orders-list = 🧾 <b>ऑर्डर: { $status }</b> ({ $count })
admin-order =
    🧾 <b>ऑर्डर { $id }</b> · { $status }
    ग्राहक { $user } · प्रोडक्ट <code>{ $product }</code>
    भुगतान { $amount } · कूपन { $coupon } · { $at }
admin-deliver-ask = ऑर्डर { $id } का क्रेडेंशियल login:password या login | password | notes | 2FA के रूप में लिखें। पढ़ने के बाद आपका संदेश हटा दिया जाएगा।
admin-deliver-bad = ⚠️ इसे login:password या login | password | notes | 2FA के रूप में लिखें।
admin-delivered = ✅ ऑर्डर { $id } डिलीवर हुआ: ग्राहक के पास सब्सक्रिप्शन { $sub } और उसका क्रेडेंशियल है।
admin-refunded = ↩️ ऑर्डर { $id } की राशि ग्राहक के वॉलेट में वापस कर दी गई।
admin-topup =
    💳 <b>टॉप-अप { $id }</b> · { $status }
    यूज़र { $user } · { $amount } { $gateway } से · भुगतान { $payment } · { $at }
admin-topup-usage = उपयोग: /topup टॉप-अप-ID
admin-topup-refund-done = ↩️ गेटवे से रिफ़ंड हो गया।
admin-topup-refund-refunded = ⭐ Telegram ने स्टार्स रिफ़ंड स्वीकार किया: टॉप-अप रिफ़ंड हो गया।
admin-topup-refund-refused = ✖ Telegram ने स्टार्स रिफ़ंड अस्वीकार किया; पैसे ग्राहक के वॉलेट में वापस हैं।
admin-topup-refund-unknown = ⚠️ Telegram से अभी जवाब नहीं मिला: टॉप-अप रिफ़ंड में ही है। फिर से रिफ़ंड दबाएँ।
admin-approvals-title = 🔐 <b>मंज़ूरी के लिए अनुरोध</b>
admin-approval-line = • <code>{ $id }</code> · { $kind } · { $target } · { $amount } · { $by } द्वारा
admin-approved = ✅ अनुरोध { $id } मंज़ूर और पूरा हुआ।
admin-approved-short = मंज़ूर।
admin-rejected = ✖ अनुरोध { $id } अस्वीकार किया गया।
admin-rejected-short = अस्वीकार।
admin-transfers-title = 🏦 <b>जाँच के लिए बैंक ट्रांसफ़र</b>
admin-transfer-line = • <code>{ $id }</code> · यूज़र { $user } · { $amount } · { $at }
admin-transfer = 🏦 ट्रांसफ़र { $id } · यूज़र { $user } · { $amount } · { $status }
admin-transfer-approved = ✅ मंज़ूर: ग्राहक को { $amount } जमा किया गया।
admin-transfer-not-found = ट्रांसफ़र हमारे खाते में नहीं मिला
admin-transfer-rejected = ✖ अस्वीकार; ग्राहक को बता दिया गया ({ $amount })।
admin-cmd-coupons = कूपन
admin-btn-coupons = 🏷 कूपन
admin-btn-coupon-off = ⏸ { $code } बंद करें
admin-btn-coupon-on = ▶️ { $code } चालू करें
admin-coupons-title = 🏷 <b>कूपन</b> (नया: /newcoupon CODE 10% या /newcoupon CODE ₹50)
admin-coupon-line = • <code>{ $code }</code> · { $value } · उपयोग { $used }/{ $limit } · समाप्ति { $expires } · { $state }
admin-coupon-on = सक्रिय
admin-coupon-off = बंद
admin-coupon-usage = ⚠️ “{ $part }” समझ नहीं आया। उपयोग: /newcoupon CODE 10% (या ₹50) total=100 per_user=1 expires=2026-12-31 plans=प्रोडक्ट-ID,प्रोडक्ट-ID min=₹199
admin-coupon-added = ✅ कूपन { $code } ({ $value }) सक्रिय है।
admin-cmd-broadcast = ब्रॉडकास्ट भेजें
admin-btn-broadcast = 📣 ब्रॉडकास्ट
admin-bc-ask-text = 📣 ब्रॉडकास्ट का टेक्स्ट भेजें (सादा टेक्स्ट, जैसा ग्राहक पढ़ेंगे), या कैप्शन में टेक्स्ट के साथ फ़ोटो:
admin-bc-ask-segment = इसे किसे भेजें?
admin-bc-ask-button = लिंक बटन जोड़ें? “लेबल | https://लिंक” भेजें, या “कोई बटन नहीं” दबाएँ।
admin-bc-bad-button = ⚠️ इसे “लेबल | https://लिंक” के रूप में भेजें, या “कोई बटन नहीं” दबाएँ।
admin-btn-no-button = कोई बटन नहीं
admin-seg-all = सभी
admin-seg-language = भाषा: { $arg }
admin-seg-active = सक्रिय सब्सक्राइबर
admin-seg-expired = पिछले { $arg } दिनों में समाप्त
admin-seg-never = कभी नहीं ख़रीदा
admin-bc-preview = ☝️ यह ऐसा दिखेगा। प्राप्तकर्ता: <b>{ $count }</b> ({ $segment })। भेजें?
admin-btn-send-broadcast = 📣 भेजें
admin-btn-stop-broadcast = ⏹ ब्रॉडकास्ट रोकें
admin-bc-started = भेजा जा रहा है…
admin-bc-queueing = 📣 ब्रॉडकास्ट तैयार हो रहा है…
admin-bc-cancelling = रोका जा रहा है: अब और कुछ नहीं भेजा जाएगा।
admin-bc-progress =
    📣 <b>ब्रॉडकास्ट { $id }</b>
    { $bar } { $done }/{ $total }
    भेजे { $sent } · ब्लॉक { $blocked } · विफल { $failed } · कतार में { $waiting } · { $rate }/से
admin-bc-done =
    📣 <b>ब्रॉडकास्ट { $id } पूरा हुआ</b>
    { $bar } { $done }/{ $total }
    भेजे { $sent } · बॉट ब्लॉक किया { $blocked } · विफल { $failed } · { $rate }/से
admin-bc-cancelled =
    📣 <b>ब्रॉडकास्ट { $id } रोका गया</b>
    { $bar } { $done }/{ $total }
    भेजे { $sent } · ब्लॉक { $blocked } · नहीं भेजे { $failed } · कतार में { $waiting } · { $rate }/से
admin-cmd-alerts = अलर्ट म्यूट या चालू करें
admin-btn-alerts = 🔔 अलर्ट
admin-alerts-title = 🔔 <b>आपके अलर्ट</b> (स्टाफ़ ग्रुप: { $group })। किसी प्रकार को अपने लिए म्यूट या चालू करने के लिए टैप करें।
admin-alert-orders = प्रतीक्षा में ऑर्डर
admin-alert-payments = भुगतान और टॉप-अप
admin-alert-stock = कम स्टॉक
admin-alert-support = सपोर्ट टिकट
admin-alert-approvals = मंज़ूरियाँ
admin-alert-errors = बॉट त्रुटियाँ
admin-alert-other = अन्य
admin-ticket-closed = बंद
admin-btn-close-ticket = ✅ बंद करें
admin-btn-reopen-ticket = ↩️ फिर से खोलें
admin-thread-customer = 👤 { $at }: { $text }
admin-thread-staff = 🛠 { $at } (स्टाफ़ { $staff }): { $text }
admin-bc-photo-caption = ⚠️ फ़ोटो दोबारा भेजें, टेक्स्ट को कैप्शन में लिखकर।
