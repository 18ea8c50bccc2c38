## Scheduled jobs: reminders, auto-renew, expiry, held purchases.
reminder-ending = ⏰ आपका <b>{ $platform } { $plan }</b> { $days ->
        [0] आज
        [one] { $days } दिन में
       *[other] { $days } दिनों में
    } समाप्त हो रहा है ({ $ends_at })।
    { $auto ->
        [yes] ऑटो-रिन्यू चालू है: समाप्ति से पहले आपके वॉलेट से { $price } लिए जाएँगे।
       *[no] एक्सेस बनाए रखने के लिए अभी { $price } में रिन्यू करें।
    }
autorenew-shortfall = ⚠️ हम आपका <b>{ $platform } { $plan }</b> ऑटो-रिन्यू नहीं कर सके: रिन्यूअल की कीमत { $price } है, आपका बैलेंस { $balance } है।
    { $ends_at } से पहले कम से कम <b>{ $shortfall }</b> टॉप-अप करें, यह अपने आप रिन्यू हो जाएगा।
autorenew-failed = ⚠️ हम आपका <b>{ $platform } { $plan }</b> ऑटो-रिन्यू नहीं कर सके: { $reason } कोई राशि नहीं काटी गई। यह { $ends_at } को समाप्त होगा; रिन्यू करने के लिए 🔑 मेरी सदस्यताएँ खोलें।
hold-released = ⌛ भुगतान आने से पहले आपकी खरीद के लिए रोकी गई कीमत की अवधि समाप्त हो गई। कुछ नहीं खरीदा गया; बाद में आने वाली राशि आपके वॉलेट में रहेगी ({ $amount } रोके गए थे)।

## Staff alerts of the scheduler.
staff-job-stale = 🚨 जॉब <b>{ $job }</b> { $minutes } मिनट से पूरा नहीं हुआ (यह हर { $interval } मिनट चलता है)। `subvault jobs status` और जॉब्स प्रोसेस जाँचें।
staff-job-failing = 🚨 जॉब <b>{ $job }</b> लगातार { $count } बार विफल हुआ। अंतिम त्रुटि: { $error }
staff-low-stock = 📉 कम स्टॉक: { $platform } { $plan } ({ $product_id }) में { $free } खाली स्लॉट हैं, जो इसकी सीमा { $threshold } के बराबर या कम है।
staff-ledger-report = 📒 लेजर जाँच: { $wallets } वॉलेट और { $topups } टॉप-अप जाँचे गए, { $problems } अंतर मिले।
staff-ledger-alert = 🚨 लेजर जाँच में { $problems } अंतर मिले:
    { $details }
