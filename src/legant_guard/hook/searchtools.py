"""The agents' own search tools (Grep, Glob, opencode's grep and list) judged like `grep -r`
(hook/commandrules.py's part for them, loaded for those tools): the globs they take, the tree
they walk, and the names `find -exec` hands on.
"""

import os

from legant_guard.hook.model import deny
from legant_guard.hook.paths import path_variants
from legant_guard.hook.commandrules import ShellContext, _config_in_folder


def _tool_globs(text):
    """The ripgrep --glob values a search tool's glob filter becomes: Claude's Grep splits it at
    whitespace and, outside braces, at commas (`*.py,.env` is two globs); `!x` excludes. Each
    piece is also brace-expanded; the whole text is kept too (deny beats allow: a reading
    under which a secret is searched is enough)."""
    from legant_guard.shell.expansion import brace_expand
    from legant_guard.shell.words import ExpansionError

    pieces = []
    for raw in text.replace("\ufeff", " ").split():  # (JavaScript's \s, which Claude splits at, holds U+FEFF)
        pieces += [raw] if "{" in raw and "}" in raw else [p for p in raw.split(",") if p]
    globs = []
    for piece in [text] + pieces:
        exclude = piece.startswith("!")
        try:
            expanded = brace_expand(piece[1:] if exclude else piece)
        except ExpansionError:
            expanded = []
        globs += [(g, exclude, False) for g in expanded]
    return globs


def check_search_tool(action, protected, policy, home):
    """The agent's own content search (Claude's Grep, opencode's grep): ripgrep underneath, run
    with hidden files (and, the conservative reading, links followed, though both run ripgrep
    without --follow), ignore files honoured, and the version-control folders its agent's
    descriptor (agents/) says the tool leaves out skipped: without this, every Grep at the root
    of a git work tree was refused for .git/config."""
    from legant_guard.hook import reach

    ctx = ShellContext(protected, policy, home, action.project)
    root = os.path.normpath(os.path.join(action.cwd, os.path.expanduser(action.paths[0] if action.paths else ".")))
    hit = _config_in_folder(protected, path_variants(root, action.cwd, home), action.project)
    if hit:  # `Grep {path: .claude}` prints the hook config, as Read would
        return deny(f"`{action.tool}` would search {root}, and with it the hook config {hit}, which is protected; "
                    "leave that folder out", "protected")
    search = reach.Search("Grep", [root])
    search.follow = True
    if action.search_skips_hold:  # an exclusion after the user's globs: always holds
        search.exclude_dirs = list(action.search_skips)
    else:  # the first globs: a later one that matches the folder lets ripgrep in again
        search.globs.extend((name, True, False) for name in action.search_skips)
    # ripgrep underneath reads RIPGREP_CONFIG_PATH as `rg` does (`--no-ignore` in a config file
    # the agent may write): then no ignore file is counted
    if not os.environ.get("RIPGREP_CONFIG_PATH"):
        search.ignore_names = (".gitignore", ".ignore", ".rgignore")
    search.git_ignores = True
    filters = action.search_filters
    for key in ("glob", "include"):
        if filters.get(key):
            search.globs.extend(_tool_globs(filters[key]))
    if filters.get("type") in reach._RG_TYPES:
        search.globs.extend((g, False, False) for g in reach._RG_TYPES[filters["type"]])
    return reach.check_search(search, ctx)


def _find_exec_names(cmd, policy, project, home):
    """`find . -name .env -exec cat {} +`: the files are named by the filter, not the operands.
    Deny when every -name filter could select a file a deny-path rule names."""
    from legant_guard.hook.paths import PathRule, wildcard_match

    for source in policy.deny_paths:
        last = PathRule(source, project, home).anchored.rstrip("/").rsplit("/", 1)[-1]
        if all(wildcard_match(f.pattern.lower(), last.lower()) or wildcard_match(last.lower(), f.pattern.lower())
               if f.icase else wildcard_match(f.pattern, last) or wildcard_match(last, f.pattern)
               for f in cmd.find_names):
            return deny(f"`find` would run `{cmd.executable}` on files named like {last}, denied by deny-path {source}",
                        "deny-path")
    return None
