"""Add, find and remove our PreToolUse handler in a `{"hooks": {"PreToolUse": [groups]}}` JSON
config (the shape Claude Code's settings.json and Codex's hooks.json share).

Only our own handler is touched: other groups, other handlers in a shared group, and every
other key stay as they are. Re-installing replaces our handler in place (Codex keys a hook's
trust by its position, so it must not move) and drops any duplicate of it.
"""

from legant_guard.install.common import is_our_command
from legant_guard.install.configfiles import ConfigError, display

MATCH_ALL = ("*", "", ".*", None)


def _groups(data, path, create):
    hooks = data.get("hooks")
    if hooks is None:
        if not create:
            return []
        hooks = data["hooks"] = {}
    if not isinstance(hooks, dict):
        raise ConfigError(f"refusing to edit {display(path)}: its \"hooks\" is not an object")
    groups = hooks.get("PreToolUse")
    if groups is None:
        if not create:
            return []
        groups = hooks["PreToolUse"] = []
    if not isinstance(groups, list):
        raise ConfigError(f"refusing to edit {display(path)}: its \"hooks.PreToolUse\" is not a list")
    return groups


def find_ours(data, agent):
    """[(group index, handler index, group, handler)] of our handlers, in file order."""
    out = []
    hooks = data.get("hooks") if isinstance(data, dict) else None
    groups = hooks.get("PreToolUse") if isinstance(hooks, dict) else None
    for gi, group in enumerate(groups if isinstance(groups, list) else []):
        handlers = group.get("hooks") if isinstance(group, dict) else None
        for hi, h in enumerate(handlers if isinstance(handlers, list) else []):
            if isinstance(h, dict) and is_our_command(h.get("command"), agent):
                out.append((gi, hi, group, h))
    return out


def put_ours(data, agent, handler, path):
    """Install `handler` (replacing ours in place, else appending a group); returns (gi, hi)."""
    groups = _groups(data, path, create=True)
    found = find_ours(data, agent)
    keep = None
    for gi, hi, group, _ in found:
        if keep is None and group.get("matcher") in MATCH_ALL:
            keep = (gi, hi)
            group["hooks"][hi] = handler
            if "matcher" in group:
                group["matcher"] = "*"
    others = [f for f in found if (f[0], f[1]) != keep]
    # drop every other copy of ours (from the end, so indexes stay valid)
    for gi, hi, group, _ in reversed(others):
        del group["hooks"][hi]
    _drop_empty_groups(data, others)
    if keep is not None:
        for gi, hi, _, h in find_ours(data, agent):
            if h is handler:
                return gi, hi
    groups = _groups(data, path, create=True)
    groups.append({"matcher": "*", "hooks": [handler]})
    return len(groups) - 1, 0


def remove_ours(data, agent=None):
    """Remove our handlers; returns how many. Emptied groups, and an emptied PreToolUse list
    or hooks object, go too."""
    found = find_ours(data, agent)
    for gi, hi, group, _ in reversed(found):
        del group["hooks"][hi]
    _drop_empty_groups(data, found)
    hooks = data.get("hooks")
    if found and isinstance(hooks, dict):
        if hooks.get("PreToolUse") == []:
            del hooks["PreToolUse"]
        if hooks == {}:
            del data["hooks"]
    return len(found)


def _drop_empty_groups(data, touched):
    groups = data.get("hooks", {}).get("PreToolUse")
    if not isinstance(groups, list):
        return
    ids = {id(g) for _, _, g, _ in touched}
    groups[:] = [g for g in groups if not (id(g) in ids and isinstance(g, dict) and g.get("hooks") == [])]


def without_ours(text, agent, path):
    """`text` (a JSON hook config) with our handlers, and the Go guard's, taken out; unchanged
    text when there were none."""
    from legant_guard.install.configfiles import dump_json_like, parse_json_object

    try:
        data = parse_json_object(text, path)
    except ConfigError:
        return text
    return dump_json_like(data, text) if remove_ours(data, agent) else text
