"""`legant guard uninstall`: take out exactly what `legant guard install` put in."""

import os

import click

from legant_guard import agents as registry
from legant_guard.commands.install import dir_option, project_option, user_option
from legant_guard.ops import installation


@click.command("uninstall")
@project_option
@click.option("--tool", "tools", multiple=True, type=click.Choice(("all",) + registry.NAMES),
              default=("all",), show_default=True, help="Which agent(s). Repeatable.")
@user_option
@dir_option
@click.option("--dry-run", is_flag=True, help="Print the exact change to each file; write nothing.")
def command(project, tools, user, dir_, dry_run):
    """Remove the guard's hook from the agents' configs.

    Removes only what install added: other hooks and settings stay, Codex trust entries for
    our hook go, and a file install created is deleted when nothing else is left in it (a file
    that install changed is put back byte for byte when nobody touched it since). The guard
    setup itself (key, tokens, audit log) is kept.

    \b
    Examples:
      legant guard uninstall
      legant guard uninstall --tool codex --user --dry-run
    """
    from legant_guard import install as inst

    ctx = installation.context(project, dir_, user=user)
    agents = [a for a in registry.NAMES if "all" in tools or a in tools]
    if not dir_:
        # the install record lives in the guard dir the installed hook points at
        for s in inst.status(ctx, agents):
            for e in s["entries"]:
                if e["scope"] == ctx.scope and (e.get("env") or {}).get("LEGANT_GUARD_TOKEN_FILE"):
                    ctx.guard_dir = os.path.dirname(e["env"]["LEGANT_GUARD_TOKEN_FILE"])
    try:
        messages, diff = inst.uninstall(ctx, agents, dry_run=dry_run)
    except inst.ConfigError as e:
        raise click.ClickException(str(e))
    if dry_run:
        click.echo(diff or "no change: nothing of Legant's to remove", nl=not diff)
        click.echo("dry run: nothing written")
        return
    for m in messages:
        click.echo(m)
