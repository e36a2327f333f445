"""Helpers shared by the operating commands (mint, revoke, deny, allow, rules, logs, audit).

They all act on an existing local setup found with --dir / --project, and must say plainly
what to do when there is none, instead of creating files somewhere unexpected.
"""

import json
import os

import click

from legant_guard import guarddir


def setup_options(func):
    """--dir / --project: which local setup to act on."""
    func = click.option("--project", type=click.Path(file_okay=False),
                        help="Find the setup of this project (default: the current directory).")(func)
    func = click.option("--dir", "dir_", type=click.Path(file_okay=False),
                        help="The guard directory (default: the project's, under your user config dir).")(func)
    return func


def open_setup(dir_, project):
    """The guard directory of an existing setup (without --dir/--project: the setup of the
    project the cwd is in, from any subfolder); a ClickException that says how to make one otherwise."""
    if not dir_ and not project:
        from legant_guard.install.locate import find_project

        project = find_project()
    directory = guarddir.find_guard_dir(dir_, project)
    if not any(os.path.exists(os.path.join(directory, name)) for name in (guarddir.JWKS_FILE, guarddir.ISSUER_FILE)):
        where = f"--project {project}" if project else "--project ."
        if dir_:  # the folder given is not a setup: say so, not "pass --dir"
            raise click.ClickException(f"no guard setup in {directory} (given with --dir): pass the folder your "
                                       f"setup is in, or make one there with `legant guard init {where} --dir {dir_}`")
        raise click.ClickException(
            f"no guard setup in {directory}: run `legant guard init {where}` first, or pass --dir"
        )
    from legant_guard import safefile

    problem = safefile.unsafe_dir(directory)
    if problem:
        raise click.ClickException(f"refusing to use the guard directory {directory}: {problem}")
    return directory


def setup_project(directory, fallback=None):
    """The project a setup guards (recorded by `guard init`), else `fallback`, else the cwd."""
    try:
        with open(os.path.join(directory, guarddir.SETUP_FILE), encoding="utf-8") as f:
            project = json.load(f).get("project")
        if isinstance(project, str) and project:
            return project
    except (OSError, ValueError, AttributeError):
        pass
    return os.path.realpath(fallback or os.getcwd())


def role_tokens(directory):
    """[(role name, path)] of the setup's token files (every *.jwt except the feed), sorted."""
    from legant_guard.renewal import role_token_files

    return role_token_files(directory)


def role_token_path(directory, role):
    """The setup's token file for `role`; a role the setup has no token for is a ClickException
    naming the roles it has (not "cannot read X.jwt: No such file")."""
    from legant_guard import guarddir

    path = guarddir.token_file(directory, role)
    if not os.path.lexists(path):
        have = ", ".join(name for name, _ in role_tokens(directory)) or "none"
        raise click.ClickException(f"the setup in {directory} has no token for the role `{role}` (it has: {have}); "
                                   "pass one of those, or --dir for another setup")
    return path


def read_token_file(path):
    from legant_guard import safefile

    try:
        token = safefile.read_bytes(path, 1024 * 1024).decode("utf-8", "replace").strip()
    except OSError as e:
        raise click.ClickException(f"cannot read the token file {path}: {e.strerror}")
    if not token:
        raise click.ClickException(f"the token file {path} is empty")
    return token


def anchor_path(path, project):
    """A relative path or glob given on the command line, anchored at the project root."""
    if path.startswith(("~", "/", "$HOME")):
        return path
    return os.path.normpath(os.path.join(project, path))


def duration(text, option):
    """Seconds of a duration with a unit (30m, 8h, 2d); a bare number is refused, since
    `--ttl 8` meaning 8 seconds is never what was meant."""
    bare = str(text).strip()
    if bare.replace(".", "", 1).isdigit():
        raise click.BadParameter(f"`{bare}` has no unit: write {bare}h for hours (or {bare}m, {bare}d, {bare}s)",
                                 param_hint=option)
    try:
        seconds = guarddir.parse_duration(text)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint=option)
    from legant_guard.delegation.claims import MAX_LIFETIME

    if seconds > MAX_LIFETIME:  # the hook refuses such a token ("absurd lifetime"): do not mint it
        raise click.BadParameter(f"`{bare}` is longer than the guard accepts for a token (at most 100 years)",
                                 param_hint=option)
    return seconds
