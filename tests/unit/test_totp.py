"""TOTP codes, otpauth URIs and QR images (core/totp.py)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np
import pytest

from core import totp
from core.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]
# RFC 6238 appendix B: the seeds are ASCII digits of 20, 32 and 64 bytes.
SEEDS = {"SHA1": b"12345678901234567890", "SHA256": b"12345678901234567890123456789012",
         "SHA512": b"1234567890123456789012345678901234567890123456789012345678901234"}
VECTORS = [  # (unix time, SHA1, SHA256, SHA512), 8 digits
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


def _spec(algorithm: str) -> totp.TotpSpec:
    secret = base64.b32encode(SEEDS[algorithm]).decode().rstrip("=")
    return totp.TotpSpec(secret=secret, digits=8, period=30, algorithm=algorithm)


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: str(v[0]))
def test_rfc_6238_vectors(vector):
    unix, *expected = vector
    assert [totp.code_at(_spec(a), unix) for a in ("SHA1", "SHA256", "SHA512")] == expected


def test_current_code_tells_the_seconds_left():
    now = datetime.fromtimestamp(1111111109, UTC)
    code = totp.current_code(_spec("SHA1"), now)
    assert (code.code, code.seconds_left) == ("07081804", 30 - 1111111109 % 30)
    assert "07081804" not in repr(code)
    with pytest.raises(ValueError):
        totp.current_code(_spec("SHA1"), datetime(2026, 1, 1))  # naive: refused


_CHILD = """
import json, time
from datetime import UTC, datetime
from core import totp
from tests.unit.test_totp import VECTORS, _spec
codes = [[totp.current_code(_spec(a), datetime.fromtimestamp(t, UTC)).code
          for a in ("SHA1", "SHA256", "SHA512")] for t, *_ in VECTORS]
print(json.dumps({"offset": time.localtime(1111111109).tm_gmtoff, "codes": codes}))
"""


def _codes_under(tz: str) -> dict:
    env = {**os.environ, "TZ": tz, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", _CHILD], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=60)
    return json.loads(out.stdout)


def test_codes_are_the_same_in_every_time_zone():
    utc, kolkata = _codes_under("UTC"), _codes_under("Asia/Kolkata")
    assert (utc["offset"], kolkata["offset"]) == (0, 19_800)  # the zones really differ
    expected = [list(v[1:]) for v in VECTORS]
    assert utc["codes"] == expected and kolkata["codes"] == expected


@pytest.mark.parametrize("text", ["jbsw y3dp ehpk 3pxp", "JBSWY3DPEHPK3PXP====",
                                  "jbswy3dpehpk3pxp"])
def test_secrets_are_normalised_and_80_bit_ones_accepted(text):
    spec = totp.parse(text)
    assert (spec.secret, spec.digits, spec.period, spec.algorithm) == \
        ("JBSWY3DPEHPK3PXP", 6, 30, "SHA1")
    assert "JBSWY3DPEHPK3PXP" not in repr(spec)


def test_a_uri_keeps_digits_period_and_algorithm():
    spec = totp.parse("otpauth://totp/ACME:john?secret=JBSWY3DPEHPK3PXP&issuer=ACME"
                      "&algorithm=sha512&digits=8&period=60")
    assert (spec.digits, spec.period, spec.algorithm) == (8, 60, "SHA512")


@pytest.mark.parametrize("text", [
    "", "not base32!", "JBSWY3DP", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1",
    "otpauth://totp/x?issuer=y", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
    "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5",
    "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0", "https://example.com/?secret=AAAA",
])
def test_bad_values_are_refused_without_echoing_them(text):
    with pytest.raises(ValidationError) as info:
        totp.parse(text)
    assert "JBSWY3DPEHPK3PXP" not in str(info.value)


def test_the_provisioning_uri_has_a_platform_label_and_issuer():
    spec = totp.parse("JBSWY3DPEHPK3PXP")
    uri = totp.provisioning_uri(spec, platform="Prime: Video", account="me@x.com")
    assert uri == "otpauth://totp/Prime%20%20Video:me%40x.com?secret=JBSWY3DPEHPK3PXP" \
        "&issuer=Prime%20%20Video"
    assert totp.unquote_label(uri) == "Prime  Video:me@x.com"


def _decode(png: bytes) -> str:
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    return cv2.QRCodeDetector().detectAndDecode(image)[0]


@pytest.mark.parametrize("spec", [
    totp.TotpSpec("JBSWY3DPEHPK3PXP"),
    totp.TotpSpec("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 8, 60,
                  "SHA512"),
])
def test_the_qr_image_decodes_to_exactly_the_uri(spec):
    uri = totp.provisioning_uri(spec, platform="Netflix", account="family+1@example.com")
    png = asyncio.run(totp.qr_png_async(uri))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert _decode(png) == uri
