"""`legant guard audit verify`: check the audit trail's hash chain end to end.

Every record's hash covers its content and the previous record's hash, so an edited,
deleted, inserted or reordered line breaks the chain; this names the first broken record
and exits 1, so it can gate a script or a CI job.
"""

import click

from legant_guard.commands._ops import setup_options
from legant_guard.commands.logs import audit_file


@click.group("audit", context_settings={"help_option_names": ["-h", "--help"]})
def command():
    """Check the audit trail.

    \b
    Example:
      legant guard audit verify
    """


@command.command("verify")
@click.option("--file", "file_", type=click.Path(dir_okay=False), help="Verify this audit file instead of the setup's.")
@setup_options
def verify(file_, dir_, project):
    """Verify the audit trail's hash chain; exit 1 and name the first broken record if it was tampered with.

    Breaks the trail noticed itself stay reported however many calls follow: a trail or head
    that was truncated or deleted (a `chain-break` record), and a torn last line after a crash
    or a full disk (closed by a `repair` record; the lines after it are still checked). Only a
    local check: a process of the same user can rewrite the whole trail consistently, which
    connected mode's copy on a Legant server catches.

    \b
    Examples:
      legant guard audit verify
      legant guard audit verify --file /backups/audit.jsonl
    """
    from legant_guard.hook import audit

    path = audit_file(file_, dir_, project)
    from legant_guard.setuprecord import trail_started

    ok, message = audit.verify(path, started=trail_started(path))
    if ok:
        click.echo(f"audit trail OK: {path}: {message}")
        return
    click.echo(f"audit trail BROKEN: {path}: {message}", err=True)
    raise SystemExit(1)

