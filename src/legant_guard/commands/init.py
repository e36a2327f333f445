"""`legant guard init`: write the local guard setup (key, JWKS, feed, one token per role)."""

import os
import shlex

import click

from legant_guard import guarddir
from legant_guard.commands.install import toolchain_lines, toolchain_option


@click.command("init")
@click.option("--project", default=".", show_default=True, type=click.Path(file_okay=False),
              help="The project the agent works in.")
@click.option("--dir", "dir_", type=click.Path(file_okay=False),
              help="Where to keep the setup (default: per project, under your user config dir, outside the project).")
@click.option("--ttl", default="8h", show_default=True, help="Lifetime of the role tokens (30m, 8h, 2d).")
@toolchain_option
def command(project, dir_, ttl, toolchain):
    """Set up the local guard for a project.

    Writes, in a 0700 folder OUTSIDE the project: an RSA signing key (key.pem), its JWKS,
    an empty signed revocation feed, one token per built-in role (reviewer.jwt, builder.jwt,
    open.jwt, operator.jwt) and an empty deny overlay. Running it again keeps the key and
    the overlay, re-mints the role tokens and refreshes the feed.

    \b
    Example:
      legant guard init --project ~/src/app --ttl 8h
    """
    from legant_guard.commands._ops import duration

    seconds = duration(ttl, "--ttl")
    project = os.path.realpath(project)
    if not os.path.isdir(project):
        raise click.ClickException(f"project {project} is not a directory")
    target = os.path.abspath(dir_) if dir_ else guarddir.default_guard_dir(project)
    try:
        guarddir.init_guard_dir(target, project, seconds, toolchains=toolchain)
    except guarddir.GuardDirError as e:
        raise click.ClickException(str(e))
    except Exception as e:  # a role or toolchain error: one line for people, never a traceback
        if type(e).__name__ in ("RoleError", "ToolchainError"):
            raise click.ClickException(str(e))
        raise
    click.echo(f"guard set up for {project}")
    click.echo(f"  directory: {target}")
    click.echo(f"  tokens:    {', '.join(r + '.jwt' for r in ('reviewer', 'builder', 'open', 'operator'))} (valid {ttl})")
    for line in toolchain_lines("builder", project, guarddir.saved_toolchains(target)):
        click.echo("  " + line)
    where = f" --project {shlex.quote(project)}" if project != os.path.realpath(os.getcwd()) else ""
    where += f" --dir {shlex.quote(target)}" if dir_ else ""
    click.echo(f"next: `legant guard install --role builder{where}` wires the hook into your agents")
    from legant_guard.hook.trustderivation import inside_project_warning

    warning = inside_project_warning(project)
    if warning:
        click.echo(warning, err=True)
