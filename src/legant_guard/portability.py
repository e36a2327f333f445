"""Which of a token's rules Legant's Go guard would read differently.

Tokens, key sets and feeds verify in both guards, but some rule forms are understood by this
guard only: the Go guard compares path rules as plain paths (a glob such as `**/.env` or a
`~/.ssh` home form is a literal file name there), tool rules as exact names (`mcp__x__*` is
literal), and host rules as a domain and its subdomains (`*.example.com` is literal). A token
carrying such rules still verifies under the Go hook, but those rules would not protect what
they say. `guard show` reports them, so a token shared with the Go guard is not trusted for
more than it gives there. Portable forms: absolute paths (roles anchor project paths when they
are minted), plain command names, plain host names, exact tool names.
"""

_GLOB = frozenset("*?[")
_HOME_FORMS = ("~", "$HOME", "${HOME}")


def _path_problem(value):
    if value.startswith(_HOME_FORMS):
        return "a home-relative path (the Go guard does not expand ~ or $HOME)"
    if any(c in _GLOB for c in value):
        return "a glob (the Go guard compares paths literally)"
    if not value.startswith("/"):
        return "a relative path (the Go guard resolves it against the agent's working directory)"
    return None


def non_portable_rules(policy):
    """[(rule as written in the token, why the Go guard reads it differently)] for a hook Policy."""
    out = []
    for tag, values in (("path", policy.paths), ("deny-path", policy.deny_paths)):
        for v in values:
            why = _path_problem(v) if v != "\x00legant:deny-all" else None
            if why:
                out.append((f"{tag}:{v}", why))
    for tag, values in (("cmd", policy.cmds), ("deny-cmd", policy.deny_cmds)):
        out += [(f"{tag}:{v}", "a glob (the Go guard compares command names literally)")
                for v in values if any(c in _GLOB for c in v)]
    for v in list(policy.tools) + list(policy.deny_tools):
        if any(c in _GLOB for c in v):
            out.append((f"tool:{v}", "a glob (the Go guard compares tool names literally)"))
    for tag, values in (("host", policy.hosts), ("deny-host", policy.deny_hosts)):
        out += [(f"{tag}:{v}", "a wildcard host (the Go guard matches a domain and its subdomains, no `*.`)")
                for v in values if "*" in v]
    return out
