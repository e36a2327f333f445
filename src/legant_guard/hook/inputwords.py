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
(`rev`, `base64 -d`, `sed s/...`) is not followed (docs/THREAT_MODEL.md), but known text such a
program changes on its way to xargs and a command that changes files is a deny
(`transformed_names`).
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
            out.extend(r.target for r in c.redirects if "<" in r.op and r.target not in out)
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
        if any(">" in r.op and r.target == path for r in c.redirects):
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
        # `xargs -I{} cat {}.pem`: each input line is put into the words that hold the replace string
        templates = [w for w in cmd.argv[1:] if cmd.input_replace and cmd.input_replace in w]
        for word in words + [t.replace(cmd.input_replace, w) for t in templates for w in words][:MAX_CANDIDATES]:
            path = absolute(word, cmd.cwd)
            if path not in cmd.paths:
                cmd.paths.append(path)
            if any(ch in word for ch in "*?["):
                cmd.globs.append(path)
    return None, consumers if words else []


# Programs whose output lines are lines of their input (a selection, in another order): the words
# of known text they pass on are judged as they are (shell/operands.py). Any other program in
# the pipe may make other names of them (`tr x d`, `sed s/x/d/`, `rev`, `awk`, `cut -c2-`).
_SELECTORS = frozenset(("cat", "tac", "head", "tail", "sort", "uniq", "grep", "egrep", "fgrep", "shuf", "tee", "echo",
                        "printf", "xargs", "true", ":"))
# What changes the files it is handed: a name made at run time could be a protected file's.
_CHANGERS = frozenset(("rm", "rmdir", "unlink", "shred", "srm", "wipe", "trash", "trash-put", "mv", "cp", "ln", "install",
                       "tee", "touch", "truncate", "chmod", "chown", "chgrp", "setfacl", "chattr", "dd", "rsync",
                       "sed", "gsed", "perl", "sponge", "split", "patch", "git"))
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


def _installation_hit(listed, protected):
    """The first of `listed` that is part of the guard's installation (site-packages' .pth files,
    its package), or None."""
    trust = getattr(protected, "trust", None)
    if trust is None:
        return None
    for path in listed:
        hit = trust.installation.hit([path])
        if hit is not None:
            return f"{path} (part of the guard's installation: {hit})"
    return None


_QUIET_BEFORE = frozenset(("echo", "printf", "true", ":", "test", "[", "pwd", "ls", "cd"))


def _ls_glob_listing(cmd, analysis):
    """What `ls PATTERN...` (no -R, every operand a pattern) may print, as paths: each match the
    patterns have now, and for a match that is a folder each name in it, both below it and as the
    bare name a consumer resolves in its own folder. None when that is not known: a pattern with
    too many matches, one that matches nothing (ls prints nothing then, but a file an earlier
    command makes may match), or an earlier command of the line that may make files."""
    if cmd.executable != "ls" or not cmd.globs or any(p not in cmd.globs for p in cmd.paths):
        return None
    if any(w.startswith("-") and ("R" in w if not w.startswith("--") else w == "--recursive") for w in cmd.argv[1:]):
        return None
    for other in analysis.commands:
        if other is cmd:
            break
        if other.executable not in _QUIET_BEFORE or other.redirects:
            return None
    return ls_pattern_names(cmd.globs, cmd.cwd)


def ls_pattern_names(patterns, cwd):
    """The paths a consumer may take the lines of `ls PATTERN...` for (absolute patterns; ls in
    `cwd`): each match, and for a match that is a folder its header and each name in it, below
    it, below where it leads and bare in `cwd`; every name also cut at blanks as xargs cuts it.
    None when a pattern matches nothing or too much, or a name holds a quote or a backslash
    (xargs reads those)."""
    from legant_guard.hook.paths import expand_glob

    listed = []
    for pattern in patterns:
        matches = expand_glob(pattern, dotglob=True)
        if matches is None or matches == [pattern]:
            return None
        for match in matches:
            listed.append(match)
            if os.path.isdir(match):
                try:
                    names = os.listdir(match)
                except OSError:
                    return None
                real = os.path.realpath(match)  # (a link to a folder: ls lists where it leads)
                listed += [match.rstrip("/") + ":"] + [os.path.join(folder, n) for folder in {match, real, cwd}
                                                       for n in names]
            if len(listed) > MAX_CANDIDATES:
                return None
    pieces = []
    for path in listed:
        name = os.path.relpath(path, cwd)
        if any(c in name for c in "'\"\\"):
            return None
        if any(c.isspace() for c in name):
            pieces += [os.path.join(cwd, piece) for piece in name.split()]
    return listed + pieces


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
        from legant_guard.hook.gitsubs import git_sub as _git_sub

        sub = _git_sub(argv)
        if sub is None or sub.name not in _GIT_LISTING:
            return None
    if exe in ("locate", "plocate", "mlocate"):
        return ["/"], True
    paths = cmd.paths
    if exe in ("fd", "fdfind"):
        paths = [p for p in paths if p != _fd_pattern(cmd)]  # `fd PATTERN [PATH...]`
    # (a pattern operand, `fd NAME`, `rg -l WORD`, is no folder: then the working folder is listed;
    # a glob operand, `ls DIR/*.pth`, lists in the folder before its first wildcard)
    # (a file operand, `ls BIN/pip`, lists itself)
    folders = [p for p in paths if p not in cmd.globs and os.path.lexists(p)] + \
        [_glob_folder(p) for p in cmd.globs if p in paths]
    folders = folders or [cmd.cwd]
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
        from legant_guard.hook.gitsubs import git_sub as _git_sub

        sub = _git_sub(cmd.argv)
        return sub is None or sub.name in _GIT_WRITERS
    return exe not in _READ_ONLY


_DATABASE_LISTERS = frozenset(("locate", "plocate", "mlocate"))


def _listed_there(source, folder_variants, dots, on_disk=True):
    """Could a lister of the folder (spelt `folder_variants`) print the protected path `source`:
    is it on disk (when the lister prints what is), and (without -a) is no component below the
    folder a dot-name?"""
    if on_disk and not os.path.lexists(source):
        return False
    if dots:
        return True
    for folder in folder_variants:
        prefix = folder.rstrip("/") + "/"
        if source.startswith(prefix):
            return not any(part.startswith(".") for part in source[len(prefix):].split("/"))
    return True


def _search_filters(cmd, trust):
    """The reach.Search of a content search that lists file names (`grep -rl --include='*.py'`,
    `rg -l -t py`), whose own filters decide which names it can print; None for other listers,
    and for ripgrep under a configuration file (its globs are not read here)."""
    if cmd.executable not in ("grep", "egrep", "fgrep", "rg"):
        return None
    env = trust.env if trust is not None else {}
    if cmd.executable == "rg" and env.get("RIPGREP_CONFIG_PATH"):
        return None
    from legant_guard.hook.reach import search_of

    search = search_of(cmd, env)
    if search is not None:
        # (ripgrep's hidden-file default is not counted: an ignore file's `!.claude` line
        # whitelists a hidden name; its -t and -g filters still decide before ignore files)
        search.hidden = True
    return search


def _filtered_out(search, source):
    """Do the search's own filters (--include/--exclude/--exclude-dir, -g, -t) leave
    `source` out below every root it lies under? (Ignore files are not counted: a name they leave
    out is still treated as listed.)"""
    for root in search.roots:
        prefix = root.rstrip("/") + "/"
        if not source.startswith(prefix):
            continue
        search.set_root(root)
        rel = source[len(prefix):]
        parts = rel.split("/")
        if not any(search.skips("/".join(parts[:i + 1]), parts[i], True) for i in range(len(parts) - 1)) and \
                not search.skips(rel, parts[-1], False):
            return False
    return any(source.startswith(root.rstrip("/") + "/") for root in search.roots)


def _glob_folder(pattern):
    fixed = []
    for part in pattern.split("/"):
        if any(c in part for c in "*?["):
            break
        fixed.append(part)
    return "/".join(fixed) or "/"


_GIT_UNTRACKED = frozenset(("-o", "--others", "--directory", "-i", "--ignored", "-k", "--killed"))


def _git_listed(cmd):
    """The files `git ls-files [PATHSPEC]` or `git diff --name-only [--cached] [-- PATHSPEC]` prints
    (tracked files, read from the index: absolute paths), or None when that cannot be told cheaply
    (untracked files, revisions, another subcommand)."""
    from legant_guard.hook.gitsubs import git_sub as _git_sub
    from legant_guard.hook.precision import tracked_matching
    from legant_guard.hook.reach import tracked_files
    from legant_guard.hook.treewalk import git_top

    found = _git_sub(cmd.argv)
    if found is None or found.at != 1:
        return None  # `git -C DIR ...`, `--git-dir`: not judged finely
    sub, args = found.name, cmd.argv[found.at + 1:]
    dashes = args.index("--") if "--" in args else len(args)
    words = [a for a in args[:dashes] if not a.startswith("-")]
    if sub == "ls-files" and not any(a in _GIT_UNTRACKED for a in args):
        specs = words + args[dashes + 1:]
    elif sub == "diff" and ("--name-only" in args or "--name-status" in args) and not words:
        specs = args[dashes + 1:]
    elif sub == "grep" and _git_grep_names_only(args[:dashes]):
        specs = args[dashes + 1:]
    else:
        return None
    top = git_top(cmd.cwd)
    names = tracked_files(top) if top else None
    if names is None:
        return None
    if sub == "diff" and any(a in ("--cached", "--staged") for a in args):
        from legant_guard.hook import gitrevs

        try:
            head = gitrevs.tree_names(top, "HEAD")
        except gitrevs.TreeUnknown:
            return None
        if head is None:
            return None
        names = sorted(set(names) | set(head))
    if specs:
        return tracked_matching(cmd.cwd, specs, names=names, top=top)
    prefix = os.path.relpath(cmd.cwd, top)
    prefix = "" if prefix == "." else prefix + "/"
    return [os.path.join(top, n) for n in names if n.startswith(prefix)]


# `git grep -l PATTERN [-- PATHSPEC]` prints tracked files the pathspec selects (a subset of what
# `git ls-files PATHSPEC` prints): only these options, nothing that adds untracked files, other
# revisions or submodules (`--untracked`, `--no-index`, `HEAD`, `--recurse-submodules`).
_GIT_GREP_NAMES = frozenset(("-l", "--files-with-matches", "--name-only", "-L", "--files-without-match"))
_GIT_GREP_FLAGS = _GIT_GREP_NAMES | frozenset((
    "-i", "--ignore-case", "-w", "--word-regexp", "-v", "--invert-match", "-E", "--extended-regexp", "-F",
    "--fixed-strings", "-P", "--perl-regexp", "-G", "--basic-regexp", "-I", "--cached", "-z", "--null"))


def _git_grep_names_only(args):
    """Is `args` (before `--`) `git grep` printing only names of tracked files, with one pattern?"""
    if not _GIT_GREP_NAMES.intersection(args):
        return False
    patterns, words, k = 0, 0, 0
    while k < len(args):
        word = args[k]
        if word == "-e":
            patterns, k = patterns + 1, k + 2
            continue
        if word.startswith("-"):
            if word not in _GIT_GREP_FLAGS:
                return False
        else:
            words += 1
        k += 1
    return words == (0 if patterns else 1) and k == len(args)


def _listed_hit(listed, protected, folders):
    """The first protected or installation path among `listed` (below `folders`), or None."""
    wanted = {}
    for rule in protected.rules:
        wanted[rule.source.rstrip("/")] = rule.source
    trust = getattr(protected, "trust", None)
    prefixes = []
    if trust is not None:
        prefixes = [r.source.rstrip("/") + "/" for r in trust.installation.rules
                    if any(r.source.startswith(f.rstrip("/") + "/") for f in folders)]
    for path in listed:
        if path in wanted:
            return wanted[path]
        for folder in wanted:
            # (a path below a protected one, or a folder holding one: `rm -rf .claude`)
            if path.startswith(folder + "/") or folder.startswith(path.rstrip("/") + "/"):
                return wanted[folder]
        for prefix in prefixes:
            if path.startswith(prefix):
                return f"{path} (part of the guard's installation)"
    return None


def _names_xargs_cuts(folder):
    """Does `folder` hold a name xargs would not take whole (a blank, a newline, a quote or a
    backslash in it)? Then the pieces may be any name, a dot-name too: `ls | xargs rm -rf` with a
    file called `a .claude` removes .claude. Unreadable: it may."""
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return any(c.isspace() or c in "'\"\\" for name in names for c in name)


def listed_reach(analysis, protected, home):
    """A deny Decision when a command that changes files is handed names a lister prints from a
    folder holding a protected path, else None. (Read-only consumers, `git ls-files | xargs wc
    -l`, stay allowed: a hook config holds no secret, see THREAT_MODEL.)"""
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
        listed = _git_listed(cmd) if cmd.executable == "git" else None
        if listed is not None:  # exactly the tracked files git prints
            if len(listed) > MAX_CANDIDATES * 8:
                listed = None
            else:
                hit = _listed_hit(listed, protected, folders)
                if hit is None:
                    continue
                writer = writers[0].executable or "a command built at run time"
                return deny(f"`{writer}` is handed names that `git` lists, {hit} among them (protected: the guard's "
                            "own files and hook configs are off limits to the agent); narrow the pathspec", "protected")
        listed = _ls_glob_listing(cmd, analysis)
        if listed is not None:  # `ls *.txt | xargs rm`: the names the pattern can print
            hit = _listed_hit(listed, protected, folders) or _installation_hit(listed, protected)
            if hit is None:
                continue
            writer = writers[0].executable or "a command built at run time"
            return deny(f"`{writer}` is handed names that `ls` prints for {' '.join(cmd.argv[1:])}, {hit} among them "
                        "(protected: the guard's own files and hook configs are off limits to the agent); narrow the "
                        "pattern", "protected")
        trust = getattr(protected, "trust", None)
        search = _search_filters(cmd, trust)
        for folder in folders:
            variants = path_variants(folder, cmd.cwd, home)
            dots = dots or _names_xargs_cuts(folder)
            # (a protected path on disk that the lister prints: `ls` without -a prints no dot-name,
            # and a hook config's name below a dot-folder must not hide opencode.json beside it)
            on_disk = cmd.executable not in _DATABASE_LISTERS  # (locate prints what its database recorded)
            hit = protected.contained_in(variants, accept=lambda source: _listed_there(source, variants, dots, on_disk)
                                         and not (search is not None and _filtered_out(search, source)))
            if hit is None and trust is not None:  # the guard's installation (site-packages, its package)
                hit = trust.installation.hit(variants) or trust.installation.contained_in(variants)
                if hit is not None:
                    hit = f"{folder} (part of the guard's installation: {hit})"
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


# ---- /proc/$PID/root/... ------------------------------------------------------------------

def _proc_link(text):
    """(link, the rest) when `text` spells /proc/<pid>/[task/<tid>/](root|cwd|fd)/REST with the pid
    built at run time (`/proc/$$/root/x`, `/proc/$(pgrep bash)/cwd/x`), else None."""
    text = text.replace("'", "").replace('"', "")
    k = text.find("/proc/")
    if k < 0:
        return None
    parts = text[k + len("/proc/"):].split("/")
    if not parts or not any(c in parts[0] for c in "$`("):
        return None  # a literal pid is resolved like any path (hook/paths.py)
    rest = parts[1:]
    if len(rest) >= 2 and rest[0] == "task":
        rest = rest[2:]
    if len(rest) >= 2 and rest[0] in ("root", "cwd", "fd", "map_files"):
        return rest[0], "/".join(rest[1:])
    return None


def proc_links(analysis):
    """Operands that go through another process's `root` or `cwd` link with a pid known only at run
    time: `/proc/$$/root/GUARD/key.pem` is GUARD/key.pem. Returns (deny or None, the commands that
    got the paths those spell)."""
    handed = []
    for cmd in analysis.commands:
        for what in cmd.undetermined:
            start = what.find("`")
            end = what.find("`", start + 1)
            found = _proc_link(what[start + 1:end]) if 0 <= start < end else None
            if found is None:
                continue
            link, rest = found
            if link != "root":
                return deny(f"{what} goes through a process's own `{link}` link, which names a folder the guard "
                            "cannot see; the call is denied because where it leads cannot be known", "undetermined"), []
            path = "/" + rest
            if path not in cmd.paths:
                cmd.paths.append(path)
                if cmd not in handed:
                    handed.append(cmd)
    return None, handed


# ---- paths whose folder is built at run time ---------------------------------------------

def _known_tail(src):
    """The literal text after the last expansion of a word (`$(dirname X)/key.pem` -> `/key.pem`),
    quotes removed; None when the word ends in an expansion."""
    text = src.replace("'", "").replace('"', "")
    end = 0
    slash = text.find("/")
    if text.startswith("~") and slash > 1 and text[1:slash].lstrip("+-").isdigit():
        end = slash  # `~1/.claude/settings.json`: a folder of pushd's stack
    for k, c in enumerate(text):
        if c in ")}`":
            end = k + 1
        elif c == "$":
            j = k + 1
            while j < len(text) and (text[j].isalnum() or text[j] in "_$#?!@*-"):
                j += 1
            end = max(end, j)
    tail = text[end:]
    return tail or None


def _guard_files(protected):
    """The guard's own files: each secret path, and the entries of a secret folder (bounded)."""
    out = []
    for rule in protected.secrets:
        path = rule.source
        if os.path.isdir(path):
            try:
                out += [os.path.join(path, name) for name in sorted(os.listdir(path))[:256]]
            except OSError:
                pass
        out.append(path)
    return out


def _below_folder(tail, folder):
    """Does `tail` go into `folder` by its name (`/.codex/config.toml` into ~/.codex)?"""
    base = os.path.basename(folder)
    if not base:
        return False
    k = tail.find("/" + base + "/")
    if k < 0 and tail.startswith(base + "/"):
        k = -1
    elif k < 0:
        return False
    return folder.endswith(tail[:k + 1 + len(base)])


def dynamic_tails(analysis, protected):
    """A deny when an operand built at run time ends with the name of one of the guard's own files
    (`cat $(dirname X)/key.pem`, `${D:-GUARD}/key.pem`, `g$(true)uard/key.pem`), or with a hook
    config's name and part of its folder (`$(…)/.claude/settings.json`): the folder the run time
    part makes cannot be told, and the name is the guard's."""
    guard_files = None
    for cmd in analysis.commands:
        for what in cmd.undetermined:
            start = what.find("`")
            end = what.find("`", start + 1)
            if not 0 <= start < end:
                continue
            tail = _known_tail(what[start + 1:end])
            if not tail or tail.endswith("/"):
                continue
            name = tail.rsplit("/", 1)[-1]
            if guard_files is None:
                guard_files = _guard_files(protected)
            for path in guard_files:
                if path.endswith(tail) and len(tail) >= len(os.path.basename(path)):
                    return deny(f"{what} could be {path} (a folder built at run time, then the name of one of the "
                                "guard's own files), which is protected", "protected")
            for rule in protected.rules:
                path = rule.source.rstrip("/")
                if "/" in tail and (len(tail) > len(name) + 1 and path.endswith(tail) or _below_folder(tail, path)):
                    return deny(f"{what} could be {path} (a folder built at run time, then a hook config's name), "
                                "which is protected", "protected")
    return None


# Programs that make other text of what they read (for a name given by `$(echo X | tr x d)`)
_TRANSFORMERS = frozenset(("tr", "sed", "gsed", "awk", "gawk", "mawk", "nawk", "cut", "rev", "paste", "base64",
                           "base32", "basenc", "xxd", "od", "perl", "ruby", "python", "python3", "node", "jq", "yq",
                           "iconv", "fold", "nl", "envsubst", "m4"))


def _substituted_makers(text):
    """The transformers named in an undetermined word's command substitution (`$(echo X | tr x d)`),
    unless a lister feeds them (its folder is judged: listed_reach)."""
    if "$(" not in text and "`" not in text:
        return []
    words = set("".join(c if c.isalnum() or c in "-_." else " " for c in text).split())
    if words & (_LISTERS | {"find"}):
        return []
    return sorted(words & _TRANSFORMERS)


def transformed_names(analysis):
    """`printf 'F\\n' | tr '\\n' '\\0' | xargs -0 rm`, `echo GUARD/x | sed s/x/d/ | xargs rm -rf`,
    `rm -rf "$(echo GUARD/x | tr x d)"`:
    names a program of the pipe makes at run time from its input (tr, sed, awk, rev, cut ...) are
    handed to a command that changes files. The guard does not follow what such a program makes,
    so it cannot tell whether a protected file is among them: deny (for every role; the roles
    with path rules deny the unknown operands anyway)."""
    for cmd in analysis.commands:
        # (names find, ls, git ... list are judged with the folder they list, reach.py and
        # listed_reach, also when a program picks fields of them: `git status | awk | xargs git add`)
        if any(p in _LISTERS or p == "find" for p in cmd.input_from):
            continue
        makers = [p for p in cmd.input_from if p not in _SELECTORS]
        if not makers and cmd.executable in _CHANGERS:  # `rm -rf $(echo GUARD/x | sed s/x/d/)`
            makers = [m for u in cmd.undetermined for m in _substituted_makers(u)]
        if makers and cmd.undetermined and (not cmd.executable or cmd.executable in _CHANGERS):
            return deny(f"the names `{cmd.executable or 'the script xargs runs'}` is handed are made at run time by "
                        f"`{makers[0]}`, which the guard does not follow: one could be a protected file; name the "
                        "files in the command, or pipe a listing straight to it", "undetermined")
    return None
