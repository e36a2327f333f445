"""Operands a command reads from a file on disk at run time: `xargs -a LIST rm`, `xargs rm < LIST`,
`cat LIST | xargs rm`, `rm $(cat LIST)`, `rm $(< LIST)`, `while read f; do rm "$f"; done < LIST`.

The shell analysis cannot know these operands, so it calls them undetermined; a role without path
or command rules (`operator`) allows what is undetermined. Self-protection and the trust base hold
for every role, though, and LIST is on disk when the hook runs: the guard reads it (bounded) and
judges its words as operands of every command whose operands are unknown. The words are taken the
ways xargs and bash's word splitting could cut them: whole lines, blank-separated words, and the
pieces a line falls into at any one character (`xargs -d,`, `IFS=:`). Fail closed: a list that is
too big, unreadable, not a regular file, missing, or written earlier in the same command line
(its contents are then not what is on disk now) is a deny.

The same holds for names a program lists at run time and hands on (`git ls-files | xargs rm`,
`grep -rl x . | xargs sed -i ...`, `ls -A | xargs rm -rf`, `rm $(ls -d .*)`): the folder the
lister reads is on disk, and when it holds a protected file (a hook config in the project, the
guard's files) a command that changes what it is handed is a deny naming the folder to narrow
(`listed_reach`; `find` is judged more finely, by its expression, in hook/reach.py).

Only for calls that would otherwise be allowed with undetermined operands (the engine calls it
when the role has neither path nor command rules); what a program computes from the list
(`rev`, `base64 -d`, `sed s/...`) is not followed (docs/THREAT_MODEL.md).
"""

import os
import stat

from legant_guard.hook.model import deny

MAX_FILE_BYTES = 256 * 1024
MAX_SOURCES = 32
MAX_CANDIDATES = 4096

# Programs whose output is (a selection of) the text of the files they read.
TEXT_PASSERS = frozenset((
    "cat", "tac", "head", "tail", "sort", "uniq", "grep", "egrep", "fgrep", "rg", "cut", "tr", "sed", "gsed", "awk",
    "gawk", "mawk", "nawk", "paste", "nl", "fold", "fmt", "column", "expand", "unexpand", "comm", "join", "shuf",
    "strings", "jq", "yq", "iconv", "dos2unix", "unix2dos", "less", "more", "look", "split", "csplit", "pr", "tee",
    "xargs", "parallel", "readarray", "mapfile", "read", ":",
))
_STDIN_NAMES = frozenset(("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0", "-"))
_NO_FILE_OPERANDS = None


def _no_file_operands():
    global _NO_FILE_OPERANDS
    if _NO_FILE_OPERANDS is None:
        from legant_guard.shell import knowledge

        _NO_FILE_OPERANDS = knowledge.NO_FILE_OPERANDS - {"read", "mapfile", "readarray"}
    return _NO_FILE_OPERANDS


def _consumers(commands):
    """Commands whose operands (or whose program) are unknown until run time."""
    skip = _no_file_operands()
    return [c for c in commands if c.undetermined and (not c.executable or c.executable not in skip)]


def _sources(commands, consumers):
    """The files whose text may become operands: input redirects of any command, the file operands
    of programs that print what they read, the files xargs reads its input from (`-a LIST`)."""
    out = []
    for c in commands:
        run_by_xargs = any(v.startswith(("xargs", "parallel")) for v in c.via)
        if c.executable in TEXT_PASSERS or (c in consumers and run_by_xargs):
            # (`psql $DB < dump.sql`: a program's own input is not where its operands come from)
            out.extend(target for op, target in c.redirects if "<" in op and target not in out)
        if c.executable in TEXT_PASSERS:
            for p in c.paths:
                if p not in out and (not run_by_xargs or os.path.lexists(p)):
                    # (the operands xargs gives it are candidates, `a.txt b.txt` among them: only
                    # those on disk are read)
                    out.append(p)
        out.extend(p for p in c.input_files if p not in out)
        if c in consumers and not c.executable and run_by_xargs:
            # a script xargs builds from its input (`xargs -a LIST -I{} sh -c 'rm {}'`): what it
            # reads is what xargs read
            out.extend(p for p in c.paths if p not in out)
    return [p for p in out if p not in _STDIN_NAMES]


def _written_before(commands, path):
    """Does a command of this line write `path` (a redirect, tee, a copy onto it) besides reading it?"""
    for c in commands:
        if any(">" in op and target == path for op, target in c.redirects):
            return True
        if c.executable in _WRITERS_OF_OPERANDS and path in c.paths:
            return True
        if c.executable in _COPIERS and path in c.paths[1:]:
            return True
    return False


_WRITERS_OF_OPERANDS = frozenset(("tee", "touch", "sponge", "truncate", "dd", "curl", "wget"))
_COPIERS = frozenset(("cp", "mv", "ln", "install", "rsync"))


def _read(path):
    """The file's text, or a reason it cannot be judged."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None, "does not exist yet (a program of this command line may write it)"
    except OSError as e:
        return None, f"cannot be read ({e.strerror})"
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            return "", None  # a folder's text is no program's input (grep -r prints names below it)
        if not stat.S_ISREG(st.st_mode):
            return None, "is not a regular file"
        if st.st_size > MAX_FILE_BYTES:
            return None, f"is larger than {MAX_FILE_BYTES // 1024} KiB"
        data = os.read(fd, MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return None, f"is larger than {MAX_FILE_BYTES // 1024} KiB"
    except OSError as e:
        return None, f"cannot be read ({e.strerror})"
    finally:
        os.close(fd)
    return data.decode("utf-8", "surrogateescape"), None


def candidate_words(text):
    """Every word xargs or word splitting could make of `text`: each line, its blank-separated
    words, and the pieces it falls into at any single character (a custom delimiter or IFS),
    quotes and backslashes removed."""
    out = []
    seen = set()

    def add(word):
        word = word.strip().strip("'\"")
        if word and word not in seen:
            seen.add(word)
            out.append(word)

    for line in text.replace("\0", "\n").replace("\r", "\n").split("\n"):
        line = line.strip()
        if not line:
            continue
        for variant in {line, line.replace("\\", "")}:
            add(variant)
            for word in variant.split():
                add(word)
            for sep in set(variant) - {"/", "\\"}:
                for piece in variant.split(sep):
                    add(piece)
        if len(out) > MAX_CANDIDATES:
            return None
    return out


def operands_from_lists(analysis, check_source):
    """Add the words of the files that feed unknown operands to those commands' operands, so the
    engine judges them again as it judges any operand. Returns (a deny Decision or None, the
    commands that got operands). `check_source(path, cwd)`: the deny side of a read of the list
    itself (the list may be a secret)."""
    from legant_guard.shell.words import absolute

    commands = analysis.commands
    consumers = _consumers(commands)
    if not consumers:
        return None, []
    sources = _sources(commands, consumers)
    if not sources:
        return None, []
    if len(sources) > MAX_SOURCES:
        return deny(f"the operands of `{consumers[0].executable or 'a command'}` come from {len(sources)} files at run "
                    f"time, more than the {MAX_SOURCES} the guard reads to check them", "undetermined"), []
    words = []
    for path in sources:
        verdict = check_source(path, consumers[0].cwd)
        if verdict:
            return verdict, []
        if _written_before(commands, path):
            return deny(f"operands read at run time come from {path}, which this command line writes first; the guard "
                        "cannot check what it will hold: write it in one call and use it in the next", "undetermined"), []
        text, problem = _read(path)
        if problem:
            return deny(f"operands read at run time come from {path}, which {problem}; the guard reads such a list "
                        "to check the files it names", "undetermined"), []
        pieces = candidate_words(text)
        if pieces is None or len(words) + len(pieces) > MAX_CANDIDATES:
            return deny(f"operands read at run time come from {path}, which holds more names than the guard checks "
                        f"({MAX_CANDIDATES}); split the list", "undetermined"), []
        words.extend(pieces)
    for cmd in consumers:
        for word in words:
            path = absolute(word, cmd.cwd)
            if path not in cmd.paths:
                cmd.paths.append(path)
            if any(ch in word for ch in "*?["):
                cmd.globs.append(path)
    return None, consumers if words else []


# Programs that print names of files found below a folder (their operands, else the working
# folder). grep-like programs only when they search recursively; git where it lists the tree.
_LISTERS = frozenset(("ls", "dir", "vdir", "tree", "du", "fd", "fdfind", "rg", "ag", "ack", "locate", "plocate",
                      "mlocate", "git", "grep", "egrep", "fgrep"))
_GIT_LISTING = frozenset(("ls-files", "ls-tree", "diff", "diff-tree", "diff-index", "diff-files", "status", "show",
                          "log", "clean", "grep", "whatchanged"))
_READ_ONLY = frozenset((
    "cat", "head", "tail", "less", "more", "grep", "egrep", "fgrep", "rg", "ag", "ack", "ls", "stat", "file", "wc",
    "diff", "cmp", "md5sum", "sha1sum", "sha256sum", "sha512sum", "b2sum", "cksum", "tree", "du", "readlink",
    "realpath", "basename", "dirname", "test", "[", "nl", "od", "hexdump", "xxd", "strings", "bat", "lsattr", "getfacl",
    "namei", "sort", "uniq", "cut", "tr", "jq", "column",
))


def _lister_folders(cmd):
    """The folders whose names `cmd` may print, and whether dot-names are among them; None when
    `cmd` lists no folder."""
    exe, argv = cmd.executable, cmd.argv
    flags = [w for w in argv[1:] if w.startswith("-")]
    if exe in ("grep", "egrep", "fgrep") and not any(
            w in ("--recursive", "--dereference-recursive") or (not w.startswith("--") and ("r" in w or "R" in w))
            for w in flags):
        return None
    if exe == "git":
        from legant_guard.hook.destinations import _git_sub

        sub = _git_sub(argv)
        if sub is None or sub[1] not in _GIT_LISTING:
            return None
    if exe in ("locate", "plocate", "mlocate"):
        return ["/"], True
    paths = cmd.paths
    if exe in ("fd", "fdfind"):
        paths = [p for p in paths if p != _fd_pattern(cmd)]  # `fd PATTERN [PATH...]`
    # (a pattern operand, `fd NAME`, `rg -l WORD`, is no folder: then the working folder is listed)
    folders = [p for p in paths if os.path.isdir(p)] or [cmd.cwd]
    dots = True
    if exe in ("ls", "dir", "vdir"):
        dots = any(w in ("--all", "--almost-all") or (not w.startswith("--") and any(c in w for c in "aAfR"))
                   for w in flags)
    return folders, dots


_FD_VALUE_OPTIONS = frozenset((
    "-e", "--extension", "-t", "--type", "-E", "--exclude", "-x", "--exec", "-X", "--exec-batch", "-d", "--max-depth",
    "--min-depth", "--exact-depth", "-S", "--size", "--changed-within", "--changed-before", "-o", "--owner", "-j",
    "--threads", "--search-path", "--base-directory", "-c", "--color", "--ignore-file", "--max-results",
))


def _fd_pattern(cmd):
    """The absolute spelling of fd's pattern operand (its first word that is not an option), or None."""
    from legant_guard.shell.words import absolute

    argv = cmd.argv
    k = 1
    while k < len(argv):
        word = argv[k]
        if word in _FD_VALUE_OPTIONS:
            k += 2
            continue
        if not word.startswith("-"):
            return absolute(word, cmd.cwd)
        k += 1
    return None


# git subcommands that change the files they are handed (the others stage, show or read them).
_GIT_WRITERS = frozenset(("rm", "mv", "checkout", "restore", "clean", "reset", "stash", "apply", "am", "switch"))


def _changes_files(cmd):
    exe = cmd.executable
    if not exe:
        return True
    if exe == "git":
        from legant_guard.hook.destinations import _git_sub

        sub = _git_sub(cmd.argv)
        return sub is None or sub[1] in _GIT_WRITERS
    return exe not in _READ_ONLY


def listed_reach(analysis, protected, home):
    """A deny Decision when a command that changes files is handed names a lister prints from a
    folder holding a protected path, else None."""
    from legant_guard.hook.paths import path_variants

    writers = [c for c in _consumers(analysis.commands) if _changes_files(c)]
    if not writers:
        return None
    for cmd in analysis.commands:
        if cmd in writers or cmd.executable not in _LISTERS:
            continue
        found = _lister_folders(cmd)
        if not found:
            continue
        folders, dots = found
        for folder in folders:
            hit = protected.contained_in(path_variants(folder, cmd.cwd, home))
            if hit is None:
                continue
            below = hit[len(folder.rstrip("/")) + 1:] if hit.startswith(folder.rstrip("/") + "/") else hit
            if not dots and below.startswith("."):
                continue  # `ls` without -a does not print dot-names
            writer = writers[0].executable or "a command built at run time"
            return deny(f"`{writer}` is handed names that `{cmd.executable}` lists in {folder}, which holds {hit} "
                        "(protected: the guard's own files and hook configs are off limits to the agent); list a "
                        "folder below it, or name the files", "protected")
    return None
