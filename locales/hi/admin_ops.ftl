# Why a stock import line was not added (the import report in the admin bot).
import-problem-too-many-fields = बहुत अधिक फ़ील्ड (अपेक्षित: लॉगिन, पासवर्ड, नोट्स, 2FA)
import-problem-login-empty = लॉगिन खाली है
import-problem-password-empty = पासवर्ड खाली है
import-problem-too-long = लॉगिन या पासवर्ड { $max } अक्षरों से लंबा है
import-problem-notes-too-long = नोट्स { $max } अक्षरों से लंबे हैं
import-problem-control-chars = लॉगिन या पासवर्ड में नियंत्रण वर्ण हैं
import-problem-bad-line = अपेक्षित: लॉगिन:पासवर्ड या लॉगिन|पासवर्ड|…
import-problem-more-fields-than-header = हेडर में दिए नामों से अधिक फ़ील्ड
import-problem-broken-quoting = CSV के उद्धरण चिह्न टूटे हुए हैं
import-problem-already-in-stock = पहले से स्टॉक में है
import-problem-same-login = पंक्ति { $first } जैसा ही लॉगिन
import-problem-totp-not-base32 = 2FA: सीक्रेट base32 में नहीं है
import-problem-totp-too-short = 2FA: सीक्रेट 80 बिट से छोटा है
import-problem-totp-bad-number = 2FA: { $name } { $low } से { $high } तक की संख्या होनी चाहिए
import-problem-totp-not-uri = 2FA: यह otpauth:// लिंक नहीं है
import-problem-totp-not-totp = 2FA: केवल समय-आधारित (totp) लिंक समर्थित हैं
import-problem-totp-no-secret = 2FA: लिंक में सीक्रेट नहीं है
import-problem-totp-bad-algorithm = 2FA: एल्गोरिद्म SHA1, SHA256 या SHA512 होना चाहिए
import-problem-totp-invalid = 2FA: मान्य नहीं है

# A top-up pending longer than RECONCILE_AFTER that reconciliation could not settle.
staff-topup-stuck = ⏳ टॉप-अप { $topup_id } (उपयोगकर्ता { $user_id }, { $gateway } से { $amount }) { $minutes } मिनट से लंबित है और { $reason ->
    [still-pending] गेटवे ने अभी तक इसकी पुष्टि या अस्वीकृति नहीं की है
   *[other] गेटवे से इसके बारे में पूछा नहीं जा सका
}। कुछ भी जमा नहीं हुआ — कृपया गेटवे पर जाँचें।

# Order refunds to the original payment (a credited top-up paid back at its gateway).
admin-btn-refund-gw-return = 💳 मूल भुगतान में रिफ़ंड, आइटम स्टॉक में लौटाएँ
admin-btn-refund-gw-revoke = 💳 मूल भुगतान में रिफ़ंड, आइटम रद्द करें
admin-refunded-gateway = ↩️ ऑर्डर { $id } रिफ़ंड हो गया; टॉप-अप { $topup } ({ $amount }) मूल भुगतान में वापस जा रहा है, बाकी ग्राहक के वॉलेट में रहता है।
admin-refunded-gateway-failed = ↩️ ऑर्डर { $id } ग्राहक के वॉलेट में रिफ़ंड हो गया, लेकिन मूल भुगतान में रिफ़ंड नहीं हो सका:
