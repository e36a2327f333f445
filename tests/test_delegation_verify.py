"""Token verification (claims.verify_token): every WIRE_FORMAT.md rule, each with an attempt around it."""

import base64
import hashlib
import hmac
import json
import time

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from legant_guard.delegation import claims as C
from legant_guard.delegation.errors import DelegationError
from legant_guard.delegation.jws import b64url_encode, decode_unverified
from legant_guard.delegation.keys import sign_jws
from legant_guard.delegation.mint import mint_token

ISS = "https://legant.local"
AUD = "legant:claude-code"
NOW = 1_800_000_000.0


def base_claims(**over):
    c = {
        "iss": ISS,
        "sub": "user:alice",
        "aud": [AUD],
        "exp": int(NOW) + 3600,
        "iat": int(NOW),
        "jti": "a" * 32,
        "scope": "fs.read",
        "act": {"sub": "agent:builder"},
    }
    c.update(over)
    return {k: v for k, v in c.items() if v is not None}


def raw_jws(pem, header, claims):
    """Sign an arbitrary header+claims with RS256 (for headers sign_jws would not write)."""
    key = serialization.load_pem_private_key(pem, None)
    si = b64url_encode(json.dumps(header).encode()) + "." + b64url_encode(json.dumps(claims).encode())
    sig = key.sign(si.encode(), padding.PKCS1v15(), hashes.SHA256())
    return si + "." + b64url_encode(sig)


def reject(token, keys, match, audience=AUD, now=NOW):
    with pytest.raises(DelegationError) as e:
        C.verify_token(token, keys, ISS, audience, now)
    assert match in str(e.value), str(e.value)
    assert "\n" not in str(e.value)
    return str(e.value)


def test_valid_token_returns_its_claims(pem, keys):
    c = C.verify_token(sign_jws(pem, "k1", base_claims()), keys, ISS, AUD, NOW)
    assert c["sub"] == "user:alice" and c["act"] == {"sub": "agent:builder"}


def test_expired_token_is_rejected_with_the_time(pem, keys):
    tok = sign_jws(pem, "k1", base_claims(exp=int(NOW) - 1))
    assert reject(tok, keys, "token expired at") == f"token expired at {C.format_time(int(NOW) - 1)}"


def test_token_expiring_exactly_now_is_expired(pem, keys):
    # same boundary as legant-sdk and golang-jwt: valid only while now < exp
    reject(sign_jws(pem, "k1", base_claims(exp=int(NOW))), keys, "expired")


def test_token_without_exp_is_rejected(pem, keys):
    reject(sign_jws(pem, "k1", base_claims(exp=None)), keys, "no expiry")


@pytest.mark.parametrize("exp", ["9999999999", True, [1], {"t": 1}])
def test_exp_of_the_wrong_type_is_rejected(pem, keys, exp):
    reject(sign_jws(pem, "k1", base_claims(exp=exp)), keys, "malformed `exp`")


def test_exp_infinity_is_not_json_and_is_rejected(pem, keys):
    # Python's json would read Infinity; a token must not become immortal that way
    key = serialization.load_pem_private_key(pem, None)
    body = json.dumps(base_claims()).replace(str(int(NOW) + 3600), "Infinity")
    si = b64url_encode(b'{"alg":"RS256","kid":"k1","typ":"JWT"}') + "." + b64url_encode(body.encode())
    tok = si + "." + b64url_encode(key.sign(si.encode(), padding.PKCS1v15(), hashes.SHA256()))
    reject(tok, keys, "not valid JSON")


def test_not_yet_valid_token_is_rejected(pem, keys):
    tok = sign_jws(pem, "k1", base_claims(nbf=int(NOW) + 60))
    assert reject(tok, keys, "not valid before") == f"token not valid before {C.format_time(int(NOW) + 60)}"


def test_nbf_in_the_past_is_fine(pem, keys):
    C.verify_token(sign_jws(pem, "k1", base_claims(nbf=int(NOW) - 60)), keys, ISS, AUD, NOW)


def test_wrong_issuer_is_rejected(pem, keys):
    msg = reject(sign_jws(pem, "k1", base_claims(iss="https://evil.test")), keys, "wrong issuer")
    assert "https://evil.test" in msg and ISS in msg


@pytest.mark.parametrize("iss", ["https://legant.local/", "HTTPS://legant.local", "https://legant.local ", None])
def test_issuer_must_match_exactly_not_canonically(pem, keys, iss):
    reject(sign_jws(pem, "k1", base_claims(iss=iss)), keys, "wrong issuer")


def test_wrong_audience_is_rejected(pem, keys):
    reject(sign_jws(pem, "k1", base_claims(aud=["legant:codex"])), keys, "wrong audience")


def test_missing_audience_is_rejected(pem, keys):
    reject(sign_jws(pem, "k1", base_claims(aud=None)), keys, "wrong audience")


def test_audience_as_a_single_string_is_accepted(pem, keys):
    C.verify_token(sign_jws(pem, "k1", base_claims(aud=AUD)), keys, ISS, AUD, NOW)


def test_audience_list_with_several_entries_is_accepted(pem, keys):
    C.verify_token(sign_jws(pem, "k1", base_claims(aud=["other", AUD])), keys, ISS, AUD, NOW)


def test_audience_prefix_or_substring_is_not_enough(pem, keys):
    reject(sign_jws(pem, "k1", base_claims(aud=["legant:claude-code-evil"])), keys, "wrong audience")
    reject(sign_jws(pem, "k1", base_claims(aud="legant:claude")), keys, "wrong audience")


@pytest.mark.parametrize(
    "configured",
    [
        "https://finance.example/",
        "https://finance.example",  # missing trailing slash
        "https://FINANCE.Example/",  # uppercase host
        "HTTPS://finance.example:443/",  # uppercase scheme, explicit default port
        "https://finance.example/#section",  # fragment
        "https://alice:secret@finance.example/",  # userinfo
    ],
)
def test_canonical_audience_variants_match(pem, keys, configured):
    tok = sign_jws(pem, "k1", base_claims(aud=["https://finance.example/"]))
    C.verify_token(tok, keys, ISS, configured, NOW)


@pytest.mark.parametrize(
    "configured",
    [
        "https://finance.example:8443/",  # a non-default port is a different resource
        "http://finance.example/",  # a different scheme
        "https://finance.example/api",  # a different path (paths are case-sensitive, kept)
        "https://finance.example/?x=1",  # a query is kept
        "https://finance.example.evil/",
    ],
)
def test_audience_variants_that_are_different_resources_are_rejected(pem, keys, configured):
    tok = sign_jws(pem, "k1", base_claims(aud=["https://finance.example/"]))
    reject(tok, keys, "wrong audience", audience=configured)


def test_canonical_audience_rules():
    ca = C.canonical_audience
    assert ca("https://FINANCE.example:443") == "https://finance.example/"
    assert ca("http://x.example:80/a#frag") == "http://x.example/a"
    assert ca("http://x.example:443/") == "http://x.example:443/"
    assert ca("https://u:p@X.example/P?q=1#f") == "https://x.example/P?q=1"
    assert ca("https://[::1]:8080/") == "https://[::1]:8080/"
    assert ca("legant:claude-code") == "legant:claude-code"  # not an absolute URI with a host
    assert ca("Legant:Claude-Code") == "Legant:Claude-Code"  # compared as-is
    assert ca("https://x.example:notaport/") == "https://x.example:notaport/"  # unparsable: as-is


def test_unknown_kid_is_rejected(pem, keys):
    reject(sign_jws(pem, "k2", base_claims()), keys, "unknown signing key `k2`")


@pytest.mark.parametrize("header", [{"alg": "RS256", "typ": "JWT"}, {"alg": "RS256", "kid": ""}, {"alg": "RS256", "kid": 7}])
def test_missing_or_empty_kid_is_rejected(pem, keys, header):
    reject(raw_jws(pem, header, base_claims()), keys, "unknown signing key")


def test_token_signed_by_another_key_under_a_known_kid_is_rejected(other_pem, keys):
    reject(sign_jws(other_pem, "k1", base_claims()), keys, "bad signature")


def test_alg_none_is_rejected(keys):
    si = b64url_encode(b'{"alg":"none","kid":"k1"}') + "." + b64url_encode(json.dumps(base_claims()).encode())
    reject(si + ".", keys, "only RS256")


@pytest.mark.parametrize("alg", ["HS256", "RS512", "PS256", "rs256", None])
def test_other_algs_are_rejected(pem, keys, alg):
    reject(raw_jws(pem, {"alg": alg, "kid": "k1"}, base_claims()), keys, "only RS256")


def test_hs256_alg_confusion_with_the_public_key_as_secret_is_rejected(pem, keys):
    # the classic attack: HMAC the token with the (public) RSA key as the shared secret
    pub = serialization.load_pem_private_key(pem, None).public_key()
    secret = pub.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    si = b64url_encode(b'{"alg":"HS256","kid":"k1","typ":"JWT"}') + "." + b64url_encode(json.dumps(base_claims()).encode())
    tok = si + "." + b64url_encode(hmac.new(secret, si.encode(), hashlib.sha256).digest())
    reject(tok, keys, "only RS256")


def test_crit_header_is_rejected(pem, keys):
    reject(raw_jws(pem, {"alg": "RS256", "kid": "k1", "crit": ["exp"]}, base_claims()), keys, "critical")


def test_tampered_payload_is_rejected(pem, keys):
    h, p, s = sign_jws(pem, "k1", base_claims()).split(".")
    evil = b64url_encode(json.dumps(base_claims(scope="*")).encode())
    reject(f"{h}.{evil}.{s}", keys, "bad signature")


def test_tampered_header_is_rejected(pem, keys):
    h, p, s = sign_jws(pem, "k1", base_claims()).split(".")
    h2 = b64url_encode(b'{"alg":"RS256","kid":"k1","typ":"JWT","x":1}')
    reject(f"{h2}.{p}.{s}", keys, "bad signature")


def test_tampered_signature_is_rejected(pem, keys):
    h, p, s = sign_jws(pem, "k1", base_claims()).split(".")
    sig = bytearray(base64.urlsafe_b64decode(s + "=="))
    sig[-1] ^= 1
    reject(f"{h}.{p}.{b64url_encode(bytes(sig))}", keys, "bad signature")


def test_truncated_or_padded_signature_is_rejected(pem, keys):
    h, p, s = sign_jws(pem, "k1", base_claims()).split(".")
    raw = base64.urlsafe_b64decode(s + "==")
    reject(f"{h}.{p}.{b64url_encode(raw[:-1])}", keys, "bad signature")
    longer = b64url_encode(b"\x00" + raw)
    reject(f"{h}.{p}.{longer}", keys, "bad signature")
    reject(f"{h}.{p}.{s}=", keys, "bad signature")  # padding is not base64url


def test_signature_with_non_canonical_base64_is_rejected(pem, keys):
    # 256 bytes -> 342 chars with 4 spare bits; setting one gives a second spelling of the same bytes
    h, p, s = sign_jws(pem, "k1", base_claims()).split(".")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    s2 = s[:-1] + alphabet[alphabet.index(s[-1]) ^ 1]
    assert base64.urlsafe_b64decode(s2 + "==") == base64.urlsafe_b64decode(s + "==")
    reject(f"{h}.{p}.{s2}", keys, "bad signature")


def test_token_without_act_is_not_a_delegation_token(pem, keys):
    assert reject(sign_jws(pem, "k1", base_claims(act=None)), keys, "act") == "not a delegation token (no `act` claim)"


@pytest.mark.parametrize("act", [{}, "", None])
def test_empty_act_is_not_a_delegation_token(pem, keys, act):
    c = base_claims()
    c["act"] = act
    reject(sign_jws(pem, "k1", c), keys, "not a delegation token")


@pytest.mark.parametrize("act", ["agent:x", {"sub": ""}, {"sub": "agent:a", "act": "agent:b"}, {"sub": "a", "act": {"x": 1}}])
def test_malformed_act_chain_is_rejected(pem, keys, act):
    reject(sign_jws(pem, "k1", base_claims(act=act)), keys, "act")


@pytest.mark.parametrize(
    "over,match",
    [
        ({"scope": ["fs.read"]}, "scope"),
        ({"cnst": ["path:/"]}, "cnst"),
        ({"cnst": {"resources": "path:/"}}, "cnst.resources"),
        ({"cnst": {"tools": [1]}}, "cnst.tools"),
        ({"cnst": {"resources": ["path:/p"] * 500 + [None]}}, "cnst.resources"),
        ({"cnst": {"categories": ["a", ["b"]]}}, "cnst.categories"),
        ({"anc": ["a", 7]}, "anc"),
        ({"anc": "abc"}, "anc"),
        ({"jti": 5}, "jti"),
        ({"sub": None}, "sub"),
    ],
)
def test_claims_of_the_wrong_shape_are_rejected(pem, keys, over, match):
    reject(sign_jws(pem, "k1", base_claims(**over)), keys, match)


@pytest.mark.parametrize("tok", ["", "   ", "abc", "a.b", "a.b.c.d", "a.b.c", "é.b.c", 42, None])
def test_garbage_is_rejected_not_crashing(keys, tok):
    with pytest.raises(DelegationError):
        C.verify_token(tok, keys, ISS, AUD, NOW)


def test_deeply_nested_json_is_rejected_not_crashing(pem, keys):
    deep = "[" * 100000 + "]" * 100000
    si = b64url_encode(b'{"alg":"RS256","kid":"k1"}') + "." + b64url_encode(deep.encode())
    with pytest.raises(DelegationError):
        decode_unverified(si + ".AAAA")


def test_oversized_token_is_rejected(keys):
    reject("a" * 70000 + ".b.c", keys, "larger than")


def test_provenance_actor_chain_leaf_and_lineage():
    c = base_claims(act={"sub": "agent:doc-writer", "act": {"sub": "agent:builder"}}, anc=["r" * 32])
    assert C.actor_chain(c) == ["agent:builder", "agent:doc-writer"]
    assert C.provenance(c) == "user:alice -> agent:builder -> agent:doc-writer"
    assert C.leaf_actor(c) == "agent:doc-writer"
    assert C.lineage(c) == ["r" * 32, "a" * 32]
    assert C.lineage(base_claims()) == ["a" * 32]


def test_decode_unverified_reads_an_invalid_token(pem):
    tok = sign_jws(pem, "zz", base_claims(exp=1))
    h, c = decode_unverified(tok)
    assert h == {"alg": "RS256", "kid": "zz", "typ": "JWT"} and c["exp"] == 1


@pytest.mark.parametrize("tok", ["x", "a.b.c", "e30.W10.x"])
def test_decode_unverified_rejects_non_jws(tok):
    with pytest.raises(DelegationError):
        decode_unverified(tok)


def test_resource_values_and_the_bare_sentinel():
    cnst = {"resources": ["path:/p", "cmd:ls", "deny-path:.env", "https://x.example/"]}
    assert C.resource_values(cnst, "path") == ["/p"]
    assert C.resource_values(cnst, "deny-path") == [".env"]
    assert C.resource_values(cnst, "host") == []
    # a bare sentinel (Legant's flat intersection) empties every allow dimension
    bare = {"resources": ["path:/p", C.DENY_ALL, "deny-cmd:curl"]}
    assert C.resource_values(bare, "path") == [C.DENY_ALL]
    assert C.resource_values(bare, "host") == [C.DENY_ALL]
    assert C.resource_values(bare, "deny-cmd") == ["curl"]


def test_a_real_clock_token_verifies(pem, keys):
    now = time.time()
    tok = mint_token(pem, "k1", issuer=ISS, audience=AUD, sub="user:a", actor="agent:b", scope="*", cnst=None, ttl_seconds=60, now=now)
    c = C.verify_token(tok, keys, ISS, AUD, time.time())
    assert c["scope"] == "*" and len(c["jti"]) == 32 and c["jti"] == c["jti"].lower()
