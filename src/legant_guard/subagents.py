"""Sub-agents get less, automatically: child tokens minted at install, chosen by the hook.

`legant guard install --subagents ROLE` (every sub-agent) and `--subagent TYPE=ROLE` (one
sub-agent type) mint, per mapping, a child of the installed role's token: attenuated by the
delegation library (scopes a subset, allow lists intersected, denials added, expiry clamped,
the sub-agent appended to the `act` chain), so a child is never wider than its parent and
revoking the parent revokes it. The children and a small map (`subagents-<role>.json`) live in
the guard dir; the hook reads the map only for a call an agent marks as a sub-agent's
(Claude Code and Codex: `agent_id`/`agent_type` in the event; opencode: the plugin marks calls
of child sessions) and then judges the call by the child token for its type, else by the
`*` child. Not on the hook path except `choose_token`.
"""

import os

MAP_PREFIX = "subagents-"
ANY = "*"
SPAWN = "agent.spawn"
_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


class SubagentError(Exception):
    """A mapping cannot be honoured; the message says what to change."""


def map_path(guard_dir, role):
    return os.path.join(guard_dir, f"{MAP_PREFIX}{role}.json")


def parse_mappings(every=None, per_type=()):
    """{type: role} from --subagents ROLE and --subagent TYPE=ROLE values."""
    mapping = {}
    if every:
        mapping[ANY] = every
    for item in per_type:
        kind, sep, role = item.partition("=")
        kind, role = kind.strip(), role.strip()
        if not sep or not kind or not role:
            raise SubagentError(f"--subagent {item!r}: write TYPE=ROLE, e.g. --subagent Explore=reviewer")
        if not set(kind) <= _SAFE:
            raise SubagentError(f"--subagent {item!r}: a sub-agent type is letters, digits, '.', '_' or '-'")
        if kind in mapping:
            raise SubagentError(f"--subagent: type {kind} is mapped twice")
        mapping[kind] = role
    return mapping


def spawning_scope(scope):
    """The installed role's scope once sub-agents are mapped: it may start them (agent.spawn),
    because each sub-agent's calls are judged by its own child token, never by this one."""
    verbs = scope.split()
    return scope if "*" in verbs or SPAWN in verbs else " ".join(verbs + [SPAWN])


def _read_private(path, max_bytes):
    """A file of the guard dir (the map, a token), opened as safefile opens the guard's files: never
    through a symlink, a regular file of ours that nobody else may write (red team 39: the map, which
    picks the token that decides a sub-agent's calls, was opened with a plain open())."""
    from legant_guard import safefile

    data = safefile.read_bytes(path, max_bytes)
    if len(data) > max_bytes:
        raise ValueError(f"{path} is larger than {max_bytes} bytes")
    return data


def _file_name(kind, role):
    label = "any" if kind == ANY else kind
    return f"subagent-{role}-{label}.jwt"


def mint_children(guard_dir, project, parent_role, mapping, now):
    """Mint one child of `parent_role`'s token per mapping and write the map; returns lines to print."""
    import json

    from legant_guard import guarddir
    from legant_guard.delegation.claims import split_resource, verify_token
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.jwks import load_jwks
    from legant_guard.delegation.mint import attenuate
    from legant_guard.roles import BUILTIN_ROLES, compile_role, load_role

    parent_file = guarddir.token_file(guard_dir, parent_role)
    parent_token = _read_private(parent_file, 64 * 1024).decode("utf-8").strip()
    keys = load_jwks(os.path.join(guard_dir, guarddir.JWKS_FILE))
    try:
        parent = verify_token(parent_token, keys, guarddir.ISSUER, guarddir.AUDIENCE, now)
    except DelegationError as e:
        raise SubagentError(f"the installed {parent_role} token is not valid ({e}); run `legant guard install` again")
    parent_scopes = set(parent.get("scope", "").split())
    if guarddir.is_user_wide(guard_dir):
        project = None  # `install --user`: the parent's paths are project-relative, so are the children's
    entries, lines = {}, []
    for kind, role_name in sorted(mapping.items()):
        role = load_role(role_name)
        scope, cnst = compile_role(role, project)
        asked = set(scope.split())
        scopes = sorted(asked if "*" in parent_scopes else (parent_scopes if "*" in asked else asked & parent_scopes))
        if not scopes:
            raise SubagentError(f"sub-agent role {role['name']} shares no capability with the installed role "
                                f"{parent_role}: a child can only narrow its parent")
        lists = {"path": [], "cmd": [], "host": [], "deny-path": [], "deny-cmd": [], "deny-host": [], "deny-tool": []}
        for rule in cnst.get("resources", []):
            tag, value = split_resource(rule)
            if tag in lists:
                lists[tag].append(value)
        label = "every sub-agent" if kind == ANY else f"sub-agent type {kind}"
        try:
            token = attenuate(
                parent, guarddir.load_key(guard_dir), guarddir.KID,
                agent=f"agent:subagent:{'any' if kind == ANY else kind}",
                scopes=" ".join(scopes), now=now,
                narrow_paths=lists["path"], narrow_cmds=lists["cmd"], narrow_hosts=lists["host"],
                narrow_tools=cnst.get("tools") or (),
                deny_paths=lists["deny-path"], deny_cmds=lists["deny-cmd"], deny_hosts=lists["deny-host"],
                deny_tools=lists["deny-tool"],
                time_window=cnst.get("time_window"),
                tripwires_on=cnst.get("tripwires") != "catastrophic",
            )
        except DelegationError as e:
            raise SubagentError(f"{label} as {role['name']}: {e}")
        name = _file_name(kind, role["name"])
        guarddir.write_private(os.path.join(guard_dir, name), token + "\n")
        source = role_name if role_name in BUILTIN_ROLES else os.path.abspath(role_name)
        entries[kind] = {"role": role["name"], "source": source, "token": name}
        lines.append(f"{label}: role {role['name']} ({' '.join(scopes)}), a child of the {parent_role} token")
    guarddir.write_private(map_path(guard_dir, parent_role),
                           json.dumps({"parent": parent_role, "subagents": entries}, indent=2) + "\n")
    return lines


def recorded_mapping(guard_dir, role):
    """{type: role} of the sub-agent mappings install recorded for `role`, or {}."""
    import json

    try:
        entries = json.loads(_read_private(map_path(guard_dir, role), 256 * 1024)).get("subagents") or {}
    except FileNotFoundError:
        return {}
    return {kind: entry.get("source") or entry["role"] for kind, entry in entries.items()}


def remove_map(guard_dir, role):
    """Forget the sub-agent mappings of `role` (install without --subagents)."""
    try:
        os.unlink(map_path(guard_dir, role))
    except FileNotFoundError:
        pass


def choose_token(map_file, agent_type):
    """The child token file for a sub-agent of `agent_type` (its own mapping, else `*`), or None
    when the map has neither. Raises ValueError with a reason when the map is unusable."""
    from legant_guard import fastjson

    try:
        data = fastjson.loads(_read_private(map_file, 256 * 1024))
    except (OSError, ValueError) as e:
        raise ValueError(f"cannot read the sub-agent token map {map_file} ({e}); run `legant guard install` again")
    entries = data.get("subagents") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise ValueError(f"the sub-agent token map {map_file} is malformed; run `legant guard install` again")
    entry = entries.get(agent_type) if agent_type else None
    if entry is None:
        entry = entries.get(ANY)
    if entry is None:
        return None
    name = entry.get("token") if isinstance(entry, dict) else None
    if not isinstance(name, str) or not name or "/" in name or name.startswith("."):
        raise ValueError(f"the sub-agent token map {map_file} names no valid token file")
    return os.path.join(os.path.dirname(map_file), name)
