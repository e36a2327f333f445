"""`legant guard rules`: show the local deny overlay (what `guard deny` added).

The token's own rules are shown by `legant guard show`; this only lists the overlay, which
adds denials on top of every token of the setup. A corrupt overlay, or one that lost entries the
setup recorded (deleted, emptied), is reported (the hook denies everything until it is repaired),
never shown as empty.
"""

import json

import click

from legant_guard.commands._ops import open_setup, setup_options
from legant_guard.commands.deny import overlay_path, render
from legant_guard.overlay import OverlayError, load_overlay, lost_entries


@click.command("rules")
@setup_options
@click.option("--json", "as_json", is_flag=True, help="Print the overlay as one JSON object.")
def command(dir_, project, as_json):
    """Show the deny overlay: the denials added with `legant guard deny`.

    They apply on top of the token, whatever its role. For the token's own rules (allow
    lists, denials, capabilities, expiry), use `legant guard show --role ROLE`.

    \b
    Examples:
      legant guard rules
      legant guard rules --project ~/src/app --json
    """
    directory = open_setup(dir_, project)
    path = overlay_path(directory)
    from legant_guard import setuprecord

    try:
        overlay = load_overlay(path)
        # a deleted or emptied overlay is not "no denials": the hook refuses every call until
        # the entries the setup recorded are back or lifted with `guard allow`
        lost_entries(path, setuprecord.read(directory), overlay)
    except (OverlayError, setuprecord.SetupRecordError) as e:
        raise click.ClickException(f"{e} (until then the guard denies every tool call)")
    if as_json:
        click.echo(json.dumps(overlay, indent=2, sort_keys=True))
        return
    click.echo(f"deny overlay ({path}):")
    for line in render(overlay):
        click.echo("  " + line)
    from legant_guard.issuersetup import ROLE, issuer_url

    if issuer_url(directory):
        click.echo(f"the token's own rules (the issuer's): `legant guard show --role {ROLE}`")
    else:
        click.echo("the token's own rules: `legant guard show --role ROLE` (e.g. --role builder)")
