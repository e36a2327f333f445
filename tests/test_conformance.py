"""Legant's cross-language conformance vectors, run through legant-guard's verifier and feed code.

The vectors (tokens and feeds minted by Legant's Go issuer, the same file every Legant SDK
verifies) are test data of this repository: tests/conformance/vectors.json, with their origin
and version in the README next to it.

Runs every `verify`, `audienceCanonicalization` and `revocation` case. Of the `authorize`
section only the tokens are verified, on purpose: its verdicts exercise other resource
servers' constraints (amounts, categories, resource audiences of a finance API), not the
guard's tool-call rules.
"""

import json
import os
import time

import pytest

from legant_guard.delegation.claims import lineage, provenance, verify_token
from legant_guard.delegation.errors import DelegationError
from legant_guard.delegation.feed import check_rollback, record_version, verify_feed
from legant_guard.delegation.jwks import parse_jwks

VECTORS_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conformance", "vectors.json")
with open(VECTORS_PATH) as _f:
    V = json.load(_f)

ISSUER, AUDIENCE = V["issuer"], V["audience"]
KEYS = parse_jwks(V["jwks"])


def _ids(cases):
    return [c["name"] for c in cases]


def test_vectors_are_the_copy_the_readme_names():
    import hashlib

    with open(VECTORS_PATH, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    with open(os.path.join(os.path.dirname(VECTORS_PATH), "README.md")) as f:
        assert digest in f.read(), "vectors.json changed: record its origin, version and SHA-256 in the README"


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
