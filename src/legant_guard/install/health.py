"""Is what `install` put in place still there and still working? The findings `status` and
`doctor` report, each with the exact command that fixes it.

Beyond what each agent module checks in its own config (trust, switches that turn hooks off),
this compares the agents' configs with the install record in the guard dir (a hook config
deleted or edited since install, while other agents' hooks remain), checks that the `legant`
program each hook runs still exists, and asks the hook's own verifier about each token and
feed. Fix commands repeat the installed role, scope, project and guard dir, so running one
puts back what was installed instead of a default.
"""

import os
import re
import shlex

from legant_guard.install.common import AGENTS, KNOWN_HOOK_FLAGS

_INSTALL_FIX = re.compile(r"legant guard install --tool (" + "|".join(map(re.escape, AGENTS)) + r")( --user)?(?![\w-])")


def _q(path):
    return shlex.quote(path)


class Fixes:
    """The fix commands for one project (and guard dir) as seen from the cwd."""

    def __init__(self, ctx, cwd=None):
        from legant_guard import guarddir
        from legant_guard.install.locate import find_project

        self.ctx = ctx
        self.default_dir = guarddir.default_guard_dir(ctx.project)
        cwd = os.path.realpath(cwd or os.getcwd())
        self.here = find_project(cwd) == ctx.project  # renew finds the setup from a subfolder
        self.at_root = cwd == ctx.project  # install works on the cwd unless told --project

    def _where(self, guard_dir, dir_given, scope="project"):
        out = ""
        if not self.at_root and scope == "project":
            out += f" --project {_q(self.ctx.project)}"
        if guard_dir and (dir_given or os.path.realpath(guard_dir) != os.path.realpath(self.default_dir)):
            out += f" --dir {_q(guard_dir)}"
        return out

    def install(self, agent, scope, role, guard_dir, dir_given=False):
        role = role or "builder"
        user = " --user" if scope == "user" else ""
        base = issuer_of(guard_dir)
        if base:  # org mode: no local role; install again from the issuer's token the setup keeps
            from legant_guard import guarddir
            from legant_guard.issuersetup import ROLE

            token = guarddir.token_file(guard_dir, ROLE)
            return (f"legant guard install --tool {agent} --issuer {_q(base)} --token-file {_q(token)}{user}"
                    + self._where(guard_dir, dir_given, scope))
        return f"legant guard install --tool {agent} --role {_q(role)}{user}" + self._where(guard_dir, dir_given, scope)

    def fresh_token(self, agent, scope, guard_dir):
        """A token that expired (or soon will) or was revoked: renew it locally, or in org
        mode get a new one from the issuer (which holds the key: `renew` cannot help)."""
        base = issuer_of(guard_dir)
        if not base:
            return self.renew(guard_dir)
        user = " --user" if scope == "user" else ""
        return (f"get a fresh token from the issuer ({base}), then: legant guard install --tool {agent} --issuer "
                f"{_q(base)} --token-file NEW_TOKEN_FILE{user}" + self._where(guard_dir, False, scope))

    def feed(self, guard_dir):
        base = issuer_of(guard_dir)
        if not base:
            return self.renew(guard_dir)
        return (f"the hook fetches the issuer's keys and feed from {base} again on its next call: make sure this "
                "machine reaches it (and that the issuer publishes a current feed); `legant guard doctor` runs the hook")

    def renew(self, guard_dir):
        out = "legant guard renew"
        if guard_dir and os.path.realpath(guard_dir) != os.path.realpath(self.default_dir):
            return out + f" --dir {_q(guard_dir)}"
        return out + ("" if self.here else f" --project {_q(self.ctx.project)}")


def issuer_of(guard_dir):
    from legant_guard.issuersetup import issuer_url

    return issuer_url(guard_dir)


def entry_guard_dir(entry):
    token_file = (entry.get("env") or {}).get("LEGANT_GUARD_TOKEN_FILE")
    return os.path.dirname(token_file) if token_file else None


def hook_program(entry):
    """The program a hook entry runs (the first word after the VAR=value assignments; the
    script when it is run through its interpreter, `/abs/python -IS /abs/legant`)."""
    command = entry.get("command")
    if isinstance(command, list):
        words = [w for w in command if isinstance(w, str)]
    else:
        try:
            words = shlex.split(command or "")
        except ValueError:
            return None
        while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
            words = words[1:]
    if not words:
        return None
    if "python" in os.path.basename(words[0]) and len(words) > 2 and words[1] in KNOWN_HOOK_FLAGS:
        if not (os.path.isfile(words[0]) and os.access(words[0], os.X_OK)):
            return words[0]  # the interpreter is gone: that is what to report
        return words[2]
    return words[0]


def _records(ctx, entries):
    """{(agent, real file): recorded hook} from the record of every guard dir in play."""
    from legant_guard.install.common import Record

    dirs = [ctx.guard_dir] + [entry_guard_dir(e) for e in entries]
    out = {}
    for d in dict.fromkeys(x for x in dirs if x):
        for hook in Record(d).hooks.values():
            if not isinstance(hook, dict) or hook.get("agent") not in AGENTS:
                continue
            if hook.get("scope") == "project" and hook.get("project") != ctx.project:
                continue
            out.setdefault((hook["agent"], hook.get("file")), dict(hook, guard_dir=d))
    return out


def examine(ctx, report, cwd=None, now=None):
    """Add to each agent's status (from install.status) the token/feed state of its entries,
    and problems and warnings, each with a fix."""
    from legant_guard.install.tokens import EXPIRY_WARNING_SECONDS, describe, human_duration

    fixes = Fixes(ctx, cwd)
    all_entries = [e for s in report for e in s["entries"]]
    recorded = _records(ctx, all_entries)
    for s in report:
        agent = s["agent"]
        s.setdefault("warnings", [])
        for e in s["entries"]:
            e["agent"] = agent
            guard_dir = entry_guard_dir(e)
            rec = recorded.get((agent, os.path.realpath(e["file"])))
            if rec:  # put back what install wrote, not what an edit made of it
                reinstall = fixes.install(agent, e["scope"], rec.get("role"), rec["guard_dir"], rec.get("dir_given"))
            else:
                reinstall = fixes.install(agent, e["scope"], e.get("role"), guard_dir)
            e.update(describe(e.get("env") or {}, now))
            tok, feed = e["token"], e["feed"]
            if not tok["valid"]:
                s["problems"].append({"problem": f"the {e['role']} token of the hook in {e['file']} is not valid "
                                                 f"({tok.get('error')}): every tool call is refused",
                                      "fix": fixes.feed(guard_dir) if _issuer_unreachable(tok.get("error"))
                                      else fixes.fresh_token(agent, e["scope"], guard_dir)})
            elif tok.get("expires_in_seconds") is not None and tok["expires_in_seconds"] < EXPIRY_WARNING_SECONDS:
                left = tok["expires_in_seconds"]
                when = f"expires in {human_duration(left)}" if left > 0 else "has just expired"
                s["warnings"].append({"warning": f"the {e['role']} token of the hook in {e['file']} {when}: then "
                                                 "every tool call is refused",
                                      "fix": fixes.fresh_token(agent, e["scope"], guard_dir)})
            if not feed["valid"]:
                s["problems"].append({"problem": f"the revocation feed of the hook in {e['file']} is not valid "
                                                 f"({feed.get('error')}): every tool call is refused",
                                      "fix": fixes.feed(guard_dir)})
            if tok["valid"] and feed["valid"]:
                refusal = refuses_harmless(agent, e.get("env") or {}, ctx.project)
                if refusal:
                    s["problems"].append({"problem": f"the hook in {e['file']} refuses even a harmless read, so every "
                                                     f"tool call is refused: {refusal}",
                                          "fix": "do what the reason says, then `legant guard doctor` runs the hook "
                                                 "to confirm"})
            program = hook_program(e)
            if not program or not (os.path.isfile(program) and os.access(program, os.X_OK)):
                s["problems"].append({"problem": f"the hook in {e['file']} runs {program or '(no program)'}, which is not "
                                                 "there any more (uninstalled or moved?): the agent cannot run the guard",
                                      "fix": reinstall})
            if rec and _edited(rec, e):
                s["problems"].append({"problem": f"the hook in {e['file']} was edited since install: it no longer runs "
                                                 "the command install wrote",
                                      "fix": reinstall})
        seen = {os.path.realpath(e["file"]) for e in s["entries"]}
        for (a, path), rec in sorted(recorded.items()):
            if a == agent and path not in seen:
                what = "was deleted" if not os.path.exists(path) else "no longer holds the Legant hook"
                s["problems"].append({
                    "problem": f"install put the {_label(agent)} hook in {path}, which {what}: {_label(agent)} "
                               "runs its tools unguarded",
                    "fix": fixes.install(agent, rec.get("scope"), rec.get("role"), rec["guard_dir"], rec.get("dir_given"))})
        _complete_fixes(s, fixes, recorded)
    return report


def refuses_harmless(agent, hook_env, project):
    """The reason the hook would refuse a harmless read of the project's README (a setup-wide
    problem: a lost overlay, a rolled-back feed, an edited catalogue, an unsafe guard dir ...
    that a valid token and feed do not show), decided in-process by the hook's own `evaluate`
    with the hook's environment; None when it would allow it."""
    import json

    from legant_guard import agents
    from legant_guard.hook.check import evaluate

    descriptor = agents.get(agent)
    tool, args = descriptor.tool_call("read", "README.md", project)
    event = descriptor.event(tool, args, project, session_id="legant-status", tool_use_id="status_1",
                             transcript_path="", permission_mode="default")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGANT_GUARD_")}
    env.update(descriptor.hook_process_env(project))
    env.update(hook_env)
    try:
        decision = evaluate(json.dumps(event).encode(), agent, env, process_cwd=project).decision
    except Exception as e:  # status must report, never crash
        return f"the hook's check failed ({e})"
    return None if decision.allow else decision.reason


def _issuer_unreachable(error):
    """The token could not be checked because the issuer's documents are missing or stale (org mode)."""
    return bool(error) and "the issuer's" in error and ("stale" in error or "no copy" in error)


def _edited(rec, entry):
    if rec.get("command") is None:
        return False
    if rec["command"] != entry.get("command"):
        return True
    return isinstance(entry.get("command"), list) and rec.get("env") not in (None, entry.get("env"))


def _label(agent):
    from legant_guard import agents

    return agents.get(agent).label


def _complete_fixes(s, fixes, recorded):
    """The agent modules' fixes say `legant guard install --tool X [--user]`: add the installed
    role, project and guard dir, so the fix keeps them."""
    by_scope = {}
    for (a, path), rec in recorded.items():
        if a == s["agent"]:
            by_scope.setdefault(rec.get("scope"), (rec.get("role"), rec["guard_dir"], rec.get("dir_given")))
    for e in s["entries"]:
        by_scope.setdefault(e["scope"], (e.get("role"), entry_guard_dir(e), False))

    def full(m):
        scope = "user" if m.group(2) else "project"
        role, guard_dir, dir_given = by_scope.get(scope, (None, fixes.ctx.guard_dir, False))
        return fixes.install(m.group(1), scope, role, guard_dir, dir_given)

    for p in s["problems"]:
        if not p.get("fix", "").startswith("legant guard install --tool ") or " --role " not in p["fix"] \
                and " --issuer " not in p["fix"]:
            p["fix"] = _INSTALL_FIX.sub(full, p.get("fix", ""))
