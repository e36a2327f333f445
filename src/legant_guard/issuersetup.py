"""`legant guard install --issuer URL --token-file T`: a guard dir for org mode.

The issuer (Legant's `legant serve`) holds the signing key, so this guard dir holds no key:
only a copy of the delegation token the issuer minted (`issuer.jwt`), the deny overlay, the
audit trail, the install record and `issuer.json` ({issuer, audience, jwks, feed}), from which
guarddir.hook_env writes the hook's environment (the JWKS and feed as the issuer's URLs,
hook/issuer.py). Install fetches both documents once and verifies the token against them,
so a wrong URL, a token of another issuer or a revoked token is refused before any agent
depends on it. Not on the hook path.
"""

import json
import os

from legant_guard import guarddir
from legant_guard.hook.issuer import WELL_KNOWN_FEED as FEED_PATH, WELL_KNOWN_JWKS as JWKS_PATH

ROLE = "issuer"  # the token file is issuer.jwt; its rules are the issuer's, not a local role's


def issuer_url(guard_dir):
    """The issuer's base URL when `guard_dir` is an org-mode setup (install --issuer), else None."""
    from legant_guard.hook.issuer import issuer_base

    try:
        record = guarddir.read_issuer_record(guard_dir) if guard_dir else None
    except guarddir.GuardDirError:
        return None
    return issuer_base(record["jwks"]) if record else None


def new_token_hint(base):
    """Where a different token comes from in org mode: the issuer mints them, this machine cannot."""
    return f"get one from the issuer ({base}), then `legant guard install --issuer {base} --token-file FILE`"


def judge_like_the_hook(info, guard_dir, project):
    """Correct a token description (show, the panel) for org mode: valid and revoked as the
    hook judges them, against the issuer's cached key set and feed (nothing fetched)."""
    from legant_guard.install.tokens import describe

    hook = describe(guarddir.hook_env(guard_dir, project, ROLE))["token"]
    info.update(valid=hook["valid"], error=hook.get("error"), revoked="revoked" in (hook.get("error") or ""))
    return info


def documents(url):
    """(jwks URL, feed URL) of an issuer's base URL."""
    base = url.rstrip("/")
    return base + JWKS_PATH, base + FEED_PATH


def setup(guard_dir, project, url, token_path, audience, env, now):
    """Verify the token against the issuer's live documents, then write the org-mode guard dir.
    Returns lines for people; raises guarddir.GuardDirError with what to fix."""
    from legant_guard.delegation.claims import format_time, lineage, provenance, verify_token
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.jws import decode_unverified
    from legant_guard.hook.issuer import IssuerMaterial, url_problem

    problem = url_problem(url)
    if problem:
        raise guarddir.GuardDirError(f"--issuer: {problem}")
    try:
        with open(token_path, encoding="utf-8") as f:
            token = f.read().strip()
        issuer = decode_unverified(token)[1].get("iss")
    except (OSError, UnicodeDecodeError) as e:
        raise guarddir.GuardDirError(f"--token-file {token_path}: cannot read it ({e})")
    except DelegationError as e:
        raise guarddir.GuardDirError(f"--token-file {token_path}: {e}")
    if not isinstance(issuer, str) or not issuer:
        raise guarddir.GuardDirError(f"--token-file {token_path}: the token names no issuer (`iss`)")
    jwks, feed_url = documents(url)
    try:
        material = IssuerMaterial(env, jwks, feed_url, issuer, now)
        claims = verify_token(token, material.keys_for(token), issuer, audience, now)
        feed = material.feed()
    except DelegationError as e:
        raise guarddir.GuardDirError(f"refused: the token cannot be verified against {url}: {e}")
    hit = feed.revoked_in(lineage(claims))
    if hit:
        raise guarddir.GuardDirError(f"refused: the token is revoked at the issuer (token id {hit} is on its feed)")
    guarddir.check_outside(guard_dir, project)
    guarddir.make_private_dirs(guard_dir)  # 0700 whatever the umask; refuses another user's folder
    guarddir.write_private(guarddir.token_file(guard_dir, ROLE), token + "\n")
    overlay = os.path.join(guard_dir, guarddir.OVERLAY_FILE)
    if not os.path.exists(overlay):
        guarddir.write_private(overlay, json.dumps({"deny_paths": [], "deny_cmds": [], "deny_hosts": [],
                                                    "deny_tools": []}, indent=2) + "\n")
    guarddir.write_private(os.path.join(guard_dir, guarddir.ISSUER_FILE), json.dumps(
        {"issuer": issuer, "audience": audience, "jwks": jwks, "feed": feed_url}, indent=2) + "\n")
    from legant_guard.hook import audit

    trail = os.path.join(guard_dir, guarddir.AUDIT_FILE)
    if not os.path.exists(trail + ".head"):
        audit.start(trail, started=False)  # `audit verify` reads a begun, empty trail as intact
    setup_file = os.path.join(guard_dir, guarddir.SETUP_FILE)
    if not os.path.exists(setup_file):  # the project relative overlay entries are anchored at
        guarddir.write_private(setup_file, json.dumps({"project": os.path.realpath(project), "issuer": issuer,
                                                       "audience": audience}, indent=2) + "\n")
    return [
        f"issuer: {issuer} (keys {jwks}, revocation feed {feed_url}, version {feed.ver})",
        f"token: {provenance(claims)}, scope {claims.get('scope')}, expires {format_time(claims['exp'])}",
    ]
