"""The verify path of the hook (jwks, claims, feed) runs on the standard library alone.

`guard check` runs before every tool call; importing cryptography (~40 ms), PyJWT
(~140 ms), click, PyYAML or even dataclasses/typing there would blow the latency budget.
"""

import json
import subprocess
import sys

HEAVY = ("cryptography", "jwt", "click", "yaml", "dataclasses", "typing", "legant_sdk", "_hashlib")

SCRIPT = r"""
import json, sys, time
from legant_guard.delegation import claims, feed, jwks
keys = jwks.parse_jwks(open(sys.argv[1]).read())
c = claims.verify_token(open(sys.argv[2]).read(), keys, "https://legant.local", "legant:claude-code", time.time())
f = feed.load_feed(sys.argv[3], keys, "https://legant.local", time.time())
feed.check_rollback(sys.argv[4], "https://legant.local", f.ver)
print(json.dumps({
    "provenance": claims.provenance(c),
    "revoked": f.revoked_in(claims.lineage(c)),
    "heavy": sorted(m for m in sys.modules if m.split(".")[0] in %r),
}))
""" % (HEAVY,)


def test_verifying_a_token_and_feed_imports_nothing_heavy(tmp_path):
    from legant_guard.delegation.keys import generate_private_key_pem, jwks_from_private_pem
    from legant_guard.delegation.mint import build_feed, mint_token
    import time

    pem = generate_private_key_pem()
    now = time.time()
    (tmp_path / "jwks.json").write_text(json.dumps(jwks_from_private_pem(pem, "k")))
    tok = mint_token(pem, "k", issuer="https://legant.local", audience="legant:claude-code", sub="user:a", actor="agent:b", scope="*", cnst=None, ttl_seconds=60, now=now)
    (tmp_path / "t.jwt").write_text(tok)
    (tmp_path / "feed.jwt").write_text(build_feed(pem, "k", issuer="https://legant.local", jtis=[], ver=1, ttl_seconds=60, now=now))
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "jwks.json"), str(tmp_path / "t.jwt"), str(tmp_path / "feed.jwt"), str(tmp_path / "state.json")],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout)
    assert result == {"provenance": "user:a -> agent:b", "revoked": None, "heavy": []}
