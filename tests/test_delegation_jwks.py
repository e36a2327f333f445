"""JWKS parsing and the key checks: weak keys are errors, foreign keys are skipped."""

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from legant_guard.delegation.errors import DelegationError
from legant_guard.delegation.jwks import load_jwks, parse_jwks
from legant_guard.delegation.jws import b64url_encode


def int_b64(i):
    return b64url_encode(i.to_bytes(max(1, (i.bit_length() + 7) // 8), "big"))


@pytest.fixture(scope="module")
def n2048():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key().public_numbers().n


def jwk(n, e=65537, kid="k1", **extra):
    d = {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "n": int_b64(n), "e": int_b64(e)}
    d.update(extra)
    return {k: v for k, v in d.items() if v is not None}


def test_parses_rsa_keys_by_kid(n2048):
    keys = parse_jwks({"keys": [jwk(n2048, kid="a"), jwk(n2048 + 2, kid="b")]})
    assert keys == {"a": (n2048, 65537), "b": (n2048 + 2, 65537)}


def test_accepts_bytes_and_text(n2048):
    doc = json.dumps({"keys": [jwk(n2048)]})
    assert parse_jwks(doc) == parse_jwks(doc.encode()) == {"k1": (n2048, 65537)}


def test_skips_non_rsa_and_kidless_keys(n2048):
    doc = {
        "keys": [
            {"kty": "EC", "kid": "ec", "crv": "P-256", "x": "AA", "y": "AA"},
            {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"},
            jwk(n2048, kid=None),
            jwk(n2048, kid=""),
            jwk(n2048, kid="enc", use="enc"),
            jwk(n2048, kid="ps", alg="PS256"),
            "not a key",
            jwk(n2048, kid="good"),
        ]
    }
    assert list(parse_jwks(doc)) == ["good"]


def test_key_without_use_and_alg_is_accepted(n2048):
    assert list(parse_jwks({"keys": [jwk(n2048, use=None, alg=None)]})) == ["k1"]


def test_1024_bit_modulus_is_an_error():
    n = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key().public_numbers().n
    with pytest.raises(DelegationError, match=r"key `k1`: modulus is 1024 bits, at least 2048"):
        parse_jwks({"keys": [jwk(n)]})


def test_weak_key_is_an_error_even_beside_a_good_one(n2048):
    with pytest.raises(DelegationError, match="modulus"):
        parse_jwks({"keys": [jwk(n2048, kid="good"), jwk(2**1023 + 1, kid="weak")]})


@pytest.mark.parametrize("e", [1, 2, 4, 2**31, 2**31 + 1, 2**64 + 1])
def test_unsafe_exponent_is_an_error(n2048, e):
    with pytest.raises(DelegationError, match="exponent"):
        parse_jwks({"keys": [jwk(n2048, e=e)]})


@pytest.mark.parametrize("e", [3, 65537, 2**31 - 1])
def test_exponent_bounds_inclusive(n2048, e):
    assert parse_jwks({"keys": [jwk(n2048, e=e)]})["k1"][1] == e


def test_duplicate_kid_is_an_error(n2048):
    with pytest.raises(DelegationError, match="twice"):
        parse_jwks({"keys": [jwk(n2048), jwk(n2048 + 2)]})


@pytest.mark.parametrize("field,value", [("n", "ab+/"), ("n", 12), ("e", "AQAB="), ("n", None)])
def test_bad_key_material_is_an_error(n2048, field, value):
    k = jwk(n2048)
    k[field] = value
    with pytest.raises(DelegationError, match=f"`{field}`"):
        parse_jwks({"keys": [k]})


@pytest.mark.parametrize("doc", [{}, {"keys": {}}, {"keys": []}, [], "null", b"{not json", {"keys": [{"kty": "EC", "kid": "x"}]}])
def test_no_usable_key_is_an_error(doc):
    with pytest.raises(DelegationError):
        parse_jwks(doc)


def test_load_jwks_missing_file_names_it(tmp_path):
    p = tmp_path / "jwks.json"
    with pytest.raises(DelegationError) as e:
        load_jwks(p)
    assert str(p) in str(e.value) and "not found" in str(e.value)


def test_load_jwks_corrupt_file_names_it(tmp_path):
    p = tmp_path / "jwks.json"
    p.write_text('{"keys": [')
    with pytest.raises(DelegationError) as e:
        load_jwks(p)
    assert str(p) in str(e.value) and "not valid JSON" in str(e.value)


def test_load_jwks_reads_a_file(tmp_path, n2048):
    p = tmp_path / "jwks.json"
    p.write_text(json.dumps({"keys": [jwk(n2048)]}))
    assert load_jwks(p) == {"k1": (n2048, 65537)}
