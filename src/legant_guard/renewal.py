"""Renewing a setup's role tokens (`legant guard renew` and the control panel's renew button).

A role token expires (8 hours by default) and then the hook refuses every call. Renewing
re-mints each role token of the setup from its role (a built-in one, or the role file
install recorded) with the same lifetime it had, signed by the same key, and re-signs the
revocation feed when it is expired or close to it, keeping every id it revokes. The key, the
overlay, the audit trail and the installed hooks are left as they are: the hooks read the
token file on every call, so the next call already uses the new token.
"""

import os
import time

from legant_guard import guarddir

DEFAULT_TTL_SECONDS = 8 * 3600
FEED_RENEW_BEFORE_SECONDS = 7 * 86400


class RenewError(Exception):
    """The setup cannot be renewed as asked; the message says what to do."""


def role_token_files(directory):
    """[(role name, path)] of the setup's token files (every *.jwt except the feed), sorted."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    return [(n[:-4], os.path.join(directory, n)) for n in names if n.endswith(".jwt") and n != guarddir.FEED_FILE]


def _claims(path):
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.jws import decode_unverified

    try:
        from legant_guard import safefile

        return decode_unverified(safefile.read_bytes(path, 64 * 1024).decode("utf-8").strip())[1]
    except (OSError, ValueError, DelegationError):
        return {}


def _lifetime(claims):
    exp, iat = claims.get("exp"), claims.get("iat")
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (exp, iat)) and exp > iat:
        return int(exp - iat)
    return DEFAULT_TTL_SECONDS


def _role_sources(directory):
    """{role name: role source} of the hooks install recorded (role files live elsewhere)."""
    from legant_guard.install.common import Record

    out = {}
    for hook in Record(directory).hooks.values():
        if isinstance(hook, dict) and hook.get("role") and hook.get("role_source"):
            out[hook["role"]] = hook["role_source"]
    return out


def _setup_project(directory):
    import json

    try:
        project = json.loads(guarddir.read_setup_bytes(directory)).get("project")
    except (OSError, ValueError, AttributeError):
        project = None
    if not isinstance(project, str) or not project:
        raise RenewError(f"{directory} has no readable {guarddir.SETUP_FILE}: run `legant guard init --dir {directory}` "
                         "(it keeps the key and the overlay)")
    return project


def renew(directory, ttl_seconds=None, roles=None, now=None):
    """Re-mint the role tokens (all, or `roles`); returns (renewed [(role, seconds)],
    skipped [(role, why)], feed note or None)."""
    from legant_guard.roles import BUILTIN_ROLES, RoleError

    now = time.time() if now is None else now
    if guarddir.read_issuer_record(directory):
        raise RenewError(f"{directory} is an org-mode setup: its token comes from the issuer. Get a fresh one "
                         "there, then `legant guard install --issuer URL --token-file FILE`")
    project = _setup_project(directory)
    from legant_guard.hook.trustbase import catalogue_problem

    problem = catalogue_problem(directory, project)  # the roles are minted from rules/: check all of it
    if problem:
        raise RenewError(f"not renewing: {problem}")
    sources = _role_sources(directory)
    tokens = role_token_files(directory)
    if roles:
        unknown = sorted(set(roles) - {name for name, _ in tokens})
        if unknown:
            raise RenewError(f"no token for role {', '.join(unknown)} in {directory}: "
                             f"`legant guard install --role {unknown[0]}` makes one")
        tokens = [(name, path) for name, path in tokens if name in roles]
    renewed, skipped = [], []
    for name, path in tokens:
        source = name if name in BUILTIN_ROLES else sources.get(name)
        if source is None:
            skipped.append((name, "not a role token install made (a child token, an issuer's token: renew it at the "
                                  "issuer, or a role file no install recorded)"))
            continue
        seconds = ttl_seconds or _lifetime(_claims(path))
        try:
            token = guarddir.mint_role_token(directory, project, source, seconds, now=now)
        except RoleError as e:
            skipped.append((name, str(e)))
            continue
        guarddir.write_private(path, token + "\n")
        renewed.append((name, seconds))
        skipped += _renew_subagents(directory, project, name, now)
    return renewed, skipped, _renew_feed(directory, now)


def _renew_subagents(directory, project, role, now):
    """Re-mint the sub-agent children of a renewed role token (theirs expire with the old
    parent's expiry); [(what, why)] of mappings that could not be renewed. A child that could
    not be re-minted stays a child of the old token, and the hook refuses it (a sub-agent's
    token must descend from the installed one), so the sub-agents are denied until it is."""
    from legant_guard import subagents
    from legant_guard.roles import RoleError

    try:
        mapping = subagents.recorded_mapping(directory, role)
        if mapping:
            subagents.mint_children(directory, project, role, mapping, now)
    except (subagents.SubagentError, RoleError, OSError, ValueError) as e:  # a role file gone: one line, no traceback
        return [(f"{role} sub-agent tokens", f"{e}; until they are minted again (`legant guard install "
                                               "--subagents ROLE`) every sub-agent call is denied")]
    return []


def _renew_feed(directory, now):
    """Re-sign the feed (its ids and every id the setup recorded as revoked, a higher version) when
    it is missing, unusable, older than a version this setup published (put back from an older
    copy), or expires within a week."""
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.feed import load_feed
    from legant_guard.delegation.jwks import load_jwks
    from legant_guard.ops import revocation

    path = os.path.join(directory, guarddir.FEED_FILE)
    try:
        feed = load_feed(path, load_jwks(os.path.join(directory, guarddir.JWKS_FILE)), guarddir.ISSUER, now)
        if feed.exp - now > FEED_RENEW_BEFORE_SECONDS and not revocation.behind(directory):
            return None
    except DelegationError:
        pass
    warnings = []
    try:
        ver, ids, _ = revocation.revoke_ids(directory, now=now, warnings=warnings)
    except revocation.FeedCorrupt as e:
        raise RenewError(str(e))
    note = f"feed re-signed (version {ver}, {len(ids)} revoked id(s) kept, valid {guarddir.FEED_TTL_SECONDS // 86400} days)"
    return "\n".join([note] + [f"warning: {w}" for w in warnings])
