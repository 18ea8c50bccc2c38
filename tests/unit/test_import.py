"""Parsing stock imports: formats, line numbers, validation (no store involved)."""

from __future__ import annotations

import pytest

from core.errors import StockImportInvalid
from core.services.stock import detect_format, parse_import

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_pasted_lines_split_on_the_first_colon_or_on_pipes():
    good, bad = parse_import(f"a@x.com:p:a:ss\n\n# note\nb@x.com | pw | some notes | {SECRET}\n")
    assert bad == []
    assert [(g.line_no, g.login, g.password, g.notes, g.totp) for g in good] == [
        (1, "a@x.com", "p:a:ss", "", ""), (4, "b@x.com", "pw", "some notes", SECRET)]
    assert "p:a:ss" not in repr(good[0])


def test_each_bad_line_is_named_with_its_number_and_never_its_secret():
    text = "ok@x.com:pw\nno-separator\n:pw\nuser:\nu|p|n|zzz!\nu|p|n|t|extra\nu:\tp\x00\n"
    good, bad = parse_import(text)
    assert [g.line_no for g in good] == [1]
    assert [(b.line_no, b.reason) for b in bad] == [
        (2, "expected login:password or login|password|…"),
        (3, "login is empty"),
        (4, "password is empty"),
        (5, "2FA: secret is not base32"),
        (6, "too many fields (expected login, password, notes, 2FA)"),
        (7, "login or password contains control characters"),
    ]
    assert all("zzz" not in b.reason and "pw" not in b.reason for b in bad)


def test_csv_with_header_aliases_quotes_and_multiline_notes():
    text = ('\ufeffEmail,Password,2FA,Notes\n'
            f'"a@x.com","p,1",{SECRET},"line one\nline two"\n'
            'b@x.com,,,\n'
            'c@x.com,p3,,\n')
    assert detect_format(text.lstrip("\ufeff")) == "csv"
    good, bad = parse_import(text, "csv")
    assert [(g.line_no, g.login, g.password, g.totp, g.notes) for g in good] == [
        (2, "a@x.com", "p,1", SECRET, "line one\nline two"), (5, "c@x.com", "p3", "", "")]
    assert [(b.line_no, b.reason) for b in bad] == [(4, "password is empty")]


def test_csv_without_header_is_positional():
    good, bad = parse_import("a@x.com,pw,notes\n", "csv")
    assert bad == [] and (good[0].login, good[0].notes) == ("a@x.com", "notes")


def test_a_bad_header_or_format_refuses_the_whole_import():
    with pytest.raises(StockImportInvalid):
        parse_import("login,password,colour\na,b,c\n", "csv")
    with pytest.raises(StockImportInvalid):
        parse_import("a:b", "xml")
    with pytest.raises(StockImportInvalid):
        parse_import("a:b\n" * 10_001)
