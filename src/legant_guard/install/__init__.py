"""Wiring the guard's hook into coding agents, and taking it out again.

One installer per agent (the agent registry, agents/__init__.py, names it), each with
detect / plan_install / after_apply / plan_uninstall / after_uninstall / status; this module picks the agents,
runs the plan for all of them as one unit (nothing is written when any of them refuses, and a
failed confirmation rolls every file back) and keeps the install record. Not on the hook path.
"""

from legant_guard import agents as registry
from legant_guard.install.common import AGENTS, Context, Record  # noqa: F401 (re-exported)
from legant_guard.install.configfiles import ConfigError, Plan

TOOL_CHOICES = ("auto", "all") + AGENTS


def module(agent):
    """The installer of an agent name."""
    return registry.get(agent).installer()


def select(ctx, tools):
    """Agent names for --tool values (auto = detected ones; none detected = ConfigError)."""
    tools = list(tools) or ["auto"]
    if "all" in tools:
        return list(AGENTS)
    chosen = [t for t in AGENTS if t in tools]
    if "auto" in tools:
        chosen += [a for a in AGENTS if a not in chosen and module(a).detect(ctx)]
        if not chosen:
            raise ConfigError(
                f"no coding agent found (none of {', '.join(a.cli for a in registry.REGISTRY)} on PATH, and no "
                "~/.claude, ~/.codex or ~/.config/opencode): name one with --tool " + "|".join(AGENTS + ("all",))
            )
    return chosen


def install(ctx, agents, dry_run=False):
    """Plan and (unless dry_run) apply the install for `agents`; returns (messages, diff)."""
    plan, record = Plan(), Record(ctx.guard_dir)
    messages = []
    for agent in agents:
        messages += module(agent).plan_install(ctx, plan, record)
    diff = plan.diff()
    if dry_run:
        return messages, diff
    plan.apply()
    try:
        for change in plan.changes:
            record.note_write(change)
        for agent in agents:
            messages += module(agent).after_apply(ctx, plan, record)
    except BaseException:
        rollback(plan)
        raise
    for agent in agents:
        note_hook(ctx, record, agent)
    record.save()
    return messages, diff


def installed_command(ctx, agent):
    """What the hook of `agent` runs: (command, env) as status reads them back from its config."""
    return module(agent).hook_command(ctx), ctx.hook_env()


def note_hook(ctx, record, agent):
    import os

    command, env = installed_command(ctx, agent)
    record.note_hook(agent, os.path.realpath(module(agent).hook_file(ctx)), scope=ctx.scope, command=command,
                     env=env, project=ctx.project, role=ctx.role, role_source=ctx.role_source, dir_given=ctx.dir_given)


def rollback(plan):
    """Put every file of an applied plan back as it was before (whatever wrote it since)."""
    from legant_guard.install.configfiles import Change, apply_change, remove_empty_dirs

    for c in reversed(plan.changes):
        try:
            apply_change(Change(c.path, None, c.old))
            if c.old is None:
                remove_empty_dirs(list(reversed(c.make_dirs)))
        except OSError:
            pass


def uninstall(ctx, agents, dry_run=False):
    plan, record = Plan(), Record(ctx.guard_dir)
    messages = []
    for agent in agents:
        messages += module(agent).plan_uninstall(ctx, plan, record)
    diff = plan.diff()
    if dry_run:
        return messages, diff
    plan.apply()
    import os

    for agent in agents:
        module(agent).after_uninstall(ctx)
    for agent in agents:
        path = os.path.realpath(module(agent).hook_file(ctx))
        messages += _unexclude(record, agent, path)
        record.forget_hook(agent, path)
    for change in plan.changes:
        if change.new is None or (record.get(change.path) or {}).get("original") == change.new:
            record.forget(change.path)
        elif change.path in record.files:
            record.note_external_write(change.path, change.new)
    record.save()
    return messages, diff


def git_exclude(ctx, agents, record=None):
    """Add the project's generated hook files to .git/info/exclude; returns (exclude file, lines added)."""
    import os

    from legant_guard.install import gitexclude

    record = record or Record(ctx.guard_dir)
    files = {a: os.path.realpath(module(a).hook_file(ctx)) for a in agents}
    path, lines = gitexclude.missing_lines(ctx.project, list(files.values()))
    if path and lines:
        gitexclude.add_lines(path, lines)
        found = gitexclude.exclude_file(ctx.project)
        for agent, f in files.items():
            line = gitexclude.pattern(found[0], f) if found else None
            hook = record.hooks.get(f"{agent}:{f}")
            if hook is not None and line in lines:
                hook["git_exclude"] = {"file": path, "line": line}
        record.save()
    return path, lines


def _unexclude(record, agent, path):
    """Take out the .git/info/exclude line install added for this hook (unless another hook needs it)."""
    from legant_guard.install import gitexclude

    hook = record.hooks.get(f"{agent}:{path}") or {}
    ex = hook.get("git_exclude")
    if not isinstance(ex, dict) or not ex.get("file") or not ex.get("line"):
        return []
    others = [h for k, h in record.hooks.items() if k != f"{agent}:{path}" and (h or {}).get("git_exclude") == ex]
    if others or not gitexclude.remove_lines(ex["file"], [ex["line"]]):
        return []
    return [f"removed {ex['line']} from {ex['file']}"]


def status(ctx, agents=AGENTS):
    return [module(a).status(ctx) for a in agents]
