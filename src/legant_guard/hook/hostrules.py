"""A call's host against the token's host rules: deny-host first (a denied host is denied
whatever the allow-list says), then the allow-list. Loaded only for calls that fetch.
"""

from legant_guard.hook.model import deny
from legant_guard.hook.policy import DENY_ALL


def host_matches(host, rule, deny_side):
    """`host` is canonical (hosts.canonical_host); the rule is put in the same form before comparing."""
    from legant_guard.hook.hosts import canonical_host

    rule = rule.strip().lower()
    wildcard = rule.startswith("*.")
    rule = canonical_host(rule[2:] if wildcard else rule) or rule.rstrip(".")
    if wildcard:
        base = rule
        if deny_side and host == base:
            return True
        return host.endswith("." + base)
    return host == rule or host.endswith("." + rule)


def check_host(policy, action):
    host = (action.host or "").lower().rstrip(".")
    for rule in policy.deny_hosts:
        if host and host_matches(host, rule, True):
            return deny(f"host {host} is denied by deny-host {rule}", "deny-host")
    if policy.hosts:
        if not host:
            return deny(f"`{action.tool}` has no host to check against the token's host allow-list", "hosts")
        if DENY_ALL in policy.hosts or not any(host_matches(host, r, False) for r in policy.hosts):
            return deny(f"host {host} is not on the host allow-list ({', '.join(policy.hosts)})", "hosts")
    return None
