"""What the three agents share: the Claude-shaped hook event, the portable deny, and
the builders that turn a tool's arguments into an Action.

All three events are Claude-shaped (Codex copies Claude's hook protocol; our opencode
plugin sends the same shape): hook_event_name, cwd, session_id, tool_use_id, tool_name,
tool_input, and inside a sub-agent agent_id/agent_type.

The readings of an MCP or unknown tool's arguments (toolarguments.py) and of a patch's file
headers (patchfiles.py) load with the first call that needs them; their names are reachable
from here too.
"""

import os

from legant_guard import agents, fastjson
from legant_guard.fastload import parts_forwarder

from legant_guard.hook.model import COORD, OTHER, Action, ToolCall


class EventError(Exception):
    """The event cannot be read; the hook denies with this reason (fail closed)."""


def parse_event(event, agent, project="", process_cwd=None):
    if not isinstance(event, dict):
        raise EventError("the hook event is not a JSON object")
    tool = event.get("tool_name")
    if not isinstance(tool, str) or not tool:
        raise EventError("the hook event has no tool_name")
    tool_input = event.get("tool_input")
    if tool_input is None:
        tool_input = {}
    if not isinstance(tool_input, dict):
        raise EventError("the hook event's tool_input is not an object")
    cwd = event.get("cwd")
    if cwd is None or cwd == "":
        cwd = process_cwd or os.getcwd()
    if not isinstance(cwd, str) or not os.path.isabs(cwd):
        raise EventError("the hook event's cwd is not an absolute path")
    if "/.." in cwd and _link_before_dotdot(cwd):
        # Codex joins a call's `workdir` to its cwd as written (`sshlink/..`) and the command runs
        # there: the kernel goes to the link target's parent, not where `..` collapses on paper
        raise EventError(f"the hook event's cwd {cwd!r} goes through a symlink before `..`, so the folder the "
                         "call runs in is not the one it names; give the folder without `..`")
    return ToolCall(
        agent=agent,
        tool=tool,
        input=tool_input,
        cwd=os.path.normpath(cwd),
        session=_text(event.get("session_id")),
        tool_use_id=_text(event.get("tool_use_id")),
        agent_id=_marker(event, "agent_id"),
        agent_type=_marker(event, "agent_type"),
        project=project,
    )


def _link_before_dotdot(path):
    """Does `..` in the absolute `path` lead elsewhere on disk than on paper (a symlink before it)?"""
    return ".." in path.split("/") and os.path.realpath(path) != os.path.realpath(os.path.normpath(path))


def _marker(event, key):
    """A sub-agent marker: a string, or absent. Anything else is not read as "the main agent"
    (which would give a sub-agent's call the installed token)."""
    value = event.get(key)
    if value is None or isinstance(value, str):
        return value or ""
    raise EventError(f"the hook event's {key} is not a string")


def _text(value):
    return value if isinstance(value, str) else ""


def render_verdict(decision):
    """(exit code, stdout, stderr): allow is silence (exit 0, no output, never an `allow`
    decision, which would switch off the agent's own prompts); deny is the portable deny."""
    if decision.allow:
        return 0, "", ""
    return render_deny(decision.reason)


def render_deny(reason):
    """The portable deny (AGENT_HOOKS.md): JSON deny as the only stdout, reason on stderr, exit 2."""
    message = "Legant: " + reason
    stdout = fastjson.dumps({"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny",
                                                "permissionDecisionReason": message}})
    return 2, stdout + "\n", message + "\n"


# ---- Action builders, shared by the adapters' tool tables -------------------------------


def _action(call, verb, **kw):
    return Action(verb, call.tool, cwd=call.cwd, project=call.project, **kw)


def _string_arg(call, key, what, required=True):
    value = call.input.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise EventError(f"`{call.tool}` has no {what} (`{key}` must be a non-empty string)")
    return value


def file_action(verb, key, required=True, default_cwd=False, recursive=False):
    """A file tool whose path is in `key` (relative paths resolve against the call's cwd).
    `recursive`: a content search that reads every file below the path (Grep)."""

    def build(call):
        path = _string_arg(call, key, "file path", required=required and not default_cwd)
        if path is None:
            path = call.cwd
        action = _action(call, verb, paths=[path], target=path, recursive=recursive)
        if recursive:  # the file filters of Claude's Grep (glob, type) and opencode's grep (include)
            action.search_filters = {k: v for k, v in call.input.items() if k in ("glob", "include", "type")
                                     and isinstance(v, str) and v}
            agent = agents.get(call.agent)  # and the folders its search tool leaves out
            action.search_skips, action.search_skips_hold = agent.search_skips, agent.search_skips_hold
        return action

    return build


def multi_edit_action(key, edits_key="edits"):
    """A tool that applies a list of edits to the file in `key` (Claude's MultiEdit, opencode's
    multiedit). opencode's newer schema gives every edit a file path of its own: one an edit
    names is written too (deny beats allow, whichever the tool applies)."""
    base = file_action("fs.write", key)

    def build(call):
        action = base(call)
        edits = call.input.get(edits_key)
        if isinstance(edits, list):
            extra = [e.get(key) for e in edits if isinstance(e, dict) and isinstance(e.get(key), str) and e.get(key)]
            action.paths = list(action.paths) + [p for p in extra if p not in action.paths]
        return action

    return build


def glob_action(path_key="path", pattern_key="pattern"):
    """A file-name search (Claude's Glob, opencode's glob): the folder searched and the folder the
    pattern's literal head names (`../guard/*`, `/home/u/.ssh/*` leave the path) are both read."""
    base = file_action("fs.read", path_key, default_cwd=True)

    def build(call):
        action = base(call)
        pattern = call.input.get(pattern_key)
        if isinstance(pattern, str) and pattern:
            head = []
            for part in pattern.replace("\\", "/").split("/"):
                if any(c in part for c in "*?[{"):
                    break
                head.append(part)
            prefix = "/".join(head)
            if pattern.startswith("/") and not prefix:
                prefix = "/"
            if prefix or pattern.startswith("/"):
                root = action.paths[0] if action.paths else call.cwd
                joined = prefix if prefix.startswith(("/", "~")) else os.path.join(root, prefix)
                action.paths = list(action.paths) + [joined]
        return action

    return build


def shell_action(key="command", workdir_key=None, reads_through_shell=False, applies_patches=False):
    """A shell tool: `command` must be a string (fail closed otherwise). `reads_through_shell`:
    the agent has no file-reading tool, so its plainly read-only commands are its reads.
    `applies_patches`: the agent applies `apply_patch <<'EOF'` through its shell itself."""
    def build(call):
        command = call.input.get(key)
        if not isinstance(command, str):
            raise EventError(f"`{call.tool}`'s {key} is not a string")
        action = _action(call, "shell.exec", command=command, target=command, shell_reads=reads_through_shell)
        if "*** Begin Patch" in command:
            # Codex applies `apply_patch <<'EOF' ... EOF` (optionally after `cd DIR &&`) itself
            # when it comes through the shell: the files the patch names are written.
            from legant_guard.agents.patchfiles import intercepted_patch, patch_paths

            action.paths, action.deletes = patch_paths(command)
            action.shell_patch = applies_patches and bool(action.paths) and intercepted_patch(command)
        if workdir_key:
            workdir = call.input.get(workdir_key)
            if workdir is not None:
                if not isinstance(workdir, str):
                    raise EventError(f"`{call.tool}`'s {workdir_key} is not a string")
                joined = os.path.join(call.cwd, os.path.expanduser(workdir))
                action.cwd = os.path.normpath(joined)
                if _link_before_dotdot(joined):
                    # `gl/..` where gl is a link: the agent may resolve it as written (path.resolve) or
                    # the kernel may (chdir): the two readings lead to different folders
                    raise EventError(f"`{call.tool}`'s {workdir_key} {workdir!r} goes through a symlink before `..`, so "
                                     "where the command runs depends on who resolves it; give the folder without `..`")
        return action

    return build


def fetch_action(key="url", required=True):
    def build(call):
        url = call.input.get(key)
        if url is None and not required:
            return _action(call, "net.fetch", target=str(call.input.get("query", ""))[:200])
        if not isinstance(url, str) or not url:
            raise EventError(f"`{call.tool}` has no url")
        host = host_of(url)
        if host is None:
            raise EventError(f"could not read the host of the url {url!r}")
        return _action(call, "net.fetch", url=url, host=host, target=url)

    return build


def host_of(url):
    """The host of a URL (scheme optional) as the fetch would connect to it, or None when it cannot be read."""
    from urllib.parse import urlsplit

    text = url.strip().replace("\\", "/")
    if text[:5].lower() == "file:":
        return None  # (`file:/home/u/.netrc` read as host `file` with a default scheme: no host to fetch from)
    if "://" not in text:
        text = "http://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # raises ValueError on a malformed port
    except ValueError:
        return None
    if not host or "%" in host:
        return None
    from legant_guard.hook.hosts import canonical_host

    return canonical_host(host)


def patch_action(key):
    """apply_patch: every file the patch adds, updates, deletes or moves to is written."""
    def build(call):
        from legant_guard.agents.patchfiles import patch_paths

        patch = call.input.get(key)
        if not isinstance(patch, str):
            raise EventError(f"`{call.tool}`'s {key} is not a string")
        paths, deletes = patch_paths(patch)
        if not paths:
            raise EventError("could not find any file in the patch (expected `*** Add/Update/Delete File:` lines)")
        return _action(call, "fs.write", paths=paths, deletes=deletes, target=" ".join(paths))

    return build


def simple(verb, path_keys=()):
    """A tool judged by its verb alone; `path_keys`: its arguments that name a file the agent itself
    reads (Claude Code's Workflow `scriptPath`), held against the deny side."""
    def build(call):
        paths = [v for v in (call.input.get(k) for k in path_keys) if isinstance(v, str) and v]
        return _action(call, verb, paths=paths, target=_summary(call.input))

    return build


def _summary(tool_input):
    try:
        return fastjson.dumps_head(tool_input, 200, sort_keys=True)
    except (TypeError, ValueError):
        return ""


def mcp_action(call, server):
    return _argument_action(call, "mcp.call", f"{server}: {_summary(call.input)}")


def _argument_action(call, verb, target):
    """An MCP or unknown tool: every argument a potential path (path_like_strings), and the
    whole values with the paths a server may join from them (hook/toolargs.py judges folders
    and globs among those)."""
    from legant_guard.agents.toolarguments import path_like_strings

    wholes = []
    action = _action(call, verb, paths=path_like_strings(call.input, wholes), target=target)
    action.arg_values = wholes
    action.arg_input = call.input
    return action


def mcp_resource_action(call):
    """Codex's read_mcp_resource {server, uri}: a `file://` uri is a file the server reads."""
    server = call.input.get("server")
    return mcp_action(call, server if isinstance(server, str) and server else "?")


def classify_with(table, call, mcp_server=None):
    """Look the tool up in an adapter's table; MCP tools and unknown tools fall through."""
    build = table.get(call.tool)
    if build is not None:
        return build(call)
    server = mcp_server(call.tool) if mcp_server else None
    if server:
        return mcp_action(call, server)
    return _argument_action(call, OTHER, _summary(call.input))


def mcp_double_underscore(tool):
    """Claude Code and Codex name MCP tools mcp__<server>__<tool>."""
    if tool.startswith("mcp__"):
        server = tool[5:].split("__", 1)[0]
        return server or None
    return None


COORD_ACTION = simple(COORD)


# Where the per-topic parts went: loaded when first needed (see the module docstring).
_PARTS = {
    "patchfiles": ("_header_path_readings", "intercepted_patch", "_PATCH_HEADERS", "patch_paths"),
    "toolarguments": ("_file_uri_paths", "_HEX", "_joined_values", "MAX_ARG_VALUES", "MAX_JOINED",
                      "MAX_SEGMENTS", "path_like_strings", "PATH_MAX", "_path_readings", "_percent_decode",
                      "_PROSE_KEYS", "_resource_uri_paths", "_SEPARATORS", "SMALL_OBJECT",
                      "_SPLIT_PROSE_KEYS", "_TO_SPACE", "_unique", "_whole_readings", "_words_of"),
}
__getattr__ = parts_forwarder(__name__, _PARTS)
