"""opencode (1.18.33): our plugin (hooks/opencode-plugin.js) sends a Claude-shaped event with
`"agent": "opencode"` and throws on exit 2. Paths arrive as the model wrote them (relative
ones resolve against the event's cwd); `bash`'s `workdir` is the command's working directory.
"""

from legant_guard.agents.common import (glob_action, COORD_ACTION, classify_with, fetch_action, file_action,
                                        multi_edit_action, parse_event, patch_action, render_verdict, shell_action,
                                        simple)

NAME = "opencode"

_WRITE = file_action("fs.write", "filePath")
_SEARCH = file_action("fs.read", "path", default_cwd=True)
_CONTENT_SEARCH = file_action("fs.read", "path", default_cwd=True, recursive=True)


def _batch_action(call):
    """`batch` runs its inner calls past the plugin hook: each is judged (agents/batchcalls.py)."""
    from legant_guard.agents.batchcalls import batch_action

    return batch_action(call)


TOOLS = {
    "bash": shell_action("command", workdir_key="workdir"),
    "read": file_action("fs.read", "filePath"),
    "write": _WRITE,
    "edit": _WRITE,
    "multiedit": multi_edit_action("filePath"),
    "apply_patch": patch_action("patchText"),
    "patch": patch_action("patchText"),
    "glob": glob_action(),
    "grep": _CONTENT_SEARCH,
    "list": _SEARCH,
    "webfetch": fetch_action("url"),
    "websearch": fetch_action("url", required=False),
    "codesearch": fetch_action("url", required=False),
    "task": simple("agent.spawn"),
    "batch": _batch_action,
}
for _coord in ("todowrite", "todoread", "skill", "question", "invalid"):
    TOOLS[_coord] = COORD_ACTION


def mcp_server(tool):
    """opencode names MCP tools <server>_<tool>; a name with `_` that is not a built-in tool."""
    if "_" in tool and tool not in TOOLS:
        return tool.split("_", 1)[0] or None
    return None


def parse(event, project="", process_cwd=None):
    return parse_event(event, NAME, project, process_cwd)


def classify(call):
    return classify_with(TOOLS, call, mcp_server)


render = render_verdict  # the portable verdict (agents/common.py)
