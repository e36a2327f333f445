"""`legant guard install`: set up the local guard if needed, then wire its hook into the agents."""

import os

import click

from legant_guard.install import TOOL_CHOICES
from legant_guard.ops import installation

tool_option = click.option(
    "--tool", "tools", multiple=True, type=click.Choice(TOOL_CHOICES), default=("auto",), show_default=True,
    help="Which agent(s): auto = those on PATH or with a config dir. Repeatable.")
project_option = click.option("--project", default=".", show_default=True, type=click.Path(file_okay=False),
                              help="The project the agent works in.")
dir_option = click.option("--dir", "dir_", type=click.Path(file_okay=False),
                          help="The guard setup (default: per project, under your user config dir).")
user_option = click.option("--user", is_flag=True,
                           help="The agent's user-wide config (~/.claude, $CODEX_HOME, ~/.config/opencode) "
                                "instead of the project's.")


toolchain_option = click.option(
    "--toolchain", "toolchain", metavar="LIST",
    help="Which ecosystem toolchains the builder role grants (default: those the project's files show): "
         "`node,python` exactly these, `--toolchain=-go` / `--toolchain=+rust` adjust what was detected, `all`, "
         "`none`, `auto`. "
         "Kept for later re-mints.")


@click.command("install")
@project_option
@tool_option
@click.option("--role", default="builder", show_default=True,
              help="Built-in role (reviewer, builder, open, operator) or a role YAML file.")
@user_option
@dir_option
@click.option("--ttl", default="8h", show_default=True, help="Lifetime of the role token, with a unit (30m, 8h, 2d).")
@toolchain_option
@click.option("--dry-run", is_flag=True, help="Print the exact change to each file; write nothing.")
@click.option("--git-exclude/--no-git-exclude", default=None,
              help="Add the generated project files (they hold absolute paths of your home) to .git/info/exclude. "
                   "Default: ask on a terminal, else print the command.")
@click.option("--subagents", "subagents_role", metavar="ROLE",
              help="Hold every sub-agent to ROLE: a child of the installed token, never wider.")
@click.option("--subagent", "subagent_types", multiple=True, metavar="TYPE=ROLE",
              help="Hold sub-agents of one type (e.g. Explore) to ROLE. Repeatable.")
@click.option("--issuer", metavar="URL",
              help="Org mode: use the Legant issuer at URL (its /.well-known/jwks.json and /.well-known/revoked).")
@click.option("--token-file", "issuer_token", type=click.Path(dir_okay=False, exists=True),
              help="With --issuer: the delegation token the issuer minted for you.")
def command(project, tools, role, user, dir_, ttl, toolchain, dry_run, git_exclude, subagents_role, subagent_types, issuer,
            issuer_token):
    """Wire the guard's hook into Claude Code, Codex and/or opencode.

    Sets up the local guard (`legant guard init`) if needed, then adds a pre-tool hook that
    runs `legant guard check` before every tool call of the agent. Re-running it changes the
    role and never duplicates the hook; `legant guard uninstall` takes it out again.

    \b
    Claude Code  .claude/settings.local.json  (--user: ~/.claude/settings.json)
    Codex        .codex/hooks.json + project and hook trust in $CODEX_HOME/config.toml
                 (--user: $CODEX_HOME/hooks.json)
    opencode     .opencode/plugins/legant-guard.js  (--user: ~/.config/opencode/plugins/)

    \b
    Sub-agents (Claude Code's Agent/Task, Codex's spawned agents, opencode's task) can be
    held to less than the main agent: --subagents ROLE mints a child token for every
    sub-agent, --subagent TYPE=ROLE one per sub-agent type; revoking the installed token
    revokes them too. Org mode (--issuer URL --token-file T) verifies T against the issuer's
    published keys and revocation feed, fetched and cached by the hook.

    \b
    Examples:
      legant guard install --role builder --git-exclude
      legant guard install --tool codex --role reviewer --dry-run
      legant guard install --role builder --subagents reviewer --subagent general-purpose=builder
      legant guard install --issuer https://legant.example.com --token-file ~/alice.jwt
    """
    from legant_guard import guarddir
    from legant_guard import install as inst

    if bool(issuer) != bool(issuer_token):
        raise click.UsageError("--issuer and --token-file go together: the issuer's URL and the token it minted")
    if issuer and (subagents_role or subagent_types):
        raise click.UsageError("in org mode sub-agent tokens come from the issuer (token exchange); "
                               "--subagents/--subagent apply to a local setup")
    if issuer:
        from legant_guard import issuersetup

        role = issuersetup.ROLE
    ctx = installation.context(project, dir_, role, user)
    from legant_guard.commands._ops import duration

    seconds = duration(ttl, "--ttl")
    mapping = {}
    try:
        agents = inst.select(ctx, tools)
        if issuer:
            if not dry_run:
                import time

                for line in issuersetup.setup(ctx.guard_dir, ctx.project, issuer, issuer_token,
                                              guarddir.AUDIENCE, dict(os.environ), time.time()):
                    click.echo(line)
        else:
            _check_role(role, None if user else ctx.project, toolchain)
            mapping = _subagent_mapping(subagents_role, subagent_types)
        if not dry_run and not issuer:
            if not mapping:
                from legant_guard import subagents

                subagents.remove_map(ctx.guard_dir, ctx.role)  # before the re-mint: no agent.spawn
            # A new setup gets every role's token; an existing one gets this role's token
            # re-minted (a fresh expiry) and its feed re-signed with a new expiry.
            fresh = not os.path.exists(os.path.join(ctx.guard_dir, guarddir.KEY_FILE))
            guarddir.init_guard_dir(ctx.guard_dir, None if user else ctx.project, seconds,
                                    roles=None if fresh else [role], toolchains=toolchain,
                                    spawning=[ctx.role] if mapping else [])
            if fresh:
                click.echo(f"guard set up in {ctx.guard_dir}")
            if mapping:
                _install_subagents(ctx, mapping)
        messages, diff = inst.install(ctx, agents, dry_run=dry_run)
    except (inst.ConfigError, guarddir.GuardDirError) as e:
        raise click.ClickException(str(e))
    except Exception as e:  # role errors and the like: one line for people, never a traceback
        if type(e).__name__ in ("RoleError", "TokenError", "MintError"):
            raise click.ClickException(str(e))
        raise
    from legant_guard.hook.trustderivation import inside_project_warning

    warning = inside_project_warning(ctx.project)
    if dry_run:
        click.echo(diff or "no change: already installed as asked", nl=not diff)
        click.echo("dry run: nothing written")
        if warning:
            click.echo(warning, err=True)
        return
    for m in messages:
        click.echo(m)
    click.echo(f"role: {ctx.role} (token {guarddir.token_file(ctx.guard_dir, ctx.role)})")
    if user:
        click.echo("project: every project you open; the hook takes it from the agent (its project dir, else "
                   "the git root of its working directory) and denies every call where it cannot tell, or where "
                   "that would be your home or a system folder")
    adjust = guarddir.saved_toolchains(ctx.guard_dir)
    for line in [] if issuer else toolchain_lines(role, None if user else ctx.project, adjust):
        click.echo(line)  # org mode: the issuer's token carries its own rules
    warnings = [p for s in inst.status(ctx, agents) for p in s["problems"]]
    for p in warnings:
        click.echo(f"warning: {p['problem']}\n  fix: {p['fix']}", err=True)
    if not ctx.user:
        _keep_out_of_git(ctx, agents, git_exclude)
    if warning:
        click.echo(warning, err=True)
    click.echo("check it: legant guard status   (and `legant guard doctor` runs the hook once per agent)")


def _subagent_mapping(every, per_type):
    """{type: role} of --subagents/--subagent, checked before anything is written."""
    from legant_guard import subagents

    try:
        return subagents.parse_mappings(every, per_type)
    except subagents.SubagentError as e:
        raise click.ClickException(str(e))


def _install_subagents(ctx, mapping):
    """Mint the sub-agent children of the installed role (whose token now grants agent.spawn)."""
    import time

    from legant_guard import subagents

    try:
        for line in subagents.mint_children(ctx.guard_dir, ctx.project, ctx.role, mapping, time.time()):
            click.echo(line)
    except subagents.SubagentError as e:
        raise click.ClickException(str(e))
    click.echo(f"the {ctx.role} token may start sub-agents ({subagents.SPAWN}); each sub-agent's calls are judged "
               "by its child token")


def _check_role(role, project, toolchain=None):
    try:
        from legant_guard.roles import load_role, resolve_toolchains
    except ImportError:
        return
    try:
        resolve_toolchains(load_role(role), project, toolchain)
    except Exception as e:  # noqa: BLE001 (a role or toolchain error, shown in one line)
        raise click.ClickException(str(e))


def _keep_out_of_git(ctx, agents, wanted):
    """Say that the generated project files hold absolute home paths, and add them to
    .git/info/exclude when asked (--git-exclude, or yes at the prompt on a terminal)."""
    import sys

    from legant_guard import install as inst
    from legant_guard.install import gitexclude

    files = [os.path.realpath(inst.module(a).hook_file(ctx)) for a in agents]
    rel = ", ".join(os.path.relpath(f, ctx.project) for f in files)
    click.echo(f"note: {rel} hold absolute paths of this machine (your home, the guard dir): do not commit them")
    path, lines = gitexclude.missing_lines(ctx.project, files)
    if not path or not lines:
        if path:
            click.echo(f"  they are in {path} already")
        return
    if wanted is None and sys.stdin.isatty() and sys.stdout.isatty():
        wanted = click.confirm(f"  add them to {path} so git ignores them?", default=True)
    if wanted:
        path, added = inst.git_exclude(ctx, agents)
        click.echo(f"  added {', '.join(added)} to {path} (uninstall takes them out again)")
    else:
        click.echo(f"  to keep them out of commits: {gitexclude.shell_command(path, lines)}")
        click.echo("  (or re-run install with --git-exclude)")


def toolchain_lines(role, project, adjust):
    """What install and init print about the toolchains a role grants in `project`."""
    from legant_guard import toolchains
    from legant_guard.roles import load_role, resolve_toolchains

    loaded = load_role(role)
    if loaded.get("toolchains") is None:
        return []
    chosen, why = resolve_toolchains(loaded, project, adjust)
    if not chosen:
        return [f"toolchains: none (the {loaded['name']} role runs only its own command list; "
                "add some with --toolchain python,node)"]
    lines = [f"toolchains granted to {loaded['name']}: " + ", ".join(chosen)]
    lines += ["  " + line for line in toolchains.describe(chosen, why)]
    lines.append("  change it: legant guard install --toolchain NAME,-NAME (see `legant guard show --role "
                 f"{loaded['name']}`)")
    return lines
