"""Agent adapters: one module per agent (claude_code, codex, opencode).

On the hook path an adapter knows how to read its agent's event into a ToolCall, how to
classify that agent's tools into Actions, and how to render a verdict. The rest of the code
never says an agent's name. Install/uninstall live in `legant_guard.install`.
"""

AGENT_MODULES = {"claude-code": "claude_code", "codex": "codex", "opencode": "opencode"}


def adapter(name):
    """The adapter module for an agent name (claude-code, codex, opencode).

    `__import__` rather than importlib.import_module: importing importlib (and the warnings
    module it pulls in) costs about a millisecond on every hook call."""
    import sys

    module = "legant_guard.agents." + AGENT_MODULES[name]
    __import__(module)
    return sys.modules[module]


def detect(event):
    """Which agent sent this event: opencode's plugin says so; Codex events carry `turn_id`."""
    if isinstance(event, dict):
        if event.get("agent") == "opencode":
            return "opencode"
        if "turn_id" in event:
            return "codex"
    return "claude-code"
