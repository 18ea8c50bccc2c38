"""Admin-bot gaps, end to end over the stand-in with the real dispatchers: stock import reasons
in the admin's language, staff alerts for unmatched payments and stuck top-ups, and order refunds
to the original payment."""

from __future__ import annotations

from tests.bot.admin_harness import running_shops

RU_ADMIN = 5601
BAD_FILE = (
    b"login,password,notes,totp\n"
    b"one@example.com,pw-one,,\n"
    b"two@example.com,,,\n"
    b"three@example.com,pw-three,,not-a-secret!\n"
    b"one@example.com,pw-again,,\n"
    b"four@example.com,pw-four,,\n"
)


async def test_a_russian_admin_reads_import_reasons_in_russian(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(RU_ADMIN,)) as shops:
        services = shops.services
        await services.users.set_language(RU_ADMIN, "ru")
        product = await services.catalog.add(actor="test", platform="Netflix", plan="Premium",
                                             price=19_900, duration_days=30)
        await services.stock.import_items(product.id, "four@example.com:pw-four", actor="test")
        admin = shops.staff(RU_ADMIN, first_name="Ольга", language_code="ru")
        await admin.send("/stock")
        await admin.press_data(f"ask:upload:{product.id}", raw=True)
        report = (await admin.send_document(BAD_FILE, "batch.csv"))["text"]
        assert "строка 3: пустой пароль" in report
        assert "строка 4: 2FA: секрет не в формате base32" in report
        assert "строка 5: тот же логин, что в строке 2" in report
        assert "строка 6: уже есть на складе" in report
        assert "password is empty" not in report and "already in stock" not in report
        assert "pw-" not in report  # a report never echoes a secret
        levels = await services.stock.levels([product.id])
        assert levels[0].available_items == 2
