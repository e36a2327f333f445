"""Host names as the agent's HTTP client will connect to them, so host rules compare like with like.

Why: WebFetch (Claude Code) and webfetch (opencode) parse URLs with the WHATWG URL parser,
which maps `ｅｖｉｌ.example` and `evil。example` to `evil.example` (IDNA) and reads
`2852039166`, `0xa9.0xfe.0xa9.0xfe` or `169.254.43518` as the IPv4 address 169.254.169.254.
Comparing the raw spelling let those spellings walk past a deny-host rule. Stdlib only; the
IDNA codec and `ipaddress` are imported only for hosts that need them.
"""

_DIGITS = frozenset("0123456789")
_HEX = frozenset("0123456789abcdef")
# IDNA 2003 (Python's codec) maps these differently from the WHATWG parser (UTS 46,
# nontransitional): `faß.de` would be checked as fass.de but fetched as xn--fa-hia.de.
_DEVIATIONS = frozenset("\u00df\u03c2\u200c\u200d")


def canonical_host(host):
    """Lower-case ASCII host (punycode, dotted-decimal IPv4, compressed IPv6), or None when unusable."""
    host = host.strip().lower()
    if not host.isascii():
        if any(c in _DEVIATIONS for c in host):
            return None
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    host = host.rstrip(".")
    if not host:
        return None
    if ":" in host:
        return _ipv6(host)
    return _ipv4(host)


def _ipv4(host):
    """WHATWG IPv4 parsing: a host whose last label is a number is an address (or invalid)."""
    parts = host.split(".")
    last = parts[-1]
    if not (_is_number(last, _DIGITS) or (last.startswith("0x") and _is_number(last[2:], _HEX, empty_ok=True))):
        return host
    if len(parts) > 4:
        return None
    numbers = []
    for part in parts:
        if part.startswith("0x"):
            digits, base, alphabet = part[2:], 16, _HEX
        elif len(part) > 1 and part.startswith("0"):
            digits, base, alphabet = part[1:], 8, frozenset("01234567")
        else:
            digits, base, alphabet = part, 10, _DIGITS
        if not _is_number(digits, alphabet, empty_ok=base == 16):
            return None
        numbers.append(int(digits, base) if digits else 0)
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        return None
    value = numbers[-1]
    for i, n in enumerate(numbers[:-1]):
        value += n << (8 * (3 - i))
    return ".".join(str((value >> shift) & 255) for shift in (24, 16, 8, 0))


def _is_number(text, alphabet, empty_ok=False):
    return (bool(text) or empty_ok) and all(c in alphabet for c in text)


def _ipv6(host):
    import ipaddress

    try:
        address = ipaddress.IPv6Address(host)
    except ValueError:
        return None
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return address.compressed
