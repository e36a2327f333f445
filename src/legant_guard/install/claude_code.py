"""Claude Code: a PreToolUse command hook in `.claude/settings.local.json` (project, not meant
to be committed) or `~/.claude/settings.json` (--user).

Matcher `*` (every tool), a timeout, and `onFailure: "block"`: without it Claude Code lets the
tool call through when the hook crashes or times out. Claude Code loads project hooks in `-p`
mode without a trust prompt, so nothing else is needed; `disableAllHooks` in any settings
layer switches every hook off, which status reports.
"""

import os
import shutil

from legant_guard import agents
from legant_guard.install import hookjson
from legant_guard.install.common import HOOK_TIMEOUT_SECONDS, command_env, plan_removal, role_of_token_file
from legant_guard.install.configfiles import ConfigError, dump_json_like, parse_json_object, read_text, target_path


NAME = "claude-code"
LABEL = agents.get(NAME).label


def settings_path(ctx, user=None):
    return ctx.hook_file(NAME, user)


hook_file = settings_path  # where install puts the hook (the install record keeps it)


def detect(ctx):
    return bool(shutil.which("claude", path=ctx.env.get("PATH"))) or os.path.isdir(os.path.join(ctx.home, ".claude")) \
        or os.path.isdir(os.path.join(ctx.project, ".claude"))


def hook_command(ctx):
    """The shell command the hook runs (its LEGANT_GUARD_* environment in front)."""
    return ctx.command(NAME)


def handler(ctx):
    return {"type": "command", "command": ctx.command(NAME), "timeout": HOOK_TIMEOUT_SECONDS, "onFailure": "block"}


def _load(ctx, user=None):
    user = ctx.user if user is None else user
    path = target_path(settings_path(ctx, user), None if user else ctx.project)
    text = read_text(path, nofollow=not user)
    return path, text, parse_json_object(text, path)


def plan_install(ctx, plan, record):
    path, text, data = _load(ctx)
    hookjson.put_ours(data, NAME, handler(ctx), path)
    plan.set(path, text, dump_json_like(data, text))
    return [f"{LABEL}: PreToolUse hook (matcher *, onFailure block) in {path}"]


def after_apply(ctx, plan, record):
    return []


def after_uninstall(ctx):
    return None


def plan_uninstall(ctx, plan, record):
    path, text, data = _load(ctx)
    removed = hookjson.remove_ours(data, NAME)
    if not removed:
        return [f"{LABEL}: no Legant hook in {path}"]
    plan_removal(plan, record, path, text, dump_json_like(data, text), emptied=(data == {}),
                 clean_original=lambda original: hookjson.without_ours(original, NAME, path))
    return [f"{LABEL}: removed the Legant hook from {path}"]


def status(ctx):
    """Our hook in each settings layer, and what would switch it off."""
    entries, problems = [], []
    layers = [
        ("user", os.path.join(ctx.home, ".claude", "settings.json"), True),
        ("project", os.path.join(ctx.project, ".claude", "settings.json"), False),
        ("project", os.path.join(ctx.project, ".claude", "settings.local.json"), False),
    ]
    for scope, path, user in layers:
        try:
            real = target_path(path, None if user else ctx.project)
            data = parse_json_object(read_text(real, nofollow=not user), real)
        except ConfigError as e:
            problems.append({"problem": str(e), "fix": f"fix or remove {path}"})
            continue
        if data.get("disableAllHooks") is True:
            problems.append({
                "problem": f"\"disableAllHooks\": true in {path} switches every hook off, the guard included",
                "fix": f"remove \"disableAllHooks\" from {path}",
            })
        for gi, hi, group, h in hookjson.find_ours(data, NAME):
            env = command_env(h.get("command", ""))
            entry = {"scope": scope, "file": path, "command": h.get("command"),
                     "role": role_of_token_file(env.get("LEGANT_GUARD_TOKEN_FILE")), "env": env}
            entries.append(entry)
            if h.get("onFailure") != "block":
                problems.append({"problem": f"the hook in {path} lacks onFailure \"block\": a crash or timeout lets the call through",
                                 "fix": "legant guard install --tool claude-code" + (" --user" if user else "")})
            if group.get("matcher") not in hookjson.MATCH_ALL:
                problems.append({"problem": f"the hook in {path} only matches {group.get('matcher')!r}",
                                 "fix": "legant guard install --tool claude-code" + (" --user" if user else "")})
    return {"agent": NAME, "entries": entries, "problems": problems}
