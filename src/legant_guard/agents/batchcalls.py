"""A tool that runs other tools' calls itself (opencode's `batch`): each inner call is judged as
the call it is (agents/<agent>.py classifies it, the engine decides it), and the batch is
allowed only when every one of them is. Loaded for a batch call only.

Why: opencode's `batch` {tool_calls: [{tool, parameters}]} executes each inner call straight from
its tool registry (tool/batch.ts: `tool.execute(validatedParams, ...)`), past the plugin hook
that wraps a model's own calls: the guard sees one call, `batch`, never the `bash`, `write` or
`read` inside it. Read as an unknown tool it reached the deny side of paths only, so under a
role with scope `*` a `bash` inside ran `rm -rf ~`, `scp`, `git push --force` unjudged.
"""

from legant_guard.agents.common import EventError, _summary
from legant_guard.hook.model import COORD, Action, ToolCall

# opencode runs the first 25 and reports the rest as errors; every one given is judged, up to
# this many (more is a deny, never a silent skip)
MAX_INNER_CALLS = 100


class BatchAction(Action):
    """The batch itself does nothing but run its `inner_calls` (ToolCalls of the same agent)."""

    __slots__ = ("inner_calls",)


def batch_action(call, key="tool_calls", tool_key="tool", args_key="parameters"):
    calls = call.input.get(key)
    if not isinstance(calls, list) or not calls:
        raise EventError(f"`{call.tool}` has no list of calls (`{key}` must be a non-empty list)")
    if len(calls) > MAX_INNER_CALLS:
        raise EventError(f"`{call.tool}` holds {len(calls)} calls, more than the {MAX_INNER_CALLS} the guard "
                         "judges in one; split them")
    inner = []
    for number, item in enumerate(calls, 1):
        tool = item.get(tool_key) if isinstance(item, dict) else None
        args = item.get(args_key, {}) if isinstance(item, dict) else None
        if not isinstance(tool, str) or not tool or not isinstance(args, dict):
            raise EventError(f"call {number} of `{call.tool}` is not {{{tool_key}: NAME, {args_key}: {{...}}}}")
        if tool == call.tool:
            raise EventError(f"call {number} of `{call.tool}` is another `{call.tool}`")
        inner.append(ToolCall(call.agent, tool, args, call.cwd, session=call.session, tool_use_id=call.tool_use_id,
                              agent_id=call.agent_id, agent_type=call.agent_type, project=call.project))
    action = BatchAction(COORD, call.tool, cwd=call.cwd, project=call.project, target=_summary(call.input))
    action.inner_calls = inner
    return action


def judge(action, adapter, decide):
    """The first inner call `decide(call, action)` denies, as the batch's deny; None when every
    one is allowed. An inner call the adapter cannot read is denied for that."""
    from legant_guard.hook.model import OTHER, deny

    for number, call in enumerate(action.inner_calls, 1):
        call.project = action.project  # (a user-wide token's project is found after parsing)
        try:
            inner = adapter.classify(call)
        except EventError as e:
            inner = Action(OTHER, call.tool, cwd=call.cwd, project=call.project, error=str(e))
        decision = decide(call, inner)
        if not decision.allow:
            return deny(f"call {number} of `{action.tool}` (`{call.tool}`): {decision.reason}", decision.rule)
    return None
