"""Differential test of the hand-written RS256 verifier against PyJWT, the independent oracle.

The hook verifies signatures in pure Python (delegation/jws.py: no crypto import on the hot
path). Thousands of tokens, valid, re-signed and mutated, go to both; the verdicts must agree.
One direction of disagreement is allowed and pinned: encodings PyJWT tolerates but a JWS
must not have (base64 padding, characters outside base64url, whitespace, a non-canonical last
character) are refused here, never accepted. The other direction (accepted here, refused by
the oracle) would be a forgery and fails the test whatever the case.

Signature-level only: claims (exp, aud, act ...) are checked elsewhere (test_delegation_verify).
"""

import base64
import json
import random

import jwt
import pytest
from cryptography.hazmat.primitives import hashes, hmac, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from legant_guard.delegation.errors import DelegationError
from legant_guard.delegation.jwks import parse_jwks
from legant_guard.delegation.jws import verify_compact
from legant_guard.delegation.keys import jwks_from_private_pem

SEED = 20261129
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def compact(obj):
    return json.dumps(obj, separators=(",", ":")).encode()


class Signer:
    def __init__(self, pem, kid):
        self.key = serialization.load_pem_private_key(pem, password=None)
        self.kid = kid
        self.public = self.key.public_key()

    def sign(self, header, claims, raw_header=None, raw_claims=None):
        h = b64(raw_header if raw_header is not None else compact(header))
        p = b64(raw_claims if raw_claims is not None else compact(claims))
        sig = self.key.sign(f"{h}.{p}".encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{h}.{p}.{b64(sig)}"


@pytest.fixture(scope="module")
def world(pem, other_pem):
    good, forger = Signer(pem, "k1"), Signer(other_pem, "k1")
    keys = parse_jwks(jwks_from_private_pem(pem, "k1"))
    return good, forger, keys


def ours(token, keys):
    try:
        verify_compact(token, keys)
        return True
    except DelegationError:
        return False


def oracle(token, public):
    """PyJWT's verdict, with the key the token's kid names (k1 only) and RS256 only."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return False
    if header.get("kid") != "k1" or "crit" in header:
        return False  # no key for another kid; `crit` this verifier does not understand is refused (RFC 7515)
    try:
        jwt.decode(token, public, algorithms=["RS256"],
                   options={"verify_signature": True, "verify_exp": False, "verify_nbf": False, "verify_iat": False,
                            "verify_aud": False, "verify_iss": False, "require": []})
        return True
    except (jwt.PyJWTError, ValueError, TypeError):
        return False


def claims_for(rng, i):
    return {"iss": "https://legant.local", "sub": f"user:u{i}", "aud": ["legant:claude-code"],
            "jti": "%032x" % rng.getrandbits(128), "iat": 1_700_000_000 + i, "exp": 1_900_000_000 + i,
            "scope": rng.choice(["*", "fs.read", "fs.read fs.write shell.exec"]),
            "act": {"sub": f"agent:a{i % 7}"}, "cnst": {"resources": [f"path:/p/{i}"] * (i % 3)}}


def _flip(segment, rng):
    i = rng.randrange(len(segment))
    c = rng.choice([ch for ch in B64URL if ch != segment[i]])
    return segment[:i] + c + segment[i + 1:]


def structural_mutations(token, rng):
    """Changes that keep the token in canonical base64url: both verifiers must agree on each."""
    h, p, s = token.split(".")
    yield "flip-header", f"{_flip(h, rng)}.{p}.{s}"
    yield "flip-payload", f"{h}.{_flip(p, rng)}.{s}"
    yield "flip-signature", f"{h}.{p}.{_flip(s, rng)}"
    yield "swap-payload-of-another", None  # filled by the caller
    yield "drop-signature", f"{h}.{p}."
    yield "truncate-signature", f"{h}.{p}.{s[:-4]}"
    yield "extra-segment", f"{token}.{s}"
    yield "two-segments", f"{h}.{p}"


def encoding_mutations(token):
    """Encodings a JWS must not have; PyJWT tolerates some of them. Refused here, always."""
    h, p, s = token.split(".")
    yield "padding", f"{h}.{p}.{s}=="
    yield "standard-alphabet", token.replace("-", "+").replace("_", "/") if ("-" in token or "_" in token) else token + "+"
    yield "whitespace-inside", f"{h}.{p}.{s[:10]} {s[10:]}"
    yield "newline-inside", f"{h}.{p}\n.{s}"
    yield "non-ascii", f"{h}.{p}.{s[:-1]}é"


def test_valid_resigned_and_mutated_tokens_get_the_oracles_verdict(world):
    good, forger, keys = world
    rng = random.Random(SEED)
    header = {"alg": "RS256", "kid": "k1", "typ": "JWT"}
    tokens = [good.sign(header, claims_for(rng, i)) for i in range(300)]
    cases = []
    for i, token in enumerate(tokens):
        cases.append(("valid", token))
        cases.append(("forged-same-kid", forger.sign(header, claims_for(rng, i))))
        for name, mutated in structural_mutations(token, rng):
            if name == "swap-payload-of-another":
                other = tokens[(i + 1) % len(tokens)].split(".")[1]
                h, _, s = token.split(".")
                mutated = f"{h}.{other}.{s}"
            cases.append((name, mutated))
    assert len(cases) > 2500
    disagreements = []
    accepted = 0
    for name, token in cases:
        mine, theirs = ours(token, keys), oracle(token, good.public)
        accepted += mine
        if mine != theirs:
            disagreements.append((name, mine, theirs, token[:60]))
    assert not disagreements, disagreements[:10]
    assert accepted >= 300, "every valid token must verify"


def test_header_tricks_agree_with_the_oracle(world):
    """alg none/HS256 (key confusion)/RS512, missing or unknown kid, crit, non-object header."""
    good, _, keys = world
    rng = random.Random(SEED + 1)
    claims = claims_for(rng, 1)
    pub_pem = good.public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    cases = []
    for alg in ("none", "HS256", "RS512", "PS256", "rs256", ""):
        h = b64(compact({"alg": alg, "kid": "k1", "typ": "JWT"}))
        p = b64(compact(claims))
        mac = hmac.HMAC(pub_pem, hashes.SHA256())
        mac.update(f"{h}.{p}".encode())
        cases += [f"{h}.{p}.{b64(mac.finalize())}", f"{h}.{p}.",
                  good.sign({"alg": alg, "kid": "k1", "typ": "JWT"}, claims)]  # a real RSA signature, wrong alg
    for header in ({"alg": "RS256"}, {"alg": "RS256", "kid": "k2"}, {"alg": "RS256", "kid": ""},
                   {"alg": "RS256", "kid": "k1", "crit": ["exp"]}, {"alg": "RS256", "kid": 1},
                   {"alg": "RS256", "kid": "k1", "typ": "JOSE+JSON"}):
        cases.append(good.sign(header, claims))
    for raw in (b"[1,2]", b"null", b'"RS256"', b"{", b'{"alg":"RS256","kid":"k1"}garbage'):
        cases.append(good.sign(None, claims, raw_header=raw))
    for raw in (b"[1]", b"{", b"null"):
        cases.append(good.sign({"alg": "RS256", "kid": "k1"}, None, raw_claims=raw))
    for token in cases:
        assert ours(token, keys) == oracle(token, good.public), token[:80]
    accepted_here = [t for t in cases if ours(t, keys)]
    # Only genuinely RS256-signed tokens with kid k1 and an object header and payload pass.
    for token in accepted_here:
        assert jwt.get_unverified_header(token)["alg"] == "RS256"


def test_non_canonical_encodings_are_refused_even_where_the_oracle_tolerates_them(world):
    good, _, keys = world
    rng = random.Random(SEED + 2)
    header = {"alg": "RS256", "kid": "k1", "typ": "JWT"}
    tolerated_by_oracle = 0
    for i in range(50):
        token = good.sign(header, claims_for(rng, i))
        assert ours(token, keys)
        for name, mutated in encoding_mutations(token):
            assert not ours(mutated, keys), (name, mutated[:60])
            tolerated_by_oracle += oracle(mutated, good.public)
    # The oracle really is more lenient here (so these cases test something).
    assert tolerated_by_oracle > 0


def test_signature_values_at_and_above_the_modulus_are_refused(world):
    """s >= n (s + n is the same residue) must not verify: RSA signatures are canonical."""
    good, _, keys = world
    token = good.sign({"alg": "RS256", "kid": "k1"}, {"x": 1})
    h, p, s = token.split(".")
    n = good.public.public_numbers().n
    k = (n.bit_length() + 7) // 8
    sig = int.from_bytes(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)), "big")
    assert ours(token, keys) and oracle(token, good.public)
    for bad in (sig + n, n, n + 1):
        if bad.bit_length() <= 8 * k:
            forged = f"{h}.{p}.{b64(bad.to_bytes(k, 'big'))}"
            assert not ours(forged, keys) and not oracle(forged, good.public)
    padded = bytes(1) + sig.to_bytes(k, "big")  # one leading zero byte too many
    longer = f"{h}.{p}.{b64(padded)}"
    assert not ours(longer, keys)
