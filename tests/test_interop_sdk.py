"""Interop with Legant's own Python SDK (legant-sdk 0.1.1 from PyPI).

Direction 1: tokens, attenuated children and revocation feeds minted by legant-guard
verify under legant_sdk.Verifier and legant_sdk.parse_revocation_feed, with the same
provenance, and the SDK honours our deny-all sentinel and revocations.
Direction 2 (the SDK cannot mint): on tokens it accepts or refuses (Legant's Go-minted
conformance vectors and hand-made variants) legant-guard reaches the same verdict, and it
never accepts a token the SDK refuses.
"""

import json
import time

import pytest

sdk = pytest.importorskip("legant_sdk")

from legant_guard.delegation import claims as C  # noqa: E402
from legant_guard.delegation.errors import DelegationError  # noqa: E402
from legant_guard.delegation.jwks import parse_jwks  # noqa: E402
from legant_guard.delegation.jws import b64url_encode  # noqa: E402
from legant_guard.delegation.keys import generate_private_key_pem, jwks_from_private_pem, sign_jws  # noqa: E402
from legant_guard.delegation.mint import attenuate, build_feed, mint_token  # noqa: E402

ISS = "https://legant.local"
AUD = "legant:claude-code"


@pytest.fixture(scope="module")
def jwks(pem):
    return jwks_from_private_pem(pem, "legant-guard-local")


@pytest.fixture(scope="module")
def ours(jwks):
    return parse_jwks(jwks)


@pytest.fixture(scope="module")
def theirs(jwks):
    return sdk.parse_jwks(json.loads(json.dumps(jwks)))


def root(pem, **kw):
    args = dict(
        issuer=ISS,
        audience=AUD,
        sub="user:alice",
        actor="agent:builder",
        scope=["fs.read", "fs.write", "shell.exec"],
        cnst={"tools": ["Read", "Bash"], "resources": ["path:/proj", "cmd:ls", "deny-path:.env"], "role": "builder"},
        ttl_seconds=3600,
        now=time.time(),
    )
    args.update(kw)
    return mint_token(pem, "legant-guard-local", **args)


def test_sdk_verifies_a_minted_token(pem, ours, theirs):
    tok = root(pem)
    got = sdk.Verifier(ISS, AUD, theirs).verify(tok)
    mine = C.verify_token(tok, ours, ISS, AUD, time.time())
    assert got.raw == mine
    assert got.provenance() == C.provenance(mine) == "user:alice -> agent:builder"
    assert len(got.jti) == 32


def test_sdk_verifies_attenuated_children_with_the_same_provenance(pem, ours, theirs):
    now = time.time()
    parent = C.verify_token(root(pem), ours, ISS, AUD, now)
    c1 = attenuate(parent, pem, "legant-guard-local", agent="agent:reviewer", scopes="fs.read", now=now, narrow_paths=["/proj/docs"])
    c1_claims = C.verify_token(c1, ours, ISS, AUD, now)
    c2 = attenuate(c1_claims, pem, "legant-guard-local", agent="agent:doc-writer", scopes="fs.read", now=now, ttl_seconds=60)
    got = sdk.Verifier(ISS, AUD, theirs).verify(c2)
    assert got.provenance() == "user:alice -> agent:builder -> agent:reviewer -> agent:doc-writer"
    assert got.raw["anc"] == [parent["jti"], c1_claims["jti"]]


def test_sdk_honours_our_deny_all_sentinel(pem, ours, theirs):
    now = time.time()
    parent = C.verify_token(root(pem), ours, ISS, AUD, now)
    child = attenuate(parent, pem, "legant-guard-local", agent="agent:x", scopes="fs.read", now=now, narrow_tools=["Write"])
    got = sdk.Verifier(ISS, AUD, theirs).verify(child)
    assert got.constraints["tools"] == [C.DENY_ALL]
    with pytest.raises(sdk.AuthorizeError, match="fully restricted"):
        got.authorize(sdk.Action(scope="fs.read", tool="Read"))
    # and the parent's own list still works in the SDK
    sdk.Verifier(ISS, AUD, theirs).verify(root(pem)).authorize(sdk.Action(scope="fs.read", tool="Read"))


def test_sdk_parses_our_feed_and_revokes_the_listed_token(pem, theirs, ours):
    now = time.time()
    revoked, live = root(pem), root(pem)
    rj = C.verify_token(revoked, ours, ISS, AUD, now)["jti"]
    feed = build_feed(pem, "legant-guard-local", issuer=ISS, jtis=[rj], ver=7, ttl_seconds=600, now=now)
    f = sdk.parse_revocation_feed(feed, ISS, theirs)
    assert f.is_revoked(rj)
    v = sdk.Verifier(ISS, AUD, theirs, feed=f)
    with pytest.raises(sdk.RevokedError):
        v.verify(revoked)
    v.verify(live)
    f2 = sdk.parse_revocation_feed(feed.encode(), ISS, theirs)  # bytes, as read from feed.jwt
    assert f2.is_revoked(rj)


def test_sdk_sees_our_feed_versions_as_monotonic(pem, theirs):
    now = time.time()
    f5 = build_feed(pem, "legant-guard-local", issuer=ISS, jtis=[], ver=5, ttl_seconds=600, now=now)
    f3 = build_feed(pem, "legant-guard-local", issuer=ISS, jtis=[], ver=3, ttl_seconds=600, now=now)
    feed = sdk.parse_revocation_feed(f5, ISS, theirs)
    with pytest.raises(ValueError, match="rollback"):
        feed.apply_feed(f3)


def test_sdk_rejects_our_feed_under_another_issuer_or_key(pem, theirs):
    now = time.time()
    feed = build_feed(pem, "legant-guard-local", issuer=ISS, jtis=[], ver=1, ttl_seconds=600, now=now)
    with pytest.raises(ValueError):
        sdk.parse_revocation_feed(feed, "https://other", theirs)
    forged = build_feed(generate_private_key_pem(), "legant-guard-local", issuer=ISS, jtis=[], ver=1, ttl_seconds=600, now=now)
    with pytest.raises(ValueError, match="signature"):
        sdk.parse_revocation_feed(forged, ISS, theirs)


# ---- direction 2: same verdicts as the SDK ------------------------------------------


def _sdk_verdict(tok, keys, audience):
    try:
        sdk.Verifier(ISS, audience, keys).verify(tok)
        return True
    except Exception:  # the SDK raises json/binascii errors on some garbage: all are refusals
        return False


def _our_verdict(tok, keys, audience):
    try:
        C.verify_token(tok, keys, ISS, audience, time.time())
        return True
    except DelegationError:
        return False


def _variants(pem):
    now = int(time.time())
    base = {"iss": ISS, "sub": "user:alice", "aud": [AUD], "exp": now + 600, "iat": now, "jti": "f" * 32, "scope": "fs.read", "act": {"sub": "agent:a"}}

    def tok(**over):
        c = dict(base)
        c.update(over)
        return sign_jws(pem, "legant-guard-local", {k: v for k, v in c.items() if v is not None})

    good = tok()
    h, p, s = good.split(".")
    none_alg = b64url_encode(b'{"alg":"none","kid":"legant-guard-local"}') + "." + p + "."
    return {
        "valid": (good, AUD),
        "aud string": (tok(aud=AUD), AUD),
        "aud canonical": (tok(aud=["https://Finance.example:443"]), "https://finance.example/"),
        "aud userinfo+fragment": (tok(aud=["https://u@finance.example/#x"]), "https://finance.example"),
        "aud other port": (tok(aud=["https://finance.example:8443/"]), "https://finance.example/"),
        "wrong aud": (tok(aud=["legant:codex"]), AUD),
        "no aud": (tok(aud=None), AUD),
        "expired": (tok(exp=now - 1), AUD),
        "no exp": (tok(exp=None), AUD),
        "nbf future": (tok(nbf=now + 600), AUD),
        "nbf past": (tok(nbf=now - 600), AUD),
        "wrong iss": (tok(iss="https://evil.test"), AUD),
        "no act": (tok(act=None), AUD),
        "empty act": (tok(act={}), AUD),
        "multi-hop": (tok(act={"sub": "agent:b", "act": {"sub": "agent:a"}}), AUD),
        "unknown kid": (sign_jws(pem, "k-other", base), AUD),
        "alg none": (none_alg, AUD),
        "tampered payload": (h + "." + b64url_encode(json.dumps(dict(base, scope="*")).encode()) + "." + s, AUD),
        "tampered signature": (h + "." + p + "." + ("A" if s[0] != "A" else "B") + s[1:], AUD),
        "two parts": (h + "." + p, AUD),
    }


def test_same_verdict_as_the_sdk_on_token_variants(pem, ours, theirs):
    table = {name: (_sdk_verdict(t, theirs, a), _our_verdict(t, ours, a)) for name, (t, a) in _variants(pem).items()}
    differ = {name: v for name, v in table.items() if v[0] != v[1]}
    assert not differ, differ
    assert table["valid"] == (True, True) and table["expired"] == (False, False)


def test_same_verdict_as_the_sdk_on_go_minted_conformance_vectors():
    from test_conformance import V as v  # tests/conformance/vectors.json

    ours, theirs = parse_jwks(v["jwks"]), sdk.parse_jwks(v["jwks"])
    cases = [(c["name"], c["token"], v["audience"], c["valid"]) for c in v["verify"]]
    cases += [(c["name"], c["token"], c["configuredAudience"], c["valid"]) for c in v["audienceCanonicalization"]]
    r = v["revocation"]
    cases += [("revoked token", r["revokedToken"], v["audience"], True), ("live token", r["liveToken"], v["audience"], True)]
    for name, tok, aud, expected in cases:
        sdk_ok = sdk.Verifier(v["issuer"], aud, theirs)
        try:
            sdk_ok.verify(tok)
            sdk_verdict = True
        except sdk.VerifyError:
            sdk_verdict = False
        try:
            C.verify_token(tok, ours, v["issuer"], aud, time.time())
            our_verdict = True
        except DelegationError:
            our_verdict = False
        assert sdk_verdict == our_verdict == expected, name


@pytest.mark.parametrize(
    "uri",
    [
        "https://finance.example",
        "https://FINANCE.example:443/",
        "http://x.example:80",
        "http://x.example:443/a",
        "https://u:p@x.example/p?q=1#f",
        "HTTPS://X.EXAMPLE/Path",
        "legant:claude-code",
        "urn:example:thing",
        "",
    ],
)
def test_audience_canonicalisation_matches_the_sdk(uri):
    from legant_sdk.verifier import _canonicalize_audience

    assert C.canonical_audience(uri) == _canonicalize_audience(uri)


def test_sdk_parses_our_jwks_and_both_refuse_a_weak_key():
    from cryptography.hazmat.primitives.asymmetric import rsa

    n = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key().public_numbers().n
    weak = {"keys": [{"kty": "RSA", "kid": "w", "n": b64url_encode(n.to_bytes(128, "big")), "e": "AQAB"}]}
    with pytest.raises(ValueError):
        sdk.parse_jwks(weak)
    with pytest.raises(DelegationError):
        parse_jwks(weak)
