"""Per-program operand rules: which words of a command are the files it touches.

A deny rule on `~/.ssh` is only as good as the list of paths it is compared with, and every
program spells its files differently: `tar -f ARCHIVE`, `git -C DIR show REV:PATH`, `find ROOT
-exec CMD {}`, `scp host:remote local`, `chmod MODE FILE`, `dd if=X of=Y`. These rules read one
command's words (already expanded and unwrapped by the walker) and add absolute paths, deletions
and their reach to its SimpleCommand. They are kept apart from the walker core so a newcomer can
teach the guard a new program's options (usually a `knowledge.SPECS` entry, sometimes a function
here) without reading how lists, pipelines and substitutions are walked.

Each function takes the walker `w` first, as the wrapper handlers do: it records what cannot be
determined with `w.unknown` and, for `find -exec`, walks the command find runs.

This module holds the rules most commands need (paths, deletions, `knowledge.SPECS` entries,
git, folder options); findxargs.py (find, xargs, name lists on input) and programoperands.py
(msbuild, docker, jq, yq, response and option files, remote copies, chmod, go) load with the
first command that needs them, and their names are reachable from here too (`O.find`).
"""

import os

from legant_guard.fastload import parts_forwarder
from legant_guard.shell import knowledge as K
from legant_guard.shell.words import Exp, absolute, dot_components, has_glob


class DeleteTarget(tuple):
    """A folder or file a command deletes (`path`, absolute) and how much of it (`mode`): "self",
    "children", "descendants", "if-empty" (rmdir) or "unknown-cwd". A tuple with named fields,
    like analyze.Redirection."""

    __slots__ = ()
    path = property(lambda r: r[0])
    mode = property(lambda r: r[1])

    def __new__(cls, path, mode):
        return tuple.__new__(cls, (path, mode))


class NameFilter(tuple):
    """A `find -name P` / `-iname P` filter: the `pattern` and whether it ignores case (`icase`)."""

    __slots__ = ()
    pattern = property(lambda r: r[0])
    icase = property(lambda r: r[1])

    def __new__(cls, pattern, icase):
        return tuple.__new__(cls, (pattern, icase))


def add_path(w, cmd, e, scope, cwd):
    """Record the word `e` as a file `cmd` touches (absolute against `cwd`; `a:/b` lists too)."""
    if e.proc:
        return
    if e.dynamic:
        w.unknown(cmd, "operand `%s` of `%s`" % (e.src, cmd.executable or "?"))
        return
    t = e.text
    if not t or "://" in t or t == "-":
        return
    if not scope.cwd_known and not t.startswith("/"):
        w.unknown(cmd, "operand `%s` of `%s` in an undetermined directory" % (e.src, cmd.executable))
    p = t if t.startswith("/") else cwd.rstrip("/") + "/" + t
    if e.glob and "/.." in p and has_glob(t) and _dotdot_after_glob(t, cwd):
        p = _dotdot_after_glob(t, cwd)
    elif ("/." in p and dot_components(p)) or "//" in p or p.endswith("/") or not p.startswith("/"):
        p = absolute(t, cwd)  # (else it is what absolute() gives: already normal, no `..`)
    _add_once(cmd, p)
    if e.glob and has_glob(t):
        cmd.globs.append(p)
    if ":" in t:
        for piece in t.split(":"):
            if piece.startswith("/") or piece.startswith("~"):
                if piece.startswith("~"):
                    piece = (scope.home or "/") + piece[1:] if piece == "~" or piece.startswith("~/") else piece
                _add_once(cmd, absolute(piece, cwd))


def _dotdot_after_glob(word, cwd):
    """`l*/../../.env`: bash matches a pattern folder by folder, and a `..` after a glob component
    goes to the parent of what that component matched (a link's target). Such a pattern keeps
    those `..` for the glob's matching, which hands every match to the physical checks; what
    comes before the first glob component is made absolute as usual. None when no `..` follows
    a glob component."""
    comps = [c for c in word.split("/") if c not in ("", ".")]  # (the working folder is no pattern)
    first = next((k for k, c in enumerate(comps) if has_glob(c)), None)
    if first is None or ".." not in comps[first + 1:]:
        return None
    head = absolute("/".join(comps[:first]) or ".", "/" if word.startswith("/") else cwd)
    return head.rstrip("/") + "/" + "/".join(comps[first:])


def add_paths(w, cmd, exps, scope, cwd):
    """add_path for each word of `exps` in order (the same paths, globs and unknowns), with what
    they share worked out once: a long command has thousands of operands, nearly all a plain
    word naming a file (known, no `:`, relative to a known folder or absolute). Any other word
    is read by add_path itself."""
    if not scope.cwd_known:
        for e in exps:
            add_path(w, cmd, e, scope, cwd)
        return
    base = cwd.rstrip("/") + "/"
    paths = cmd.paths
    if cmd.path_set_len != len(paths):  # (_add_once: paths other code appended are taken in first)
        cmd.path_set = set(paths)
    path_set = cmd.path_set
    for e in exps:
        t = e.text
        if e.proc or e.dynamic or not t or ":" in t or (e.glob and ".." in t):
            cmd.path_set_len = len(paths)
            add_path(w, cmd, e, scope, cwd)
            path_set = cmd.path_set
            continue
        if t == "-":
            continue
        p = t if t[0] == "/" else base + t
        if ("/." in p and dot_components(p)) or "//" in p or p[-1] == "/" or p[0] != "/":
            p = absolute(t, cwd)
        if p not in path_set:
            paths.append(p)
            path_set.add(p)
        if e.glob and has_glob(t):
            cmd.globs.append(p)
    cmd.path_set_len = len(paths)


def _add_once(cmd, path):
    """Append `path` to cmd.paths unless it is there: a set lookup, not a scan of the list (20000
    operands would cost 200 million comparisons). Paths other code appended are taken in first."""
    if cmd.path_set_len != len(cmd.paths):
        cmd.path_set = set(cmd.paths)
        cmd.path_set_len = len(cmd.paths)
    if path not in cmd.path_set:
        cmd.paths.append(path)
        cmd.path_set.add(path)
        cmd.path_set_len += 1


def operands(w, cmd, args, scope, cwd):
    """Generic reading: every non-option word may be a path; `--opt=/x` values too."""
    end = False
    for e in args:
        t = e.text
        if not end and t == "--" and not e.quoted:
            end = True
            continue
        if not end and t.startswith("-") and len(t) > 1 and not e.dynamic:
            if t[:2] == "-W" and "," in t:  # (`gcc -Wl,-Map=F`, `-Wp,-MD,F`: words the driver hands on)
                from legant_guard.shell.programoperands import passed_on

                passed_on(w, cmd, e, scope, cwd)
                continue
            if "=" in t:
                v = t.split("=", 1)[1]
                if v[:5].lower() == "file:":  # (`clang-format --style=file:.env`: the file it reads)
                    v = v[5:]
                if v.startswith("/") or v.startswith("~") or v.startswith(".") or "/" in v:
                    if v.startswith("~"):
                        if v == "~" or v.startswith("~/"):
                            if scope.home is None:
                                w.unknown(cmd, "`~` after HOME was set at run time")
                                continue
                            v = scope.home + v[1:]
                    add_path(w, cmd, Exp(v, e.src, glob=e.glob, quoted=e.quoted), scope, cwd)
            continue
        add_path(w, cmd, e, scope, cwd)


def _value_of_a_word_option(e, spec):
    """Is the word, as written, `--opt=VALUE` with opt one of the spec's `words` options, whose
    value is text (an author, a date, a format), never a file, so that an unknown VALUE is no
    undetermined operand? The option name itself must be literal."""
    if not spec.words or not e.src.startswith("--") or "=" not in e.src:
        return False
    opt = e.src.split("=", 1)[0]
    return opt in spec.words and not any(c in opt for c in "$`'\"\\")


def _value_of_an_arg_option(e, spec):
    """Is the word, as written, `-opt=VALUE` with opt an option whose value is no file (spec.arg,
    `go build -ldflags="-X main.v=$(git describe)"`)? Then an unknown VALUE is no undetermined
    operand, as it is not when it comes as the next word (`-ldflags "..."`); what the value makes
    a program run is the exec sinks' to judge. The option name itself must be literal."""
    if not e.src.startswith("-") or "=" not in e.src:
        return False
    opt = e.src.split("=", 1)[0]
    return opt in spec.arg and not any(c in opt for c in "$`'\"\\")


_NO_OPTIONS = K.Spec()  # (the words after an option that ends a program's own: Spec.ends)


def spec_operands(w, cmd, args, spec, scope, cwd):
    """Read `args` with a knowledge.Spec: which options take a file, which take a value, how
    many leading operands are not files (a pattern, a mode), which options cancel that."""
    operands = []
    cancelled = False
    end = False
    k = 0
    n = len(args)
    while k < n:
        e = args[k]
        t = e.text
        k += 1
        if not end and e.dynamic and (_value_of_a_word_option(e, spec) or _value_of_an_arg_option(e, spec)):
            continue  # `--author="$(git config user.name)"`: a value that names no file
        if end or e.dynamic or t[:1] != "-" or t == "-":
            operands.append(e)
            continue
        if t == "--":
            end = True
            continue
        if t.startswith("--"):
            opt, eq, val = t.partition("=")
            if opt in spec.cancel:
                cancelled = True
            if opt not in spec.file and opt not in spec.arg and len(opt) > 3:
                # getopt_long takes an unambiguous prefix (`diff --from=.env`)
                full = [o for o in spec.file if o.startswith(opt)]
                if len(full) == 1:
                    opt = full[0]
            if opt in spec.lists:
                w.unknown(cmd, "the files named by the list that `%s %s` reads" % (cmd.executable, opt))
            if opt in spec.file:
                if eq:
                    add_path(w, cmd, _tilde_value(Exp(val, e.src, glob=e.glob, quoted=e.quoted), scope.home), scope, cwd)
                elif k < n:
                    add_path(w, cmd, args[k], scope, cwd)
                    k += 1
            elif opt in spec.arg:
                if not eq:
                    k += 1
            elif eq and (val.startswith("/") or val.startswith("~") or "/" in val):
                add_path(w, cmd, _tilde_value(Exp(val, e.src, glob=e.glob, quoted=e.quoted), scope.home), scope, cwd)
            continue
        opt, eq, val = t.partition("=")
        if eq and opt in spec.file and val:
            # Go's flags take `-o=FILE` as `-o FILE` (a getopt program reads the file `=FILE`, also checked below)
            add_path(w, cmd, _tilde_value(Exp(val, e.src, glob=e.glob, quoted=e.quoted), scope.home), scope, cwd)
        if t in spec.file or t in spec.arg:  # whole-word options such as find-style -name
            if t in spec.lists:
                w.unknown(cmd, "the files named by the list that `%s %s` reads" % (cmd.executable, t))
            if t in spec.cancel:
                cancelled = True
            if k < n:
                if t in spec.file:
                    add_path(w, cmd, args[k], scope, cwd)
                k += 1
            if t in spec.ends:
                spec = _NO_OPTIONS
            continue
        for j in range(1, len(t)):
            o = "-" + t[j]
            if o in spec.cancel:
                cancelled = True
            if o in spec.lists:
                w.unknown(cmd, "the files named by the list that `%s %s` reads" % (cmd.executable, o))
            if o in spec.file or o in spec.arg:
                val = t[j + 1 :]
                if val:
                    if o in spec.file:
                        add_path(w, cmd, Exp(val, e.src, quoted=e.quoted), scope, cwd)
                elif k < n:
                    if o in spec.file:
                        add_path(w, cmd, args[k], scope, cwd)
                    k += 1
                if o in spec.ends:
                    spec = _NO_OPTIONS
                break
    skip = 0 if cancelled else spec.first
    add_paths(w, cmd, operands[skip:], scope, cwd)


def git(w, cmd, args, scope, cwd):
    """git's global options (-C moves the base), the subcommand's files, REV:PATH, clean, rm."""
    k = 0
    base = cwd
    while k < len(args):
        e = args[k]
        t = e.text
        if not t.startswith("-") or e.dynamic:
            break
        opt, eq, val = t.partition("=")
        if opt in K.GIT_GLOBAL_FILE:
            v = _tilde_value(Exp(val, e.src, quoted=e.quoted), scope.home) if eq else (args[k + 1] if k + 1 < len(args) else None)
            if v is not None:
                add_path(w, cmd, v, scope, base)
                if opt == "-C" and not v.dynamic:
                    base = absolute(v.text, base)
            k += 1 if eq else 2
            continue
        if opt in ("-c", "--config-env"):
            # `git -c "$(cat cfg)" log`: a key the guard cannot read may name a program (core.pager=curl ...)
            v = Exp(val, e.src, quoted=e.quoted) if eq else (args[k + 1] if k + 1 < len(args) else None)
            if v is not None and v.dynamic:
                w.unknown(cmd, "the configuration `git %s %s` sets" % (opt, v.src))
            elif v is not None and opt == "-c":
                key, has_value, path = v.text.partition("=")
                if has_value and key.lower() in K.GIT_FILE_SETTINGS and path:
                    # `git -c commit.template=.env commit`: git reads that file (into the message)
                    add_path(w, cmd, _tilde_value(Exp(path, v.src, quoted=True), scope.home), scope, base)
            elif v is not None:
                key, has_value, var = v.text.partition("=")
                if has_value and key.lower() in K.GIT_FILE_SETTINGS and var:
                    # `X=.env git --config-env=core.attributesFile=X check-attr -a export`: the file is
                    # the variable's value (set on the line, or unknown)
                    prefix = getattr(w, "prefix_values", None) or {}
                    values = [prefix[var]] if var in prefix else scope.vars.get(var)
                    if values and len(values) == 1 and values[0] is not None:
                        add_path(w, cmd, _tilde_value(Exp(values[0], v.src, quoted=True), scope.home), scope, base)
                    else:
                        w.unknown(cmd, "the file `git --config-env %s` reads (the value of %s)" % (v.text, var))
        k += 2 if (opt in K.GIT_GLOBAL_ARG and not eq) else 1
    cmd.cwd = base
    if k >= len(args):
        return
    if args[k].dynamic:  # `git "$X" --hard`: any subcommand at all
        w.unknown(cmd, "git subcommand `%s`" % args[k].src)
        return
    sub = args[k].text
    rest = args[k + 1 :]
    if not _literal_pathspecs(args[:k], scope, w.prefix_names):
        # `:!x`, `:^x`, `:(exclude)x` leave x out: nothing is read (the guard's own hints
        # for git grep and git log ask for them, and a hint the guard refuses helps no one).
        # Read literally (a file of that name exists) it stays a path.
        rest = [a for a in rest if a.dynamic or not _is_exclude_pathspec(a.text) or
                os.path.lexists(absolute(a.text, base))]
    spec = K.Spec()
    spec.arg = K.GIT_ARG
    spec.file = K.GIT_FILE
    spec.words = K.GIT_WORDS
    if sub in ("clone",):
        spec.first = 1  # the repository URL
        for a in rest:  # `git clone http://h/$(base64 f)`: what the URL carries is not known (hook/netsends.py)
            if a.dynamic and ("://" in a.src or "@" in a.src):
                w.unknown(cmd, "the repository URL `%s` of `git clone`" % a.src)
    elif sub in ("archive", "format-patch"):
        # `git archive -o FILE`, `git format-patch -o DIR`: there -o names what git writes
        spec.arg = K.GIT_ARG - {"-o"}
        spec.file = K.GIT_FILE | {"-o"}
    files = K.GIT_SUBCOMMAND_FILE.get(sub)
    if files:
        spec.arg = spec.arg - files
        spec.file = spec.file | files
    spec_operands(w, cmd, rest, spec, scope, base)
    for source in _repository_sources(sub, rest, spec):
        cmd.repositories.append(absolute(source.text, base))
    if sub in ("show", "cat-file", "diff", "archive", "grep", "log", "whatchanged", "blame", "difftool", "config"):
        # `git show HEAD:.env`, `git cat-file -p :0:.env`: REV:PATH prints the committed copy
        # of PATH (relative to the top of the work tree; `./x` to the working directory);
        # `git config --blob=HEAD:conf/.aws/credentials -l` prints an INI file's keys and values.
        blob = sub == "config"
        for a in rest:
            t = a.text
            if blob and t[:3] == "--b" and "=" in t:
                t = t.split("=", 1)[1]
            if a.dynamic or t.startswith("-") or ":" not in t or "://" in t:
                continue
            inner = t.split(":", 1)[1]
            if t.startswith(":") and len(inner) > 1 and inner[0].isdigit() and inner[1] == ":":
                inner = inner[2:]
            if inner and not inner.startswith("/"):
                path = absolute(inner, base)
                if path not in cmd.paths:
                    cmd.paths.append(path)
    # (`git clean -fd` removes what git does not track: hook/checkouts.py lists it)
    if sub == "rm":
        cmd.deletes = True


# git commands that read another repository, and the operand that names it (the n-th, counted
# after the action word for `remote` and `submodule`)
_REPOSITORY_OPERAND = {"clone": 0, "fetch": 0, "pull": 0, "ls-remote": 0, "remote": 2, "submodule": 1}
_REPOSITORY_ACTIONS = {"remote": ("add", "set-url"), "submodule": ("add",)}


def _repository_sources(sub, rest, spec):
    """`git clone /other/repo`, `git fetch file:///x`, `git remote add o ~/x`, `git archive
    --remote=...`, `clone --reference DIR`: a repository on this machine that git reads (its
    history, whatever it holds), as the path of its folder (an Exp). URLs of other hosts
    (`https://`, `host:path`) name no file here."""
    words, operands, k = [], [], 0
    while k < len(rest):
        e = rest[k]
        k += 1
        if e.dynamic or not e.text.startswith("-"):
            operands.append(e)
            continue
        opt, eq, val = e.text.partition("=")
        if opt in _REPOSITORY_OPTIONS:
            if eq:
                words.append(Exp(val, e.src, quoted=e.quoted))
            elif k < len(rest):
                words.append(rest[k])
                k += 1
        elif not eq and (opt in spec.arg or opt in spec.file):
            k += 1
    position = _REPOSITORY_OPERAND.get(sub)
    actions = _REPOSITORY_ACTIONS.get(sub)
    if actions is not None and not (operands and not operands[0].dynamic and operands[0].text in actions):
        position = None
    if position is not None and position < len(operands):
        words.append(operands[position])
    out = []
    for e in words:
        path = None if e.dynamic else _local_repository(e.text)
        if path:
            out.append(Exp(path, e.src, quoted=True))
    return out


_REPOSITORY_OPTIONS = ("--remote", "--reference", "--reference-if-able")


def _local_repository(url):
    """The folder a repository URL names on this machine, or None (another host, or not a URL)."""
    if url[:7].lower() == "file://":
        from legant_guard.agents.common import _percent_decode

        rest = url[7:]
        path = rest[rest.find("/"):] if "/" in rest else "/"  # after the host (`file://localhost/x`)
        for _ in range(3):
            path = _percent_decode(path)
        return path
    if "://" in url or url.startswith("-"):
        return None
    colon = url.find(":")
    if colon > 0 and "/" not in url[:colon]:
        return None  # scp-like `host:path` (git reads `./a:b` as a local path)
    return url


def _is_exclude_pathspec(text):
    if text.startswith((":!", ":^")):
        return True
    if text.startswith(":(") and ")" in text:
        return "exclude" in [m.strip() for m in text[2:text.index(")")].split(",")]
    return False


def _literal_pathspecs(global_args, scope, prefix_names):
    """Does git read pathspecs literally (`--literal-pathspecs`, GIT_LITERAL_PATHSPECS)?"""
    name = "GIT_LITERAL_PATHSPECS"
    return any(a.text == "--literal-pathspecs" for a in global_args) or bool(os.environ.get(name)) or \
        name in scope.vars or name in prefix_names


def deletion(w, cmd, name, args, scope, cwd, n_extra=0):
    """What rm, shred, rmdir, rsync --delete ... delete, and how far (self, children, ...)."""
    if name not in K.DELETERS and name != "rsync":
        return
    cmd.deletes = True
    if name == "rsync":
        # (`--del` is rsync's own alias of --delete-during, `--remove-sent-files` the old name of
        # --remove-source-files: red team 39)
        if any(a.text == "--del" or a.text.startswith(("--delete", "--remove-source", "--remove-sent")) for a in args):
            local = [p for p in cmd.paths]
            if local:
                cmd.recursive = True
                cmd.delete_targets.append(DeleteTarget(local[-1], "children"))
        else:
            cmd.deletes = False
        return
    if name in ("rm", "srm", "wipe"):  # (srm -r, wipe -r/-R: secure deleters that recurse as rm does)
        end = False
        for a in args:
            t = a.text
            if t == "--":
                end = True
            elif not end and not a.dynamic and (t == "--recursive" or (t.startswith("-") and not t.startswith("--") and ("r" in t or "R" in t))):
                cmd.recursive = True
    if name in ("rm", "shred", "srm", "wipe", "trash", "trash-put", "unlink", "rmdir"):
        cmd.delete_targets += [DeleteTarget(p, "self") for p in cmd.paths[n_extra:]]
        if cmd.recursive and not scope.cwd_known:
            # `cd "$DIR" && rm -rf *`: with DIR empty, cd goes home and this empties it
            for a in args:
                t = a.text
                if not a.dynamic and not t.startswith("/") and (a.glob or t.strip("./") == ""):
                    cmd.delete_targets.append(DeleteTarget(t, "unknown-cwd"))
        if cmd.recursive:
            # `rm -rf "$DIR"/*` with DIR empty or unset is `rm -rf /*`
            for a in args:
                if a.dynamic and a.text.startswith("/"):
                    cmd.delete_targets.append(DeleteTarget(absolute(a.text, cwd), "if-empty"))


def _tilde_value(e, home):
    t = e.text
    if t == "~" or t.startswith("~/"):
        if home is None:  # HOME was set to a value built at run time
            return Exp("", e.src, dynamic=True, quoted=True, proc=e.proc)
        return Exp(home + t[1:], e.src, dynamic=e.dynamic, glob=e.glob, quoted=True, proc=e.proc)
    return e


def make_directory_operands(w, cmd, args, spec, scope, cwd):
    """`make -C DIR TARGET`: make changes to DIR before anything else, so its targets (which its
    built-in rules write: `%: %.sh` copies X.sh to X), `-f`, `-o`, `-W` and `-I` are DIR's. Read
    once more with DIR as the working folder (the reading from `cwd` stays: a superset). Several
    -C options add up (`-C a -C b` is a/b); one built at run time leaves the folder unknown."""
    directory_operands(w, cmd, args, spec, scope, cwd, (("C", ("--directory",), False),), "fIjloWE")
    for e in args:
        if e.text[:10] == "MAKEFILES=":  # (`make MAKEFILES=.env print-X`: programoperands.py)
            from legant_guard.shell.programoperands import makefiles_operand

            makefiles_operand(w, cmd, e, scope, cwd)


def directory_operands(w, cmd, args, spec, scope, cwd, options, value_shorts=""):
    """A program that changes to the folder an option names before it reads its operands
    (`make -C DIR`, `ninja -C DIR`, `pnpm --dir DIR`, knowledge.DIRECTORY_OPTIONS): its operands
    and file options are read once more from that folder (the reading from `cwd` stays: a
    superset). Several such options add up (`-C a -C b` is a/b); one built at run time leaves the
    folder unknown. `spec`: the program's Spec, or None (every operand may be a file)."""
    end = next((k for k, e in enumerate(args) if e.text == "--" and not e.dynamic), len(args))
    shorts = "".join(option[0] for option in options)
    if not any(not e.dynamic and e.text[:1] == "-" and (e.text[:2] == "--" or any(c in e.text for c in shorts))
               for e in args[:end]):
        return  # (no word folder_options could read as one of them: most calls, and no load of wrappers.py)
    from legant_guard.shell.wrappers import folder_options

    base, rest, k = cwd, [], 0
    for first, after, value in folder_options(args, 0, end, options, value_shorts):
        if value is None or value.dynamic:
            w.unknown(cmd, "the folder `%s %s` works in (a value built at run time)" % (cmd.executable, args[first].src))
            return
        rest += args[k:first]
        k = after
        base = os.path.normpath(os.path.join(base, _tilde_value(value, scope.home).text))
    if base != cwd or k:
        in_folder(w, cmd, rest + args[k:], spec, scope, base)


def in_folder(w, cmd, args, spec, scope, folder):
    """Read `args` as the program's operands with `folder` as the working folder."""
    if spec is not None:
        spec_operands(w, cmd, args, spec, scope, folder)
    else:
        operands(w, cmd, args, scope, folder)


# Where the per-topic parts went: loaded when first needed (see the module docstring).
_PARTS = {
    "findxargs": ("find", "_has_short", "_NAME_PASSERS", "_passes_names", "_reads_list_from_stdin",
                  "stdin_list_operands", "xargs_operands", "_xargs_words"),
    "programoperands": ("chmod", "docker_host_files", "_DOCKER_HOST_OPTIONS", "_DOCKER_PATH_KEYS",
                        "go_directory_operands", "java_operands", "jq_modules", "msbuild_operands",
                        "_MSBUILD_SWITCHES",
                        "option_files", "remote", "response_files", "suffixed_reads", "yq_loads",
                        "prompt_mentions"),
}
__getattr__ = parts_forwarder(__name__, _PARTS)
