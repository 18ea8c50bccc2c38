gateway-bank = 🏦 बैंक ट्रांसफ़र
manual-instructions = 🏦 <b>{ $amount } का बैंक ट्रांसफ़र</b>
    { $instructions }

    भुगतान करने के बाद, भुगतान का स्क्रीनशॉट यहाँ फ़ोटो के रूप में भेजें।
manual-need-photo = कृपया स्क्रीनशॉट फ़ोटो के रूप में भेजें।
manual-received = ✅ धन्यवाद। हम आपके { $amount } के ट्रांसफ़र की जाँच करेंगे और जमा होते ही यहाँ बताएँगे।
manual-payment-approved = ✅ आपका { $amount } का बैंक ट्रांसफ़र पुष्टि हो गया और वॉलेट में जोड़ दिया गया।
manual-payment-rejected = ✖ हम आपके { $amount } के बैंक ट्रांसफ़र की पुष्टि नहीं कर सके ({ $reason })। अगर आपने भुगतान किया है तो सपोर्ट से संपर्क करें।
broadcast-message = { $text }
