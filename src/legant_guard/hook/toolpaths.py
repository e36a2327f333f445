"""MCP and unknown tools: every argument that may be a path (hook/toolargs.py finds them) is
judged against the path rules and self-protection, a relative one from every working folder the
tool's server may resolve it against. Loaded only for those tools.
"""

import os

from legant_guard.hook.engine import _check_path, _module
from legant_guard.hook.globrules import check_glob_pattern
from legant_guard.hook.model import deny
from legant_guard.hook.paths import path_variants


_ROOT_NAMES = []  # the names in / (read once per process)


def server_bases(path, cwd, project, home, heads):
    """The other working folders an MCP server may resolve the relative `path` against (the
    event does not say its server's): the project, the home folder (a user-scope server), /
    (a server a desktop app starts). Only where the path's first name is there (or a dot name
    in the home folder, where the agents' configs and the credential stores live): a thousand
    relative project files cost no extra walks. `heads` remembers the lookups of one call."""
    head = path.split("/", 1)[0]
    out = []
    if project and project != cwd:
        out.append(project)
    if head in ("", ".", ".."):
        # (`.`, `./x`, `../x` name the folder the tool is run from: judged from the agent's and
        # the project's; read from / or the home folder, every such value would hold ~/.ssh)
        return out
    if home and home != cwd:
        key = ("home", head)
        if key not in heads:
            heads[key] = head.startswith(".") or os.path.lexists(os.path.join(home, head))
        if heads[key]:
            out.append(home)
    if cwd != "/":
        if not _ROOT_NAMES:
            try:
                _ROOT_NAMES.append(frozenset(os.listdir("/")))
            except OSError:
                _ROOT_NAMES.append(frozenset())
        if head in _ROOT_NAMES[0]:
            out.append("/")
    return out


def check_tool_arguments(policy, protected, action, home):
    from legant_guard.hook import commandrules, reach, toolargs

    def search(folder):
        hit = commandrules._config_in_folder(protected, path_variants(folder, action.cwd, home), action.project)
        if hit:  # (as the Grep tool pointed at .claude: it prints the hook config)
            return deny(f"`{action.tool}` would search {folder}, and with it the hook config {hit}, which is protected; "
                        "leave that folder out", "protected")
        walk = reach.Search(action.tool, [folder])
        walk.follow = True
        walk.exclude_dirs = [".git", ".svn", ".hg", ".bzr", ".jj", ".sl"]
        return reach.check_search(walk, commandrules.ShellContext(protected, policy, home, action.project))

    return toolargs.check(
        action, home,
        lambda path, recursive: _check_path(policy, protected, path, action.cwd, home, action.project, action.verb,
                                            deny_only=True, recursive=recursive),
        lambda pattern: check_glob_pattern(policy, protected, pattern, action.project, home),
        search,
        lambda folder, what: _module("hook.destinations")._undetermined(
            what, folder, commandrules.ShellContext(protected, policy, home, action.project)))
