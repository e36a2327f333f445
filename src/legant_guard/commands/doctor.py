"""`legant guard doctor`: run each installed hook the way its agent would, once with a harmless
tool call and once with one the guard must refuse, and say whether calls could slip through.

Nothing is executed but the hook itself: the events are piped into the configured command.
The refused event is a write into the guard's own directory, which every role denies.
"""

import json
import os
import subprocess
import time

import click

from legant_guard.commands.status import status_options


def events(agent, project, guard_dir):
    """[(kind, event)]: a harmless read of the project's README and a write into the guard's own
    directory, in `agent`'s own tools and event shape."""
    from legant_guard import agents

    descriptor = agents.get(agent)
    calls = (("harmless", descriptor.tool_call("read", "README.md", project)),
             ("denied", descriptor.tool_call("write", os.path.join(guard_dir, "doctor-probe.txt"), project, "x\n")))
    return [(kind, descriptor.event(tool, args, project, session_id="legant-doctor", tool_use_id="doctor_1",
                                    transcript_path="", permission_mode="default"))
            for kind, (tool, args) in calls]


def run_hook(entry, agent, event, project):
    """(rc, stdout, stderr, seconds) of the configured hook command for one event."""
    from legant_guard import agents

    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGANT_GUARD_")}
    env.update(agents.get(agent).hook_process_env(project))  # as the agent runs its hooks
    if isinstance(entry["command"], list):  # opencode's plugin runs an argv with its env
        argv = list(entry["command"])
        env.update(entry.get("env") or {})
    else:
        argv = ["/bin/sh", "-c", entry["command"]]
    t0 = time.monotonic()
    try:
        p = subprocess.run(argv, input=json.dumps(event), capture_output=True, text=True, cwd=project, env=env, timeout=30)
        rc, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        rc, out, err = "timeout", "", ""
    except OSError as e:
        rc, out, err = "cannot start", "", e.strerror
    return rc, out, err, time.monotonic() - t0


def judge(kind, rc, out, err):
    """(verdict text, lets calls through?)"""
    if rc == 0 and not out.strip():
        return ("allowed", kind == "denied")
    if rc == 2:
        try:
            h = json.loads(out).get("hookSpecificOutput", {})
            well_formed = h.get("permissionDecision") == "deny" and h.get("permissionDecisionReason") and err.strip()
        except (ValueError, AttributeError):
            well_formed = False
        reason = err.strip().splitlines()[0] if err.strip() else "(no reason)"
        if not well_formed:
            return (f"denied, but not in the portable form (JSON on stdout and the reason on stderr): {reason}", True)
        return (f"denied: {reason}", False)
    return (f"hook failed (exit {rc}): {(err.strip() or out.strip())[:200]}", True)


@click.command("doctor")
@status_options
def command(project, dir_):
    """Run every installed hook with a harmless and a refused tool call; exit 1 on any problem.

    For each installed agent, runs the exact hook command from its config, the way the agent
    would: once with a harmless read (must be allowed) and once with a write into the guard's
    own directory (every role must deny it), and reports the verdicts and the latency. Exits 1
    when a call could slip through, and on every problem `legant guard status` reports (an
    expired token, a hook config deleted since install, a `legant` that is gone...), each with
    the exact command that fixes it. Works from any subfolder of the project.

    \b
    Example:
      legant guard doctor --project ~/src/app
    """
    from legant_guard import agents
    from legant_guard.ops.installation import collect

    ctx, report = collect(project, dir_)
    bad = False
    installed = False
    for s in report:
        label = agents.get(s["agent"]).label
        for entry in s["entries"]:
            installed = True
            guard_dir = os.path.dirname(entry["env"].get("LEGANT_GUARD_TOKEN_FILE") or entry["file"])
            click.echo(f"{label} ({entry['scope']}, role {entry['role']}): {entry['file']}")
            for kind, event in events(s["agent"], ctx.project, guard_dir):
                rc, out, err, seconds = run_hook(entry, s["agent"], event, ctx.project)
                verdict, leaks = judge(kind, rc, out, err)
                refused = kind == "harmless" and rc == 2  # the guard refuses every call
                bad |= leaks or refused
                flag = "FAIL" if leaks or refused else "ok"
                click.echo(f"  {flag:4} {kind:8} {event['tool_name']:12} {verdict}  ({seconds * 1000:.0f} ms)")
            if entry.get("issuer"):  # org mode: the issuer's documents as the hook just left them
                import time

                from legant_guard.commands.status import issuer_lines
                from legant_guard.hook.issuer import describe

                for line in issuer_lines(describe(entry.get("env") or {}, time.time())):
                    click.echo(line)
        for p in s["problems"]:
            click.echo(f"  PROBLEM: {p['problem']}\n    fix: {p['fix']}")
            bad = True
        for w in s["warnings"]:
            click.echo(f"  WARNING: {w['warning']}\n    fix: {w['fix']}")
    if not installed:
        click.echo("no Legant hook installed in any agent: run `legant guard install`")
        raise SystemExit(1)
    if bad:
        click.echo("doctor: tool calls could slip past the guard, or the guard refuses every call "
                   "(see FAIL / PROBLEM above and run the fix)")
        raise SystemExit(1)
    click.echo("doctor: every installed hook refuses what it must")
