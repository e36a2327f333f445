"""RSA signing keys for the local issuer: generate, publish as JWKS, sign a JWS.

Not on the hook path: `cryptography` is imported inside the functions, so importing this
module stays cheap. Signing produces exactly what Legant's Go issuer produces: a compact
JWS with header {"alg":"RS256","kid":...,"typ":"JWT"} and compact JSON claims.
"""

import json

from legant_guard.delegation.errors import DelegationError
from legant_guard.delegation.jws import b64url_encode

KEY_BITS = 2048


def generate_private_key_pem(bits=KEY_BITS) -> bytes:
    """A new RSA private key (e=65537) as unencrypted PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`):
    Legant's Go guard reads a guard dir's key with x509.ParsePKCS1PrivateKey, and this guard
    reads both forms, so PKCS#1 lets one guard dir serve both. An existing key is never
    rewritten, whatever its form."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )


_LOADED = {}  # pem -> key: loading validates the RSA key (~100 ms), once per process is enough


def _load_private(pem):
    if isinstance(pem, str):
        pem = pem.encode()
    key = _LOADED.get(pem)
    if key is None:
        key = _LOADED[pem] = _load_private_uncached(pem)
    return key


def _load_private_uncached(pem):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as e:
        raise DelegationError(f"the signing key is not a usable unencrypted PEM private key ({e})") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise DelegationError("the signing key is not an RSA key: RS256 needs RSA")
    if key.key_size < 2048:
        raise DelegationError(f"the signing key has {key.key_size} bits: at least 2048 are required")
    return key


def _int_b64(i):
    return b64url_encode(i.to_bytes((i.bit_length() + 7) // 8, "big"))


def jwks_from_private_pem(pem, kid) -> dict:
    """The public JWKS document ({"keys": [...]}) for a private key, under `kid`."""
    pub = _load_private(pem).public_key().public_numbers()
    return {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "n": _int_b64(pub.n), "e": _int_b64(pub.e)}]}


def _compact_json(obj):
    return json.dumps(obj, separators=(",", ":")).encode()


def sign_jws(pem, kid, claims) -> str:
    """Compact RS256 JWS of `claims` signed by `pem` with header kid `kid`."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    if not isinstance(kid, str) or not kid:
        raise DelegationError("a signing key id (kid) is required")
    key = _load_private(pem)
    signing_input = (
        b64url_encode(_compact_json({"alg": "RS256", "kid": kid, "typ": "JWT"}))
        + "."
        + b64url_encode(_compact_json(claims))
    )
    sig = key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + b64url_encode(sig)
