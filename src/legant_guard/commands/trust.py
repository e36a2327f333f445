"""`legant guard status --trust-base`: what the guard stands on, and how each piece is protected.

The list comes from hook/trustderivation.py, the very derivation the hook uses on every call, for
the installation this `legant` runs from (THREAT_MODEL.md, "The trust base").
"""

import json
import os

import click


def trust_base(project, guard_dir):
    from legant_guard.hook import trustbase, trustderivation

    project = os.path.realpath(project)
    home = os.environ.get("HOME") or os.path.expanduser("~")
    keep_out = (project, home)
    return {
        "installation": [{"what": w, "path": p, "protection": "read allowed; write, move, delete, replace and package "
                          "managers acting on it denied for every role"}
                         for w, p in trustderivation.installation(keep_out=keep_out)],
        "not_protected_sys_path": trustderivation.excluded_sys_path(keep_out),
        "agent_configs": [{"path": p, "protection": "neither read nor written by the agent"}
                          for p in trustderivation.agent_configs(home, os.environ)],
        "startup_files": [{"path": p, "protection": "written only with literal text that sets no hook variable"}
                          for p in trustderivation.startup_files(home, os.environ)],
        "catalogue": trustbase.catalogue_problem(guard_dir, project) or "matches the hashes recorded at init "
                                                                          "(or none were recorded)",
        "inside_project_warning": trustderivation.inside_project_warning(project),
    }


def show_trust_base(project, guard_dir, as_json):
    info = trust_base(project, guard_dir)
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    click.echo("the guard's installation (read allowed, every change denied):")
    for e in info["installation"]:
        click.echo(f"  {e['what']}: {e['path']}")
    for p in info["not_protected_sys_path"]:
        click.echo(f"  NOT protected: {p} is on sys.path but holds the project or your home; remove it from PYTHONPATH")
    click.echo("agent configurations that load code or switch hooks off (no read, no write):")
    for e in info["agent_configs"]:
        click.echo(f"  {e['path']}")
    click.echo("shell start-up files (only literal text that sets no hook variable):")
    for e in info["startup_files"]:
        click.echo(f"  {e['path']}")
    click.echo(f"rules/ data: {info['catalogue']}")
    if info["inside_project_warning"]:
        click.echo(info["inside_project_warning"], err=True)
