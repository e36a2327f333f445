"""What a token says and what it denies, for `guard show`, `guard allow`, the panel and the demo."""

import os
import time


def describe_token(token, jwks_path, issuer, audience, feed_path=None, now=None):
    """Everything `show` prints, as a dict (valid, error, revoked, provenance, scope, exp, ...)."""
    from legant_guard.delegation.claims import lineage, provenance, verify_token
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.jwks import load_jwks
    from legant_guard.delegation.jws import decode_unverified
    from legant_guard.hook.policy import Policy

    now = time.time() if now is None else now
    out = {"valid": False, "error": None, "revoked": None}
    try:
        header, claims = decode_unverified(token)
    except DelegationError as e:
        out["error"] = f"not a token: {e}"
        return out
    keys = None
    try:
        keys = load_jwks(jwks_path)
        verify_token(token, keys, issuer, audience, now)
        out["valid"] = True
    except DelegationError as e:
        out["error"] = str(e)
    if feed_path and keys is not None and os.path.exists(feed_path):
        from legant_guard.delegation.feed import load_feed

        try:
            feed = load_feed(feed_path, keys, issuer, now)
            out["revoked"] = any(j in feed.jtis for j in lineage(claims))
        except DelegationError as e:
            out["revoked"] = None
            out["feed_error"] = str(e)
    policy = Policy(claims)
    try:
        out["provenance"] = provenance(claims)
    except Exception:
        out["provenance"] = str(claims.get("sub", ""))
    cnst = claims.get("cnst") if isinstance(claims.get("cnst"), dict) else {}
    out.update({
        "kid": header.get("kid"),
        "issuer": claims.get("iss"),
        "audience": claims.get("aud"),
        "subject": claims.get("sub"),
        "jti": claims.get("jti"),
        "role": cnst.get("role"),
        "toolchains": cnst.get("toolchains") if isinstance(cnst.get("toolchains"), list) else None,
        "relative_to": cnst.get("relative_to"),
        "scope": claims.get("scope"),
        "allow": {"paths": policy.paths, "cmds": policy.cmds, "hosts": policy.hosts},
        "deny": {"paths": policy.deny_paths, "cmds": policy.deny_cmds, "hosts": policy.deny_hosts,
                 "tools": policy.deny_tools},
        "tools": policy.tools,
        "time_window": policy.time_window,
        "tripwires": "catastrophic only" if not policy.destructive_tripwires else "all",
        "iat": claims.get("iat"),
        "nbf": claims.get("nbf"),
        "exp": claims.get("exp"),
        "ancestors": claims.get("anc", []),
    })
    from legant_guard.portability import non_portable_rules

    out["not_portable"] = [{"rule": rule, "why": why} for rule, why in non_portable_rules(policy)]
    return out


_VERB_OF = {"deny_cmds": "shell.exec", "deny_hosts": "net.fetch"}


def token_denial(claims, key, value, project, home, deny_rules_only=False):
    """Why the token itself denies `value` (an overlay key's kind of entry), or None.

    Asks the hook's own engine (same matching: case folding on the deny side, canonical
    hosts, resolved paths), so this answer can never drift from what `guard check` does.
    `deny_rules_only`: look only at the token's explicit deny rules, not at what its allow
    lists and capabilities leave out (used when every token of the setup is checked, since
    e.g. the reviewer token grants no shell at all).
    """
    from legant_guard.hook import engine
    from legant_guard.hook.paths import is_glob
    from legant_guard.hook.policy import Policy

    policy = Policy(claims)
    if deny_rules_only:
        policy.paths, policy.cmds, policy.hosts, policy.tools = [], [], [], []
    verb = _VERB_OF.get(key)
    if verb and not deny_rules_only and not policy.grants(verb):
        return f"it does not grant {verb} (capabilities: {' '.join(sorted(policy.scope)) or 'none'})"
    if key == "deny_cmds":
        decision = engine.command_denial(policy, value)
    elif key == "deny_hosts":
        decision = engine.host_denial(policy, value)
    elif key == "deny_tools":
        decision = engine.tool_denial(policy, value)
    elif key == "deny_paths" and not is_glob(value):
        decision = engine.path_denial(policy, value, project, home)
    else:
        decision = None
    return decision.reason if decision is not None and not decision.allow else None
