"""`legant guard allow`: remove denials from the local overlay. It never widens a token.

The overlay can only add denials, so "allow" can only take back what `guard deny` added.
When the TOKEN itself denies the thing (a deny rule, an allow list it is not on, or a
capability it lacks), the command says so plainly and exits 1 rather than pretend: the only
way to widen a token is to mint another one.
"""

import os

import click

from legant_guard.commands._ops import open_setup, read_token_file, role_tokens, setup_project
from legant_guard.commands.deny import edit, entry_options, label_of, requested
from legant_guard.ops.tokens import token_denial
from legant_guard.overlay import OVERLAY_KEYS, OverlayError, normalize_entry


def _normal(key, value):
    try:
        return normalize_entry(key, value)
    except OverlayError:
        return None


def _tokens(directory, role, token_file):
    if token_file:
        return [(token_file, token_file)]
    found = role_tokens(directory)
    if role:
        found = [(n, p) for n, p in found if n == role]
        if not found:
            raise click.ClickException(f"no {role}.jwt in {directory}")
    return found


@click.command("allow")
@entry_options("Stop denying")
@click.option("--role", help="Check this role's token fully: deny rules, allow lists, capabilities "
                             "(default: the deny rules of every token of the setup).")
@click.option("--token-file", type=click.Path(dir_okay=False), help="Check this token for its own denials.")
def command(paths, cmds, hosts, tools, dir_, project, role, token_file):
    """Remove entries that `legant guard deny` added; never widens the token.

    Takes effect on the agent's next tool call. If the token itself denies the thing
    (its own deny rules; with --role or --token-file also its allow lists and
    capabilities), that stays denied: this command says which token and which rule, and
    exits 1. A wider token needs `legant guard mint`.

    \b
    Examples:
      legant guard allow --cmd terraform
      legant guard allow --host pastebin.com --role builder
    """
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.jws import decode_unverified

    directory = open_setup(dir_, project)
    asked = requested(paths, cmds, hosts, tools, directory)
    try:
        asked = {k: [normalize_entry(k, v) for v in vs] for k, vs in asked.items()}
        # A relative path written into overlay.json by hand is removed too.
        raw = [normalize_entry("deny_paths", p) for p in paths]
    except OverlayError as e:
        raise click.UsageError(str(e))
    remove = dict(asked)
    if raw:
        remove["deny_paths"] = asked["deny_paths"] + raw
    before, _ = edit(directory, remove=remove)
    raw_of = dict(zip(asked.get("deny_paths", []), raw))
    for key in OVERLAY_KEYS:
        had = set(before[key]) | {_normal(key, v) for v in before[key]}
        for value in asked.get(key, []):
            if value in had or (key == "deny_paths" and raw_of.get(value) in had):
                click.echo(f"removed the overlay's denial of {label_of(key)} {value}")
            else:
                click.echo(f"{label_of(key)} {value} was not denied by the overlay")

    root = setup_project(directory, project)
    home = os.path.expanduser("~")
    still = []
    for name, path in _tokens(directory, role, token_file):
        try:
            claims = decode_unverified(read_token_file(path))[1]
        except (DelegationError, click.ClickException):
            continue
        for key in OVERLAY_KEYS:
            for value in asked.get(key, []):
                why = token_denial(claims, key, value, root, home, deny_rules_only=not (role or token_file))
                if why:
                    still.append(f"still denied: the {name} token itself denies {label_of(key)} {value} ({why})")
    for line in still:
        click.echo(line, err=True)
    if still:
        from legant_guard.issuersetup import issuer_url, new_token_hint

        base = issuer_url(directory)
        how = (f"a token that allows it: {new_token_hint(base)}" if base
               else "mint a token whose role allows it (`legant guard mint --role R`)")
        click.echo(f"`allow` only removes the overlay's denials and never widens a token; to permit this, {how}",
                   err=True)
        raise SystemExit(1)
