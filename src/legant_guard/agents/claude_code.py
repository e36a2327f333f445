"""Claude Code (2.1.332): PreToolUse command hook. Tool names and input keys: AGENT_HOOKS.md."""

from legant_guard.agents.common import (glob_action, COORD_ACTION, classify_with, fetch_action, file_action,
                                        mcp_double_underscore, multi_edit_action, parse_event, render_verdict,
                                        shell_action, simple)

NAME = "claude-code"

_WRITE = file_action("fs.write", "file_path")
_READ = file_action("fs.read", "file_path")
_SEARCH = file_action("fs.read", "path", default_cwd=True)
_CONTENT_SEARCH = file_action("fs.read", "path", default_cwd=True, recursive=True)

TOOLS = {
    "Bash": shell_action("command"),
    # Monitor runs a shell command in the background and streams its output lines.
    "Monitor": shell_action("command"),
    "Read": _READ,
    "Write": _WRITE,
    "Edit": _WRITE,
    "MultiEdit": multi_edit_action("file_path"),
    "NotebookEdit": file_action("fs.write", "notebook_path"),
    "Glob": glob_action(),
    "Grep": _CONTENT_SEARCH,
    "LS": _SEARCH,
    "WebFetch": fetch_action("url"),
    "WebSearch": fetch_action("url", required=False),
    "Agent": simple("agent.spawn"),
    "Task": simple("agent.spawn"),
    "Workflow": simple("agent.spawn", path_keys=("scriptPath",)),  # (the script file Claude Code reads)
    # Entering a worktree creates one inside the project: a write at the working directory.
    "EnterWorktree": file_action("fs.write", "path", default_cwd=True),
    "ExitWorktree": file_action("fs.write", "path", default_cwd=True),
}
for _coord in ("Skill", "ToolSearch", "ListAgents", "ReportFindings", "ScheduleWakeup", "TaskStop", "SendMessage",
               "CronCreate", "CronDelete", "CronList", "TodoWrite", "ExitPlanMode", "AskUserQuestion",
               "TaskOutput", "BashOutput", "KillShell"):
    TOOLS[_coord] = COORD_ACTION


def parse(event, project="", process_cwd=None):
    return parse_event(event, NAME, project, process_cwd)


def classify(call):
    return classify_with(TOOLS, call, mcp_double_underscore)


render = render_verdict  # the portable verdict (agents/common.py)
