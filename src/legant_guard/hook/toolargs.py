"""What an MCP or unknown tool's arguments reach beyond the path each one spells.

agents/common.path_like_strings already holds every argument, word and `file:` URI against the
deny side as a path (and the paths a server may join from several arguments). A tool may do
more with a value than open it, and the guard cannot know which tool does what:
- a folder: a tool may list, search or read everything below it (`search_code {path: "~"}`,
  `read_directory {path: ".."}`), or join another argument to it. A folder holding the guard's
  own files, or a denied folder outside the project (`~/.ssh`), is refused like a recursive
  search of it (engine._check_path's `recursive`), for every tool but those that show names
  only (the reference filesystem server's `list_directory`, `directory_tree`, `get_file_info`,
  `search_files`, which matches names:
  names are no secret, docs/THREAT_MODEL.md). A tool whose name says it searches, archives or
  reads a whole tree is also walked like the agents' Grep for the secrets inside the project (a `.env`
  below the folder; version-control folders skipped as Grep skips them): other tools that take
  a folder (a git server's `repo_path`, a test runner's `cwd`) would otherwise be refused in
  every project that holds a `.env`.
- a glob (`gu*/key.pem`, `conf/.e*`, `{a,b}/x`): a server that expands it reads what it matches.
  Judged as the pattern it is (what it could match later) and by each match on disk now, as a
  shell operand is; too many matches is a deny.
Loaded only for MCP and unknown tools.
"""

import os

from legant_guard.hook.model import deny
from legant_guard.hook.paths import expand_glob, is_glob

# Tools that show names and metadata, never contents (the names of MCP's reference filesystem
# server), matched at the end of the tool's name (`mcp__fs__list_directory`).
_NAMES_ONLY = ("list_directory", "list_directory_with_sizes", "directory_tree", "get_file_info",
               "list_allowed_directories", "create_directory", "search_files")
# Words in a tool's name that say it reads the contents of the files below a folder it is given:
# a search, an archive or copy, or a read of a whole tree (`read_directory`; not `read_file`,
# whose `{root, path}` names one file in a folder).
_TREE_READ_WORDS = ("search", "grep", "find", "scan", "index", "embed", "ingest", "dump", "export", "archive", "zip",
                    "tar", "pack", "bundle", "backup", "snapshot", "sync", "upload", "copy",
                    # red team 29: tools that read a whole folder to describe it back (`analyze_code
                    # {path: "."}`, `summarize_repo`, `review`, `get_context`, `crawl`)
                    "analy", "summar", "review", "audit", "explore", "crawl", "traverse", "context", "digest")
_READ_WORDS = ("read", "cat", "content", "get", "load", "fetch", "open", "view")
_TREE_WORDS = ("dir", "folder", "tree", "recursive", "all", "project", "codebase", "repo", "workspace")
MAX_PATTERNS = 64  # brace alternatives of one value
MAX_GLOB_VALUES = 256  # glob values of one call (each may walk up to paths.MAX_GLOB_VISITS entries)


def shows_names_only(tool):
    name = tool.lower()
    return name.endswith(_NAMES_ONLY)


def reads_contents(tool):
    name = tool.lower().rsplit("__", 1)[-1]
    return any(word in name for word in _TREE_READ_WORDS) or (
        any(word in name for word in _READ_WORDS) and any(word in name for word in _TREE_WORDS))


# Argument names that ask a tool to go into every folder below the one it is given
# (`read {path: ".", recursive: true}`), in the spellings servers use (red team 37).
_RECURSION_KEYS = frozenset(("recursive", "recurse", "recursively", "deep", "subdirs", "subdirectories",
                             "include_subdirectories", "includesubdirectories", "include_subdirs", "walk"))


def asks_recursion(arguments, depth=0):
    """Does a tool's argument object (or one nested in it) set a recursion flag? A tool whose name
    does not say it reads a tree does, when told so."""
    if not isinstance(arguments, dict) or depth > 3:
        return False
    for key, value in arguments.items():
        if isinstance(key, str) and key.lower().replace("-", "_") in _RECURSION_KEYS and \
                value not in (False, None, 0, "", "false", "False", "no", "0"):
            return True
        if isinstance(value, dict) and asks_recursion(value, depth + 1):
            return True
    return False


def check(action, home, check_path, check_pattern, search, write_below=None):
    """A deny Decision for the folders and globs among `action.arg_values`, or None (the engine
    has judged each value as a folder read below already). `check_path(path, recursive)`: the
    engine's deny-side check of one path (recursive: as a folder read below); `check_pattern(pattern)`: the engine's check of a glob as the pattern it
    is; `search(folder)`: the Grep-like walk of a folder for secrets inside the project;
    `write_below(folder, what)`: a deny when a protected path lies at or below `folder`."""
    names_only = shows_names_only(action.tool)
    walk = not names_only and (reads_contents(action.tool) or asks_recursion(action.arg_input))
    if write_below is not None and writes_trees(action.tool):
        for value in action.arg_values:
            if not _is_pattern(value):
                verdict = write_below(_absolute(value, action.cwd, home),
                                      f"`{action.tool}` may write, move or remove any file below the folder it is "
                                      "given (do it in the shell, where each file is judged)")
                if verdict:
                    return verdict
    globs = [value for value in action.arg_values if _is_pattern(value)]
    if len(globs) > MAX_GLOB_VALUES:  # (counted before any is expanded)
        return deny(f"`{action.tool}` is given more than {MAX_GLOB_VALUES} patterns, too many to check; split "
                    "the call or name the files", "undetermined")
    for value in action.arg_values:
        if _is_pattern(value):
            verdict = _check_glob(value, action, home, check_path, check_pattern, names_only)
        else:
            verdict = None  # (the engine judged the value itself as a folder read below)
            if walk:
                folder = _walked(_absolute(value, action.cwd, home), action.project)
                if folder is not None and os.path.isdir(folder):
                    verdict = search(folder)
        if verdict:
            return verdict
    return None


def _is_pattern(value):
    return is_glob(value) or ("{" in value and "," in value and "}" in value)


def _check_glob(value, action, home, check_path, check_pattern, names_only):
    from legant_guard.shell.expansion import ExpansionError, brace_expand

    try:
        patterns = brace_expand(value) if "{" in value else [value]
    except ExpansionError:
        patterns = None
    if patterns is None or len(patterns) > MAX_PATTERNS:
        return deny(f"`{action.tool}` is given the pattern {value}, which spells more than {MAX_PATTERNS} patterns "
                    "to check; name the files", "undetermined")
    for pattern in [p for spelled in patterns for p in _readings(spelled, action.cwd, home)]:
        spelled = pattern
        verdict = check_pattern(pattern) if is_glob(pattern) else None
        if verdict:
            return verdict
        matches = expand_glob(pattern, globstar=True) if is_glob(pattern) else [pattern]
        if matches is None:
            return deny(f"`{action.tool}` is given the pattern {spelled}, which matches too many files to check; "
                        "name the files or a narrower pattern", "undetermined")
        for match in matches:
            verdict = check_path(match, not names_only)
            if verdict:
                return verdict
    return None


def _walked(folder, project):
    """What a search of `folder` is walked over for the project's secrets: the folder inside the
    project, the project when the folder holds it (the secrets outside it are denied folders,
    which the recursive path check already found below the folder); None elsewhere."""
    project = project.rstrip("/") or "/"
    if folder == project or folder.startswith(project + "/"):
        return folder
    if project.startswith(folder.rstrip("/") + "/"):
        return project
    return None


def _readings(value, cwd, home):
    """A pattern made absolute as a server that collapses `..` first reads it (path.resolve,
    normpath) and as the kernel does (`hl/../gu*/key.pem` with hl a link to the home folder is
    the guard dir's key: a `..` after a link goes to the parent of its target; after a glob
    component, to the parent of each match, which the glob matcher hands on)."""
    lexical = _absolute(value, cwd, home)
    if ".." not in value.split("/"):
        return [lexical]
    from legant_guard.shell.operands import _dotdot_after_glob
    from legant_guard.shell.words import absolute

    joined = home.rstrip("/") + value[1:] if value == "~" or value.startswith("~/") else value
    try:
        physical = _dotdot_after_glob(joined, cwd) or absolute(joined, cwd)
    except OSError:
        physical = lexical
    return [lexical] if physical == lexical else [lexical, physical]


def _absolute(value, cwd, home):
    if value == "~" or value.startswith("~/"):
        value = home.rstrip("/") + value[1:]
    elif not value.startswith("/"):
        value = cwd.rstrip("/") + "/" + value
    return os.path.normpath(value) if not value.startswith("//") else value


# Argument names that hand a tool its text from elsewhere: a file, an encoding, a URL, the old name
_SOURCE_KEYS = ("base64", "b64", "encod", "url", "uri", "source", "src", "from", "old", "template", "copy")


def opaque_source(tool_input, target, cwd, home, depth=0):
    """Where an MCP or unknown tool writing `target` (its path_variants) may take the text from,
    other than text given inline: an argument naming an existing file (`move_file {source:
    evil.txt, destination: ~/.bashrc}`), a URL, or a key that says so (`content_base64`, `from`,
    `oldPath`). None when every text is inline (and judged as written)."""
    if depth > 20:
        return "arguments nested too deep to read"
    items = tool_input.items() if isinstance(tool_input, dict) else enumerate(tool_input) \
        if isinstance(tool_input, list) else ()
    for key, value in items:
        if isinstance(value, (dict, list)):
            found = opaque_source(value, target, cwd, home, depth + 1)
            if found:
                return found
            continue
        if not isinstance(value, str) or not value:
            continue
        low = key.lower() if isinstance(key, str) else ""
        if any(w in low for w in _SOURCE_KEYS) and not low.startswith(("oldtext", "oldstring", "old_string", "old_str")) \
                and _absolute(value, cwd, home) not in target:
            return f"`{key}` ({value[:80]})"
        if "\n" in value or len(value) > 4096 or value.startswith(("http:", "https:", "ftp:")):
            if value.startswith(("http:", "https:", "ftp:")):
                return f"the URL {value[:80]}"
            continue
        path = _absolute(value[7:] if value.startswith("file://") else value, cwd, home)
        if path not in target and os.path.isfile(path):
            return f"the file {value[:120]}"
    return None


_READ_ONLY_VERBS = ("read", "get", "list", "view", "show", "search", "find", "grep", "stat", "info", "cat", "head",
                    "tail", "diff", "describe", "inspect", "count", "exists", "tree", "glob", "query", "log", "status")
_WRITE_VERBS = ("write", "edit", "move", "copy", "rename", "create", "append", "put", "save", "set", "update",
                "delete", "remove", "patch", "apply", "upload", "download", "replace", "insert", "mkdir", "sync",
                "restore", "checkout", "link", "extract", "unpack", "install", "commit", "reset", "merge", "pull")


# Words of a tool's name that say it writes, moves or removes files below a folder it is given, names
# the guard cannot know (`delete_directory`, `move_file`, `git_checkout`, `extract_archive`): red team #30.
_TREE_WRITE_WORDS = frozenset(("delete", "remove", "rm", "rmdir", "unlink", "move", "mv", "rename", "copy", "cp",
                               "extract", "unpack", "unzip", "untar", "decompress", "checkout", "switch", "restore",
                               "reset", "sync", "pull", "merge", "rebase", "stash", "clean", "apply", "patch", "clone",
                               "overwrite", "replace", "wipe", "purge", "trash", "revert", "cherry", "pick", "chmod",
                               "chown", "symlink", "link"))


def writes_trees(tool):
    """Does an MCP or unknown tool's name say it may write, move or remove files below a folder?
    Matched by whole words of the name (`delete_directory`, `moveFile`, `git-checkout`)."""
    import re

    name = tool.rsplit("__", 1)[-1]
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower().replace("-", "_").replace(".", "_").split("_")
    return not _TREE_WRITE_WORDS.isdisjoint(words)


def reads_only(tool):
    """Does an MCP or unknown tool's name say it only reads (`read_multiple_files`, `git_diff`)?"""
    name = tool.lower().rsplit("__", 1)[-1]
    return any(v in name for v in _READ_ONLY_VERBS) and not any(v in name for v in _WRITE_VERBS)
