"""`legant guard mint`: a token for a role, or an attenuated child token for a sub-agent.

A child is minted from a parent token and can only be narrower: asking for anything the
parent lacks is refused with a message naming what was asked and what the parent has (the
delegation library enforces every rule; this command only parses options and prints).
"""

import getpass
import os
import time

import click

from legant_guard import guarddir
from legant_guard.commands._ops import anchor_path, duration, open_setup, read_token_file, setup_options, setup_project

_CHILD_ONLY = ("scopes", "path", "cmd", "host", "tool", "deny_path", "deny_cmd", "deny_host", "deny_tool")


def _agent_name(name):
    return name if ":" in name else f"agent:{name}"


def _write_out(token, out):
    if not out:
        click.echo(token)
        return
    try:
        guarddir.write_private(os.path.abspath(out), token + "\n")
    except OSError as e:
        raise click.ClickException(f"cannot write {out}: {e.strerror}")
    os.chmod(out, 0o600)


def _mint_role(directory, role_name, user, agent, ttl, project, now):
    from legant_guard.delegation.mint import mint_token
    from legant_guard.roles import RoleError, compile_role, load_role

    try:
        role = load_role(role_name)
    except RoleError as e:
        raise click.ClickException(str(e))
    project = os.path.realpath(project) if project else setup_project(directory)
    scope, cnst = compile_role(role, project)
    return mint_token(
        guarddir.load_key(directory),
        guarddir.KID,
        issuer=guarddir.ISSUER,
        audience=guarddir.AUDIENCE,
        sub=user if user and ":" in user else f"user:{user or getpass.getuser()}",
        actor=_agent_name(agent or role["name"]),
        scope=scope,
        cnst=cnst,
        ttl_seconds=ttl,
        now=now,
        extra=_setup_mark(directory),
    )


def _setup_mark(directory):
    """The signed `setup_record` mark `guard init` gives its tokens, for a role token minted by hand
    into a setup with a record: without it, deleting setup.json with the feed state and the audit
    trail and head (nothing left to compare with) let an older feed.jwt put back un-revoke such a
    token (red team #45). A record that cannot be read is marked too (init rewrites it)."""
    from legant_guard import setuprecord
    from legant_guard.delegation.claims import SETUP_CLAIM

    try:
        had = setuprecord.read(directory).get("audit") is True
    except setuprecord.SetupRecordError:
        had = True
    return {SETUP_CLAIM: True} if had else None


def _verified_parent(directory, parent_file, now):
    """The parent's claims, verified against the setup's keys and not revoked."""
    from legant_guard.delegation.claims import lineage, verify_token
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.feed import load_feed
    from legant_guard.delegation.jwks import load_jwks

    token = read_token_file(parent_file)
    try:
        keys = load_jwks(os.path.join(directory, guarddir.JWKS_FILE))
        claims = verify_token(token, keys, guarddir.ISSUER, guarddir.AUDIENCE, now)
    except DelegationError as e:
        raise click.ClickException(f"refused: the parent token {parent_file} is not valid for this setup: {e}")
    feed_path = os.path.join(directory, guarddir.FEED_FILE)
    if os.path.exists(feed_path):
        try:
            feed = load_feed(feed_path, keys, guarddir.ISSUER, now)
        except DelegationError as e:
            raise click.ClickException(f"refused: cannot tell whether the parent is revoked: {e}")
        hit = feed.revoked_in(lineage(claims))
        if hit:
            raise click.ClickException(f"refused: the parent token is revoked (token id {hit} is on the revocation feed)")
    return claims


def _parent_file(directory, parent):
    """`parent` as given when it is a file; else the setup's token of that role (`builder.jwt` or
    `builder`), so the example run from the project finds the token kept in the guard dir."""
    if os.path.exists(parent) or os.sep in parent:
        return parent
    role = parent[:-4] if parent.endswith(".jwt") else parent
    candidate = guarddir.token_file(directory, role)
    return candidate if os.path.isfile(candidate) else parent


def _mint_child(directory, parent_file, agent, scopes, ttl, narrow, denies, project, now):
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.mint import attenuate

    claims = _verified_parent(directory, parent_file, now)
    project = os.path.realpath(project) if project else setup_project(directory)
    try:
        return attenuate(
            claims,
            guarddir.load_key(directory),
            guarddir.KID,
            agent=_agent_name(agent),
            scopes=scopes,
            now=now,
            ttl_seconds=ttl,
            narrow_paths=[anchor_path(p, project) for p in narrow["path"]],
            narrow_cmds=narrow["cmd"],
            narrow_hosts=narrow["host"],
            narrow_tools=narrow["tool"],
            deny_paths=[anchor_path(p, project) for p in denies["path"]],
            deny_cmds=denies["cmd"],
            deny_hosts=denies["host"],
            deny_tools=denies["tool"],
        )
    except DelegationError as e:
        raise click.ClickException(f"refused: {e}")


@click.command("mint")
@click.option("--role", help="Mint for this role: reviewer, builder, open, operator, or a role YAML file.")
@click.option("--user", help="The person the agent acts for (default: your login name), e.g. alice.")
@click.option("--parent", "parent", type=click.Path(dir_okay=False),
              help="Mint a narrower child of this token file (or of the setup's token for a role: builder.jwt, builder).")
@click.option("--agent", help="The agent that will hold the token, e.g. doc-writer (required with --parent).")
@click.option("--scopes", help='The child\'s capabilities, a subset of the parent\'s, e.g. "fs.read fs.write".')
@click.option("--path", multiple=True, help="Narrow the child to this path root (inside one of the parent's).")
@click.option("--cmd", multiple=True, help="Narrow the child to this command.")
@click.option("--host", multiple=True, help="Narrow the child to this host.")
@click.option("--tool", multiple=True, help="Narrow the child to this tool name.")
@click.option("--deny-path", multiple=True, help="Also deny this path (or glob) to the child.")
@click.option("--deny-cmd", multiple=True, help="Also deny this command to the child.")
@click.option("--deny-host", multiple=True, help="Also deny this host to the child.")
@click.option("--deny-tool", multiple=True, help="Also deny this tool to the child (globs like mcp__github__*).")
@click.option("--ttl", help="Lifetime, e.g. 30m, 8h, 2d (a role token: default 8h; a child: at most the parent's).")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the token to this file (mode 0600) instead of printing it.")
@setup_options
def command(role, user, parent, agent, scopes, path, cmd, host, tool, deny_path, deny_cmd, deny_host, deny_tool,
            ttl, out, dir_, project):
    """Mint a delegation token: for a role, or a narrower child for a sub-agent.

    With --role, the token is signed by the local setup's key for the project. With
    --parent, the child can only be narrower than its parent: scopes must be a subset,
    --path/--cmd/--host/--tool narrow the allow lists, --deny-* add denials, and the
    expiry is at most the parent's. Asking for more than the parent has is refused.
    Revoking the parent (`legant guard revoke`) also revokes every child.

    \b
    Examples:
      legant guard mint --role builder --ttl 2h --out builder.jwt
      legant guard mint --parent builder.jwt --agent doc-writer \\
          --scopes "fs.read fs.write" --path docs --deny-cmd git --out doc-writer.jwt
    """
    if bool(role) == bool(parent):
        raise click.UsageError("give exactly one of --role (a token for a role) or --parent (a child token)")
    directory = open_setup(dir_, project)
    from legant_guard.issuersetup import issuer_url

    base = issuer_url(directory)
    if base:  # before any key or parent check, whose errors would point at local files
        raise click.ClickException(f"{directory} is an org-mode setup: the issuer ({base}) holds the signing key and "
                                   "mints every token, a sub-agent's child token included; ask it for one")
    now = time.time()
    if role:
        given = {"scopes": scopes, "path": path, "cmd": cmd, "host": host, "tool": tool, "deny_path": deny_path,
                 "deny_cmd": deny_cmd, "deny_host": deny_host, "deny_tool": deny_tool}
        extra = [f"--{k.replace('_', '-')}" for k in _CHILD_ONLY if given[k]]
        if extra:
            raise click.UsageError(f"{', '.join(extra)} only apply with --parent; a role's rules come from its YAML file")
        seconds = duration(ttl or "8h", "--ttl")
        try:
            token = _mint_role(directory, role, user, agent, seconds, project, now)
        except guarddir.GuardDirError as e:
            raise click.ClickException(str(e))
    else:
        if not agent:
            raise click.UsageError("--parent needs --agent NAME: the sub-agent that will hold the child token")
        if not scopes:
            raise click.UsageError('--parent needs --scopes, e.g. --scopes "fs.read" (a subset of the parent\'s)')
        if user:
            raise click.UsageError("--user does not apply with --parent: a child acts for its parent's user")
        seconds = duration(ttl, "--ttl") if ttl else None
        parent = _parent_file(directory, parent)
        try:
            token = _mint_child(directory, parent, agent, scopes, seconds,
                                {"path": path, "cmd": cmd, "host": host, "tool": tool},
                                {"path": deny_path, "cmd": deny_cmd, "host": deny_host, "tool": deny_tool},
                                project, now)
        except guarddir.GuardDirError as e:
            raise click.ClickException(str(e))
    _write_out(token, out)
    if out:
        from legant_guard.delegation.jws import decode_unverified
        from legant_guard.delegation.claims import provenance

        claims = decode_unverified(token)[1]
        click.echo(f"wrote {out} (mode 0600): {provenance(claims)}, scope {claims.get('scope')}, "
                   f"token id {claims.get('jti')}", err=True)
