"""Claude Code's tools that move a session, or start a sub-agent, where the guard's hook may not follow.

`EnterWorktree` moves the running session's project configuration (settings, hooks) to a git
worktree, a fresh checkout without the project's untracked `.claude/settings.local.json`, where a
project-scope install put the guard's hook (red team #28). The Agent tool (`Task` in older
versions, and the Workflow tool's agents) takes `isolation: "worktree"` and runs the sub-agent in
such a worktree (`.claude/worktrees/…`, made by the same code as EnterWorktree's), and so does a
call naming a sub-agent whose definition says `isolation: worktree` in its front matter (the
project's and its ancestors' `.claude/agents/*.md`, the user's, read bounded): whether the
sub-agent keeps the session's hooks there cannot be checked offline, so it is refused like
EnterWorktree while the guard runs as a project hook (a user-wide install's hook is in every
folder). Any other isolation (`"remote"`: a session on another machine) runs where no hook of this
machine sees its calls: refused for every role (the token cannot follow it there). Loaded
only for those tools (trustbase._SESSION_MOVERS).
"""

_REASON = ("(.claude/settings.local.json is not committed); work in the project folder, or install the guard for the "
           "user (`legant guard install --user`), whose hook every folder keeps")


def check(call, env):
    """A deny (model.Decision) for a call that moves the session or a sub-agent out of the hook's
    reach, or None."""
    from legant_guard.hook.model import deny

    project_hook = bool(env.get("LEGANT_GUARD_PROJECT"))
    if call.tool == "EnterWorktree":
        if project_hook:
            return deny("entering a git worktree moves the session's settings to a fresh checkout that lacks the "
                        "guard's hook " + _REASON, "trust-base:agent-config")
        return None
    data = call.input if isinstance(call.input, dict) else {}
    isolation = data.get("isolation")
    if isolation in (None, "", "none") and project_hook and isinstance(data.get("subagent_type"), str):
        isolation = _defined_isolation(data["subagent_type"], env)
    if isolation in (None, "", "none"):
        return None
    if isolation == "worktree":
        if project_hook:
            return deny(f"`{call.tool}` with isolation \"worktree\" runs the sub-agent in a fresh checkout that lacks "
                        "the guard's hook " + _REASON + "; or spawn it without isolation", "trust-base:agent-config")
        return None
    shown = isolation if isinstance(isolation, str) else type(isolation).__name__
    return deny(f"`{call.tool}` with isolation `{shown[:40]}` runs the sub-agent where this machine's hook does not "
                "see its calls; spawn it without isolation", "undetermined-subagent")


_MAX_FILES = 256
_MAX_BYTES = 64 * 1024


def _defined_isolation(name, env):
    """The `isolation:` in the front matter of the sub-agent definition named `name` (its `name:`
    field, else its file name) in the project's, its ancestors' and the user's agents folders."""
    import os

    folders, folder = [], env.get("LEGANT_GUARD_PROJECT") or ""
    while folder.startswith("/") and len(folders) < 32:
        folders.append(os.path.join(folder, ".claude", "agents"))
        if os.path.dirname(folder) == folder:
            break
        folder = os.path.dirname(folder)
    home = env.get("HOME") or os.path.expanduser("~")
    folders += [os.path.join(home, ".claude", "agents")] + \
        ([os.path.join(env["CLAUDE_CONFIG_DIR"], "agents")] if env.get("CLAUDE_CONFIG_DIR") else [])
    from legant_guard.hook.scriptfiles import read_regular

    seen = 0
    for folder in folders:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for entry in names:
            if not entry.endswith(".md"):
                continue
            seen += 1
            if seen > _MAX_FILES:
                return "unknown (too many agent definitions to read)"
            fields = _front_matter(read_regular(os.path.join(folder, entry), _MAX_BYTES) or "")
            if fields.get("name", entry[:-3]) == name and fields.get("isolation"):
                return fields["isolation"]
    return None


def _front_matter(text):
    """{key: value} of the plain `key: value` lines between a Markdown file's leading `---` lines."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}
    out = {}
    for line in lines[1:]:
        if line.strip() == "---":
            break
        key, colon, value = line.partition(":")
        if colon and not line[:1].isspace():
            out[key.strip()] = value.strip().strip("\"'")
    return out
