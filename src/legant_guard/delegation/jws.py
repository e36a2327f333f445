"""Compact JWS (RS256) decoding and signature checking, in pure standard-library Python.

Why no `cryptography` here: importing it costs ~40 ms, and this runs before every tool
call. RSA verification is one modular exponentiation, which Python's pow() does well.
The check builds the whole expected PKCS#1 v1.5 encoded message and compares all k bytes
in constant time. It never parses the decrypted block: parsing (finding 00 01 FF..FF 00,
then reading a DigestInfo) is what let Bleichenbacher's 2006 e=3 forgery through.
"""

import binascii

from legant_guard import fastjson
from legant_guard.delegation.errors import DelegationError

# DER prefix of DigestInfo{ sha256, NULL } (RFC 8017 section 9.2, note 1).
_SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
_B64URL_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
# The last character of an encoding whose length leaves 2 or 3 characters in its last group:
# 4 or 2 of its 6 bits are past the data and must be zero (its place in the alphabet is a
# multiple of 16 or of 4).
_CANONICAL_LAST = {2: frozenset(bytes([c]) for c in _B64URL_ALPHABET[::16]),
                   3: frozenset(bytes([c]) for c in _B64URL_ALPHABET[::4])}
# A Legant token is ~1 KB; a huge one is an attack on the hook, not a delegation.
MAX_TOKEN_BYTES = 64 * 1024
# The revocation feed has its own, larger bound: it must hold tens of thousands of ids (10,000
# UUIDs are ~500 KB once signed) and it is read once per call, like the token.
MAX_FEED_BYTES = 4 * 1024 * 1024


def b64url_encode(data: bytes) -> str:
    """base64url without padding (RFC 7515 section 2)."""
    return fastjson.b64url_encode(data)


def b64url_decode(s) -> bytes:
    """Strict base64url: no padding, no whitespace, no foreign characters, canonical bits.

    Anything else is refused, so one token has exactly one spelling.
    """
    if isinstance(s, str):
        try:
            raw = s.encode("ascii")
        except UnicodeEncodeError:
            raise DelegationError("invalid base64url (non-ASCII characters)") from None
    elif isinstance(s, (bytes, bytearray)):
        raw = bytes(s)
    else:
        raise DelegationError("invalid base64url (not a string)")
    if raw.translate(None, _B64URL_ALPHABET):  # in C: a feed of 10,000 ids is ~700 KB of base64
        raise DelegationError("invalid base64url (unexpected characters)")
    left = len(raw) % 4
    if left == 1:
        raise DelegationError("invalid base64url (bad length)")
    # Canonical: the bits of the last character past the data are zero (RFC 4648 section 3.5),
    # which is all that encoding the bytes again could differ in (a 10,000-id feed: 2 ms less)
    if left and raw[-1:] not in _CANONICAL_LAST[left]:
        raise DelegationError("invalid base64url (non-canonical encoding)")
    try:
        return fastjson.b64url_decode_raw(raw)
    except binascii.Error:
        raise DelegationError("invalid base64url") from None


def _json_object(segment, what):
    try:
        value = fastjson.loads(b64url_decode(segment))
    except DelegationError:
        raise DelegationError(f"not a JWT: the {what} is not valid base64url") from None
    except (ValueError, RecursionError):
        raise DelegationError(f"not a JWT: the {what} is not valid JSON") from None
    if not isinstance(value, dict):
        raise DelegationError(f"not a JWT: the {what} is not a JSON object")
    return value


def split_compact(token, max_bytes=MAX_TOKEN_BYTES):
    """(header_b64, payload_b64, signature_b64) of a compact JWS, or DelegationError."""
    if not isinstance(token, str):
        raise DelegationError("not a JWT: the token is not text")
    token = token.strip()
    if not token:
        raise DelegationError("the token is empty")
    if not token.isascii():
        raise DelegationError("not a JWT: the token contains non-ASCII characters")
    if len(token) > max_bytes:
        raise DelegationError(f"not a JWT: the token is larger than {max_bytes} bytes")
    parts = token.split(".")
    if len(parts) != 3:
        raise DelegationError("not a JWT: expected three dot-separated parts")
    return parts[0], parts[1], parts[2]


def decode_unverified(token, max_bytes=MAX_TOKEN_BYTES):
    """(header, claims) WITHOUT checking anything: for showing a token that failed to verify."""
    h, p, _ = split_compact(token, max_bytes)
    return _json_object(h, "header"), _json_object(p, "payload")


def signing_kid(token):
    """The `kid` header of a compact JWS (after verify_compact accepted it: no checks here)."""
    return _json_object(token.strip().split(".", 1)[0], "header").get("kid")


def rs256_verify(n, e, signing_input, signature) -> bool:
    """True iff `signature` is a valid RSASSA-PKCS1-v1_5 SHA-256 signature of `signing_input`."""
    k = (n.bit_length() + 7) // 8
    t_len = len(_SHA256_DIGEST_INFO) + 32
    if k < t_len + 11 or len(signature) != k:
        return False
    s = int.from_bytes(signature, "big")
    if s >= n:
        return False
    em = pow(s, e, n).to_bytes(k, "big")
    expected = (
        b"\x00\x01"
        + b"\xff" * (k - t_len - 3)
        + b"\x00"
        + _SHA256_DIGEST_INFO
        + fastjson.sha256(signing_input).digest()
    )
    return fastjson.compare_digest(em, expected)


def verify_compact(token, keys, what="token", max_bytes=MAX_TOKEN_BYTES, memo=None):
    """Check a compact JWS is RS256-signed by a key of `keys` (kid -> (n, e)); return its claims.

    `what` names the object in errors ("token", "revocation feed"); `max_bytes` bounds its size;
    `memo` (a safefile.DigestMemo) skips the RSA check of a signature already verified.
    """
    h, p, s = split_compact(token, max_bytes)
    header = _json_object(h, "header")
    alg = header.get("alg")
    if alg != "RS256":
        raise DelegationError(f"{what} signed with alg `{alg}`: only RS256 is accepted")
    if "crit" in header:
        raise DelegationError(f"{what} has critical header extensions this verifier does not understand")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise DelegationError(f"{what} has no `kid` header: unknown signing key")
    key = keys.get(kid)
    if key is None:
        raise DelegationError(f"unknown signing key `{kid}`: it is not in the issuer's JWKS")
    try:
        sig = b64url_decode(s)
    except DelegationError:
        raise DelegationError(f"bad signature on the {what} (not valid base64url)") from None
    signed = (h + "." + p).encode("ascii")
    digest = signature_digest(key, signed, sig) if memo is not None else None
    if digest is None or not memo.knows(digest):
        if not rs256_verify(key[0], key[1], signed, sig):
            raise DelegationError(f"bad signature on the {what}: it was not signed by key `{kid}` or was altered")
        if digest is not None:
            memo.add(digest)
    return _json_object(p, "payload")


def signature_digest(key, signed, signature):
    """What a verification memo (safefile.DigestMemo) keeps for a signature that verified.

    Whether a signature verifies is a pure function of (key, signed text, signature), and the
    same token and feed are verified on every call of a session: one RSA check (a 2048-bit
    pow(), about 2M instructions) is a tenth of the hook's own work. The digest binds all
    three, length-prefixed, so a new key, an edited token or another signature is checked in
    full; only successes are remembered (a forged token pays the full check every time)."""
    n, e = key
    h = fastjson.sha256()
    for field in (b"legant rs256 memo v1", n.to_bytes((n.bit_length() + 7) // 8 or 1, "big"),
                  e.to_bytes((e.bit_length() + 7) // 8 or 1, "big"), signed, signature):
        h.update(len(field).to_bytes(8, "big"))
        h.update(field)
    return h.hexdigest().encode("ascii")
