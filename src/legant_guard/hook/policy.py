"""A token's rules, read once from its claims into lists the engine can test quickly.

Pure: no I/O. The guard's rules ride in `cnst.resources` as tagged strings (WIRE_FORMAT.md):
allow `path:`, `cmd:`, `host:`; deny `deny-path:`, `deny-cmd:`, `deny-host:`, `deny-tool:`.
Untagged resources belong to other Legant resource servers and are ignored here.
"""

from itertools import repeat

DENY_ALL = "\u0000legant:deny-all"

_TAGS = {  # the tag before a resource's first colon -> the Policy list it goes to
    "path": "paths",
    "cmd": "cmds",
    "host": "hosts",
    "deny-path": "deny_paths",
    "deny-cmd": "deny_cmds",
    "deny-host": "deny_hosts",
    "deny-tool": "deny_tools",
}
_LISTS = {name: tag for tag, name in _TAGS.items()}
_OVERLAID = frozenset(("deny_paths", "deny_cmds", "deny_hosts", "deny_tools"))  # (the overlay only denies)
_DENY_ALL_TAGS = frozenset(("path", "cmd", "host"))  # (a bare DENY_ALL narrows each of them to nothing)


def _tagged(resources, tag, lines):
    """The values of the resources tagged `tag` (`cmd:make` -> `make`), in the token's order.
    `lines`: the resources as one text, a line each (_lines), or None. The text is split at each
    line that starts with the tag, in C, so the other tags' entries cost no step at all (a
    str.startswith per entry and tag, in C too, cost more than the loop it replaced: each call
    parses its arguments). A bare DENY_ALL stands in the allow lists where it stands in the token."""
    prefix = tag + ":"
    if lines is None or (tag in _DENY_ALL_TAGS and DENY_ALL in resources):
        cut = len(prefix)
        stands = DENY_ALL if tag in _DENY_ALL_TAGS else None
        return [r if r == stands else r[cut:] for r in resources if r == stands or r[:cut] == prefix]
    # (a chunk ends at its line's break, or where the next such entry begins: that split took the break)
    return [chunk.partition("\n")[0] for chunk in lines.split("\n" + prefix)[1:]]


def _lines(resources):
    """"\nR1\nR2\n…\n", or None when an entry holds a line break of its own (no line would
    then be one entry)."""
    text = "\n" + "\n".join(resources) + "\n"
    return text if text.count("\n") == len(resources) + 1 else None


# Characters that make a command entry's program word a pattern (paths.wildcard_match) rather
# than a name compared as it is.
_PATTERN_SET = frozenset("*?[\\(")


def _literal_prefix(pattern):
    """The characters of a command pattern before its first wildcard (paths.wildcard_match reads
    a backslash as itself; `(` is cut too, as the pattern characters are)."""
    for k, c in enumerate(pattern):
        if c in _PATTERN_SET:
            return pattern[:k]
    return pattern


class Policy:
    """Allow lists (empty = no restriction; containing DENY_ALL = nothing allowed) and deny lists."""

    __slots__ = ("scope", "paths", "cmds", "hosts", "tools", "deny_paths", "deny_cmds", "deny_hosts", "deny_tools",
                 "time_window", "destructive_tripwires", "role", "_path_rules", "_cmd_index", "_deny_cmd_index",
                 "_cmd_entries", "_resources", "_overlay", "_lines")

    def __init__(self, claims, overlay=None):
        scope = claims.get("scope") or ""
        self.scope = frozenset(scope.split()) if isinstance(scope, str) else frozenset()
        cnst = claims.get("cnst") or {}
        if not isinstance(cnst, dict):
            cnst = {}
        resources = cnst.get("resources") or []
        resources = resources if isinstance(resources, list) else []
        if not all(map(isinstance, resources, repeat(str))):  # (in C: most tokens hold only strings)
            resources = [r for r in resources if isinstance(r, str)]
        self._resources = resources
        self._lines = False  # (made by the first list asked for: _lines)
        self._overlay = overlay or {}
        tools = cnst.get("tools") or []
        self.tools = [t for t in tools if isinstance(t, str)] if isinstance(tools, list) else [DENY_ALL]
        window = cnst.get("time_window")
        self.time_window = window if window else None
        self.destructive_tripwires = cnst.get("tripwires") != "catastrophic"
        self.role = cnst.get("role") if isinstance(cnst.get("role"), str) else ""
        self._path_rules = None
        self._cmd_index = self._deny_cmd_index = self._cmd_entries = None

    def __getattr__(self, name):
        """A rule list (`cmds`, `deny_paths` ...) read from the resources on first use: a token
        carries hundreds of `cmd:` entries that a Read never looks at, and splitting them all up
        front was a fifth of a Read's work. Only called while the slot is unset."""
        tag = _LISTS.get(name)
        if tag is None:
            raise AttributeError(name)
        if self._lines is False:
            self._lines = _lines(self._resources)
        value = _tagged(self._resources, tag, self._lines) + \
            list(self._overlay.get(name, ()) if name in _OVERLAID else ())
        setattr(self, name, value)
        return value

    def path_rules(self, project, home):
        """(deny RuleSet, allow RuleSet on the roots' physical locations), built once per call:
        a call with thousands of path operands must not rebuild them per operand."""
        key = (project, home)
        if self._path_rules is None or self._path_rules[0] != key:
            from legant_guard.hook.paths import PathRule, RuleSet

            deny = RuleSet([PathRule(s, project, home, fold=True) for s in self.deny_paths], fold=True)
            allow = []
            for source in self.paths:
                if source == DENY_ALL:
                    continue
                rule = PathRule(source, project, home)
                allow.append(rule if rule.glob else _physical_rule(rule, home))
            self._path_rules = (key, deny, RuleSet(allow, fold=False))
        return self._path_rules[1], self._path_rules[2]

    def allow_cmd_entries(self, name):
        """The command allow-list entries that can let program `name` run: those written for the
        name, then the patterns (`mvn*`) matching it, in the token's order. Worked out once per
        name per call: a long command line names hundreds of programs, each then tested against
        a handful of entries, not the whole list."""
        if self._cmd_entries is None:
            self._cmd_entries = ({}, {})
        known = self._cmd_entries[0].get(name)
        if known is None:
            from legant_guard.hook.paths import wildcard_match

            keys, patterns = self._indexed(self.cmds, "_cmd_index")
            # (a pattern's characters before its first wildcard must begin the name: one C call
            # rules out `mvn*` for `git`)
            known = [self.cmds[k] for k in _positions(keys, name)] + \
                [entry for _, entry, program, prefix in patterns
                 if name.startswith(prefix) and wildcard_match(program, name)]
            self._cmd_entries[0][name] = known
        return known

    def deny_cmd_entries(self, name):
        """The deny-cmd entries that can name program `name`, as (position, entry, is a form), in
        the token's order: the deny side ignores case (on macOS `CURL` finds /usr/bin/curl), so
        entries are looked up by the case-folded name, and a pattern counts if it matches the
        name as written or folded. Worked out once per name per call."""
        if self._cmd_entries is None:
            self._cmd_entries = ({}, {})
        known = self._cmd_entries[1].get(name)
        if known is None:
            from legant_guard.hook.paths import wildcard_match

            folded = name.casefold()
            keys, patterns = self._indexed(self.deny_cmds, "_deny_cmd_index", fold=True)
            named = [(k, self.deny_cmds[k], keys[k]) for k in _positions(keys, folded)]
            matching = [(position, entry, program) for position, entry, program, _ in patterns
                        if wildcard_match(program, name) or wildcard_match(program.casefold(), folded)]
            known = [(position, entry, " " in entry.strip()) for position, entry, _ in sorted(named + matching)]
            self._cmd_entries[1][name] = known
        return known

    def _indexed(self, entries, slot, fold=False):
        """(keys, patterns), built once per call and kept in `slot`: keys[k] is entry k's program
        word (case-folded with `fold`), None where that word is a pattern; patterns are
        (position, entry, program, its characters before the first wildcard) of those. A call
        names a few programs and a token carries hundreds of entries, so the entries of one name
        are found by scanning `keys` in C (_positions) rather than by building a dict of them all."""
        index = getattr(self, slot)
        if index is None:
            programs = [(entry.split(None, 1) or ("",))[0] for entry in entries]
            plain = _PATTERN_SET.isdisjoint
            pattern_at = [k for k, program in enumerate(programs) if not plain(program)]
            keys = [program.casefold() for program in programs] if fold else programs
            patterns = [(k, entries[k], programs[k], _literal_prefix(programs[k])) for k in pattern_at]
            for k in pattern_at:
                keys[k] = None
            index = (keys, patterns)
            setattr(self, slot, index)
        return index

    def grants(self, verb):
        return "*" in self.scope or verb in self.scope

    def has_cmd_rules(self):
        return bool(self.cmds or self.deny_cmds)

    def has_path_rules(self):
        return bool(self.paths or self.deny_paths)


def _positions(keys, name):
    """The positions of `name` in `keys`, in order (list.index scans in C)."""
    found = []
    k = -1
    try:
        while True:
            k = keys.index(name, k + 1)
            found.append(k)
    except ValueError:
        return found


def _physical_rule(rule, home):
    """An allow root anchored at its physical location (a root reached through a link is the
    folder the link points to), keeping the source as written for messages."""
    from legant_guard.hook.paths import PathRule, resolve

    physical = PathRule(resolve(rule.anchored, "/", home), "/", home, literal=True)  # a real path, never a pattern
    physical.source = rule.source
    return physical
