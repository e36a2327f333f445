"""The issuer's JWKS: the public keys that verify tokens and the revocation feed.

Parsed into plain integers (kid -> (n, e)) for jws.rs256_verify, so no crypto library is
imported on the hook path. Key checks follow Legant's SDKs: RSA keys with a `kid` only;
a modulus under 2048 bits or an exponent outside [3, 2^31-1] makes the whole set an
error, because a weak key in the trust root is not something to skip quietly.
"""

from legant_guard import fastjson

from legant_guard.delegation.errors import DelegationError
from legant_guard.delegation.jws import b64url_decode

MIN_MODULUS_BITS = 2048
MAX_MODULUS_BITS = 16384  # bounds the cost of pow() on a hostile key set
MAX_EXPONENT = 2**31 - 1
MAX_JWKS_BYTES = 1024 * 1024


def _b64_int(value, kid, field):
    if not isinstance(value, str) or not value:
        raise DelegationError(f"JWKS key `{kid}`: `{field}` is missing or not a string")
    try:
        return int.from_bytes(b64url_decode(value), "big")
    except DelegationError:
        raise DelegationError(f"JWKS key `{kid}`: `{field}` is not valid base64url") from None


def parse_jwks(doc):
    """kid -> (n, e) for every usable RSA signing key in a JWKS (dict, JSON bytes or text)."""
    if isinstance(doc, (bytes, bytearray, str)):
        try:
            doc = fastjson.loads(doc)
        except (ValueError, RecursionError):
            raise DelegationError("the JWKS is not valid JSON") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("keys"), list):
        raise DelegationError('the JWKS has no "keys" list')
    out = {}
    for jwk in doc["keys"]:
        if not isinstance(jwk, dict) or jwk.get("kty") != "RSA":
            continue
        kid = jwk.get("kid")
        if not isinstance(kid, str) or not kid:
            continue
        if jwk.get("use", "sig") != "sig" or jwk.get("alg", "RS256") != "RS256":
            continue  # a key published for encryption or another algorithm never verifies RS256
        n = _b64_int(jwk.get("n"), kid, "n")
        e = _b64_int(jwk.get("e"), kid, "e")
        bits = n.bit_length()
        if bits < MIN_MODULUS_BITS:
            raise DelegationError(f"JWKS key `{kid}`: modulus is {bits} bits, at least {MIN_MODULUS_BITS} are required")
        if bits > MAX_MODULUS_BITS:
            raise DelegationError(f"JWKS key `{kid}`: modulus is {bits} bits, more than {MAX_MODULUS_BITS} is refused")
        if e < 3 or e > MAX_EXPONENT or e % 2 == 0:
            raise DelegationError(f"JWKS key `{kid}`: exponent {e} is unsafe (it must be odd, at least 3 and at most 2^31-1)")
        if kid in out:
            raise DelegationError(f"the JWKS lists key `{kid}` twice: key ids must be unique")
        out[kid] = (n, e)
    if not out:
        raise DelegationError("the JWKS has no usable RS256 key (RSA, with a `kid`)")
    return out


def load_jwks(path):
    """parse_jwks of a file, with errors that name the file and say what to do."""
    from legant_guard import safefile

    try:  # never through a symlink: a planted link would swap the keys every token is checked against
        data = safefile.read_bytes(path, MAX_JWKS_BYTES)
    except FileNotFoundError:
        raise DelegationError(f"JWKS file {path} not found: point LEGANT_GUARD_JWKS at the issuer's JWKS") from None
    except safefile.UnsafeFile as e:
        raise DelegationError(f"refusing the JWKS file {path}: it {e.strerror}") from None
    except OSError as e:
        raise DelegationError(f"cannot read JWKS file {path}: {e.strerror}") from None
    if len(data) > MAX_JWKS_BYTES:
        raise DelegationError(f"JWKS file {path} is larger than {MAX_JWKS_BYTES} bytes")
    try:
        return parse_jwks(data)
    except DelegationError as e:
        raise DelegationError(f"JWKS file {path}: {e}") from None
