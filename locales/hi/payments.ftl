## वॉलेट टॉप-अप: वापसी पेज, सैंडबॉक्स पेज, संदेश और अलर्ट, त्रुटियाँ।

payment-page-title = { $shop } · भुगतान
payment-paid-heading = भुगतान मिल गया
payment-paid-body = { $amount } आपके वॉलेट में जोड़ दिए गए हैं।
payment-pending-heading = आपके भुगतान की पुष्टि हो रही है
payment-pending-body = हम भुगतान प्रदाता की पुष्टि का इंतज़ार कर रहे हैं। पुष्टि मिलते ही बॉट आपको संदेश भेजेगा।
payment-failed-heading = भुगतान पूरा नहीं हुआ
payment-failed-body = भुगतान नहीं हो सका और आपके वॉलेट में कुछ नहीं जोड़ा गया। आप बॉट से फिर कोशिश कर सकते हैं।
payment-back-to-bot = बॉट पर वापस जाएँ

sandbox-page-title = परीक्षण भुगतान
sandbox-page-body = यह सैंडबॉक्स भुगतान पेज है: कोई असली पैसा नहीं कटता। टॉप-अप { $topup_id }, राशि { $amount }।
sandbox-pay = { $amount } का भुगतान करें
sandbox-decline = अस्वीकार करें

stars-invoice-title = वॉलेट टॉप-अप
stars-invoice-description = आपके वॉलेट के लिए { $amount } ({ $stars } ⭐)

topup-credited = ✅ { $amount } आपके वॉलेट में जोड़ दिए गए। बैलेंस: { $balance }।
topup-failed = ❌ { $amount } का टॉप-अप नहीं हो सका। आपके वॉलेट में कुछ नहीं जोड़ा गया; आप फिर कोशिश कर सकते हैं।
topup-refunded = ↩️ { $amount } का आपका टॉप-अप उसी कार्ड या खाते में लौटा दिया गया जिससे आपने भुगतान किया था।

staff-topup-credited = 💰 टॉप-अप { $topup_id }: उपयोगकर्ता { $user_id } को { $gateway } से { $amount } जमा (भुगतान { $payment_id })।
staff-topup-failed = उपयोगकर्ता { $user_id } का { $gateway } से { $amount } का टॉप-अप { $topup_id } विफल: { $reason }।
staff-topup-held = ⚠️ टॉप-अप { $topup_id } (उपयोगकर्ता { $user_id }, { $gateway } से { $amount }) को भुगतान { $payment_id } ({ $paid }) मिला जो मेल नहीं खाता: { $reason }। कुछ जमा नहीं किया गया — कृपया जाँचें।
staff-payment-unmatched = ⚠️ { $gateway } की सत्यापित सूचना { $event } (भुगतान { $payment_id }, { $paid }) किसी टॉप-अप से मेल नहीं खाती। कुछ जमा नहीं किया गया — कृपया जाँचें।
staff-topup-refunded = ↩️ टॉप-अप { $topup_id } ({ $amount }, उपयोगकर्ता { $user_id }, { $gateway }) { $actor } द्वारा लौटाया गया।
staff-refund-unconfirmed = ⚠️ { $gateway } से टॉप-अप { $topup_id } की वापसी ({ $actor }): गेटवे ने जवाब नहीं दिया। वॉलेट से राशि कट चुकी है; पुष्टि के लिए वापसी फिर से चलाएँ।

error-payment = भुगतान संसाधित नहीं हो सका।
error-gateway-disabled = यह भुगतान तरीका उपलब्ध नहीं है।
error-gateway-unavailable = भुगतान प्रदाता अभी उपलब्ध नहीं है। कोई राशि नहीं कटी; कुछ मिनट बाद फिर कोशिश करें।
error-gateway-rejected = भुगतान प्रदाता ने अनुरोध अस्वीकार कर दिया।
error-topup-not-found = यह टॉप-अप नहीं मिला।
error-topup-not-refundable = यह टॉप-अप लौटाया नहीं जा सकता।
error-invalid-signature = अनुरोध का हस्ताक्षर मान्य नहीं है।
error-bad-payload = अनुरोध मान्य नहीं है।
error-topup-not-payable = इस टॉप-अप का अब भुगतान नहीं हो सकता। कृपया नया शुरू करें।
error-topup-expired = इस इनवॉइस की अवधि समाप्त हो गई है। कृपया नया टॉप-अप शुरू करें।
error-topup-amount-mismatch = राशि इनवॉइस से मेल नहीं खाती।
staff-stars-uncredited = 🚨 भुगतान किया गया Telegram Stars इनवॉइस अभी जमा नहीं हुआ: चार्ज { $charge } (रिकॉर्ड { $event }), कारण { $reason }। इसे अपने आप फिर से आज़माया जा रहा है; दोबारा हो तो स्टोर जाँचें।
staff-credential-unreadable = 🚨 सब्सक्रिप्शन { $subscription_id } (आइटम { $item_id }) का क्रेडेंशियल नहीं खुल रहा: { $reason }। की फ़ाइल गलत हो सकती है या उसमें कोई की नहीं है; KEYS_FILE जाँचें।
topup-reversed = ↩️ भुगतान प्रदाता ने टॉप-अप { $topup_id } का आपका भुगतान वापस कर दिया, इसलिए आपके वॉलेट से { $amount } वापस ले लिए गए। बैलेंस: { $balance }।
topup-reversed-debt = ↩️ भुगतान प्रदाता ने टॉप-अप { $topup_id } का आपका भुगतान पैसे खर्च हो जाने के बाद वापस कर दिया: { $amount } वापस लिए गए और अब आपके वॉलेट पर { $debt } बकाया है। आपका अगला टॉप-अप पहले यह बकाया चुकाएगा; तब तक कुछ खरीदा नहीं जा सकता।
staff-topup-reversed = ↩️ टॉप-अप { $topup_id } (उपयोगकर्ता { $user_id }, { $gateway } से { $amount }): भुगतान { $payment_id } गेटवे पर वापस किया गया। वॉलेट से { $refunded } वापस लिए गए; अब बैलेंस { $balance } है (शून्य से कम बकाया है)।
staff-payment-disputed = 🚨 { $gateway } भुगतान { $payment_id } ({ $paid }) पर चार्जबैक: विवाद { $dispute }, स्थिति { $status }। टॉप-अप { $topup_id }, उपयोगकर्ता { $user_id }। उस टॉप-अप के बाद के ऑर्डर: { $orders }।
error-payload-too-large = अनुरोध बहुत बड़ा है।
error-topup-not-held = यह टॉप-अप रोका हुआ नहीं है, इसलिए सुलझाने को कुछ नहीं है।
reason-gateway-refund = भुगतान प्रदाता द्वारा वापस किया गया
reason-gateway-refund-reversal = भुगतान प्रदाता ने रिफंड रद्द किया
staff-topup-cancel-checkout = ⚠️ टॉप-अप { $topup_id } (उपयोगकर्ता { $user_id }) को { $gateway } से कोई जवाब नहीं मिला, और शायद बना भुगतान पेज रद्द नहीं किया जा सका ({ $reason })। कृपया { $gateway } डैशबोर्ड में { $topup_id } का कोई भी खुला लिंक रद्द करें।
