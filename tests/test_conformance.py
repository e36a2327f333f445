"""Legant's cross-language conformance vectors, run through legant-guard's verifier and feed code.

The vectors (tokens and feeds minted by Legant's Go issuer) are the Legant project's data:
they are read from where they live and never copied into this repository. Looked up at
$LEGANT_CONFORMANCE_VECTORS, else <repo>/../shared/conformance/vectors.json (for a git
worktree, also beside the main checkout); the module is skipped when none exists.

Runs every `verify`, `audienceCanonicalization` and `revocation` case. The `authorize`
section is skipped on purpose: it exercises other resource servers' constraints (amounts,
categories, resource audiences of a finance API), not the guard's tool-call rules.
"""

import json
import os
import time

import pytest

from legant_guard.delegation.claims import lineage, provenance, verify_token
from legant_guard.delegation.errors import DelegationError
from legant_guard.delegation.feed import check_rollback, record_version, verify_feed
from legant_guard.delegation.jwks import parse_jwks

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _candidates():
    env = os.environ.get("LEGANT_CONFORMANCE_VECTORS")
    if env:
        yield env
        return
    rel = os.path.join("shared", "conformance", "vectors.json")
    yield os.path.join(os.path.dirname(REPO), rel)
    # a git worktree: `.git` is a file "gitdir: <main>/.git/worktrees/<name>"
    try:
        with open(os.path.join(REPO, ".git")) as f:
            gitdir = f.read().strip().partition("gitdir:")[2].strip()
        main_checkout = os.path.dirname(os.path.dirname(os.path.dirname(gitdir)))
        yield os.path.join(os.path.dirname(main_checkout), rel)
    except OSError:
        pass


def _load():
    for path in _candidates():
        if os.path.isfile(path):
            with open(path) as f:
                return path, json.load(f)
    return None, None


VECTORS_PATH, V = _load()
if V is None:
    pytest.skip("Legant conformance vectors not found (set LEGANT_CONFORMANCE_VECTORS)", allow_module_level=True)

ISSUER, AUDIENCE = V["issuer"], V["audience"]
KEYS = parse_jwks(V["jwks"])


def _ids(cases):
    return [c["name"] for c in cases]


def test_vectors_have_the_sections_this_file_runs():
    assert V["verify"] and V["audienceCanonicalization"] and V["revocation"]


@pytest.mark.parametrize("case", V["verify"], ids=_ids(V["verify"]))
def test_verify_vector(case):
    if case["valid"]:
        claims = verify_token(case["token"], KEYS, ISSUER, AUDIENCE, time.time())
        if "provenance" in case:
            assert provenance(claims) == case["provenance"]
    else:
        with pytest.raises(DelegationError) as e:
            verify_token(case["token"], KEYS, ISSUER, AUDIENCE, time.time())
        if case.get("errorContains"):
            assert case["errorContains"] in str(e.value)


@pytest.mark.parametrize("case", V["audienceCanonicalization"], ids=_ids(V["audienceCanonicalization"]))
def test_audience_canonicalization_vector(case):
    if case["valid"]:
        verify_token(case["token"], KEYS, ISSUER, case["configuredAudience"], time.time())
    else:
        with pytest.raises(DelegationError, match="audience"):
            verify_token(case["token"], KEYS, ISSUER, case["configuredAudience"], time.time())


R = V["revocation"]


def test_revocation_feed_vector_revokes_exactly_the_revoked_token():
    now = time.time()
    feed = verify_feed(R["feed"], KEYS, ISSUER, now)
    revoked = verify_token(R["revokedToken"], KEYS, ISSUER, AUDIENCE, now)
    live = verify_token(R["liveToken"], KEYS, ISSUER, AUDIENCE, now)
    assert revoked["jti"] == R["revokedJti"] and live["jti"] == R["liveJti"]
    assert feed.revoked_in(lineage(revoked)) == R["revokedJti"]
    assert feed.revoked_in(lineage(live)) is None


def test_revocation_rollback_vector_is_refused(tmp_path):
    now = time.time()
    state = tmp_path / "feed-state.json"
    feed = verify_feed(R["feed"], KEYS, ISSUER, now)
    check_rollback(state, ISSUER, feed.ver)
    record_version(state, ISSUER, feed.ver)
    old = verify_feed(R["feedRollback"], KEYS, ISSUER, now)  # validly signed, only older
    assert old.ver < feed.ver
    with pytest.raises(DelegationError, match="rolled back"):
        check_rollback(state, ISSUER, old.ver)


def test_revocation_newer_feed_vector_is_accepted(tmp_path):
    now = time.time()
    state = tmp_path / "feed-state.json"
    record_version(state, ISSUER, verify_feed(R["feed"], KEYS, ISSUER, now).ver)
    newer = verify_feed(R["feedNewer"], KEYS, ISSUER, now)
    check_rollback(state, ISSUER, newer.ver)
    record_version(state, ISSUER, newer.ver)
    assert json.loads(state.read_text()) == {ISSUER: newer.ver}
    assert not newer.is_revoked(R["revokedJti"])  # the newer feed un-revoked it


def test_authorize_section_tokens_verify_but_their_verdicts_are_not_ours():
    # Only the token layer: amounts/categories/resources are other resource servers' rules.
    for case in V.get("authorize", []):
        verify_token(case["token"], KEYS, ISSUER, AUDIENCE, time.time())
