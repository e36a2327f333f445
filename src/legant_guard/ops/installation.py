"""The hooks installed for a project: the context an install, uninstall or status run acts in,
and the status report (per agent: entries with token and feed state, problems, warnings) that
`guard status`, `guard doctor` and the control panel show.
"""

import os

from legant_guard.ops import OpError


def context(project, dir_, role=None, user=False):
    """The install Context for `project` and guard dir `dir_` (default: the project's, or the
    user-wide one with `user`), with `role` (a built-in role's name or a role file)."""
    from legant_guard import guarddir
    from legant_guard.install import Context

    project = os.path.realpath(project)
    if not os.path.isdir(project):
        raise OpError(f"project {project} is not a directory")
    if dir_:
        guard_dir = os.path.abspath(dir_)
    else:
        guard_dir = guarddir.user_guard_dir() if user else guarddir.default_guard_dir(project)
    return Context(project, guard_dir, role=role_name(role) if role else None, user=user,
                   role_source=role_source(role) if role else None, dir_given=bool(dir_))


def role_name(role):
    return os.path.splitext(os.path.basename(role))[0]


def role_source(role):
    """A built-in role's name, or a role file's absolute path (what `renew` re-reads)."""
    from legant_guard.roles import BUILTIN_ROLES

    if role in BUILTIN_ROLES:
        return role
    return os.path.abspath(role) if os.path.isfile(role) else None  # None: not a local role (org mode)


def collect(project, dir_=None):
    """(context, [per-agent status with entries (token and feed state), problems, warnings])."""
    from legant_guard import install as inst
    from legant_guard.install.health import examine
    from legant_guard.install.locate import find_project

    ctx = context(project or find_project(), dir_)
    report = examine(ctx, inst.status(ctx))
    for s in report:
        for e in s["entries"]:
            _describe_issuer(e, s["problems"], ctx)
    return ctx, report


def has_problems(report):
    return any(s["problems"] for s in report) or not any(s["entries"] for s in report)


def _describe_issuer(entry, problems, ctx):
    """Org mode: the issuer, its documents' last fetch, staleness and feed version."""
    import time

    from legant_guard.hook.issuer import describe, is_url

    env = entry.get("env") or {}
    if not (is_url(env.get("LEGANT_GUARD_JWKS")) or is_url(env.get("LEGANT_GUARD_FEED"))):
        return
    info = entry["issuer"] = describe(env, time.time())
    for doc in info["documents"]:
        if doc["stale"]:
            problems.append({"problem": f"the issuer's {doc['what']} ({doc['url']}) is stale or was never fetched"
                                        f"{': ' + doc['error'] if doc['error'] else ''}: every tool call is refused",
                             "fix": f"check that the issuer is reachable, then run `legant guard doctor --project {ctx.project}`"})
