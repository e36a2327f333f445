"""`legant guard renew`: fresh role tokens for a setup whose tokens expired (or soon will)."""

import click

from legant_guard.commands._ops import duration, open_setup, setup_options


@click.command("renew")
@click.option("--ttl", help="Lifetime of the new tokens, with a unit (30m, 8h, 2d). Default: the lifetime each had.")
@click.option("--role", "roles", multiple=True, help="Renew only this role's token (repeatable). Default: every role token.")
@setup_options
def command(ttl, roles, dir_, project):
    """Re-mint the setup's role tokens; keep the key, feed, overlay, audit trail and installed hooks.

    The installed hooks read the token file on every call, so the agent's next call uses the
    new token: nothing to re-install or restart. The revocation feed is re-signed too (same
    revoked ids) when it expired or expires within a week.

    \b
    Examples:
      legant guard renew
      legant guard renew --ttl 2d --role builder --project ~/src/app
    """
    from legant_guard import guarddir, renewal
    from legant_guard.install.tokens import human_duration

    seconds = duration(ttl, "--ttl") if ttl else None
    directory = open_setup(dir_, project)
    try:
        renewed, skipped, feed_note = renewal.renew(directory, seconds, roles)
    except (renewal.RenewError, guarddir.GuardDirError) as e:
        raise click.ClickException(str(e))
    for name, secs in renewed:
        click.echo(f"renewed {name}: valid {human_duration(secs)} ({guarddir.token_file(directory, name)})")
    for name, why in skipped:
        click.echo(f"skipped {name}: {why}", err=True)
    if feed_note:
        click.echo(feed_note)
    if not renewed:
        raise click.ClickException(f"no role token renewed in {directory}")
    click.echo("in effect from the agent's next tool call")
