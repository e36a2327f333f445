"""OpenAI Codex CLI (0.171.0): PreToolUse command hook (Claude-compatible protocol).

The shell tool reaches the hook as `Bash` with only {command}; apply_patch carries the
patch in `command`. Codex ignores an exit 2 without stderr, so the portable deny (JSON on
stdout AND the reason on stderr) is required.
"""

from legant_guard.agents.common import (COORD_ACTION, classify_with, fetch_action, file_action,
                                        mcp_double_underscore, mcp_resource_action, parse_event, patch_action,
                                        render_verdict, shell_action, simple)

NAME = "codex"

TOOLS = {
    # Codex has no file-reading tool: `cat`, `sed -n`, `rg` through this shell are its reads.
    # Builds that hook write_stdin send the typed text as a Bash command with the `workdir` its
    # process was started in (null when the process is gone): the text runs there.
    "Bash": shell_action("command", workdir_key="workdir", reads_through_shell=True, applies_patches=True),
    "apply_patch": patch_action("command"),
    "view_image": file_action("fs.read", "path"),
    "spawn_agent": simple("agent.spawn"),
    "multi_agent_v1spawn_agent": simple("agent.spawn"),
    # 0.171.0 `--enable multi_agent_v2`: the `collaboration` namespace, glued to the name as
    # the hook sees it (codex-rs: HookToolName of tool_name.display()). A follow-up task
    # starts another turn of a sub-agent, so it counts as starting one.
    "collaborationspawn_agent": simple("agent.spawn"),
    "collaborationfollowup_task": simple("agent.spawn"),
    "web_search": fetch_action("url", required=False),
    "read_mcp_resource": mcp_resource_action,
}
for _coord in ("request_user_input", "get_goal", "create_goal", "update_goal", "tool_search",
               "list_mcp_resources", "list_mcp_resource_templates", "update_plan",
               "multi_agent_v1wait_agent", "multi_agent_v1send_input", "multi_agent_v1close_agent",
               "multi_agent_v1resume_agent", "wait_agent", "send_input", "close_agent", "resume_agent",
               "collaborationwait_agent", "collaborationsend_message", "collaborationlist_agents",
               "collaborationinterrupt_agent"):
    TOOLS[_coord] = COORD_ACTION


def parse(event, project="", process_cwd=None):
    return parse_event(event, NAME, project, process_cwd)


def classify(call):
    return classify_with(TOOLS, call, mcp_double_underscore)


render = render_verdict  # the portable verdict (agents/common.py)
