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
            _describe_issuer(e, s["problems"], ctx)
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


def _describe_issuer(entry, problems, ctx):
    """Org mode: the issuer, its documents' last fetch, staleness and feed version."""
    import time

    from legant_guard.hook.issuer import describe, is_url

    env = entry.get("env") or {}
    if not (is_url(env.get("LEGANT_GUARD_JWKS")) or is_url(env.get("LEGANT_GUARD_FEED"))):
        return
    info = entry["issuer"] = describe(env, time.time())
    for doc in info["documents"]:
        if doc["stale"]:
            problems.append({"problem": f"the issuer's {doc['what']} ({doc['url']}) is stale or was never fetched"
                                        f"{': ' + doc['error'] if doc['error'] else ''}: every tool call is refused",
                             "fix": f"check that the issuer is reachable, then run `legant guard doctor --project {ctx.project}`"})


@click.command("status")
@project_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def command(project, as_json):
    """Show, per agent, whether the guard's hook is installed and would run.

    For each agent: scope and file of the hook, its role, the token's validity and expiry, the
    revocation feed's freshness, and anything that would make the agent skip the hook (Codex
    hook or project not trusted, hooks switched off, an opencode plugin that does not load,
    `disableAllHooks`), each with the command that fixes it.

    \b
    Examples:
      legant guard status
      legant guard status --project ~/src/app --json
    """
    from legant_guard.install import module
    from legant_guard.install.tokens import human_duration

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
            for doc in e.get("issuer", {}).get("documents", []):
                from legant_guard.hook.issuer import human_age

                age = "never fetched" if doc["age_seconds"] is None else f"fetched {human_age(doc['age_seconds'])} ago"
                ver = f", version {doc['ver']}" if doc["ver"] is not None else ""
                click.echo(f"  issuer {doc['what']}: {doc['url']} ({age}{ver}{', STALE' if doc['stale'] else ''})")
        for p in s["problems"]:
            click.echo(f"  PROBLEM: {p['problem']}")
            click.echo(f"    fix: {p['fix']}")
