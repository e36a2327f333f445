"""The click CLI: `legant guard <verb>`. One module per verb, each exporting `command`.

To add a verb, write `commands/<verb>.py` with a click command named `command` and add the
module name to GUARD_COMMANDS. `guard check` is listed too (for --help), but the real hook
path is dispatched in `legant_guard.entry` before click is imported.
"""

import importlib

import click

from legant_guard import __version__

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


@cli.group(context_settings={"help_option_names": ["-h", "--help"]})
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
