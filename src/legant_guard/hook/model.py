"""The neutral values that flow through the hook: ToolCall, Action, Decision.

Plain classes with __slots__ rather than dataclasses: `import dataclasses` alone costs
about 10 ms (it imports inspect), and this module is on the hot path.
"""

# Capability verbs a token's `scope` can grant.
VERBS = ("fs.read", "fs.write", "shell.exec", "net.fetch", "mcp.call", "agent.spawn")
# Verbs the classifier may produce beyond those: `coord` is pure agent coordination (todo
# lists, tool search, asking the user) that every valid token allows; `other` is a tool we
# do not know, which needs an explicit grant (scope `*` or the tool named in cnst.tools).
COORD = "coord"
OTHER = "other"


class ToolCall:
    """One tool call as an agent reported it, in agent-neutral form."""

    __slots__ = ("agent", "tool", "input", "cwd", "session", "tool_use_id", "agent_id", "agent_type", "project")

    def __init__(self, agent, tool, input, cwd, session="", tool_use_id="", agent_id="", agent_type="", project=""):
        self.agent = agent  # "claude-code" | "codex" | "opencode"
        self.tool = tool  # tool name exactly as the agent named it
        self.input = input  # dict of the tool's arguments
        self.cwd = cwd  # absolute working directory of the call
        self.session = session
        self.tool_use_id = tool_use_id
        self.agent_id = agent_id  # set inside a sub-agent
        self.agent_type = agent_type
        self.project = project or cwd  # the project root the guard was installed for


class Action:
    """What a tool call would do, in capability terms."""

    __slots__ = ("verb", "tool", "paths", "command", "url", "host", "cwd", "project", "deletes", "recursive", "target",
                 "error", "search_filters", "search_skips", "search_skips_hold", "shell_reads", "shell_patch", "arg_values",
                 "arg_input")

    def __init__(self, verb, tool, paths=(), command=None, url=None, host=None, cwd="", project="", deletes=False,
                 target="", error=None, recursive=False, shell_reads=False):
        self.verb = verb  # one of VERBS, COORD or OTHER
        self.tool = tool
        self.paths = list(paths)  # file paths the call reads or writes, as given (resolved by the engine)
        self.command = command  # shell command string for shell.exec
        self.url = url
        self.host = host  # lower-case host name for net.fetch
        self.cwd = cwd
        self.project = project or cwd  # relative path rules are anchored here
        self.deletes = deletes  # a file tool that deletes or moves its paths (apply_patch Delete/Move)
        self.recursive = recursive  # a search tool that reads the content of every file below its path
        self.target = target  # short human description for the audit trail
        self.error = error  # the classifier could not understand the call: the engine denies
        self.search_filters = {}  # a content search tool's own file filters (`glob`, `include`, `type`)
        # The folders the search tool leaves out (its agent's descriptor says which), and whether
        # that holds whatever its glob says, or a later glob matching them overrides it.
        self.search_skips = ()
        self.search_skips_hold = False
        # The agent has no file-reading tool and reads through this shell (Codex): a plainly
        # read-only command counts as reads under a token without shell.exec (hook/readonly.py).
        self.shell_reads = shell_reads
        # The command is exactly `[cd DIR && ]apply_patch <<'EOF' ... EOF`, which Codex applies
        # itself: `apply_patch` there is the agent's patch tool, its files are checked as writes.
        self.shell_patch = False
        # An MCP or unknown tool's whole argument values (and the paths a server may join from
        # several of them): each may be a folder the tool reads below, or a glob (hook/toolargs.py).
        self.arg_values = ()
        self.arg_input = None  # an MCP or unknown tool's arguments as given (hook/toolhosts.py reads their URLs)


class Decision:
    """The verdict: allow is silence; a deny carries a reason the agent shows the model."""

    __slots__ = ("allow", "reason", "rule")

    def __init__(self, allow, reason="", rule=""):
        self.allow = allow
        self.reason = reason
        self.rule = rule  # short id of the rule that decided (e.g. "deny-path", "tripwire:rm-root")

    def __repr__(self):
        return f"Decision(allow={self.allow!r}, reason={self.reason!r}, rule={self.rule!r})"


def allow():
    return Decision(allow=True)


MAX_REASON = 1000  # a reason quotes paths and commands the call chose: keep what the agent shows short


def deny(reason, rule=""):
    if len(reason) > MAX_REASON:  # keep both ends: the rule is named at the end
        reason = reason[:600] + " ... " + reason[-(MAX_REASON - 605):]
    return Decision(allow=False, reason=reason, rule=rule)
