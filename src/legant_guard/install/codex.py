"""Codex CLI: a PreToolUse command hook in `.codex/hooks.json` (project) or
`$CODEX_HOME/hooks.json` (--user), plus everything Codex needs before it runs it.

Codex silently skips (and lets the tool run) a hook whose content hash is not recorded as
trusted, and ignores a project's `.codex/` unless the project is trusted. So install writes,
in one all-or-nothing plan, the hook, the project's trust (`[projects."P"] trust_level`) and the
hook's trust (`[hooks.state."<file>:pre_tool_use:<group>:<handler>"] trusted_hash`) in the user
`config.toml`, edited with tomlkit so comments and layout survive. When a `codex` binary is on
PATH, `codex app-server` (the supported JSON-RPC API) then confirms Codex sees the hook as
trusted, and records Codex's own hash through `config/batchWrite` if ours differs; if Codex
still does not see a trusted hook, the whole install is rolled back.
"""

import hashlib
import json
import os
import shutil
import subprocess
import threading

from legant_guard import agents
from legant_guard.install import hookjson
from legant_guard.install.common import FAIL_CLOSED, HOOK_TIMEOUT_SECONDS, command_env, plan_removal, role_of_token_file
from legant_guard.install.configfiles import (
    ConfigError, display, dump_json_like, parse_json_object, parse_toml, read_text, target_path,
)


NAME = "codex"
LABEL = agents.get(NAME).label
APP_SERVER_TIMEOUT = 30


def hooks_path(ctx, user=None):
    return ctx.hook_file(NAME, user)


def config_path(ctx):
    return os.path.join(ctx.codex_home, "config.toml")


def codex_binary(ctx):
    return shutil.which("codex", path=ctx.env.get("PATH"))


hook_file = hooks_path  # where install puts the hook (the install record keeps it)


def detect(ctx):
    return bool(codex_binary(ctx)) or os.path.isdir(ctx.codex_home) or os.path.isdir(os.path.join(ctx.project, ".codex"))


def hook_command(ctx):
    """The shell command the hook runs (its LEGANT_GUARD_* environment in front). Codex runs the
    tool when a hook exits 1 or 127 or says nothing on stderr, so a hook that cannot start (its
    interpreter removed by `pyenv uninstall`, `brew upgrade`) is turned into a deny (FAIL_CLOSED)."""
    return ctx.command(NAME) + FAIL_CLOSED


def handler(ctx):
    return {"type": "command", "command": hook_command(ctx), "timeout": HOOK_TIMEOUT_SECONDS}


def trust_hash(group, hook):
    """Codex 0.171.0's hash of one handler: sha256 of the compact, key-sorted JSON of
    {event_name, matcher (if set), hooks: [handler with timeout (600) and async defaults]}."""
    ident = {"event_name": "pre_tool_use", "hooks": [dict({"async": False, "timeout": 600}, **hook)]}
    if group.get("matcher") is not None:
        ident["matcher"] = group["matcher"]
    return "sha256:" + hashlib.sha256(json.dumps(ident, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def trust_key(path, gi, hi):
    return f"{path}:pre_tool_use:{gi}:{hi}"


def _table(parent, key):
    import tomlkit

    t = parent.get(key)
    if t is None:
        t = parent[key] = tomlkit.table(is_super_table=True)
    elif not hasattr(t, "get") or not hasattr(t, "__setitem__"):
        raise ConfigError(f"refusing to edit the Codex config: `{key}` is not a table")
    return t


def _load_config(ctx):
    path = target_path(config_path(ctx))
    text = read_text(path, nofollow=False)
    return path, text, parse_toml(text, path)


def hooks_feature_off(doc):
    features = doc.get("features")
    return hasattr(features, "get") and features.get("hooks") is False


def project_trust(doc, project):
    projects = doc.get("projects")
    entry = projects.get(project) if hasattr(projects, "get") else None
    return entry.get("trust_level") if hasattr(entry, "get") else None


def _load_hooks(ctx):
    path = target_path(hooks_path(ctx), None if ctx.user else ctx.project)
    text = read_text(path, nofollow=not ctx.user)
    return path, text, parse_json_object(text, path)


def plan_install(ctx, plan, record):
    import tomlkit

    hpath, htext, hooks = _load_hooks(ctx)
    cpath, ctext, doc = _load_config(ctx)
    if hooks_feature_off(doc):
        raise ConfigError(
            f"Codex hooks are switched off (`[features] hooks = false` in {display(cpath)}), so the guard would never run. "
            "Remove that line (or set it to true), then re-run."
        )
    h = handler(ctx)
    gi, hi = hookjson.put_ours(hooks, NAME, h, hpath)
    group = hooks["hooks"]["PreToolUse"][gi]
    plan.set(hpath, htext, dump_json_like(hooks, htext))
    messages = [f"{LABEL}: PreToolUse hook in {hpath}"]
    added_trust = False
    if not ctx.user and project_trust(doc, ctx.project) != "trusted":
        projects = _table(doc, "projects")
        entry = projects.get(ctx.project)
        if not hasattr(entry, "__setitem__"):
            entry = tomlkit.table()
            projects[ctx.project] = entry
        entry["trust_level"] = "trusted"
        added_trust = True
        messages.append(f"{LABEL}: marked {ctx.project} trusted in {cpath} (Codex ignores an untrusted project's hooks)")
    key = trust_key(hpath, gi, hi)
    state = _table(_table(doc, "hooks"), "state")
    entry = state.get(key)
    if entry is None:
        entry = tomlkit.table()
        state[key] = entry
    entry["trusted_hash"] = trust_hash(group, h)
    messages.append(f"{LABEL}: recorded the hook's trust in {cpath}")
    change = plan.set(cpath, ctext, tomlkit.dumps(doc), mode=0o600)
    ctx.codex_pending = {"config": cpath, "hooks": hpath, "key": key, "added_project_trust": added_trust,
                         "command": h["command"], "change": change}
    return messages


def after_apply(ctx, plan, record):
    """Have Codex itself confirm the hook is trusted (and fix its hash through app-server if
    ours is not the one it computes). Raises ConfigError when Codex would skip the hook."""
    pending = getattr(ctx, "codex_pending", None)
    if pending is None:
        return []
    entry = record.get(pending["config"]) or {}
    extra = {"codex_state_keys": sorted(set(entry.get("codex_state_keys", [])) | {pending["key"]})}
    if pending["added_project_trust"] or entry.get("codex_project_trust"):
        extra["codex_project_trust"] = ctx.project if pending["added_project_trust"] else entry["codex_project_trust"]
    if pending["config"] in record.files:
        record.files[pending["config"]].update(extra)
    binary = codex_binary(ctx)
    if not binary:
        return [f"{LABEL}: no `codex` on PATH, so the trust hash was written without Codex confirming it; "
                "`legant guard status` checks it"]
    # In a Codex home install created, note what `codex app-server` creates, so uninstall can
    # take that away too.
    fresh = bool(entry.get("created")) and ctx.codex_home in (entry.get("created_dirs") or [])
    before = _tree(ctx.codex_home) if fresh else None
    try:
        return _confirm_trust(binary, ctx, pending, record, extra)
    finally:
        if fresh and pending["config"] in record.files:
            known = set(record.files[pending["config"]].get("codex_created") or [])
            record.files[pending["config"]]["codex_created"] = sorted(known | (_tree(ctx.codex_home) - before))


def _tree(folder):
    """Every path below `folder` (symlinks not followed)."""
    out = set()
    for root, dirs, files in os.walk(folder):
        out.update(os.path.join(root, n) for n in dirs + files)
    return out


def after_uninstall(ctx):
    """Delete what `codex app-server` created in a Codex home install created, once uninstall
    has emptied that home of our config (deepest first; a folder only when empty)."""
    from legant_guard.install.configfiles import remove_empty_dirs

    record_entry = getattr(ctx, "codex_cleanup", None)
    if not record_entry:
        return

    for path in sorted(record_entry.get("codex_created") or [], key=lambda p: p.count(os.sep), reverse=True):
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                os.rmdir(path)
            else:
                os.unlink(path)
        except OSError:
            continue
    remove_empty_dirs(list(reversed(record_entry.get("created_dirs") or [])))


def _confirm_trust(binary, ctx, pending, record, extra):
    try:
        hook = _listed_hook(binary, ctx, pending)
        if hook is None:
            raise ConfigError(f"Codex does not list the Legant hook in {display(pending['hooks'])} for {ctx.project} "
                              "(is the project trusted and the hooks feature on?)")
        if hook.get("trustStatus") == "trusted":
            return [f"{LABEL}: `codex app-server` confirms the hook is trusted"]
        before = read_text(pending["config"], nofollow=False)
        _app_server(binary, ctx, [("config/batchWrite", {"edits": [{
            "keyPath": "hooks.state", "value": {hook["key"]: {"trusted_hash": hook["currentHash"]}},
            "mergeStrategy": "upsert"}]})])
        after = read_text(pending["config"], nofollow=False)
        if before != after:
            from legant_guard.install.configfiles import Change

            record.note_write(Change(pending["config"], before, after), extra)
        hook = _listed_hook(binary, ctx, pending)
        if hook is None or hook.get("trustStatus") != "trusted":
            raise ConfigError("Codex still does not trust the Legant hook after `config/batchWrite`")
        return [f"{LABEL}: trusted the hook through `codex app-server`"]
    except _AppServerError as e:
        return [f"{LABEL}: could not ask `codex app-server` to confirm the hook's trust ({e}); "
                "`legant guard status` checks the recorded hash"]


class _AppServerError(Exception):
    pass


def _listed_hook(binary, ctx, pending):
    result = _app_server(binary, ctx, [("hooks/list", {"cwds": [ctx.project]})])[0]
    for entry in result.get("data", []):
        for hook in entry.get("hooks", []):
            if hook.get("sourcePath") == pending["hooks"] and hook.get("command") == pending["command"]:
                return hook
    return None


def _app_server(binary, ctx, calls):
    """Run `codex app-server`, initialize, make `calls` [(method, params)], return the results."""
    try:
        p = subprocess.Popen([binary, "app-server"], cwd=ctx.project, env=dict(ctx.env), text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError as e:
        raise _AppServerError(f"cannot start {binary}: {e.strerror}")
    timer = threading.Timer(APP_SERVER_TIMEOUT, p.kill)
    timer.start()
    results = []

    def call(i, method, params):
        p.stdin.write(json.dumps({"id": i, "method": method, "params": params}) + "\n")
        p.stdin.flush()
        for line in p.stdout:
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if msg.get("id") == i:
                if "error" in msg:
                    raise _AppServerError(f"{method}: {msg['error'].get('message', msg['error'])}")
                return msg.get("result") or {}
        raise _AppServerError(f"codex app-server stopped during {method}")

    try:
        call(1, "initialize", {"clientInfo": {"name": "legant-guard", "version": "1"}})
        p.stdin.write(json.dumps({"method": "initialized"}) + "\n")
        for n, (method, params) in enumerate(calls, start=2):
            results.append(call(n, method, params))
    except (OSError, ValueError) as e:
        raise _AppServerError(str(e))
    finally:
        timer.cancel()
        try:
            p.stdin.close()
        except OSError:
            pass
        p.terminate()
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    return results


def plan_uninstall(ctx, plan, record):
    hpath, htext, hooks = _load_hooks(ctx)
    ours = hookjson.find_ours(hooks, NAME)
    keys = {trust_key(hpath, gi, hi) for gi, hi, _, _ in ours}
    messages = []
    if ours:
        hookjson.remove_ours(hooks, NAME)
        plan_removal(plan, record, hpath, htext, dump_json_like(hooks, htext), emptied=(hooks == {}),
                     clean_original=lambda original: hookjson.without_ours(original, NAME, hpath))
        messages.append(f"{LABEL}: removed the Legant hook from {hpath}")
    else:
        messages.append(f"{LABEL}: no Legant hook in {hpath}")
    cpath, ctext, doc = _load_config(ctx)
    entry = record.get(cpath) or {}
    keys |= {k for k in entry.get("codex_state_keys", []) if k.startswith(hpath + ":")}
    state = doc.get("hooks", {}).get("state") if hasattr(doc.get("hooks"), "get") else None
    dropped = [k for k in keys if hasattr(state, "get") and k in state]
    tables = {}
    for k in dropped:
        _drop_key(state, k, "trusted_hash")
        tables[("hooks", "state", k)] = {"trusted_hash"}
    if hasattr(state, "get") and not state:
        del doc["hooks"]["state"]
        if not doc["hooks"]:
            del doc["hooks"]
    project = entry.get("codex_project_trust")
    untrusted = False
    if not ctx.user and project == ctx.project and project_trust(doc, project) == "trusted":
        _drop_key(doc["projects"], project, "trust_level")
        if not doc["projects"]:
            del doc["projects"]
        tables[("projects", project)] = {"trust_level"}
        untrusted = True
    if dropped or untrusted:
        from legant_guard.install.tomltext import surgical_or

        # line by line, so the user's comments and layout around our tables stay as written
        remaining = surgical_or(ctext or "", tables, doc)
        change = plan_removal(plan, record, cpath, ctext, remaining, emptied=not remaining.strip())
        if change is not None and change.new is None and entry.get("created"):
            ctx.codex_cleanup = dict(entry)
        if dropped:
            messages.append(f"{LABEL}: removed the hook's trust entry from {cpath}")
        if untrusted:
            messages.append(f"{LABEL}: removed the project trust install had added for {project} from {cpath}")
    return messages


def _drop_key(parent, name, key):
    """Remove our `key` from the table `parent[name]`, and the table when nothing else is in it."""
    table = parent.get(name)
    if hasattr(table, "keys") and key in table:
        del table[key]
    if not hasattr(table, "keys") or not table:
        del parent[name]


def status(ctx):
    entries, problems = [], []
    try:
        cpath, _, doc = _load_config(ctx)
    except ConfigError as e:
        return {"agent": NAME, "entries": [], "problems": [{"problem": str(e), "fix": f"fix {config_path(ctx)}"}]}
    state = doc.get("hooks", {}).get("state") if hasattr(doc.get("hooks"), "get") else None
    for user in (True, False):
        path = hooks_path(ctx, user)
        try:
            real = target_path(path, None if user else ctx.project)
            data = parse_json_object(read_text(real, nofollow=not user), real)
        except ConfigError as e:
            problems.append({"problem": str(e), "fix": f"fix or remove {path}"})
            continue
        fix = "legant guard install --tool codex" + (" --user" if user else "")
        for gi, hi, group, h in hookjson.find_ours(data, NAME):
            env = command_env(h.get("command", ""))
            entries.append({"scope": "user" if user else "project", "file": real, "command": h.get("command"),
                            "role": role_of_token_file(env.get("LEGANT_GUARD_TOKEN_FILE")), "env": env})
            key = trust_key(real, gi, hi)
            recorded = state.get(key, {}).get("trusted_hash") if hasattr(state, "get") and hasattr(state.get(key), "get") else None
            if recorded != trust_hash(group, h):
                problems.append({"problem": f"Codex does not trust the hook in {real} ({'hash changed' if recorded else 'no trust entry'}): "
                                            "Codex skips it silently and runs every tool",
                                 "fix": fix})
            if not user and project_trust(doc, ctx.project) != "trusted":
                problems.append({"problem": f"the project {ctx.project} is not trusted in {cpath}: Codex ignores its .codex/ hooks",
                                 "fix": fix})
    if hooks_feature_off(doc):
        problems.append({"problem": f"`[features] hooks = false` in {cpath}: Codex runs no hooks",
                         "fix": f"remove `hooks = false` from [features] in {cpath}"})
    return {"agent": NAME, "entries": entries, "problems": problems}
