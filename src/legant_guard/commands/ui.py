"""`legant guard ui`: a local control panel for a person watching an agent."""

import os
import signal
import sys
import threading

import click

from legant_guard import guarddir


@click.command("ui")
@click.option("--dir", "dir_", type=click.Path(file_okay=False), help="The guard directory (default: the project's).")
@click.option("--project", type=click.Path(file_okay=False), help="The project (default: the current directory).")
@click.option("--role", help="The role whose token the panel shows and can revoke (default: the installed one, else builder).")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port on 127.0.0.1 (0 = any free port).")
@click.option("--no-open", is_flag=True, help="Print the link but do not open a browser.")
def command(dir_, project, role, port, no_open):
    """Open a local control panel: what is installed, the active token's rule, the
    revocation feed, the live decision stream, and controls to add or remove overlay
    denials and to revoke the token (effective on the agent's next call).

    The panel listens on 127.0.0.1 only and answers only requests that carry the random
    secret in the link it prints; stop it with Ctrl-C.

    \b
    Examples:
      legant guard ui
      legant guard ui --project ~/src/app --no-open --port 8765
    """
    from legant_guard.ui.server import Panel, PanelServer

    if role is not None and (not role or "/" in role or role.startswith(".") or "\x00" in role):
        raise click.BadParameter("a role is a name such as builder or reviewer", param_hint="--role")
    project = os.path.realpath(project or os.getcwd())
    directory = guarddir.find_guard_dir(dir_, project)
    if not os.path.isdir(directory):
        raise click.ClickException(f"no guard setup in {directory}; run `legant guard init --project {project}` first")
    panel = Panel(directory, project, role)
    if not os.path.exists(panel.token_path()):
        raise click.ClickException(f"no {panel.role} token in {directory}; choose another --role or run `legant guard init`")
    try:
        server = PanelServer(panel, port)
    except OSError as e:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port} ({e.strerror}); choose another --port")

    def stop(signum, frame):  # serve_forever returns; works even before it has started
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    click.echo(f"Legant guard panel for {project} (role {panel.role}):")
    click.echo(f"  {server.url}")
    click.echo("Anyone with this link can change the guard's rules: do not share it. Ctrl-C stops the panel.")
    sys.stdout.flush()
    if not no_open:
        _open_browser(server.url)

    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    click.echo("panel stopped")


def _open_browser(url):
    """Open the link in the desktop's browser; never start a text-mode browser in this terminal."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        click.echo("(no graphical display: open the link in a browser yourself)")
        return
    import webbrowser

    try:
        webbrowser.open(url)
    except Exception:
        click.echo("(could not start a browser: open the link yourself)")
