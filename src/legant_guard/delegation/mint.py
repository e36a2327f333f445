"""Minting delegation tokens, attenuating them for sub-agents, and building revocation feeds.

Attenuation is where authority could leak, so every rule of WIRE_FORMAT.md is enforced
here and a request for more than the parent has is REFUSED with an AttenuationError that
names what was asked and what the parent has, never silently trimmed:
- scopes: a subset of the parent's (a `*` parent may grant explicit verbs);
- allow lists only narrow: `cmd:` / `host:` rules and cnst.tools intersect (two disjoint
  non-empty lists give the deny-all sentinel, never the empty "unrestricted" list; a
  child that restricts nothing inherits the parent's list); a narrowed `path:` root must
  lie inside one of the parent's roots (checked lexically and through symlinks);
- deny rules are inherited and may grow; unknown cnst keys (role, categories, ...) are copied;
- time windows in the same tz intersect; in different tz they are refused (Legant's
  issuer keeps the parent's window instead, which silently ignores the child's request;
  refusing is the choice that never surprises);
- the smaller rate and max_amount win; `tripwires` (catastrophic tripwires off) may only
  be dropped, never added;
- exp is clamped to the parent's, nbf never earlier than the parent's;
- the actor chain grows by one (the new agent outermost), at most 5 links, no agent twice;
- `anc` records every ancestor's jti (root first) so revoking any ancestor kills the child.
A per-dimension deny-all in cnst.resources is written as the tagged rule
"<tag>:\\u0000legant:deny-all" (e.g. "cmd:\\u0000legant:deny-all"); a bare sentinel (what
Legant's flat intersection produces) is copied and denies every resource dimension.
`cryptography` is imported lazily (keys.sign_jws); this is not on the hook path.
"""

import copy
import os

from legant_guard.delegation.claims import (
    ALLOW_TAGS,
    DENY_ALL,
    DENY_TAGS,
    SETUP_CLAIM,
    actor_chain,
    format_time,
    split_resource,
)
from legant_guard.delegation.errors import DelegationError
from legant_guard.delegation.keys import sign_jws

MAX_CHAIN = 5  # actors in the act chain, as Legant's DefaultMaxDepth
_GLOB_CHARS = "*?["


class AttenuationError(DelegationError):
    """A child token would be wider than its parent (or the request is malformed)."""


def new_jti() -> str:
    """32 lowercase hex characters (16 random bytes), like Legant's token ids."""
    return os.urandom(16).hex()


def _scope_list(scope, error=DelegationError):
    """Scopes from a string split on spaces and commas (`fs.read,fs.write`, as Legant's Go
    guard reads --scopes), or from a list."""
    items = scope.replace(",", " ").split() if isinstance(scope, str) else list(scope or ())
    out = []
    for s in items:
        if not isinstance(s, str) or not s or any(ch.isspace() for ch in s):
            raise error(f"invalid scope {s!r}: a scope is one word such as fs.read")
        if s not in out:
            out.append(s)
    if "*" in out:
        return ["*"]
    if not out:
        raise error("no scopes requested: a token must grant at least one capability")
    return out


def _strings(values, what):
    if isinstance(values, str):
        values = [values]
    out = []
    for v in values or ():
        if not isinstance(v, str) or not v or v == DENY_ALL or "\x00" in v:
            raise AttenuationError(f"invalid {what} {v!r}")
        if v not in out:
            out.append(v)
    return out


def mint_token(pem, kid, *, issuer, audience, sub, actor, scope, cnst, ttl_seconds, now, nbf=None, extra=None) -> str:
    """A root delegation token: `sub` (the human) delegates `scope` under `cnst` to `actor`.
    `extra`: further claims (the local setup's `setup_record` mark, see setuprecord.SETUP_CLAIM)."""
    if not isinstance(sub, str) or not sub:
        raise DelegationError("a token needs a subject (sub), e.g. user:alice")
    if not isinstance(actor, str) or not actor:
        raise DelegationError("a token needs an actor (the agent), e.g. agent:builder")
    if not isinstance(ttl_seconds, (int, float)) or ttl_seconds <= 0:
        raise DelegationError("the token lifetime (ttl) must be positive")
    if cnst is not None and not isinstance(cnst, dict):
        raise DelegationError("constraints (cnst) must be an object")
    claims = {
        "iss": issuer,
        "sub": sub,
        "aud": [audience] if isinstance(audience, str) else list(audience),
        "exp": int(now + ttl_seconds),
    }
    if nbf is not None:
        claims["nbf"] = int(nbf)
    claims.update(
        {
            "iat": int(now),
            "jti": new_jti(),
            "scope": " ".join(_scope_list(scope)),
            "act": {"sub": actor},
        }
    )
    if cnst:
        claims["cnst"] = copy.deepcopy(cnst)
    if extra:
        claims.update(extra)
    return sign_jws(pem, kid, claims)


# ---- allow-list narrowing -----------------------------------------------------------


def _has_glob(s):
    return any(ch in s for ch in _GLOB_CHARS)


def _name_within(child, parent):
    """Every name matched by `child` is matched by `parent` (exact names, `*` globs)."""
    from fnmatch import fnmatchcase

    if child == parent:
        return True
    if " " in child.strip() or " " in parent.strip():
        # Argument forms (hook/cmdforms.py: `npm ci {flags}`): fnmatch would let `npm *` (one
        # argument) take in `npm install left-pad`. A form lies within the same form, or
        # within a bare program pattern that allows every argument of that program.
        child_program, parent_words = child.split()[0] if child.split() else "", parent.split()
        return len(parent_words) == 1 and _name_within(child_program, parent_words[0])
    if not _has_glob(parent):
        return False
    if not _has_glob(child):
        return fnmatchcase(child, parent)
    # two patterns: only the simple "prefix*" parent is provably wider
    return parent.endswith("*") and not _has_glob(parent[:-1]) and child.startswith(parent[:-1])


def _host_parts(h):
    h = h.lower().rstrip(".")
    if h.startswith("*."):
        return True, h[2:]
    return False, h


def _host_within(child, parent):
    """Every host matched by rule `child` is matched by rule `parent` (subdomains included)."""
    c_wild, c = _host_parts(child)
    p_wild, p = _host_parts(parent)
    if c == p:
        return c_wild or not p_wild
    return c.endswith("." + p)


def _intersect(parent, asked, within):
    """Allow-list intersection: empty = unrestricted, disjoint -> [DENY_ALL], never []."""
    if not asked:
        return list(parent)
    if not parent:
        return list(asked)
    if DENY_ALL in parent:
        return [DENY_ALL]
    out = [a for a in asked if any(within(a, p) for p in parent)]
    out += [p for p in parent if p not in out and any(within(p, a) for a in asked)]
    return out or [DENY_ALL]


def _norm_path(p):
    if p.startswith("~"):
        p = os.path.expanduser(p)
    return os.path.normpath(p)


def _lexically_inside(child, parent):
    if parent == "/" or parent == ".":
        return child.startswith("/") if parent == "/" else not (child == ".." or child.startswith("../"))
    return child == parent or child.startswith(parent + "/")


def _path_within(child, parent):
    """Root `child` lies inside root `parent`: lexically, and through symlinks when absolute."""
    if _has_glob(parent):
        return child == parent
    if _has_glob(child):
        first = min(child.index(ch) for ch in _GLOB_CHARS if ch in child)
        child = child[:first].rpartition("/")[0] or ("/" if child.startswith("/") else ".")
    c, p = _norm_path(child), _norm_path(parent)
    if os.path.isabs(c) != os.path.isabs(p):
        return False  # a relative root depends on the session's directory: cannot be proven
    if not _lexically_inside(c, p):
        return False
    if os.path.isabs(c):
        # a symlink inside the parent's root must not lead the child's root out of it
        return _lexically_inside(os.path.realpath(c), os.path.realpath(p))
    return True


def _narrow_paths(parent, asked):
    if not asked:
        return list(parent)
    if not parent:
        return list(asked)
    if DENY_ALL in parent:
        raise AttenuationError("the parent token allows no paths at all: a child cannot be given path roots")
    for a in asked:
        if not any(_path_within(a, p) for p in parent):
            raise AttenuationError(
                f"path root `{a}` is not inside the parent's path roots ({', '.join(parent)}): "
                "a child can only narrow them"
            )
    return list(asked)


# ---- other constraint dimensions -------------------------------------------------------


def _check_window(tw):
    if not isinstance(tw, dict):
        raise AttenuationError("time_window must be an object {weekdays, start_min, end_min, tz}")
    s, e = tw.get("start_min", 0), tw.get("end_min", 0)
    if not all(isinstance(x, int) and not isinstance(x, bool) and 0 <= x <= 1439 for x in (s, e)) or s > e:
        raise AttenuationError("time_window minutes must be 0..1439 with start_min <= end_min")
    days = tw.get("weekdays") or []
    if not isinstance(days, list) or not all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in days):
        raise AttenuationError("time_window weekdays must be numbers 0..6 (0 = Sunday)")
    if not isinstance(tw.get("tz", ""), str):
        raise AttenuationError("time_window tz must be an IANA time zone name")


def _tighten_window(parent, child):
    if child is None:
        return copy.deepcopy(parent)
    _check_window(child)
    if parent is None:
        return copy.deepcopy(child)
    if not isinstance(parent, dict):
        raise AttenuationError("the parent's time_window is malformed")
    p_tz, c_tz = parent.get("tz") or "UTC", child.get("tz") or "UTC"
    if p_tz != c_tz:
        raise AttenuationError(
            f"the requested time window is in `{c_tz}` but the parent's is in `{p_tz}`: "
            f"windows in different time zones cannot be intersected; ask for one in `{p_tz}`"
        )
    p_days, c_days = parent.get("weekdays") or [], child.get("weekdays") or []
    if not p_days or not c_days:
        days = list(p_days or c_days)
    else:
        days = [d for d in p_days if d in c_days and d >= 0] or [-1]  # -1: no day at all
    out = {
        "start_min": max(parent.get("start_min", 0), child.get("start_min", 0)),
        "end_min": min(parent.get("end_min", 0), child.get("end_min", 0)),
    }
    if days:
        out["weekdays"] = days
    if parent.get("tz"):
        out["tz"] = parent["tz"]
    return out


def _smaller(parent, child, what):
    if child is None:
        return parent
    if not isinstance(child, (int, float)) or isinstance(child, bool) or child < 0:
        raise AttenuationError(f"{what} must be a non-negative number")
    if parent is None:
        return child
    return min(parent, child)


def _tighten_cnst(pc, *, paths, cmds, hosts, tools, denies, time_window, max_per_hour, max_amount, tripwires_on):
    handled = ("max_amount", "tools", "resources", "time_window", "rate", "tripwires")
    out = {}
    amount = _smaller(pc.get("max_amount"), max_amount, "max_amount")
    if amount is not None:
        out["max_amount"] = amount
    parent_tools = pc.get("tools") or []
    t = _intersect(parent_tools, tools, _name_within)
    if t:
        out["tools"] = t

    by_tag, untagged = {}, []
    for r in pc.get("resources") or []:
        tag, value = split_resource(r)
        if tag:
            by_tag.setdefault(tag, []).append(value)
        else:
            untagged.append(r)  # URL audiences, a bare deny-all sentinel: kept exactly
    if DENY_ALL in untagged:  # Legant's flat intersection closed every allow dimension
        for tag in ALLOW_TAGS:
            by_tag[tag] = [DENY_ALL]
    resources = []
    resources += ["path:" + v for v in _narrow_paths(by_tag.get("path", []), paths)]
    resources += ["cmd:" + v for v in _intersect(by_tag.get("cmd", []), cmds, _name_within)]
    resources += ["host:" + v for v in _intersect(by_tag.get("host", []), hosts, _host_within)]
    for tag in DENY_TAGS:
        merged = list(by_tag.get(tag, []))
        merged += [d for d in denies[tag] if d not in merged]
        resources += [tag + ":" + v for v in merged]
    if DENY_ALL in untagged:  # the bare sentinel already closes them: no tagged copies
        resources = [r for r in resources if r not in [t + ":" + DENY_ALL for t in ALLOW_TAGS]]
    resources += untagged
    if resources:
        out["resources"] = resources

    tw = _tighten_window(pc.get("time_window"), time_window)
    if tw is not None:
        out["time_window"] = tw
    p_rate = pc.get("rate")
    p_max = p_rate.get("max_per_hour") if isinstance(p_rate, dict) else None
    rate = _smaller(p_max, max_per_hour, "max_per_hour")
    if rate is not None:
        out["rate"] = {"max_per_hour": rate}
    if "tripwires" in pc and not tripwires_on:
        out["tripwires"] = copy.deepcopy(pc["tripwires"])
    for k, v in pc.items():
        if k not in handled:
            out[k] = copy.deepcopy(v)
    return out


def attenuate(
    parent_claims,
    pem,
    kid,
    *,
    agent,
    scopes,
    now,
    ttl_seconds=None,
    narrow_paths=(),
    narrow_cmds=(),
    narrow_hosts=(),
    narrow_tools=(),
    deny_paths=(),
    deny_cmds=(),
    deny_hosts=(),
    deny_tools=(),
    time_window=None,
    max_per_hour=None,
    max_amount=None,
    tripwires_on=False,
) -> str:
    """Mint a child of `parent_claims` (verified claims) for `agent`, never wider than the parent."""
    p = parent_claims
    if not isinstance(p, dict) or not isinstance(p.get("act"), dict):
        raise AttenuationError("the parent is not a delegation token (no `act` claim)")
    parent_jti = p.get("jti")
    if not isinstance(parent_jti, str) or not parent_jti:
        raise AttenuationError("the parent token has no `jti`: a child could not be revoked with it")
    p_exp = p.get("exp")
    if not isinstance(p_exp, (int, float)) or isinstance(p_exp, bool):
        raise AttenuationError("the parent token has no expiry")
    if now >= p_exp:
        raise AttenuationError(f"the parent token expired at {format_time(p_exp)}: mint a new parent first")

    chain = actor_chain(p)
    if not isinstance(agent, str) or not agent:
        raise AttenuationError("the child needs an agent name, e.g. agent:doc-writer")
    if agent in chain:
        raise AttenuationError(
            f"agent `{agent}` is already in the delegation chain ({' -> '.join(chain)}): "
            "the same agent may not appear twice"
        )
    if len(chain) + 1 > MAX_CHAIN:
        raise AttenuationError(
            f"the delegation chain would have {len(chain) + 1} links; at most {MAX_CHAIN} are allowed"
        )

    child_scopes = _scope_list(scopes, AttenuationError)
    p_scope = p.get("scope") if isinstance(p.get("scope"), str) else ""
    p_scopes = p_scope.split()
    if "*" not in p_scopes:
        extra = [s for s in child_scopes if s not in p_scopes]
        if extra:
            raise AttenuationError(
                f"asked for {' '.join(extra)} but the parent grants only {p_scope or '(nothing)'}: "
                "a child's scopes must be a subset of its parent's"
            )

    if ttl_seconds is None:
        exp = p_exp
    else:
        if not isinstance(ttl_seconds, (int, float)) or ttl_seconds <= 0:
            raise AttenuationError("the child's lifetime (ttl) must be positive")
        exp = min(int(now + ttl_seconds), p_exp)

    pc = p.get("cnst") or {}
    if not isinstance(pc, dict):
        raise AttenuationError("the parent's `cnst` claim is malformed")
    denies = {
        "deny-path": _strings(deny_paths, "deny path"),
        "deny-cmd": _strings(deny_cmds, "deny command"),
        "deny-host": _strings(deny_hosts, "deny host"),
        "deny-tool": _strings(deny_tools, "deny tool"),
    }
    cnst = _tighten_cnst(
        pc,
        paths=_strings(narrow_paths, "path root"),
        cmds=_strings(narrow_cmds, "command"),
        hosts=_strings(narrow_hosts, "host"),
        tools=_strings(narrow_tools, "tool"),
        denies=denies,
        time_window=time_window,
        max_per_hour=max_per_hour,
        max_amount=max_amount,
        tripwires_on=tripwires_on,
    )

    aud = p.get("aud")
    claims = {
        "iss": p.get("iss"),
        "sub": p.get("sub"),
        "aud": [aud] if isinstance(aud, str) else list(aud or []),
        "exp": exp,
    }
    p_nbf = p.get("nbf")
    if isinstance(p_nbf, (int, float)) and not isinstance(p_nbf, bool):
        claims["nbf"] = p_nbf
    anc = p.get("anc") if isinstance(p.get("anc"), list) else []
    claims.update(
        {
            "iat": int(now),
            "jti": new_jti(),
            "scope": " ".join(child_scopes),
            "act": {"sub": agent, "act": copy.deepcopy(p["act"])},
        }
    )
    if cnst:
        claims["cnst"] = cnst
    if p.get(SETUP_CLAIM) is True:  # a child of a local setup's token keeps its mark (setuprecord)
        claims[SETUP_CLAIM] = True
    claims["anc"] = list(anc) + [parent_jti]
    return sign_jws(pem, kid, claims)


def build_feed(pem, kid, *, issuer, jtis, ver, ttl_seconds, now) -> str:
    """A signed revocation feed listing `jtis` (sorted) at version `ver`."""
    if not isinstance(ver, int) or isinstance(ver, bool) or ver < 0:
        raise DelegationError("the feed version must be a non-negative integer")
    if not isinstance(ttl_seconds, (int, float)) or ttl_seconds <= 0:
        raise DelegationError("the feed lifetime (ttl) must be positive")
    ids = sorted({j for j in jtis})
    if not all(isinstance(j, str) and j for j in ids):
        raise DelegationError("revoked token ids must be non-empty strings")
    claims = {"iss": issuer, "iat": int(now), "exp": int(now + ttl_seconds), "ver": ver, "jtis": ids}
    return sign_jws(pem, kid, claims)
