"""The click CLI: `legant guard <verb>`. One module per verb, each exporting `command`.

To add a verb, write `commands/<verb>.py` with a click command named `command` and add the
module name to GUARD_COMMANDS. `guard check` is listed too (for --help), but the real hook
path is dispatched in `legant_guard.entry` before click is imported. A command calls the
operations in `legant_guard.ops` directly: their OpError is shown as the command's error.
"""

import importlib

import click

from legant_guard import __version__
from legant_guard.ops import OpError

GUARD_COMMANDS = [
    "allow",
    "audit",
    "check",
    "demo",
    "deny",
    "doctor",
    "explain",
    "init",
    "install",
    "logs",
    "mint",
    "renew",
    "revoke",
    "rules",
    "show",
    "status",
    "ui",
    "uninstall",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="legant")
def cli():
    """Legant: bounded, revocable, auditable authority for AI coding agents."""


class _Verbs(click.Group):
    """The `guard` verbs: an ops.OpError, and every failure the library reports with a message for
    people (a corrupt key, feed, feed state or setup record, an unsafe guard file, a file system
    error: a folder in the way of a file, or a file in the way of a folder), is shown like a
    click error (`Error: ...`, exit 1). Each verb used to catch its own, and `init` over a guard dir
    whose key or feed state was corrupt ended in a traceback (red team #35)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except OpError as e:
            raise click.ClickException(str(e))
        except Exception as e:
            message = _told_failure(e)
            if message is None:
                raise
            raise click.ClickException(message)


def _told_failure(error):
    """The message of a failure the library words for people, or None (a bug: the traceback stays)."""
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.guarddir import GuardDirError
    from legant_guard.ops.revocation import FeedCorrupt
    from legant_guard.overlay import OverlayError
    from legant_guard.safefile import UnsafeFile
    from legant_guard.setuprecord import SetupRecordError

    if isinstance(error, UnsafeFile):
        return f"{error.filename} {error.strerror}"
    if isinstance(error, (DelegationError, GuardDirError, FeedCorrupt, OverlayError, SetupRecordError)):
        return str(error)
    if isinstance(error, OSError) and error.strerror:  # the file system said no (`~/.config` is a file)
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror}"
    return None


@cli.group(cls=_Verbs, context_settings={"help_option_names": ["-h", "--help"]})
def guard():
    """Guard an AI coding agent's tool calls with a signed delegation token.

    \b
    Quick start:
      legant guard install --role builder     # wire the hook into your agents
      legant guard show --role builder        # read the rule the token carries
      legant guard status                     # is the hook active?
    """


for _name in GUARD_COMMANDS:
    guard.add_command(importlib.import_module(f"legant_guard.commands.{_name}").command)
