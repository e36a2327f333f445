"""`rg -l OLD | xargs sed -i s/OLD/NEW/g`: the names a content search lists, where the guard can list them.

Search and replace is everyday work for every agent: list the files holding a word with
`rg -l` (`rg --files -g '*.py'`, `grep -rl WORD src`) and hand them to `xargs sed -i`, `wc -l`
or `CMD $(rg -l WORD)`. The names are unknown to the shell analysis, so the consumer's operands
are undetermined and denied whenever the token has path rules. Yet the search only ever prints
files it reads, and what it reads is what reach.py already models for the search itself (its
roots, ripgrep's hidden-file default and ignore files, `-g`/`-t`/`--include`/`--exclude`
filters, each read as widely as the program could select a file): those files are walked now,
bounded, and each is judged as the operand it becomes, with the consumer's own rules (a
`sed -i` writing a hook config is refused as any write is). Such a file is passed over only
when the search cannot print it: every pattern a plain literal the file does not hold
(`Listing.may_print`; every opencode project has an opencode.json).

Narrowed only when the search is the whole left side of the one pipe (or the one substitution,
of the line's one command), after at most a leading `cd DIR &&`: literal words, no variable, no
redirect but `2>/dev/null`, no other substitution anywhere in the line, no ripgrep configuration
file (RIPGREP_CONFIG_PATH can add any option), options from a list that only chooses which files
are printed (never what is printed: `-c`, `--json` and options the list does not hold leave it
undetermined), xargs with options that only count or batch, NUL-separated names only with
`xargs -0` (and the reverse), and not when a listed name would be cut (a blank, a quote, a
backslash; a glob character in a substitution; a leading `-`, an option to the consumer) or the walk runs out of its budget. Loaded only
for such commands (precision.narrow).
"""

import os

# Options of rg that choose which files are printed, not what is printed.
_RG_SHORT = frozenset("lisSwFPUxvLHnuetTg.0")
_RG_LONG = frozenset((
    "--files", "--files-with-matches", "--files-without-match", "--ignore-case", "--smart-case", "--case-sensitive",
    "--word-regexp", "--fixed-strings", "--pcre2", "--multiline", "--line-regexp", "--invert-match", "--hidden",
    "--no-ignore", "--no-ignore-vcs", "--no-ignore-dot", "--no-ignore-parent", "--unrestricted", "--follow",
    "--regexp", "--glob", "--iglob", "--type", "--type-not", "--no-messages", "--line-number", "--with-filename",
    "--glob-case-insensitive", "--no-require-git", "--null"))
_RG_NAMES_ONLY = frozenset(("-l", "--files", "--files-with-matches", "--files-without-match"))
# GNU grep's (long options exactly as written: grep reads abbreviations, `--nul` is --null)
_GREP_SHORT = frozenset("rRlLiwFEGPxvsInHeZ")
_GREP_LONG = frozenset((
    "--recursive", "--dereference-recursive", "--files-with-matches", "--files-without-match", "--ignore-case",
    "--word-regexp", "--fixed-strings", "--extended-regexp", "--basic-regexp", "--perl-regexp", "--line-regexp",
    "--invert-match", "--no-messages", "--line-number", "--with-filename", "--regexp", "--include", "--exclude",
    "--exclude-dir", "--null"))
_GREP_NAMES_ONLY = frozenset(("-l", "-L", "--files-with-matches", "--files-without-match"))
_GREPS = frozenset(("grep", "egrep", "fgrep"))
# xargs options that only count or batch the names (not -a FILE, -d, -I, -E ...; -0 is read apart)
_XARGS_FLAGS = frozenset(("-r", "--no-run-if-empty", "-t", "--verbose", "-x", "--exit"))
_XARGS_COUNTS = ("-n", "-P", "-L", "-s", "--max-args", "--max-procs", "--max-lines", "--max-chars")
_CUTS = frozenset(" \t\n'\"\\")
_NO_CUTS = frozenset()  # (names read NUL-separated: `rg -l0 … | xargs -0 …`)
_NULLS = frozenset(("-0", "-Z", "--null"))  # (rg's -0 and grep's -Z; both spell it --null)
_RUNS = frozenset(("cmd", "proc", "arith"))  # word parts that run code as the word expands
_GLOBS = frozenset("*?[")
# What makes a pattern more than a literal, in any of rg's, ERE's or BRE's syntaxes
_REGEX = frozenset("\\.^$*+?()[]{}|")
MAX_NAMES = 5000
MAX_READ = 1024 * 1024


def listed(entry, src, cmd, command):
    """The Listing of the files the search hands `cmd` for the undetermined `entry` (`src`: its
    word when it is a substitution), or None when the guard cannot list them surely."""
    if "RIPGREP" in command or "GREP_" in command or os.environ.get("RIPGREP_CONFIG_PATH") or \
            os.environ.get("GREP_OPTIONS"):
        return None
    cmds = _pipeline(command)
    if cmds is None:
        return None
    if src is None:
        if not entry.startswith("operands of `") or "by `xargs`" not in entry or len(cmds) != 2 or \
                _runs_code(cmds) or not _quiet(cmds[0]):
            return None
        null = _plain_xargs(cmds[1].words)
        if null is None:
            return None
        search_text, cuts = " ".join(w.src for w in cmds[0].words), _NO_CUTS if null else _CUTS
    else:
        words = cmds[0].words if len(cmds) == 1 else ()
        holders = [w for w in words if any(part[0] in _RUNS for part in w.parts)]
        if len(holders) != 1 or holders[0].src != src or len(holders[0].parts) != 1 or \
                holders[0].parts[0][0] != "cmd" or not src.startswith("$(") or _runs_code(cmds, skip=holders[0]):
            return None
        search_text, null, cuts = src[2:-1], False, _CUTS | _GLOBS
    if "~" in search_text or "$" in search_text:
        return None
    from legant_guard import shell

    analysis = shell.analyze(search_text, cmd.cwd, "/")
    if analysis.error or analysis.undetermined or len(analysis.commands) != 1:
        return None
    found = analysis.commands[0]
    search = _search_of(found, null)
    if search is None:
        return None
    paths = _walk(search, cmd.cwd, cuts)
    return None if paths is None else Listing(paths, _literals(found))


def _pipeline(command):
    """The simple commands of the command's one pipeline, after at most a leading `cd DIR &&`
    (Claude Code's `cd /abs/project && …`: the pipe runs wholly in DIR, where the analysis puts
    `cmd` and the search), or None."""
    from legant_guard.shell.parse import ParseError, Simple, parse

    try:
        tree = parse(command)
    except ParseError:
        return None
    if len(tree) == 2:
        (first, sep), tree = tree[0], tree[1:]
        if sep != "&&" or first.bang or len(first.cmds) != 1 or not _plain_cd(first.cmds[0]):
            return None
    if len(tree) != 1 or tree[0][1] not in ("", "\n") or tree[0][0].bang:
        return None
    cmds = tree[0][0].cmds
    return cmds if all(isinstance(c, Simple) and not c.assigns for c in cmds) else None


def _plain_cd(simple):
    from legant_guard.shell.parse import Simple

    if not isinstance(simple, Simple) or simple.assigns or simple.redirs or len(simple.words) != 2 or \
            simple.words[0].literal() != "cd" or any(part[0] != "lit" for part in simple.words[1].parts):
        return False
    return not simple.words[1].src.startswith(("-", "~"))


def _runs_code(cmds, skip=None):
    """Does a word or redirect of the pipeline run a command (a substitution) when it expands?"""
    for c in cmds:
        for w in list(c.words) + [r.target for r in c.redirs if r.target is not None]:
            if w is not skip and any(part[0] in _RUNS for part in w.parts):
                return True
        if any(r.heredoc for r in c.redirs):
            return True
    return False


def _quiet(search):
    """The search's only redirect, if any, sends its errors away (`2>/dev/null`): its output is names."""
    return all(r.op in (">", ">>") and r.fd == "2" and r.target.src == "/dev/null" for r in search.redirs)


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


def _plain_xargs(words):
    """`xargs [-r] [-n N] [-P N] [-0] PROGRAM ...`: xargs hands the names on as they come. Whether
    it reads them NUL-separated (-0), or None when it is not such an xargs."""
    texts = [w.literal() for w in words]
    if not texts or texts[0] != "xargs":
        return None
    k, null = 1, False
    while k < len(texts) and texts[k] and texts[k].startswith("-"):
        word = texts[k]
        k += 1
        if word in ("-0", "--null"):
            null = True
            continue
        if word in _XARGS_FLAGS:
            continue
        name, eq, value = word.partition("=")
        if name in _XARGS_COUNTS and not eq:
            if k >= len(texts) or not (texts[k] or "").isdigit():
                return None
            k += 1
        elif not (any(word.startswith(c) and word[len(c):].isdigit() for c in _XARGS_COUNTS if len(c) == 2)
                  or (eq and name in _XARGS_COUNTS and value.isdigit())):
            return None
    return null if k < len(texts) else None


def _search_of(found, null):
    """reach.Search of the listing command, or None when it may print anything but names (or
    separates them otherwise than xargs reads them: `null`, xargs -0)."""
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
    if not names_only.intersection(names) or null != bool(_NULLS.intersection(names)):
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
    """Would the name as the search prints it (from `cwd`, else in full) be cut on its way, or
    read by the consumer as an option? `rg -l PAT` and `grep -rl PAT` print a file of the working
    folder without `./`: a file named `--files0-from=.env` holding PAT made `| xargs wc -l` run
    `wc -l --files0-from=.env` (wc names each line of .env in its errors), `--output=opencode.json`
    made `| xargs sort` write the hook config; the guard had judged the harmless name."""
    shown = path[len(cwd) + 1:] if path.startswith(cwd.rstrip("/") + "/") else path
    return shown.startswith("-") or not cuts.isdisjoint(shown)
