"""`legant guard deny`: add denials to the local deny-only overlay, effective on the next call.

The overlay (overlay.json in the guard directory) can only tighten what a token grants. The
hook reads it on every call, so no re-install or restart is needed. Shared option handling
for `deny`, `allow` and `rules` lives here too.
"""

import os

import click

from legant_guard import guarddir
from legant_guard.commands._ops import anchor_path, open_setup, setup_options, setup_project
from legant_guard.overlay import OVERLAY_KEYS, OverlayError, edit_overlay

# (overlay key, option name, label) in display order.
KINDS = (("deny_paths", "path", "path"), ("deny_cmds", "cmd", "command"), ("deny_hosts", "host", "host"),
         ("deny_tools", "tool", "tool"))


def entry_options(verb):
    """--path/--cmd/--host/--tool, repeatable, for `deny` and `allow`."""

    def wrap(func):
        for key, opt, label in reversed(KINDS):
            extra = " (relative paths are relative to the project root; globs like **/.env work)" if opt == "path" else ""
            extra = " (also covers its subdomains)" if opt == "host" else extra
            extra = " (globs like mcp__github__* work)" if opt == "tool" else extra
            func = click.option(f"--{opt}", f"{opt}s", multiple=True, metavar=label.upper(),
                                help=f"{verb} this {label}{extra}. Repeatable.")(func)
        return setup_options(func)

    return wrap


def requested(paths, cmds, hosts, tools, directory):
    """{overlay key: [values]} of what was asked for; a UsageError when nothing was, a
    BadParameter for a value that cannot mean what was meant (overlayinput says why).

    A host given as a URL is stored as its host (and the user is told). Relative paths are
    anchored at the project root: left relative, the hook would resolve them against each
    call's working directory."""
    from legant_guard.overlayinput import InputError, normalize

    if not any((paths, cmds, hosts, tools)):
        raise click.UsageError("name at least one --path, --cmd, --host or --tool")
    project = setup_project(directory)
    asked = {}
    for key, values in (("deny_paths", paths), ("deny_cmds", cmds), ("deny_hosts", hosts), ("deny_tools", tools)):
        for value in values:
            try:
                entry, note = normalize(key, value)
            except InputError as e:
                raise click.BadParameter(str(e), param_hint=f"--{dict((k, o) for k, o, _ in KINDS)[key]}")
            if note:
                click.echo(note)
            asked.setdefault(key, []).append(anchor_path(entry, project) if key == "deny_paths" else entry)
    return asked


def overlay_path(directory):
    return os.path.join(directory, guarddir.OVERLAY_FILE)


def edit(directory, **changes):
    try:
        return edit_overlay(overlay_path(directory), **changes)
    except OverlayError as e:
        raise click.ClickException(str(e))
    except OSError as e:
        raise click.ClickException(f"cannot write the deny overlay {overlay_path(directory)}: {e.strerror}")


def label_of(key):
    return {k: label for k, _, label in KINDS}[key]


def render(overlay):
    lines = []
    for key, opt, label in KINDS:
        values = overlay.get(key, [])
        lines.append(f"deny {label + 's:':<10} {', '.join(values) if values else '-'}")
    return lines


@click.command("deny")
@entry_options("Deny")
def command(paths, cmds, hosts, tools, dir_, project):
    """Deny a path, command, host or tool on the agent's very next call.

    Adds entries to the local deny-only overlay. It only ever adds denials on top of the
    token's rules, whatever the role; `legant guard allow` removes them again.

    \b
    Examples:
      legant guard deny --cmd terraform
      legant guard deny --path 'config/**/*.pem' --host pastebin.com --tool WebFetch
    """
    directory = open_setup(dir_, project)
    asked = requested(paths, cmds, hosts, tools, directory)
    before, after = edit(directory, add=asked)
    for key in OVERLAY_KEYS:
        for value in after[key]:
            if value not in before[key]:
                click.echo(f"denied {label_of(key)} {value}")
        for value in asked.get(key, []):
            from legant_guard.overlay import normalize_entry

            if normalize_entry(key, value) in before[key]:
                click.echo(f"{label_of(key)} {normalize_entry(key, value)} was already denied")
    click.echo("in effect from the agent's next tool call; `legant guard rules` lists the overlay")
