"""`rg -l OLD | xargs sed -i s/OLD/NEW/g`: the names a content search lists, where the guard can list them.

Search and replace is everyday work for every agent: list the files holding a word with
`rg -l` (`rg --files -g '*.py'`, `grep -rl WORD src`) and hand them to `xargs sed -i`, `wc -l`
or `CMD $(rg -l WORD)`. The names are unknown to the shell analysis, so the consumer's operands
are undetermined and denied whenever the token has path rules. Yet the search only ever prints
files it reads, and what it reads is what reach.py already models for the search itself (its
roots, ripgrep's hidden-file default and ignore files, `-g`/`-t`/`--include`/`--exclude`
filters, each read as widely as the program could select a file): those files are walked now,
bounded, and each is judged as the operand it becomes, with the consumer's own rules (a
`sed -i` writing a hook config is refused as any write is).

Narrowed only when the search is the whole left side of the one pipe (or the one substitution,
in the first command), after at most a leading `cd DIR &&`: literal words, no redirect or variable, no ripgrep configuration file
(RIPGREP_CONFIG_PATH can add any option), options from a list that only chooses which files are
printed (never what is printed: `-c`, `--null`, `--json` and options the list does not hold
leave it undetermined), xargs with options that only count or batch, and not when a listed
name would be cut (a blank, a quote, a backslash; a glob character in a substitution) or the
walk runs out of its budget. Loaded only for such commands (precision.narrow).
"""

import os

# Options of rg that choose which files are printed, not what is printed.
_RG_SHORT = frozenset("lisSwFPUxvLHnuetTg.")
_RG_LONG = frozenset((
    "--files", "--files-with-matches", "--files-without-match", "--ignore-case", "--smart-case", "--case-sensitive",
    "--word-regexp", "--fixed-strings", "--pcre2", "--multiline", "--line-regexp", "--invert-match", "--hidden",
    "--no-ignore", "--no-ignore-vcs", "--no-ignore-dot", "--no-ignore-parent", "--unrestricted", "--follow",
    "--regexp", "--glob", "--iglob", "--type", "--type-not", "--no-messages", "--line-number", "--with-filename",
    "--glob-case-insensitive", "--no-require-git"))
_RG_NAMES_ONLY = frozenset(("-l", "--files", "--files-with-matches", "--files-without-match"))
# GNU grep's (long options exactly as written: grep reads abbreviations, `--nul` is --null)
_GREP_SHORT = frozenset("rRlLiwFEGPxvsInHe")
_GREP_LONG = frozenset((
    "--recursive", "--dereference-recursive", "--files-with-matches", "--files-without-match", "--ignore-case",
    "--word-regexp", "--fixed-strings", "--extended-regexp", "--basic-regexp", "--perl-regexp", "--line-regexp",
    "--invert-match", "--no-messages", "--line-number", "--with-filename", "--regexp", "--include", "--exclude",
    "--exclude-dir"))
_GREP_NAMES_ONLY = frozenset(("-l", "-L", "--files-with-matches", "--files-without-match"))
_GREPS = frozenset(("grep", "egrep", "fgrep"))
# xargs options that only count or batch the names (not -a FILE, -d, -0, -I, -E ...)
_XARGS_FLAGS = frozenset(("-r", "--no-run-if-empty", "-t", "--verbose", "-x", "--exit"))
_XARGS_COUNTS = ("-n", "-P", "-L", "-s", "--max-args", "--max-procs", "--max-lines", "--max-chars")
_CUTS = frozenset(" \t\n'\"\\")
_GLOBS = frozenset("*?[")
# What makes a pattern more than a literal, in any of rg's, ERE's or BRE's syntaxes
_REGEX = frozenset("\\.^$*+?()[]{}|")
MAX_NAMES = 5000
MAX_READ = 1024 * 1024


def listed(entry, src, cmd, command):
    """The absolute paths the search hands `cmd` for the undetermined `entry` (`src`: its word
    when it is a substitution), or None when the guard cannot list them surely."""
    command = _after_cd(command)
    if any(c in command for c in ";&`<>\n\\") or "RIPGREP" in command or "GREP_" in command or \
            os.environ.get("RIPGREP_CONFIG_PATH") or os.environ.get("GREP_OPTIONS"):
        return None
    if src is None:
        if not entry.startswith("operands of `") or "by `xargs`" not in entry or command.count("|") != 1 or \
                "$" in command:
            return None
        left, _, right = command.partition("|")
        if not _plain_xargs(right.split()):
            return None
        search_text, cuts = left, _CUTS
    else:
        if not (src.startswith("$(") and src.endswith(")")) or command.count("$(") != 1 or "|" in command or \
                command.count(src) != 1 or any(c in command.split(src, 1)[0] for c in "()={}$"):
            return None
        search_text, cuts = src[2:-1], _CUTS | _GLOBS
    if "~" in search_text or "$" in search_text:
        return None
    from legant_guard import shell

    analysis = shell.analyze(search_text, cmd.cwd, "/")
    if analysis.error or analysis.undetermined or len(analysis.commands) != 1:
        return None
    found = analysis.commands[0]
    search = _search_of(found)
    if search is None:
        return None
    paths = _walk(search, cmd.cwd, cuts)
    return None if paths is None else Listing(paths, _literals(found))


class Listing:
    """The files a search could print (`paths`), and whether one of them could be printed at all:
    `rg -l OLD` prints only a file holding OLD, so a protected file that does not hold it (the
    project's opencode.json, in every opencode project) is not handed on (`may_print`)."""

    __slots__ = ("paths", "literals", "icase")

    def __init__(self, paths, literals):
        self.paths = paths
        self.literals, self.icase = literals if literals else (None, False)

    def may_print(self, path):
        """Could the search print `path`? Yes unless every pattern is a literal the regular file
        `path`, read whole, does not hold (in any case when the search ignores case, and then
        only for a file of ASCII text: Unicode folding matches `k` with the Kelvin sign). A file
        ripgrep could transcode (a UTF-16 byte-order mark), a link, or one too big to read: yes."""
        if self.literals is None or os.path.islink(path):
            return True
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_READ + 1)
        except OSError:
            return True
        if len(data) > MAX_READ or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return True
        if self.icase:
            if not data.isascii():
                return True
            data = data.lower()
        return any(literal in data for literal in self.literals)


def _literals(found):
    """(the search's patterns as bytes, does it ignore case), when every pattern is a plain
    literal whose presence a printed file must show; None otherwise (no pattern: `rg --files`;
    an inverted or files-without-match search; a pattern with regex syntax, or not ASCII)."""
    opts, operands = _options(found)
    names = {n for n, _ in opts}
    if names & {"--files", "-v", "--invert-match", "--files-without-match"} or \
            ("-L" in names and found.executable != "rg"):
        return None
    patterns = [v for n, v in opts if n in ("-e", "--regexp")] or operands[:1]
    fixed = bool(names & {"-F", "--fixed-strings"})
    if not patterns or not all(p and p.isascii() and "\n" not in p and (fixed or _REGEX.isdisjoint(p)) for p in patterns):
        return None
    icase = bool(names & {"-i", "--ignore-case", "-S", "--smart-case"})
    return [(p.lower() if icase else p).encode() for p in patterns], icase


def _after_cd(command):
    """The command after a leading `cd DIR && ` (Claude Code's `cd /abs/project && …`): the pipe
    after it runs wholly in DIR, where the analysis already puts `cmd` (and the search)."""
    head, sep, rest = command.partition(" && ")
    words = head.split()
    if sep and len(words) == 2 and words[0] == "cd" and not words[1].startswith("-") and \
            not any(c in head for c in "$`;|&<>(){}\\'\"~*?["):
        return rest
    return command


def _plain_xargs(words):
    """`xargs [-r] [-n N] [-P N] PROGRAM ...`: xargs hands the names on as they come."""
    if not words or words[0] != "xargs":
        return False
    k = 1
    while k < len(words) and words[k].startswith("-"):
        word = words[k]
        k += 1
        if word in _XARGS_FLAGS:
            continue
        name, eq, value = word.partition("=")
        if name in _XARGS_COUNTS and not eq:
            if k >= len(words) or not words[k].isdigit():
                return False
            k += 1
        elif not (any(word.startswith(c) and word[len(c):].isdigit() for c in _XARGS_COUNTS if len(c) == 2)
                  or (eq and name in _XARGS_COUNTS and value.isdigit())):
            return False
    return k < len(words)


def _search_of(found):
    """reach.Search of the listing command, or None when it may print anything but names."""
    from legant_guard.hook import reach

    exe = found.executable
    if found.undetermined or found.redirects or found.via or found.globs or exe not in _GREPS and exe != "rg":
        return None
    short, long_, names_only = (_RG_SHORT, _RG_LONG, _RG_NAMES_ONLY) if exe == "rg" else \
        (_GREP_SHORT, _GREP_LONG, _GREP_NAMES_ONLY)
    opts, _ = _options(found)
    names = [n for n, _ in opts]
    for name in names:
        if not (name[2:] and name in long_) and not (len(name) == 2 and name[1] in short):
            return None
    if not names_only.intersection(names):
        return None
    if exe == "rg" and "--files" in names:
        # the files `rg PATTERN` would search are the ones `rg --files` lists
        found = _with_argv(found, [found.argv[0], "-e", "x"] + [w for w in found.argv[1:] if w != "--files"])
    search = reach.search_of(found, {})
    if search is None:  # (grep without -r reads only the files it names: they are its operands)
        return None
    return search


def _options(found):
    """(options, operands) of the rg or grep command line, each option with its value."""
    from legant_guard.hook.cmdoptions import split_options

    if found.executable == "rg":
        return split_options(found.argv, "egtT", ("--regexp", "--glob", "--iglob", "--type", "--type-not"))
    return split_options(found.argv, "e", ("--regexp", "--include", "--exclude", "--exclude-dir"))


def _with_argv(cmd, argv):
    import copy

    twin = copy.copy(cmd)
    twin.argv = argv
    return twin


def _walk(search, cwd, cuts):
    """Every file (or link) the search could read: the names it could print, as absolute paths
    (None past MAX_NAMES, or when a name as printed, from `cwd`, would be cut)."""
    from legant_guard.hook import reach
    from legant_guard.hook.treewalk import Budget, TooBig, walk

    roots, _ = reach.real_roots(search.roots)
    if roots is None:
        return None
    out, budget = [], Budget()
    for root in roots:
        if not os.path.isdir(root):
            if os.path.lexists(root):
                if _cut(root, cwd, cuts):
                    return None
                out.append(root)
            continue
        _, prune = reach.search_pruner(search, root)
        try:
            for rel, path, is_dir, is_link in walk(root, budget, search.follow, prune):
                if is_dir:
                    continue
                # (a link is listed too: what it leads to is judged where the consumer opens it)
                if _cut(path, cwd, cuts) or len(out) >= MAX_NAMES:
                    return None
                out.append(path)
        except TooBig:
            return None
    return out


def _cut(path, cwd, cuts):
    """Would the name as the search prints it (from `cwd`, else in full) be cut on its way?"""
    shown = path[len(cwd) + 1:] if path.startswith(cwd.rstrip("/") + "/") else path
    return not cuts.isdisjoint(shown)
