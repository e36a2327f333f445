"""`legant guard check` in the click CLI: only for --help listings. The real hook is dispatched
in legant_guard.entry before click is imported; this forwards to the same function."""

import sys

import click

from legant_guard.hook.check import USAGE


@click.command("check", context_settings={"ignore_unknown_options": True, "help_option_names": []},
               help=USAGE.split("\n", 2)[2], add_help_option=False)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def command(args):
    """The pre-tool hook (see `legant guard check --help`)."""
    from legant_guard.hook.check import run_check

    sys.exit(run_check(list(args)))
