"""`legant guard show`: read the rule a token carries (also an expired or invalid one)."""

import datetime
import json
import os

import click

from legant_guard import guarddir
from legant_guard.commands._ops import read_token_file, role_token_path
from legant_guard.ops.tokens import describe_token


def _when(ts):
    if not isinstance(ts, (int, float)):
        return "-"
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def _list(values):
    shown = ["(nothing: narrowed to deny-all)" if v == "\u0000legant:deny-all" else v for v in values]
    return ", ".join(shown) if shown else "(no restriction)"


def _toolchains(names):
    if names is None:
        return "-"
    return ", ".join(names) + "  (their commands are in allow cmds)" if names else "none"


def render_text(info):
    if info.get("provenance") is None:
        return f"status:      INVALID ({info['error']})"
    status = "valid" if info["valid"] else f"INVALID ({info['error']})"
    if info.get("revoked"):
        status = "REVOKED" + ("" if info["valid"] else f", also INVALID ({info['error']})")
    lines = [
        f"status:      {status}",
        f"provenance:  {info['provenance']}",
        f"role:        {info.get('role') or '-'}",
        f"issuer:      {info.get('issuer')}",
        f"audience:    {info.get('audience')}",
        f"token id:    {info.get('jti')}",
        f"capabilities: {info.get('scope') or '(none)'}",
        f"allow paths: {_list(info['allow']['paths'])}",
        *([f"anchored at: the project of each call (user-wide: the agent's project dir, else the git root)"]
          if info.get("relative_to") == "project" else []),
        f"toolchains:  {_toolchains(info.get('toolchains'))}",
        f"allow cmds:  {_list(info['allow']['cmds'])}",
        f"allow hosts: {_list(info['allow']['hosts'])}",
        f"tools:       {_list(info['tools'])}",
        f"deny paths:  {', '.join(info['deny']['paths']) or '-'}",
        f"deny cmds:   {', '.join(info['deny']['cmds']) or '-'}",
        f"deny hosts:  {', '.join(info['deny']['hosts']) or '-'}",
        f"deny tools:  {', '.join(info['deny']['tools']) or '-'}",
        f"tripwires:   {info['tripwires']}",
        f"time window: {json.dumps(info['time_window']) if info['time_window'] else '(any time)'}",
        f"valid from:  {_when(info.get('nbf') or info.get('iat'))}",
        f"expires:     {_when(info.get('exp'))}",
    ]
    if info.get("feed_error"):
        lines.append(f"feed:        UNUSABLE ({info['feed_error']})")
    if info.get("not_portable"):
        lines.append("portable:    NO: Legant's Go guard would read these rules differently "
                     "(see docs/GUIDE.md, one guard dir for both guards):")
        lines += [f"  {n['rule']}: {n['why']}" for n in info["not_portable"]]
    else:
        lines.append("portable:    yes (Legant's Go guard reads every rule of this token the same way)")
    return "\n".join(lines)


@click.command("show")
@click.option("--role", help="Show the local setup's token for this role (reviewer, builder, open, operator).")
@click.option("--token-file", type=click.Path(dir_okay=False), help="Show the token in this file.")
@click.option("--dir", "dir_", type=click.Path(file_okay=False), help="The guard directory (default: the project's).")
@click.option("--project", type=click.Path(file_okay=False), help="Find the guard directory of this project.")
@click.option("--jwks", type=click.Path(dir_okay=False), help="Verify against this JWKS (default: the guard directory's).")
@click.option("--issuer", default=guarddir.ISSUER, show_default=True)
@click.option("--audience", default=guarddir.AUDIENCE, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def command(role, token_file, dir_, project, jwks, issuer, audience, as_json):
    """Show the rule a delegation token carries: status (valid / INVALID with the reason /
    REVOKED), provenance, capabilities, allow and deny rules, tools, time window, validity.

    \b
    Examples:
      legant guard show --role builder
      legant guard show --token-file child.jwt --json
    """
    if bool(role) == bool(token_file):
        raise click.UsageError("give exactly one of --role or --token-file")
    directory = guarddir.find_guard_dir(dir_, project)
    if role and not os.path.isdir(directory):
        raise click.ClickException(f"no guard setup in {directory}: run `legant guard init` (or pass --dir)")
    path = token_file or role_token_path(directory, role)
    token = read_token_file(path)  # bounded, a regular file only (never /dev/zero or a FIFO)
    jwks_path = jwks or os.path.join(directory, guarddir.JWKS_FILE)
    feed_path = os.path.join(directory, guarddir.FEED_FILE)
    info = describe_token(token, jwks_path, issuer, audience, feed_path)
    if not jwks and path == guarddir.token_file(directory, "issuer"):
        from legant_guard.issuersetup import issuer_url, judge_like_the_hook

        if issuer_url(directory):  # org mode: judged against the issuer's key set and feed, as the hook does
            judge_like_the_hook(info, directory, os.path.realpath(project or "."))
    if as_json:
        click.echo(json.dumps(info, indent=2, sort_keys=True))
    else:
        click.echo(render_text(info))
