"""`legant guard status`: is the hook installed, and would each agent actually run it?"""

import json

import click

from legant_guard.commands.install import context, project_option


def collect(project):
    """Status of every agent: entries (with token and feed state) and problems."""
    from legant_guard import install as inst
    from legant_guard.install.tokens import describe

    ctx = context(project, None)
    report = []
    for s in inst.status(ctx):
        for e in s["entries"]:
            e.update(describe(e.get("env") or {}))
            if not e["token"]["valid"]:
                s["problems"].append({"problem": f"the {e['role']} token of the hook in {e['file']} is not valid "
                                                 f"({e['token'].get('error')}): every tool call is refused",
                                      "fix": f"legant guard init --project {ctx.project}"})
            elif not e["feed"]["valid"]:
                s["problems"].append({"problem": f"the revocation feed of the hook in {e['file']} is not valid "
                                                 f"({e['feed'].get('error')}): every tool call is refused",
                                      "fix": f"legant guard init --project {ctx.project}"})
        s["installed"] = bool(s["entries"])
        report.append(s)
    return ctx, report


@click.command("status")
@project_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--trust-base", "trust_base", is_flag=True,
              help="List what the guard stands on (its installation, the agents' configs) and how each is protected.")
def command(project, as_json, trust_base):
    """Show, per agent, whether the guard's hook is installed and would run.

    For each agent: scope and file of the hook, its role, the token's validity and expiry, the
    revocation feed's freshness, and anything that would make the agent skip the hook (Codex
    hook or project not trusted, hooks switched off, an opencode plugin that does not load,
    `disableAllHooks`), each with the command that fixes it.

    \b
    Examples:
      legant guard status
      legant guard status --project ~/src/app --json
      legant guard status --trust-base
    """
    from legant_guard.install import module
    from legant_guard.install.tokens import human_duration

    if trust_base:
        from legant_guard.commands.trust import show_trust_base

        show_trust_base(project, as_json)
        return
    _, report = collect(project)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    for s in report:
        label = module(s["agent"]).LABEL
        if not s["entries"]:
            click.echo(f"{label}: not installed")
        for e in s["entries"]:
            tok, feed = e["token"], e["feed"]
            tok_text = f"valid, expires in {human_duration(tok.get('expires_in_seconds'))}" if tok["valid"] else f"INVALID: {tok.get('error')}"
            feed_text = f"valid, expires in {human_duration(feed.get('expires_in_seconds'))}" if feed["valid"] else f"INVALID: {feed.get('error')}"
            click.echo(f"{label}: installed ({e['scope']}) in {e['file']}")
            click.echo(f"  role:  {e['role']}")
            click.echo(f"  token: {tok_text}")
            click.echo(f"  feed:  {feed_text}")
        for p in s["problems"]:
            click.echo(f"  PROBLEM: {p['problem']}")
            click.echo(f"    fix: {p['fix']}")
