"""The pure-Python RS256 check (jws.rs256_verify) against `cryptography`, and strict base64url.

rs256_verify must agree with cryptography's verify on every input, and must refuse the
signatures a lenient PKCS#1 v1.5 parser accepts (Bleichenbacher 2006 with e=3).
"""

import hashlib
import os

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from legant_guard.delegation.errors import DelegationError
from legant_guard.delegation.jws import b64url_decode, b64url_encode, rs256_verify

SHA256_DI = bytes.fromhex("3031300d060960864801650304020105000420")


@pytest.fixture(scope="module", params=[2048, 3072])
def key(request):
    return rsa.generate_private_key(public_exponent=65537, key_size=request.param)


def crypto_ok(pub, msg, sig):
    try:
        pub.verify(sig, msg, padding.PKCS1v15(), hashes.SHA256())
        return True
    except InvalidSignature:
        return False


def ours(pub, msg, sig):
    nums = pub.public_numbers()
    return rs256_verify(nums.n, nums.e, msg, sig)


def test_valid_signatures_agree_with_cryptography(key):
    pub = key.public_key()
    for i in range(20):
        msg = os.urandom(i * 7)
        sig = key.sign(msg, padding.PKCS1v15(), hashes.SHA256())
        assert ours(pub, msg, sig) is True and crypto_ok(pub, msg, sig)


def test_mutated_signatures_and_messages_agree_with_cryptography(key):
    pub = key.public_key()
    msg = b"header.payload"
    sig = key.sign(msg, padding.PKCS1v15(), hashes.SHA256())
    k = len(sig)
    cases = [
        (msg + b"x", sig),
        (msg, sig[:-1]),  # wrong length
        (msg, sig + b"\x00"),
        (msg, b"\x00" + sig[:-1]),
        (msg, bytes(k)),  # zero
        (msg, (1).to_bytes(k, "big")),  # s = 1 -> m = 1
        (msg, (pub.public_numbers().n - 1).to_bytes(k, "big")),  # s = n-1 -> m = (-1)^e
        (msg, os.urandom(k)),
        (msg, b""),
    ]
    for i in range(0, k, 17):
        bad = bytearray(sig)
        bad[i] ^= 0x40
        cases.append((msg, bytes(bad)))
    for m, s in cases:
        assert ours(pub, m, s) == crypto_ok(pub, m, s) == False  # noqa: E712


def test_signature_not_below_the_modulus_is_rejected(key):
    pub = key.public_key()
    n = pub.public_numbers().n
    msg = b"m"
    sig = key.sign(msg, padding.PKCS1v15(), hashes.SHA256())
    s_plus_n = int.from_bytes(sig, "big") + n
    k = len(sig)
    if s_plus_n < 256**k:  # same length but >= n: pow() would still give the right EM
        forged = s_plus_n.to_bytes(k, "big")
        assert pow(int.from_bytes(forged, "big"), 65537, n) == pow(int.from_bytes(sig, "big"), 65537, n)
        assert ours(pub, msg, forged) is False and crypto_ok(pub, msg, forged) is False
    assert ours(pub, msg, n.to_bytes(k, "big")) is False


def test_other_hash_in_digestinfo_is_rejected(key):
    # a signature over SHA-512 (a valid PKCS#1 signature, wrong algorithm) must fail
    pub = key.public_key()
    msg = b"m"
    sig = key.sign(msg, padding.PKCS1v15(), hashes.SHA512())
    assert ours(pub, msg, sig) is False and crypto_ok(pub, msg, sig) is False


def _icbrt(x):
    lo, hi = 0, 1 << ((x.bit_length() + 2) // 3 + 1)
    while lo < hi:
        mid = (lo + hi) // 2
        if mid**3 < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _lenient_parse_accepts(n, e, msg, sig):
    """The broken verifier of 2006: parse 00 01 FF.. 00 DigestInfo hash, ignore what follows."""
    k = (n.bit_length() + 7) // 8
    em = pow(int.from_bytes(sig, "big"), e, n).to_bytes(k, "big")
    if em[:2] != b"\x00\x01":
        return False
    i = 2
    while i < k and em[i] == 0xFF:
        i += 1
    if em[i] != 0:
        return False
    rest = em[i + 1 :]
    return rest.startswith(SHA256_DI + hashlib.sha256(msg).digest())


def test_bleichenbacher_e3_forgery_is_rejected():
    # No private key needed: with e=3 a cube root of "00 01 FF 00 DigestInfo hash GARBAGE"
    # passes a verifier that parses the block instead of comparing all of it.
    n = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key().public_numbers().n
    k = 256
    msg = b"eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6IioifQ"
    prefix = b"\x00\x01\xff\x00" + SHA256_DI + hashlib.sha256(msg).digest()
    target = int.from_bytes(prefix + b"\xff" * (k - len(prefix)), "big")
    s = _icbrt(int.from_bytes(prefix + b"\x00" * (k - len(prefix)), "big"))
    while s**3 > target:
        s -= 1
    forged = s.to_bytes(k, "big")
    assert _lenient_parse_accepts(n, 3, msg, forged), "the forgery must fool a lenient parser"
    assert rs256_verify(n, 3, msg, forged) is False


def test_too_small_modulus_cannot_hold_the_encoding():
    assert rs256_verify(2**400 + 1, 3, b"m", b"\x01" * 51) is False


def test_b64url_round_trip():
    for i in range(40):
        data = os.urandom(i)
        enc = b64url_encode(data)
        assert "=" not in enc and "+" not in enc and "/" not in enc
        assert b64url_decode(enc) == data


@pytest.mark.parametrize("bad", ["ab+c", "ab/c", "abc=", "ab c", "ab\nc", "a", "abcde", "é", "AB", "AAB"])
def test_b64url_decode_is_strict(bad):
    # "AB"/"AAB" carry non-zero spare bits: a second spelling of some bytes
    with pytest.raises(DelegationError):
        b64url_decode(bad)
