"""`legant guard status`: is the hook installed, and would each agent actually run it?"""

import json

import click

from legant_guard.ops import installation


def status_options(func):
    """--project (default: the guarded project the cwd is in) and --dir, for status and doctor."""
    func = click.option("--dir", "dir_", type=click.Path(file_okay=False),
                        help="The guard setup to compare with (default: the project's, and the one each hook names).")(func)
    return click.option("--project", type=click.Path(file_okay=False),
                        help="The project (default: the guarded project the current folder is in).")(func)


def project_line(env):
    """Where an installed hook applies: its project, or every project (a user-wide install)."""
    if env.get("LEGANT_GUARD_PROJECT"):
        return env["LEGANT_GUARD_PROJECT"]
    return ("every project you open (the agent's project dir, else the git root of its working directory; "
            "denied where it cannot tell)")


def issuer_lines(info):
    """Org mode: one line per issuer document (URL, last fetch, feed version, staleness)."""
    from legant_guard.hook.issuer import human_age

    lines = [f"  issuer: {info['issuer']}"] if info and info.get("issuer") else []
    for doc in (info or {}).get("documents", []):
        age = "never fetched" if doc["age_seconds"] is None else f"fetched {human_age(doc['age_seconds'])} ago"
        ver = f", version {doc['ver']}" if doc["ver"] is not None else ""
        lines.append(f"  issuer {doc['what']}: {doc['url']} ({age}{ver}{', STALE' if doc['stale'] else ''})")
    return lines


@click.command("status")
@status_options
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (same exit code).")
@click.option("--trust-base", "trust_base", is_flag=True,
              help="List what the guard stands on (its installation, the agents' configs) and how each is protected.")
def command(project, dir_, as_json, trust_base):
    """Show, per agent, whether the guard's hook is installed and would run; exit 1 on any problem.

    For each agent: scope and file of the hook, its role, the token's validity and expiry, the
    revocation feed's freshness, and anything that would make the agent skip the hook (Codex
    hook or project not trusted, hooks switched off, an opencode plugin that does not load,
    `disableAllHooks`, a hook config deleted or edited since install, a `legant` program that
    is gone), each with the command that fixes it. Works from any subfolder of the project.
    Exit code 0 when every installed hook would run, 1 when anything reported is a problem
    (or no hook is installed); a token expiring within an hour is a warning.

    \b
    Examples:
      legant guard status
      legant guard status --project ~/src/app --json
      legant guard status --trust-base
    """
    from legant_guard import agents
    from legant_guard.install.tokens import human_duration

    ctx, report = installation.collect(project, dir_)
    if trust_base:
        from legant_guard.commands.trust import show_trust_base

        show_trust_base(ctx.project, ctx.guard_dir, as_json)
        return
    bad = installation.has_problems(report)
    if as_json:
        for s in report:
            s["installed"] = bool(s["entries"])
        click.echo(json.dumps(report, indent=2))
        raise SystemExit(1 if bad else 0)
    click.echo(f"project: {ctx.project}")
    for s in report:
        label = agents.get(s["agent"]).label
        if not s["entries"]:
            click.echo(f"{label}: not installed")
        for e in s["entries"]:
            tok, feed = e["token"], e["feed"]
            tok_text = f"valid, expires in {human_duration(tok.get('expires_in_seconds'))}" if tok["valid"] else f"INVALID: {tok.get('error')}"
            feed_text = f"valid, expires in {human_duration(feed.get('expires_in_seconds'))}" if feed["valid"] else f"INVALID: {feed.get('error')}"
            click.echo(f"{label}: installed ({e['scope']}) in {e['file']}")
            click.echo(f"  role:  {e['role']}")
            click.echo(f"  project: {project_line(e.get('env') or {})}")
            click.echo(f"  token: {tok_text}")
            click.echo(f"  feed:  {feed_text}")
            for line in issuer_lines(e.get("issuer")):
                click.echo(line)
        for p in s["problems"]:
            click.echo(f"  PROBLEM: {p['problem']}")
            click.echo(f"    fix: {p['fix']}")
        for w in s["warnings"]:
            click.echo(f"  WARNING: {w['warning']}")
            click.echo(f"    fix: {w['fix']}")
    if not any(s["entries"] for s in report):
        click.echo("no Legant hook installed in any agent: run `legant guard install`")
    if bad:
        raise SystemExit(1)
