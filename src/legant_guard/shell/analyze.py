"""Walk a parsed command string and list every simple command it would run.

For each one: the real executable after wrappers (`sudo`, `env`, `timeout`, `xargs`, ...) are
seen through, its words, the files it names (operands, option arguments, redirect targets, `cd`
targets) as absolute normalised paths against the working directory in effect, and what could
not be determined. Nested code is followed: `bash -c`, `eval`, `$(...)`, `<(...)`, scripts fed
to a shell on stdin (`echo ... | sh`, here-documents, here-strings), `find -exec`, `xargs`,
function calls. The engine decides on this; the tripwires match on it.

This module is the walker core: it follows the parse tree and the shell's control flow. The
knowledge it applies lives beside it: parse.py (tokens and syntax), words.py (expansion),
wrappers.py (programs that start others), operands.py (which words of a program are files),
state.py (variables, cd, aliases the command sets), output.py (the output of echo/printf/...
that a later command reads), interactive.py (programs that wait for a person or run their
input as code), sinks.py (text a program runs later), arith.py (bash arithmetic), makevars.py
(make variables), forkbomb.py and tripwires.py (the catalogue of catastrophic commands).
"""

from legant_guard.shell import interactive as I
from legant_guard.shell import knowledge as K
from legant_guard.shell import operands as O
from legant_guard.shell import sinks as S
from legant_guard.shell import scope as SC
from legant_guard.shell.scope import STATE_BUILTINS, env_cdpath
from legant_guard.shell.parse import MAX_DEPTH, ParseError, Simple, Word, assigned_subscript, parse
from legant_guard.shell.forkbomb import ForkBombs
from legant_guard.hook.budget import tick
from legant_guard.shell.words import ExpansionError, Exp, absolute, expand_word, literal_fields
from legant_guard.shell.names import basename, program_name, quote

_ARITH_REASON = "bash evaluates this as arithmetic, and the command substitution in its array subscript runs"
_RUNTIME_ARITH = ("what `%s` holds when bash evaluates it as arithmetic: text known only at run time (a file's, "
                  "a command's output), whose `a[$(cmd)]` would run cmd; compare it with `[ \"$x\" -eq N ]` or "
                  "`test`, which do not evaluate it")

MAX_COMMANDS = 1000
# Programs that run a shell function by its name (the others exec a binary of that name).
_FUNCTION_RUNNERS = frozenset(("eval", "trap", "time"))
# Functions bash calls without being named in the command.
_IMPLICIT_FUNCTIONS = frozenset(("command_not_found_handle",))
# gzip and kin open OPERAND+SUFFIX under -S (programoperands.SUFFIX_READERS, kept equal by a test)
_SUFFIX_READERS = frozenset(("gzip", "gunzip", "zcat", "gzcat", "pigz", "unpigz"))
# Files that are the command's own standard input: a shell or `source` reading them reads code
# from whatever feeds stdin (a pipe, a here-string, the agent's terminal).
STDIN_FILES = K.STDIN_FILES
# Other open file descriptors (`bash /dev/fd/3 3<<< CODE`): code the analysis does not follow.
FD_FILES = ("/dev/fd/", "/proc/self/fd/")


def _numeric_parts(parts):
    """arith.numeric_parts: a run-time value that is a number (loaded for such a value only)."""
    from legant_guard.shell.arith import numeric_parts

    return numeric_parts(parts)


def arith_payloads(parts, variables):
    """arith.parts_payloads (the code bash would run evaluating `parts` as arithmetic), loaded
    only where a command has arithmetic."""
    from legant_guard.shell.arith import parts_payloads

    return parts_payloads(parts, variables)


def scheduled(name, args, stdin):
    """deferred.sinks (what `at`, `batch` or `crontab` will run), loaded for those programs only."""
    from legant_guard.shell.deferred import sinks

    return sinks(name, args, stdin)


# Commands that write nothing (without a redirect): before `git rev-parse --show-toplevel` in
# the same line, what git finds is what is on disk now. Any other earlier command could change
# it (`git config core.worktree ~ && cd "$(git rev-parse --show-toplevel)"`, a Makefile that does).
_WRITES_NOTHING = frozenset(("cd", "pwd", "echo", "printf", "true", ":", "test", "[", "[["))


def _changes_no_repository(cmd):
    return (cmd.executable in _WRITES_NOTHING and all(r.target == "/dev/null" for r in cmd.redirects)) or \
        cmd.argv == ["git", "rev-parse", "--show-toplevel"]


def known_output(name, args, stdin, cwd):
    """output.known_output (what `echo`, `cat`, `base64` ... print), loaded for those commands only."""
    from legant_guard.shell.output import known_output as known

    return known(name, args, stdin, cwd)


def _state():
    """shell/state.py: what the state-changing builtins and cd do, loaded for the commands that
    use them (most commands never do)."""
    from legant_guard.shell import state

    return state


def _table_key(src, name):
    """KEY of an assignment word `NAME[KEY]=...` written plainly or in one pair of quotes, else None."""
    if not src.startswith("[", len(name)):
        return None
    key = src[len(name) + 1:].split("]", 1)[0]
    if len(key) > 1 and key[0] == key[-1] and key[0] in "'\"":
        key = key[1:-1]
    return key or None


class LimitError(Exception):
    pass


# The small records a SimpleCommand and an Analysis carry have named fields (`r.target`, not
# `for _, t in cmd.redirects`). Each is a tuple underneath, so it is as cheap as one, equals the
# plain pair and still unpacks; written by hand (collections.namedtuple and typing.NamedTuple
# cost an import on every hook call). operands.py has DeleteTarget and NameFilter.
class Redirection(tuple):
    """A redirect of one command: `op` as written (`>`, `>>`, `<`, `2>`, `&>` ...) and the
    absolute path it opens (`target`)."""

    __slots__ = ()
    op = property(lambda r: r[0])
    target = property(lambda r: r[1])

    def __new__(cls, op, target):
        return tuple.__new__(cls, (op, target))

    def __repr__(self):
        return "Redirection(%r, %r)" % self


# Variables that move the repository or the configuration git reads (hook/gitplace.py).
_GIT_PLACES = frozenset(("HOME", "XDG_CONFIG_HOME", "GIT_DIR", "GIT_COMMON_DIR"))


def _names_a_file(value):
    """Does an assignment's value look like one path (`~/.ssh/id_rsa`, `./x`, `.env`, `a/b`), not a
    list (`a:b`), a command line or an option?"""
    return len(value) < 4096 and value[:1] != "-" and not any(c in value for c in " \t\n:;=$`|&") and (
        "/" in value or value.startswith(".") and len(value) > 1 and value[1:2] != ".")


class EnvPath(tuple):
    """An assignment that moves where programs work: `HOME=/x`, `GIT_DIR=/x` ... (`variable`, the
    absolute `folder`); `what` is "fs.write" for a file programs write into (`GIT_TRACE=/x`), "git"
    for a place only git's own checks judge (set through a wrapper: `env GIT_DIR=x git log`),
    "options" for a file of options a program reads (RIPGREP_CONFIG_PATH: hook/optionfiles.py)."""

    __slots__ = ()
    variable = property(lambda r: r[0])
    folder = property(lambda r: r[1])
    what = property(lambda r: r[2])

    def __new__(cls, variable, folder, what="shell"):
        return tuple.__new__(cls, (variable, folder, what))


class SimpleCommand:
    """One command that would run, after unwrapping; see the package docstring for fields."""

    __slots__ = (
        "executable", "argv", "paths", "redirects", "cwd", "cd_target", "via", "deletes",
        "interactive", "undetermined", "recursive", "delete_targets", "runs_output_of", "globs", "delete_names", "find_names",
        "sub_of", "sinks", "sink", "code", "input_files", "input_replace", "path_set", "path_set_len",
        "repositories", "input_from", "wrapper_files", "environment", "session_input", "if_empty",
        "search_path",  # set only where the command changed PATH: its values, None when not known
        "words",  # knowledge.NET_SENDERS only: the expanded words (hook/netsends.py: built at run time?)
    )

    def __init__(self, executable, argv, cwd, via):
        self.executable = executable
        self.argv = argv
        self.paths = []
        self.path_set = set()  # operands.add_path: `paths` as a set, for the first path_set_len of them
        self.path_set_len = 0
        self.repositories = []  # folders of other repositories git reads (`git clone /x y`): operands.py
        self.redirects = []
        self.cwd = cwd
        self.cd_target = None
        self.via = via
        self.deletes = False
        self.interactive = False
        self.undetermined = []
        self.recursive = False  # a recursive delete / chmod / chown
        self.delete_targets = []  # operands.DeleteTarget: what a delete reaches
        self.runs_output_of = []  # executables whose output this command runs as code
        self.globs = []  # the paths that are glob patterns (matched at run time)
        # For `find ... -name P -delete` (or -exec rm): the name filters (operands.NameFilter)
        # every deleted entry matches; None when the deletion is not bounded by names.
        self.delete_names = None
        # For a command run by `find ... -name P -exec CMD {}`: the name filters (operands.NameFilter)
        # of the files it is run on; None when find's expression is not bounded by names.
        self.find_names = None
        self.sub_of = None  # internal: set while the command is being built
        self.sinks = []  # exec sinks (sinks.Sink) this command hands a payload to
        self.sink = None  # the Sink whose payload this command is (it runs later)
        self.code = None  # inline interpreter code (`python3 -c CODE`, an awk program) as an Exp
        self.input_files = ()  # files xargs reads this command's operands from (`xargs -a LIST`)
        self.input_replace = None  # `xargs -I R`: R, which each input line replaces in the words
        self.input_from = ()  # xargs: the programs of the pipe its input comes from (`tr`, `sed` ...)
        # The files a wrapper opens itself (`time -o F`, `strace -o F`, `xargs -a F`, `flock F`):
        # the first of `paths`, which the wrapped program never sees (a reader through
        # `time -o F` still writes F).
        self.wrapper_files = ()
        # Python installers (pip, uv, pipx): the PIP_*/UV_* variables the command line sets for
        # them, {name: value or None when built at run time} (hook/pkgscripts.py reads the indexes)
        self.environment = None
        # `cat >> ~/.bashrc`, `tee -a F` with no input of their own: what they copy is typed into
        # the session (Codex's write_stdin), text the guard never sees
        self.session_input = False
        # `chmod -R 000 "$D"/`, `${x:-/}`: absolute operands known only when a variable in them is
        # empty or unset (the recursive-chmod tripwire reads them as recursive deletes' if-empty)
        self.if_empty = ()

    def __repr__(self):
        return "SimpleCommand(%r, argv=%r, paths=%r, redirects=%r, via=%r%s%s)" % (
            self.executable, self.argv, self.paths, self.redirects, self.via,
            ", undetermined=%r" % self.undetermined if self.undetermined else "",
            ", runs_output_of=%r" % self.runs_output_of if self.runs_output_of else "",
        )


class Stdin:
    """Where a command's standard input comes from, when that matters (a shell reading code)."""

    __slots__ = ("kind", "text", "producers", "partial", "files", "replace", "seen")

    def __init__(self, kind, text=None, producers=(), partial=None, files=(), replace=None, seen=None):
        self.kind = kind  # "pipe" | "text" | "file" | "proc"
        self.text = text  # the exact input when it is known (echo/printf/here-document)
        self.producers = list(producers)  # SimpleCommands writing into it
        # A here-document or here-string with parts only known at run time: its known text
        # (a program read from it is still checked for what it names, as code built at run time).
        self.partial = partial
        self.files = files  # `xargs -a LIST`: the (absolute) files the input is read from
        self.replace = replace  # `xargs -I R`: what each input line replaces in the command's words
        # The last text known in a pipe before a program the guard does not follow made it
        # unknown (`printf 'a\nF\n' | sort | xargs rm`: F may be among the words)
        self.seen = seen


def _copies_session(name, args):
    """With no input of its own, does this command copy what is typed into the session: `cat`,
    `head` … with no file (or `-`), `tee F` and `sponge F` (F is what they write), `dd` without
    `if=`?"""
    if name in ("tee", "sponge"):
        return True
    if name == "dd":
        return not any(a.text.startswith("if=") for a in args)
    if name not in K.STDIN_COPIERS:
        return False
    return all(a.text in K.STDIN_FILES for a in args if not a.text.startswith("-") or a.text == "-")


def _may_fail(redirs):
    """Could one of these redirections fail, so that the command it belongs to does not run? A
    file (missing, not writable, a folder, noclobber) or an fd not open (`<&7`) can; /dev/null,
    the standard fds, closing one, here-documents and here-strings cannot."""
    for r in redirs:
        if r.op in ("<<", "<<-", "<<<"):
            continue
        target = r.target.literal() if r.target is not None else None
        if target is None and r.target is not None and r.target.src[:1] in "'\"":
            target = r.target.src[1:-1]  # (`2>"/dev/null"`)
        if r.op in (">&", "<&") and target in ("-", "0", "1", "2"):
            continue
        if target in ("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/stdin"):
            continue
        if target is None and r.target is not None and any(p[0] == "proc" for p in r.target.parts):
            continue  # (`< <(cmd)`: a pipe bash makes itself)
        return True
    return False


def _ends_in_background(items, k):
    """Does the and-or list that items[k] is part of end with `&`?"""
    for _pipe, sep in items[k:]:
        if sep not in ("&&", "||"):
            return sep == "&"
    return False


def _startup_options(args, prefix_names, prefix_values):
    """The state markers a shell starts with: `-P`/`-o physical` (physical cd's), `-O lastpipe`,
    and SHELLOPTS/BASHOPTS in the environment the command gives it (bash turns on the options
    they name), an unknown value taken as setting them. {} for none."""
    markers = {}
    for var, options in (("SHELLOPTS", (("physical", SC.PHYSICAL), ("keyword", SC.KEYWORD))),
                         ("BASHOPTS", (("lastpipe", SC.LASTPIPE),))):
        if var in prefix_names:
            value = prefix_values.get(var)
            for option, marker in options:
                if value is None or option in value.split(":"):
                    markers[marker] = ["1"]
    k = 0
    while k < len(args):
        e = args[k]
        t = e.text
        if e.dynamic or t[:1] not in "-+" or len(t) < 2 or t in ("--", "-"):
            break
        on = "1" if t[0] == "-" else ""
        values = 0 if t.startswith("--") else t.count("o") + t.count("O")  # (`-eo physical`: a bundle's o/O too)
        if values:
            for name in args[k + 1:k + 1 + values]:
                marker = {"physical": SC.PHYSICAL, "lastpipe": SC.LASTPIPE}.get(name.text)
                if name.dynamic:
                    markers[SC.PHYSICAL] = markers[SC.LASTPIPE] = ["1"]
                elif marker is not None:
                    markers[marker] = [on]
            if "P" in t:
                markers[SC.PHYSICAL] = [on]
            k += 1 + values
            continue
        if not t.startswith("--") and "P" in t[1:]:
            markers[SC.PHYSICAL] = [on]
        k += 1
    return {m: v for m, v in markers.items() if m != SC.LASTPIPE or v == ["1"]}


class Walker:
    def __init__(self, home):
        self.home = home
        self.env_cdpath = env_cdpath()  # the agent's own CDPATH (not chosen by the command)
        self.out = []
        self.undetermined = []
        self.depth = 0
        self.calling = []
        self.function_locals = []  # per function call being walked: the variables it made local
        self.xargs_from = ()  # while a shell run by xargs is walked: the programs of the pipe feeding it
        self.xargs_shell = False  # the shell about to be walked is run by xargs (its $1 ... come from the input)
        self.session_read = False  # a `read` took a line of the session's own input (what is typed)
        self.bombs = ForkBombs()  # told of definitions, calls and pipelines; finds fork bombs
        self.functions = []
        self.prefix_names = frozenset()  # variables assigned in the current command's prefix (GIT_EDITOR=...)
        self.prefix_values = {}  # their values (None: built at run time)
        self.environment = {}  # the agent's environment (shell.analyze), for configprograms
        self.env_paths = []  # an EnvPath for HOME=/x, GIT_DIR=/x ...: programs use these folders
        self.expanding = []  # aliases being expanded (bash does not expand an alias inside itself)
        self.aliases_defined = []  # an AliasDefinition for each `alias x=...`
        self.uncertain = 0  # walking code that may not run (`if`, a loop, after && or ||, a case branch)
        self.maybe_defined = set()  # functions defined there: a call may run the program of that name
        self.traps = []  # (code, what, functions and aliases defined before it) of each `trap CODE SIGNAL` other than EXIT (trap_state)
        # redirect target -> its spellings with a `..` component, joined to the folder but not
        # collapsed (a link an earlier command makes changes where the `..` goes: hook/destinations.py)
        self.redirect_spellings = {}
        self.aliases_used = set()
        self.proc_outputs = {}  # word -> what its <(...) prints, when known (`source <(echo …)`)
        self.repo_top = None  # folder -> what `git rev-parse --show-toplevel` prints there (shell.analyze)
        self.cd_sites = []  # severaldirs.CdSite: each cd into one of several folders (a loop's)
        self.cd_choice = None  # {site number: the folder that cd goes to, None: it fails} (severaldirs)
        self.shared_cds = 0  # cd/pushd/popd run outside a ( … ) subshell
        self.in_rounds = 0  # walking a loop's later rounds (next_rounds)
        self.pattern_loop_start = 0  # commands walked when the last loop over a pattern started
        self.loop_values = {}  # for loop's name -> (its values, all known, any a pattern): each round's

    def finish(self):
        """After the walk: an alias defined but not used in the command runs its body wherever the
        name is typed later (the next command of an interactive shell), so the body is analysed
        as code that runs. A used alias was analysed where it was used, with its arguments."""
        for alias in self.aliases_defined:
            if alias.name not in self.aliases_used:
                self.run_script(alias.body, [], alias.scope, alias.via, "alias", [], alias.cwd)
        for code, what, functions, aliases in self.traps:
            # a function or alias defined after the trap, which its code may run when it fires
            names = set(self.functions[functions:]) | {a.name for a in self.aliases_defined[aliases:]}
            if names & set(code.replace("(", " ").replace(")", " ").replace(";", " ").replace("&", " ")
                           .replace("|", " ").replace("`", " ").replace("$", " ").split()):
                self.unknown(None, what)

    # ---- bookkeeping ----------------------------------------------------------------------
    def emit(self, cmd):
        self.out.append(cmd)
        if len(self.out) > MAX_COMMANDS:
            raise LimitError("more than %d simple commands" % MAX_COMMANDS)
        return cmd

    def unknown(self, cmd, what):
        if cmd is not None:
            cmd.undetermined.append(what)
        if what not in self.undetermined:
            self.undetermined.append(what)

    def placeholder(self, scope, via, what, runs=()):
        cmd = SimpleCommand("", [], scope.cwd, list(via))
        cmd.runs_output_of = list(runs)
        cmd.input_from = self.xargs_from  # (`… | tr x d | xargs -I{} sh -c 'rm {}'`)
        self.emit(cmd)
        self.unknown(cmd, what)
        return cmd

    def wrapper_holder(self, word, files, scope, via, cwd):
        """A wrapper that hands a script to a shell opens files of its own (`parallel --joblog F`,
        `--results DIR`, `flock -c CMD F`): they are judged as the operands of the wrapper
        program itself (written, as for any program not known to only read)."""
        cmd = SimpleCommand(basename(word.text), [word.text], cwd, list(via))
        for e in files:
            O.add_path(self, cmd, e, scope, cwd)
        cmd.wrapper_files = tuple(cmd.paths)
        self.emit(cmd)
        return cmd

    def nested(self, text, scope, via):
        """Analyse code a command runs (bash -c, eval, a script on stdin)."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError("nested deeper than %d levels" % MAX_DEPTH)
        try:
            tree = parse(text, self.depth)
        except ParseError as e:
            raise ParseError("%s (in code run by `%s`)" % (e, via[-1] if via else "sh"))
        self.bombs.loops += tree.fork_loops
        out = self.walk_list(tree, scope, via)
        self.depth -= 1
        return out

    # ---- lists, pipelines, compounds -------------------------------------------------------
    def walk_list(self, items, scope, via):
        output = None
        after = ""  # the separator before the pipeline
        background_scope = None
        region = None  # the state before the pipelines of an `if`/loop walked so far
        andor = None  # the state before the conditional pipelines of the current and-or list
        reached = []  # the folders the current and-or list started in and each pipeline of it left
        for k, (pipe, sep) in enumerate(items):
            # `a && b &`: the whole and-or list runs in the background, a subshell of its own
            # (`cd /tmp & cat .env` reads ./.env; a function it defines is not defined here)
            if after not in ("&&", "||") and _ends_in_background(items, k):  # (once per and-or list)
                background_scope = scope.copy()
                background_scope.vars[SC.SUBSHELL] = ["1"]
            here = background_scope if background_scope is not None else scope
            if after not in ("&&", "||"):
                reached = [here.cwd]
                may_stop = False  # (a cd that may fail and stops the list: it ends where it began)
            elif after == "||" and here.cwd_known and len(set(reached)) > 1:
                # `cd x || cat y`: what follows `||` runs where an earlier pipeline failed (shell/cwdforks.py)
                from legant_guard.shell import cwdforks

                cwdforks.go_to(here, cwdforks.choose(self, here, reached + [here.cwd], "a pipeline after `||`"))
            # `cd build && cmake ..`: a cd that fails stops the `&&` after it, so cmake runs in build
            # or not at all; the list then ends where it started (shell/cwdforks.py)
            first = pipe.cmds[0] if len(pipe.cmds) == 1 and not pipe.bang else None
            self.stopping_cd = len(self.out) if sep == "&&" and isinstance(first, Simple) and first.words and \
                first.words[0].literal() in ("cd", "pushd") and first.words[0].literal() not in here.functions else None
            background = sep == "&"
            self.bombs.parallel += background
            uncertain = after in ("&&", "||") or pipe.cond  # (it may not run)
            if after in ("&&", "||") and andor is None and not pipe.cond:
                andor = here.copy()  # (the state an and-or list's later pipelines may not change)
            if pipe.cond:
                andor = False  # (`a && for …; do …; done`: an if or a loop, read as its region below)
            if pipe.cond and region is None:
                region = here.copy()  # (the state before an `if`, a loop or a case branch)
            elif not pipe.cond and region is not None:
                self.maybe_state(region, here, via)  # what it changed may not have happened
                self.adopt(here, region)
                region = None
            self.uncertain += uncertain
            self.list_may_stop = False
            try:
                output = self.walk_pipeline(pipe, here, via)
            finally:
                self.uncertain -= uncertain
            self.bombs.parallel -= background
            reached.append(here.cwd)
            may_stop = may_stop or self.list_may_stop
            if sep not in ("&&", "||"):
                ends = reached if may_stop else reached[1:]
                if len(reached) > 2 and andor is not False and here.cwd_known and len(set(ends)) > 1:
                    # `false && cd x; cat y`, `cd ~ || cd /tmp; …`: a later pipeline of the list may not
                    # have run, so the list ends in the folder any of its pipelines left
                    from legant_guard.shell import cwdforks

                    cwdforks.go_to(here, cwdforks.choose(self, here, ends, "an and-or list's cd"))
                background_scope = None
                if andor:
                    # `x=.env; [ -n "$Z" ] && x=ok; cat $x`: the variables they set may not be set
                    # (a cd stays: `cd a && make && cd ..; ls` is judged in order)
                    SC.unsettle(here, andor, cwd=False)
                andor = None
            after = sep
        if region is not None:
            self.maybe_state(region, scope, via)
            self.adopt(scope, region)
        return output if len(items) == 1 else None

    @staticmethod
    def adopt(scope, merged):
        """Give `scope` the state `merged` holds (maybe_state merged the two into it)."""
        scope.cwd, scope.cwd_known, scope.home = merged.cwd, merged.cwd_known, merged.home
        scope.vars.clear()
        scope.vars.update(merged.vars)
        scope.aliases.clear()
        scope.aliases.update(merged.aliases)

    def walk_pipeline(self, pipe, scope, via):
        cmds = pipe.cmds
        if len(cmds) == 1:
            return self.walk_command(cmds[0], scope, via, None)
        self.bombs.parallel += 1
        try:
            return self.walk_commands_piped(cmds, scope, via)
        finally:
            self.bombs.parallel -= 1

    def walk_commands_piped(self, cmds, scope, via):
        stdin = None
        output = None
        last = cmds[-1] if SC.LASTPIPE in scope.vars else None
        for node in cmds:
            start = len(self.out)
            here = scope.copy()
            output = self.walk_command(node, here, via, stdin)
            if node is last:  # `shopt -s lastpipe; echo | cd ~`: it ran in this shell (without job control)
                self.maybe_state(scope, here, via)
            produced = self.out[start:]
            prev = stdin.producers if stdin is not None else []
            seen = stdin.text if stdin is not None and stdin.text is not None else stdin.seen if stdin is not None else None
            stdin = Stdin("pipe", output, prev + [c for c in produced if c.executable or c.runs_output_of],
                          seen=seen if output is None else None)
        return output

    def walk_command(self, node, scope, via, stdin):
        if isinstance(node, Simple):
            return self.walk_simple(node, scope, via, stdin)
        if node.redirs and node.kind not in ("subshell", "func") and _may_fail(node.redirs):
            # `{ cd /tmp; } < /missing`: the redirection fails and the body never runs
            other = scope.copy()
            output = self.walk_compound(node, other, via)
            self.maybe_state(scope, other, via)
            return output
        return self.walk_compound(node, scope, via)

    def walk_compound(self, node, scope, via):
        kind = node.kind
        start = len(self.out)
        output = None
        if kind == "subshell":
            sub = scope.copy()
            sub.vars[SC.SUBSHELL] = ["1"]
            output = self.walk_list(node.body[0], sub, via)
        elif kind == "group":
            output = self.walk_list(node.body[0], scope, via)
        elif kind == "func":
            self.define_function(node, scope)
        elif kind == "for":
            values = []
            known = True
            globbed = False
            for w in node.words:
                for e in self.expand(w, scope):
                    if e.dynamic:
                        known = False
                    globbed = globbed or e.glob
                    values.append(e.text)
            self.loop_values[node.name] = (values, known and node.words, globbed)
            if globbed:
                self.pattern_loop_start = len(self.out)  # (bash expands the pattern here: severaldirs)
            if known and node.words:
                scope.vars[node.name] = values
            else:
                scope.vars.pop(node.name, None)
            # `for x in $(cat f)`: each round's value is run-time text (not `$(seq 1 5)`, `{1..5}`)
            SC.mark_runtime(scope, node.name, not (known and node.words and not globbed) and
                            not all(_numeric_parts(w.parts) for w in node.words))
            if len(values) > 1:  # (each round binds one value: shell/state.py _from_loop)
                scope.vars[SC.LOOPVARS] = (scope.vars.get(SC.LOOPVARS) or []) + [node.name]
            if globbed:
                scope.globvars.add(node.name)
            else:
                scope.globvars.discard(node.name)
        elif kind == "round":
            self.next_rounds(node, scope, via)
        elif kind == "case":
            for w in node.words:
                self.expand(w, scope)
            before = scope.copy()
            self.uncertain += 1
            try:
                for body in node.body:
                    self.walk_list(body, scope, via)
            finally:
                self.uncertain -= 1
            self.maybe_state(before, scope, via)  # (a branch that changes the shell may not run)
            self.adopt(scope, before)
        else:  # cond, arith: only their substitutions run, and what arithmetic evaluates
            for w in node.words:
                self.expand(w, scope)
            if kind == "arith" or any(w.src in K.COND_ARITH_OPERATORS for w in node.words):
                for w in node.words:
                    self.arith_code(arith_payloads(w.parts, scope.vars), scope, via, scope.cwd)
                if kind == "arith":  # (`((n-=2))`: n is a number not followed from here on)
                    from legant_guard.shell.expansion import forget_assigned

                    forget_assigned(" ".join(q[1] if q[0] == "lit" else " " for w in node.words for q in w.parts), scope)
        if node.redirs:
            redirects, _stdin = self.redirections(node.redirs, scope, None)
            inner = self.out[start:]
            if not inner:
                cmd = self.emit(SimpleCommand(":", [":"], scope.cwd, list(via)))
                inner = [cmd]
            for cmd in inner:
                self.attach_redirects(cmd, redirects)
        return output

    def next_rounds(self, node, scope, via):
        """A loop's further rounds (parse.next_round), in the state the round before left: the
        second as it comes; what it still changes (a chain, `f=$f/..`, a `cd ..`) is then taken as
        unknown for a third, so every later round is covered."""
        # (a `read` of a later round reads the loop's input as the first round's did: `echo ls |
        # while read l; …` is no line typed into the session because the pipe is not walked again)
        self.in_rounds += 1
        try:
            self.walk_rounds(node, scope, via)
        finally:
            self.in_rounds -= 1

    def walk_rounds(self, node, scope, via):
        for third in (False, True):
            if node.name in self.loop_values:  # each round of a for loop takes the next value
                values, known, globbed = self.loop_values[node.name]
                scope.set_var(node.name, None, runtime=False)  # (the `for` marked run-time text)
                if known:
                    scope.vars[node.name] = values
                if globbed:
                    scope.globvars.add(node.name)
            before, cwd = dict(scope.vars), scope.cwd
            self.walk_list(node.body[0], scope, via)
            changed = [k for k in set(before) | set(scope.vars) if before.get(k) != scope.vars.get(k)]
            if not changed and scope.cwd == cwd:
                return
            if not third:
                for name in changed:
                    if not name.startswith(" "):  # (markers such as `set -P` stay)
                        scope.set_var(name, None, runtime=False)
                if scope.cwd != cwd:
                    scope.cwd_known = False

    def subscript(self, src, scope):
        """The subscript of `NAME[SUB]=` or an array element `[SUB]=`: bash evaluates it as
        arithmetic, after expanding it as in double quotes (`a['$(cmd)']=1` runs cmd)."""
        found = assigned_subscript(src) if "[" in src else None
        if found is not None:
            parts, word = found
            self.expand(Word(parts, src), scope)
            for e in self.expand(word, scope, split=False) if word is not None else ():
                if not e.dynamic:
                    self.arith_code(arith_payloads([("lit", e.text)], scope.vars), scope, [], scope.cwd)

    def define_function(self, node, scope):
        name = node.name
        fixed = scope.vars.get(SC.READONLY_FUNCTIONS)
        if fixed and (name in fixed or "*" in fixed) and name in scope.functions:
            # `readonly -f f; f(){ …; }`: bash keeps the first body; the second is judged where it
            # would run too, as a command the guard cannot place
            self.placeholder(scope, [name], "the function `%s`, read-only: bash keeps its first body" % name)
            self.walk_list(node.body[0], scope.copy(), [name])
            self.functions.append(name)
            return
        scope.functions[name] = node.body[0]
        if self.uncertain:
            # `if false; then curl(){ :; }; fi; curl h` runs the real curl
            self.maybe_defined.add(name)
        self.functions.append(name)
        if name in _IMPLICIT_FUNCTIONS:
            # bash calls these itself (a command not found): what they run is analysed now
            self.function_body(name, scope, name)
        elif (scope.vars.get(SC.ALLEXPORT) or [""])[0] == "1":
            self.exported_function(name, scope)  # `set -a`: the function is exported
        self.bombs.defined(name, node.body[0])

    def exported_function(self, name, scope):
        """An exported function (`export -f`, `declare -fx`, after `set -a`): any bash the
        command starts later (`bash build.sh`, make's recipes) runs it in place of the program
        of that name, so what it runs is analysed now."""
        self.function_body(name, scope, "export -f %s" % name)

    def function_body(self, name, scope, label):
        if name not in self.calling:
            self.calling.append(name)
            self.walk_list(scope.functions[name], scope.copy(), [label])
            self.calling.pop()

    # ---- expansion ------------------------------------------------------------------------
    def expand(self, word, scope, split=True, tilde_ok=True, record=None):
        def run_sub(body, part):
            if part[0] == "arith-code":
                self.arith_code([part[1]], scope, [], scope.cwd)
                return None
            if part[0] == "indirect-code":
                self.placeholder(scope, [part[1]], "what `%s` runs (bash evaluates the subscript of the name the "
                                 "variable holds, running its command substitutions, and the guard does not know "
                                 "it)" % part[1])
                return None
            if part[0] == "prompt-code":
                self.placeholder(scope, [part[1]], "what `%s` runs (bash expands the value as a prompt, running the "
                                 "command substitutions in it, and the guard does not know it)" % part[1])
                return None
            start = len(self.out)
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ParseError("nested deeper than %d levels" % MAX_DEPTH)
            out = self.walk_list(body, scope.copy(), [])
            self.depth -= 1
            if record is not None:
                record.extend(c for c in self.out[start:])
            if part[0] == "proc" and part[2] == "<" and out is not None:
                self.proc_outputs[word.src] = out
            return out if part[0] == "cmd" else None

        try:
            return expand_word(word, scope, run_sub, split, tilde_ok)
        except ExpansionError as e:
            self.unknown(None, str(e))
            return [Exp("", word.src, dynamic=True)]

    # ---- redirections ---------------------------------------------------------------------
    def redirections(self, redirs, scope, stdin):
        """(a Redirection for each file opened, or the text of a target not determined; where
        stdin then comes from)."""
        out = []
        for r in redirs:
            op = r.op
            if op in ("<<", "<<-"):
                body = r.heredoc[0] or Word([], "")
                exps = self.expand(body, scope, split=False, tilde_ok=False)
                text = "".join(e.text for e in exps)
                dyn = any(e.dynamic for e in exps)
                stdin = Stdin("text", None if dyn else text, partial=text if dyn else None)
                continue
            if op == "<<<":
                rec = []
                exps = self.expand(r.target, scope, split=False, record=rec)
                dyn = any(e.dynamic for e in exps)
                text = " ".join(e.text for e in exps) + "\n"
                stdin = Stdin("text", None if dyn else text, rec, partial=text if dyn else None)
                continue
            rec = []
            exps = self.expand(r.target, scope, record=rec)
            if op in (">&", "<&"):
                t = exps[0].text if len(exps) == 1 else ""
                if exps and not exps[0].dynamic and (t == "-" or t.rstrip("-").isdigit()):
                    continue  # fd duplication, not a file
                if op == ">&":
                    op = "&>"
            for e in exps:
                if e.proc:
                    if op.startswith("<"):
                        stdin = Stdin("proc", None, rec)
                    continue
                if e.dynamic:
                    out.append("redirect target `%s`" % e.src)
                    continue
                path = absolute(e.text, scope.cwd)
                if not scope.cwd_known and not e.text.startswith("/"):
                    out.append("redirect target `%s` in an undetermined directory" % e.src)
                if "/.." in e.text or e.text.startswith(".."):
                    spelled = e.text if e.text.startswith("/") else scope.cwd.rstrip("/") + "/" + e.text
                    self.redirect_spellings.setdefault(path, []).append(spelled)
                out.append(Redirection(r.fd + op, path))
            if op == "<" and not any(e.proc for e in exps) and not \
                    (len(exps) == 1 and not exps[0].dynamic and exps[0].text in STDIN_FILES):
                stdin = Stdin("file")
        return out, stdin

    # ---- simple commands ------------------------------------------------------------------
    def walk_simple(self, node, scope, via, stdin):
        tick()  # the guard's deadline (DESIGN invariant 7)
        assigned = []
        arrays = []
        numbers = set()
        for name, val in node.assigns:
            if isinstance(val, list):
                elems = []
                for w in val:
                    self.subscript(w.src, scope)  # `a=([SUB]=v)`
                    elems.extend(self.expand(w, scope))
                known = not any(e.dynamic or e.glob for e in elems) and not any(w.src.startswith("[") for w in val)
                values = [e.text for e in elems] if known else None
                if name.endswith("+"):  # `a+=(x)` appends to what a holds (its first element stays)
                    name = name[:-1]
                    old = scope.vars.get(name + "[@]")
                    values = list(old) + values if values is not None and old is not None and old != [""] else \
                        values if values is not None and name not in scope.vars else None
                arrays.append((name, values))
                if name in SC.COMMAND_TABLES:
                    _state().command_table(self, name, None, None, scope, via)
                assigned.append((name, None))
                continue
            first = val.parts[0]
            k = first[1].index("=") + 1
            rest = first[1][k:]
            parts = ([("lit", rest, False)] if rest else []) + list(val.parts[1:])
            if any(p[0] == "lit" and ":~" in p[1] for p in parts) or (rest[:1] == "~" and ":" in rest):
                from legant_guard.shell.expansion import assignment_tildes  # (`x=a:~/y`, `x=~:`)

                parts = assignment_tildes(parts, scope)
            if parts is None:
                exps = [Exp("", val.src, dynamic=True)]
            else:
                exps = self.expand(Word(parts, val.src), scope, split=False) if parts else [Exp("", val.src, quoted=True)]
            value = exps[0].text if len(exps) == 1 and not exps[0].dynamic else None
            if value is None and parts and _numeric_parts(parts):
                numbers.add(name)  # (`n=$(nproc)`, `c=$(wc -l < f)`: run-time, but a number)
            if first[1][k - 2 : k] == "+=":
                old = scope.vars.get(name)
                value = old[0] + value if value is not None and old is not None and len(old) == 1 else None
            if name in SC.COMMAND_TABLES:
                _state().command_table(self, name, _table_key(val.src, name), value, scope, via)
            if SC.is_nameref(scope, name):  # `declare -n r; r=PS4`: the first value names r's variable
                _state().nameref_target(self, scope, name, value)
            if val.src.startswith("[", len(name)):
                # `a[1]=x` sets one element: $a (element 0) keeps a value the guard no longer knows
                self.subscript(val.src, scope)
                value = None
            if name in (scope.vars.get(SC.INTEGERS) or ()):
                # `declare -i n; n='a[$(cmd)]'`: bash evaluates the value as arithmetic
                self.arith_code(arith_payloads([("lit", value)] if value is not None else val.parts, scope.vars),
                                scope, via, scope.cwd)
                value = _state().integer_value(value) if value is not None else None  # (`n=2**64-1` is -1)
            assigned.append((name, value))
            self.environment_sink(name, Exp(value or "", val.src, dynamic=value is None, quoted=True), scope, via)
        words = []
        records = []
        for w in node.words:
            rec = []
            exps = literal_fields(w) or self.expand(w, scope, record=rec)
            for e in exps:
                words.append(e)
                records.append(rec)
        if len(words) > 1 and SC.keyword_mode(scope):
            words, records = self.keyword_assignments(words, records, assigned, scope, via)
        redirects, stdin2 = self.redirections(node.redirs, scope, stdin)
        if stdin2 is not stdin:
            stdin = stdin2
        self.environment_paths(assigned, scope, exported=bool(words))
        if not words:
            for name, value in assigned:
                scope.set_var(name, value, runtime=name not in numbers)
            for name, values in arrays:
                scope.set_array(name, values)
            if redirects:
                cmd = self.emit(SimpleCommand(":", [":"], scope.cwd, list(via)))
                self.attach_redirects(cmd, redirects)
            return None
        self.prefix_names = frozenset(n for n, _v in assigned)
        self.prefix_values = dict(assigned)
        outer = None
        if _may_fail(node.redirs) or SC.disabled(scope, words):
            # `cd /tmp < /missing`, `export HOME=/tmp 0<&7`: a redirection that fails stops the
            # command before it runs; `enable -n cd; cd /tmp`: the builtin is off. What it would
            # change is unknown afterwards (a cd of a program of that name changes nothing here).
            outer, scope = scope, scope.copy()
        cdpath = [v for n, v in assigned if n == "CDPATH"]
        saved = scope.vars.get("CDPATH")
        if cdpath:
            # `CDPATH=/tmp cd x`: the assignment holds for this command only, cd included
            scope.set_var("CDPATH", cdpath[-1])
        try:
            output = self.run_words(words, records, scope, list(via), stdin, redirects, [])
        finally:
            self.prefix_names = frozenset()
            self.prefix_values = {}
            if cdpath:
                scope.vars.pop("CDPATH", None)
                if saved is not None:
                    scope.vars["CDPATH"] = saved
        if outer is not None:
            self.maybe_state(outer, scope, via)
        return output

    def keyword_assignments(self, words, records, assigned, scope, via):
        """After `set -k`, NAME=VALUE words after the command word are its environment, as a
        prefix would be (`set -k; git log GIT_PAGER=curl` runs curl as the pager); returns the
        other words and their records."""
        kept, kept_records = words[:1], records[:1]
        for e, rec in zip(words[1:], records[1:]):
            name, eq, value = e.text.partition("=")
            if eq and name and name.replace("_", "a").isalnum() and not name[0].isdigit():
                value = None if e.dynamic else value
                assigned.append((name, value))
                self.environment_sink(name, Exp(value or "", e.src, dynamic=value is None, quoted=True), scope, via)
            else:
                kept.append(e)
                kept_records.append(rec)
        return kept, kept_records

    def attach_redirects(self, cmd, redirects):
        """Give `cmd` the redirects of `redirections` (a text there is a target not determined)."""
        for r in redirects:
            if isinstance(r, Redirection):
                cmd.redirects.append(r)
            else:
                self.unknown(cmd, r)

    def run_words(self, words, records, scope, via, stdin, redirects, extra, cwd=None, xargs=None):
        """Unwrap wrappers, then classify the real command `words[i:]`."""
        cwd = cwd or scope.cwd
        runners = []  # (index, name, where a wrapper said its command starts) of each loose runner
        try:
            return self.unwrap_words(words, records, scope, via, stdin, redirects, extra, cwd, xargs, runners)
        finally:
            for at, name, chosen in runners:
                self.runner_words(words, at, name, chosen, scope, via, cwd, typed=stdin is None)

    def unwrap_words(self, words, records, scope, via, stdin, redirects, extra, cwd, xargs, runners):
        i = 0
        while True:
            if i >= len(words):
                return None
            w = words[i]
            if w.dynamic or w.proc:
                runs = [c.executable for c in records[i] if c.executable] if records else []
                cmd = SimpleCommand("", [e.text for e in words[i:]], cwd, via)
                cmd.runs_output_of = runs
                cmd.interactive = self.session_read  # (`read x; $x`: the command is what is typed)
                self.emit(cmd)
                self.unknown(cmd, "command word `%s`" % w.src)
                self.attach_redirects(cmd, redirects)
                return None
            name = basename(w.text)
            if i == 0 and not w.quoted and name in scope.aliases and name not in self.expanding:
                aliased, expanded = self.run_alias(name, words, records, scope, via, stdin, redirects)
                # bash may as well run the word as it is: an alias defined on the line it is used on
                # takes effect only from the next line, and a bash that is not interactive expands
                # none unless expand_aliases is set (`alias cat=echo; cat .env` reads .env)
                self.expanding.append(name)
                try:
                    self.run_words(words, records, scope, via, stdin, redirects, extra, cwd, xargs)
                finally:
                    self.expanding.pop()
                if expanded is not None:
                    # the alias text runs in this shell: what it changes (`alias c='cd ~'`, `HOME=`,
                    # a function it defines) holds for the later commands when bash expanded it
                    self.maybe_state(scope, expanded, via + ["alias %s" % name])
                return aliased
            if name in scope.functions and name in self.calling and w.text == name:
                self.bombs.called_again(name)
            if name in scope.functions and name not in self.calling and w.text == name:
                self.calling.append(name)
                self.depth += 1
                if self.depth > MAX_DEPTH:
                    raise ParseError("nested deeper than %d levels" % MAX_DEPTH)
                start = len(self.out)
                saved = self.bombs.entering(name), scope.vars.get("FUNCNAME")
                scope.vars["FUNCNAME"] = [name]
                # `f() { rm -rf "$@"; }; f /`: the call's words are the body's "$@", "$1" ...
                outer = _state().bind_positional(scope, words[i + 1:], scope.functions[name])
                self.function_locals.append(set())
                body = scope.functions[name]
                before = scope.copy() if _state().returns_early(body) else None
                self.walk_list(body, scope, via)
                if before is not None:
                    # `f(){ return; cd /tmp; }; f; cat .env`: the commands after a `return` may not
                    # run, so what they changed is unknown after the call
                    SC.unsettle_since(scope, before)
                for var in self.function_locals.pop():
                    # `f(){ local HOME=/x; }; f; cat ~/.ssh/id_rsa`: after the call the variable
                    # has its outer value again, which the guard does not keep: unknown
                    scope.set_var(var, None, runtime=False)
                _state().restore_positional(scope, outer)
                self.bombs.left(name, saved[0])
                if saved[1] is None:
                    scope.vars.pop("FUNCNAME", None)
                else:
                    scope.vars["FUNCNAME"] = saved[1]
                for cmd in self.out[start:]:
                    self.attach_redirects(cmd, redirects)
                self.depth -= 1
                self.calling.pop()
                if i == 0 and all(v in _FUNCTION_RUNNERS for v in via) and name not in self.maybe_defined:
                    return None
                # run by a wrapper (sudo, xargs, a nested shell after `export -f`): the function
                # or a program of that name; both are analysed
            name = program_name(w.text)
            if name in K.LOOSE_RUNNERS:
                runners.append((i, name, None))
            if name not in K.WRAPPER_PROGRAMS:
                break
            from legant_guard.shell.wrappers import WRAPPERS

            handler = WRAPPERS[name]
            r = handler(self, words, i, scope, cwd)
            if r is None:
                break  # used without a command: it is the command itself
            nxt, label = r.next, r.label
            if runners and runners[-1][0] == i:
                runners[-1] = (i, name, nxt)
            if S.program_has_sinks(name):  # `systemd-run -p ExecStartPre=CMD true`: the wrapper's own options
                for sink in S.find(name, words[i + 1:nxt]):
                    self.run_sink(sink, scope, via + [label], cwd)
            env_assigned = S.assignment_words(S.option_values(words[i + 1:nxt]))
            for aname, avalue in env_assigned:
                self.environment_sink(aname, avalue, scope, via + [label])
            if env_assigned:  # `env HOME=. git st`, `env RM=curl make clean`: as `HOME=. git st`
                pairs = [(n, None if v.dynamic else v.text) for n, v in env_assigned]
                self.wrapper_environment(pairs, scope, r.cwd or cwd)
                self.prefix_names = self.prefix_names | frozenset(n for n, _v in pairs)
                self.prefix_values = dict(self.prefix_values, **dict(pairs))
            via = via + [label]
            extra.extend(r.files)
            if r.cwd is not None:
                cwd = r.cwd
            if label == "parallel" and stdin is None and not r.files and r.script is not None and \
                    r.script.dynamic and r.script.src == "its input":
                # `parallel` with no command and no input of its own runs each line typed into the
                # session (Codex's write_stdin) as a command: a prompt
                cmd = self.placeholder(scope, via + [label], "the commands typed into `parallel`")
                cmd.interactive = True
                return None
            if label == "xargs" or label == "parallel":
                # `xargs -a LIST cmd` reads its operands from LIST, not from its input (even a pipe)
                xargs = Stdin("file", files=[absolute(e.text, cwd) for e in r.files if not e.dynamic]) \
                    if r.files else (Stdin(stdin.kind, stdin.text, stdin.producers, stdin.partial, seen=stdin.seen) if stdin
                                     else Stdin("session") if r.script is None else None)
                if xargs is not None:
                    xargs.replace = r.replace
                stdin = None
            if r.script is not None:
                if extra and label.split(" ", 1)[0] in ("parallel", "flock", "coverage"):  # `parallel --joblog F CMD ::: x`,
                    # `flock -c CMD F`: the wrapper's own files (script -c's typescript: payloadpaths.py)
                    self.wrapper_holder(words[i], extra, scope, via[:-1], cwd)
                rec = records[nxt] if nxt < len(records) else []
                return self.run_script(r.script, rec, scope, via, label, redirects, cwd)
            i = nxt
        return self.classify(words[i:], records[i:] if records else [], scope, via, stdin, redirects, extra, cwd, xargs)

    def runner_words(self, words, at, name, chosen, scope, via, cwd, typed=False):
        """`perf stat -e x rm -rf /`, `trickle -d 1 git push -f`, `gosu root CMD`: a program that
        starts the command named somewhere in its words, with an option syntax the guard does not
        model (knowledge.LOOSE_RUNNERS). Any literal word after it may be where that command
        starts, so each such place is analysed as the command starting there (the tripwires,
        interpreters and nested shells see its arguments), and a word holding a command line
        (`hyperfine 'rm -rf /'`, `execlineb -c 'CMD'`) as shell code. Run after the runner's own
        command, so that a reason names the runner first; the place a wrapper chose is already
        analysed. Past sinks.RUNNER_PLACES places only the words naming a program whose arguments a
        rule reads are taken (bounded cost on a long line). `typed`: the runner's input is the
        session's, and a prompt started there (`gosu root bash`, `bwrap --bind / / bash`) reads it."""
        places = 0
        reason = "`%s` starts the command named in its words" % name
        known = []
        for e in words[at + 1:]:
            if e.dynamic:
                break
            known.append(e)
        # the environment it gives the command: NAME=VALUE words and option values (`firejail
        # --env=LD_PRELOAD=x`), bwrap's `--setenv NAME VALUE`
        assigned = S.assignment_words(S.option_values(known))
        assigned += [(known[k + 1].text, known[k + 2]) for k in range(len(known) - 2) if known[k].text == "--setenv"]
        for var, value in assigned:
            self.environment_sink(var, value, scope, via + [name])
        for k in range(at + 1, len(words)):
            e = words[k]
            if e.dynamic:
                break  # (the words from here on are not known: what follows cannot be spelled)
            t = e.text
            if " " in t.strip() or "\n" in t or ";" in t:
                text = t  # a whole command line
            elif k == chosen or t.startswith("-") or t.endswith("/") or t.strip().rsplit("/", 1)[-1] in ("", ".", ".."):
                continue  # (an option, or a folder: no program starts there)
            else:
                places += 1
                if places > S.RUNNER_PLACES and not S.argument_sensitive(program_name(basename(t))):
                    continue
                rest = []
                for x in words[k:]:
                    if x.dynamic:
                        break
                    rest.append(quote(x.text))
                text = " ".join(rest)
            self.run_sink(S.Sink(name, "shell", reason, Exp(text, e.src, quoted=True)), scope, via + [name], cwd,
                          typed=typed)

    def run_alias(self, name, words, records, scope, via, stdin, redirects):
        """`alias x='curl -T'; x file`: the command is the alias text followed by the words."""
        text = scope.aliases[name]
        self.aliases_used.add(name)
        if text is None:
            cmd = self.placeholder(scope, via, "the alias `%s`, defined at run time" % name)
            self.attach_redirects(cmd, redirects)
            return None, None
        rest = words[1:]
        if any(e.dynamic for e in rest):
            self.unknown(None, "the words after the alias `%s`" % name)
        words_text = [quote(e.text) for e in rest]
        if text.endswith((" ", "\t")) and rest and not rest[0].dynamic and rest[0].text.replace("-", "a").replace("_", "a").isalnum():
            # an alias ending in a blank: the next word is alias-expanded too (`alias s='sudo '`)
            nxt = rest[0].text
            if nxt in scope.aliases:
                self.aliases_used.add(nxt)
            words_text[0] = scope.aliases[nxt] if nxt in scope.aliases and scope.aliases[nxt] is not None \
                and nxt not in self.expanding else nxt
        full = text + "".join(" " + w for w in words_text)
        self.expanding.append(name)
        try:
            sub = scope.copy()
            start = len(self.out)
            out = self.nested(full, sub, via)
            for cmd in self.out[start:]:
                self.attach_redirects(cmd, redirects)
        finally:
            self.expanding.pop()
        return out, sub

    def maybe_state(self, scope, other, via):
        """`other`: the state after code that may or may not have run in this shell. What it
        changed is unknown from here on, and a function it defined is analysed where it is (a
        later call may run it, or a program of that name)."""
        for name in SC.unsettle(scope, other):
            if name not in self.calling:
                self.calling.append(name)
                self.walk_list(other.functions[name], other.copy(), via)
                self.calling.pop()

    def environment_paths(self, assigned, scope, exported=True):
        """HOME=/x, GIT_DIR=/x ...: programs read and write in that folder. `exported`: the values
        reach the programs' environment (a prefix assignment, `export`), not the shell's alone."""
        if not assigned:
            return  # (most commands assign nothing: the catalogue is not read for them)
        names = S.catalogue()["environment"]["path_names"]
        for name, value in assigned:
            if name in names or (name[:11].lower() == "npm_config_" and
                                 S.npm_key(name) in ("userconfig", "globalconfig", "prefix", "cache")):
                if value is None:
                    self.unknown(None, "the folder `%s` names" % name)
                elif value and not (name == "HOME" and absolute(value, scope.cwd) == self.home):
                    self.env_paths.append(EnvPath(name, absolute(value, scope.cwd)))
                if value and (name in K.CONFIG_VARIABLES or name[:11].lower() == "npm_config_"):
                    self.config_variable(name, value, scope)
            elif name.startswith("GIT_TRACE"):
                # GIT_TRACE=/abs/file (GIT_TRACE2_EVENT=af_unix:/socket ...): every git command
                # appends its trace to that file, wherever it is (the guard dir, a hook config)
                self.trace_target(name, value)
            elif name == "RIPGREP_CONFIG_PATH":  # ripgrep's options file (hook/optionfiles.py reads it)
                if value is None:
                    self.unknown(None, "the file `%s` names" % name)
                elif value:
                    self.env_paths.append(EnvPath(name, absolute(value, scope.cwd), "options"))
            elif exported and value and _names_a_file(value):
                # `KEY_PATH=~/.ssh/id_rsa ./deploy.sh`, `DOTENV_CONFIG_PATH=.env node -r dotenv/config x.js`:
                # a value the program may open, held against the deny side as an operand is
                self.env_paths.append(EnvPath(name, absolute(value, scope.cwd), "value"))

    def wrapper_environment(self, assigned, scope, cwd):
        """Variables a wrapper puts in the environment (`env GIT_DIR=x git log`, `sudo HOME=. git st`)
        that move where git reads its repository and configuration (hook/gitplace.py), and the
        traces git appends to. (Only those: the other folders are judged for prefix assignments.)"""
        for name, value in assigned:
            if name in _GIT_PLACES:
                if value is None:
                    self.unknown(None, "the folder `%s` names" % name)
                elif value:
                    self.env_paths.append(EnvPath(name, absolute(value, scope.cwd), "git"))
            elif name in K.CONFIG_VARIABLES or name[:11].lower() == "npm_config_":
                if value is None:
                    self.unknown(None, "the file `%s` names" % name)
                elif value:
                    self.config_variable(name, value, scope, cwd)
            elif name.startswith("GIT_TRACE"):
                self.trace_target(name, value)
            elif value and _names_a_file(value):  # (`env ENV_FILE=.env node app.js`)
                self.env_paths.append(EnvPath(name, absolute(value, cwd or scope.cwd), "value"))

    def config_variable(self, name, value, scope, cwd=None):
        """KUBECONFIG=kc, AWS_CONFIG_FILE=c, npm_config_userconfig=rc ...: the programs that file
        names run (shell/configprograms.py); `cwd`: where the program starts (`env -C DIR`)."""
        from legant_guard.shell import configprograms as CP

        cwd = cwd or scope.cwd
        self.config_programs(CP.of_variable(name, value, cwd), scope, [], cwd)

    def config_programs(self, configs, scope, via, cwd, cmd=None, argv=()):
        """Each program the configuration files name is a nested command (an exec sink); a file
        that cannot be read, or that an earlier command of the line names (it may write it), is
        undetermined."""
        from legant_guard.shell import configprograms as CP

        for config in configs:
            files = CP.files_of(config)
            earlier = self.named_earlier(config.path, files)
            if earlier:
                self.placeholder(scope, via + [config.label], "the programs `%s` makes run (%s is named by an earlier "
                                 "command of the line, which may write it)" % (config.label, earlier))
                continue
            sinks, problem = CP.sinks(config, cwd, argv)
            for sink in sinks:
                if cmd is not None:
                    cmd.sinks.append(sink)
                self.run_sink(sink, scope, via, cwd)
            if problem:
                self.placeholder(scope, via + [config.label], "the programs `%s` makes run: %s" % (config.label, problem))

    def named_earlier(self, folder, files):
        """A path an earlier command of the line names that is `folder`, inside it, or one of `files`."""
        inside = folder.rstrip("/") + "/"
        for cmd in self.out:
            for path in list(cmd.paths) + [r.target for r in cmd.redirects]:
                if path == folder or path.startswith(inside) or path in files:
                    return path
        return None

    def trace_target(self, name, value):
        """A file git appends its trace to (GIT_TRACE*=, `git -c trace2.eventTarget=`): git writes
        only to an absolute path (or a socket at one); None: a value known only at run time."""
        if value is None:
            self.unknown(None, "the file `%s` names" % name)
            return
        target = value[8:] if value.startswith("af_unix:") else value
        target = target.split(":", 1)[1] if target.startswith(("stream:", "dgram:")) else target
        if target.startswith("/"):
            self.env_paths.append(EnvPath(name, target, "fs.write"))

    def git_trace_settings(self, argv):
        """`git -c trace2.normalTarget=/x status` (or --config-env): git appends its trace to /x,
        as GIT_TRACE2=/x makes it (a start-up file, the guard's audit log ...)."""
        from legant_guard.shell.tripwires import git_settings

        for key, value in git_settings(argv, config=False):
            if key.startswith("trace2.") and key.endswith("target"):
                self.trace_target("git -c " + key, value)

    def run_script(self, exp, rec, scope, via, label, redirects, cwd):
        """Code given as a string to a shell (-c), eval, watch, su -c ..."""
        if exp is None or exp.dynamic:
            runs = [c.executable for c in rec if c.executable]
            src = exp.src if exp is not None else "?"
            cmd = self.placeholder(scope, via, "script run by `%s` is built from `%s`" % (label, src), runs)
            # `sh -c "$(cat)"`, `read x; eval "$x"`: the code is what is typed
            cmd.interactive = I.reads_session_input(rec) or self.session_read
            self.attach_redirects(cmd, redirects)
            return None
        if "zsh" in label.lower() and self.zsh_only(exp.text, rec, scope, via, redirects):
            return None
        # `eval` (and a sourced script) runs in the shell itself: what it defines (`eval "f(){ …; }"; f`),
        # sets or cd's to stays
        sub = scope if label in ("eval", "source", ".") else scope.copy()
        sub.cwd = cwd
        start = len(self.out)
        out = self.nested(exp.text, sub, via)
        for cmd in self.out[start:]:
            self.attach_redirects(cmd, redirects)
        return out

    def zsh_only(self, text, rec, scope, via, redirects):
        """zsh's own expansions in a script zsh runs (`$x:l`, `$a[1]`: shell/zshcode.py), which the
        bash grammar reads otherwise: the script is an undetermined command."""
        from legant_guard.shell.zshcode import zsh_only

        found = zsh_only(text, getattr(self, "zsh_options", ()))
        if found is None:
            return False
        what = "uses zsh's own expansion" if found[:1] == "$" else "sets zsh's option"
        cmd = self.placeholder(scope, via, "script run by `%s` %s `%s`, which bash reads otherwise" % (via[-1], what, found),
                               [c.executable for c in rec if c.executable])
        self.attach_redirects(cmd, redirects)
        return True

    # ---- the real command -----------------------------------------------------------------
    def classify(self, words, records, scope, via, stdin, redirects, extra, cwd, xargs):
        exe_word = words[0]
        name = program_name(exe_word.text)  # (`RM` is rm for everything below)
        args = words[1:]
        argv = [e.text for e in words]
        cmd = SimpleCommand(basename(exe_word.text), argv, cwd, via)
        if "PATH" in scope.vars or "PATH" in self.prefix_names:  # `PATH=bin make`, `read PATH`: hook/programs.py
            cmd.search_path = scope.vars["PATH"] if "PATH" not in self.prefix_names else \
                [self.prefix_values["PATH"]] if self.prefix_values["PATH"] is not None else None
        self.attach_redirects(cmd, redirects)
        for e in extra:
            O.add_path(self, cmd, e, scope, cwd)
        n_extra = len(cmd.paths)
        if n_extra:
            cmd.wrapper_files = tuple(cmd.paths)
        output = None

        if name in STATE_BUILTINS:
            _state().shell_state(self, name, args, scope, via, cwd, stdin)
        if name in ("read", "mapfile", "readarray") and stdin is None and not self.in_rounds and \
                not any("<" in r.op for r in cmd.redirects) and not any(a.text == "-u" for a in args):
            self.session_read = True  # (a line typed into the session: Codex's write_stdin)
        session_words = xargs is not None and xargs.kind == "session"  # (xargs with no input of its own)
        if (xargs is None or session_words) and via and via[-1].split(" ", 1)[0] in ("xargs", "parallel") and \
                (name in K.SHELLS or S.is_interpreter(name)):
            # `xargs sh -c`, `xargs -I{} bash -c {}`, `parallel python3 -c`: with no input of its own,
            # xargs reads the session's (what is typed into it, Codex's write_stdin) and runs it as code
            cmd.interactive = True
            self.emit(cmd)
            return None
        if name in K.SHELLS:
            if xargs is None:
                return self.shell(cmd, args, records[1:], scope, via, stdin, cwd)
            outer, self.xargs_from = self.xargs_from, tuple(p.executable for p in xargs.producers if p.executable)
            outer_shell, self.xargs_shell = self.xargs_shell, True
            try:
                return self.shell(cmd, args, records[1:], scope, via, stdin, cwd)
            finally:
                self.xargs_from = outer
                self.xargs_shell = outer_shell
        if name == "eval":
            if not args:
                return None
            dyn = [e for e in args if e.dynamic]
            text = " ".join(e.text for e in args)
            rec = [c for r in records[1:] for c in r]
            return self.run_script(dyn[0] if dyn else Exp(text, text), rec, scope, via + ["eval"], "eval", redirects, cwd)
        if name == "history" and "HISTFILE" in scope.vars and not any(not a.text.startswith("-") for a in args) \
                and any(c in "rwan" for a in args if not a.text.startswith("--") for c in a.text[1:]):
            # `HISTFILE=F; history -w`: the shell's history file is read or written (F as an operand)
            histfile = scope.vars.get("HISTFILE")
            O.add_path(self, cmd, Exp(histfile[0] if histfile and len(histfile) == 1 else "", "$HISTFILE",
                                      dynamic=not (histfile and len(histfile) == 1), quoted=True), scope, cwd)
        if name in ("source", "."):
            if args and not args[0].dynamic and args[0].text in STDIN_FILES:
                return self.stdin_code(cmd, name, stdin, scope, via, cwd)
            if args and not args[0].dynamic and not args[0].proc and args[0].text.startswith(FD_FILES):
                self.placeholder(scope, via + [name], "script read by `%s` from `%s`" % (name, args[0].src))
                return None
            if args and args[0].proc and self.proc_outputs.get(args[0].src) is not None:
                # `source <(echo 'cp x ~/.claude/settings.json')`: what it prints is the script
                return self.run_script(Exp(self.proc_outputs[args[0].src], args[0].src), [], scope, via + [name],
                                       name, redirects, cwd)
            if args and args[0].proc:
                runs = [c.executable for c in records[1] if c.executable]
                self.placeholder(scope, via + [name], "script read by `%s` from `%s`" % (name, args[0].src), runs)
                return None
            O.operands(self, cmd, args[:1], scope, cwd)
        elif name in ("cd", "pushd", "popd"):
            _state().change_dir(self, cmd, name, args, scope)
            return None
        elif name in K.NO_FILE_OPERANDS:
            if name in K.NO_FILE_OPERANDS_FILES:
                O.option_files(self, cmd, args, K.NO_FILE_OPERANDS_FILES[name], scope, cwd)
            output = known_output(name, args, stdin, cwd)
        elif name == "find":
            O.find(self, cmd, args, records[1:], scope, via, cwd)
        elif name == "git":
            O.git(self, cmd, args, scope, cwd)
            if self.repo_top is not None and argv == ["git", "rev-parse", "--show-toplevel"] and not self.prefix_names \
                    and not any(e.dynamic for e in words) and all(_changes_no_repository(c) for c in self.out):
                top = self.repo_top(cwd)
                output = top + "\n" if top else None
        elif name == "dd":
            for e in args:
                for key in ("if=", "of="):
                    if e.text.startswith(key):
                        O.add_path(self, cmd, Exp(e.text[3:], e.src, dynamic=e.dynamic, glob=e.glob, quoted=e.quoted, proc=e.proc), scope, cwd)
        elif name == "tar" and args and not args[0].text.startswith("-") and args[0].text.isalpha():
            first = args[0]
            O.spec_operands(self, cmd, [Exp("-" + first.text, first.src)] + args[1:], K.SPECS["tar"], scope, cwd)
        elif name in ("chmod", "chown", "chgrp"):
            O.chmod(self, cmd, name, args, scope, cwd)
        elif name in ("ssh", "scp", "sftp", "rsync"):
            O.remote(self, cmd, name, args, scope, cwd)
        else:
            spec = K.SPECS.get(name)
            if spec is not None:
                O.spec_operands(self, cmd, args, spec, scope, cwd)
                if name in ("make", "gmake"):
                    O.make_directory_operands(self, cmd, args, spec, scope, cwd)
                elif name == "go":
                    O.go_directory_operands(self, cmd, args, spec, scope, cwd)
                elif name in _SUFFIX_READERS:  # (`zcat -f -S v .en` opens .env: programoperands.py)
                    O.suffixed_reads(self, cmd, args, scope, cwd)
                if spec.lists and stdin is not None and stdin.text is not None:
                    O.stdin_list_operands(cmd, args, spec, stdin.text)
            elif name in ("dotnet", "msbuild"):
                O.msbuild_operands(self, cmd, args, scope, cwd)
            elif name in ("java", "javaw"):
                O.java_operands(self, cmd, args, scope, cwd)
            else:
                O.operands(self, cmd, args, scope, cwd)
            if name in K.DIRECTORY_OPTIONS:  # `ninja -C DIR`, `pnpm --dir DIR`: its operands are DIR's
                O.directory_operands(self, cmd, args, spec, scope, cwd, *K.DIRECTORY_OPTIONS[name])
            if name in ("base64", "xxd", "cat", "rev"):
                output = known_output(name, args, stdin, cwd)
        if name == "deno" and any(not a.dynamic and a.text == "--env-file" for a in args):
            # `deno run --env-file x.ts`: with no value deno loads ./.env into the code's environment
            O.add_path(self, cmd, Exp(".env", "--env-file", quoted=True), scope, cwd)
        if name in ("docker", "podman") and "build" in [a.text for a in args[:3]]:
            O.docker_host_files(self, cmd, args, scope, cwd)
        if name in ("jq", "gojq", "jaq"):
            O.jq_modules(self, cmd, args)
        elif name == "yq":
            O.yq_loads(self, cmd, args)
        if K.reads_response_files(name, args):
            O.response_files(self, cmd, args, scope, cwd)
        elif name in ("claude", "codex", "opencode"):  # (`claude -p "summarize @.env"`: programoperands)
            O.prompt_mentions(self, cmd, args, scope, cwd)
        if name in ("ed", "red", "ex") and stdin is not None:
            self.editor_script(cmd, name, stdin, scope, via, cwd)
        if name == "git" and any(a.text.startswith(("-c", "--config-env")) for a in args):
            self.git_trace_settings(argv)
        if S.program_has_sinks(name):
            # (`at now <<< CMD`, `echo CMD | crontab -`: known text scheduled to run later is also that code)
            for sink in S.find(name, args) + (scheduled(name, args, stdin) if name in K.SCHEDULERS else []) + \
                    (S.stdin_code_sinks(name, stdin) if name in ("dc", "m4", "gm4") else []):
                cmd.sinks.append(sink)
                start = len(self.out)
                ran = self.run_sink(sink, scope, via, cwd)
                if name == "trap":
                    self.trap_state(args, sink, scope, ran, start)
                elif ran is not None and name in ("mapfile", "readarray", "compgen"):
                    # (`mapfile -C 'cd ~;:'`, `compgen -F f`: the code runs in this shell)
                    self.maybe_state(scope, ran, via + [sink.label])
        if name in ("make", "gmake"):
            self.make_overrides(cmd, args, scope, via, cwd)
        if name in K.NET_SENDERS:  # (hook/netsends.py: a destination built at run time)
            cmd.words = args
        if name in K.PY_INSTALLERS or name.startswith(("python", "pip")):  # `PIP_FIND_LINKS=./dist pip install …`
            cmd.environment = self.installer_environment(scope)
        if name == "kill" and any(e.dynamic for e in args):  # `kill -9 $(cat server.pid)`: the pid on disk
            self.kill_pid_files(cmd, args)
        if name in K.CONFIG_PROGRAMS:  # `kubectl --kubeconfig kc`, `HOME=. aws …`: the programs kc names
            self.program_configs(cmd, name, args, scope, via, cwd)
        if name in K.SUBSCRIPT_BUILTINS:
            from legant_guard.shell.arith import subscript_payloads

            codes = subscript_payloads(args, scope.vars)
            if name == "let":
                codes += arith_payloads([("lit", a.text) for a in args if not a.dynamic], scope.vars)
            self.arith_code(codes, scope, via, cwd)
        O.deletion(self, cmd, name, args, scope, cwd, n_extra)
        if xargs is not None:
            O.xargs_operands(self, cmd, xargs)
        if name in K.INTERPRETERS or name.startswith("python"):
            I.interpreter_input(cmd, name, args, records[1:], stdin)
        if name in K.INTERPRETERS or name.startswith("python") or S.is_interpreter(name):
            known = stdin.text if stdin is not None else None
            partial = stdin.partial if stdin is not None and known is None else None
            cmd.code = S.interpreter_code(name, args, known if partial is None else partial, partial is not None)
            sink = S.interpreter_sink(name, cmd.code, args)
            if sink is not None:
                cmd.sinks.append(sink)
        elif name in K.STDIN_COMPILERS and stdin is not None and (
                any(not a.dynamic and a.text in ("-", "/dev/stdin", "/dev/fd/0") for a in args) or
                name in ("cpp", "as", "gas") and all(a.text.startswith("-") or k and args[k - 1].text in ("-o", "-I", "-MF")
                                                     for k, a in enumerate(args))):
            known = stdin.text if stdin.text is not None else stdin.partial
            if known is not None:  # (interpcode judges the files the source names as reads)
                from legant_guard.shell.interpsinks import source_includes

                cmd.code = Exp(source_includes(known), name, quoted=True)
        cmd.interactive = cmd.interactive or I.is_interactive(name, args, stdin, prefix_names=self.prefix_names)
        if stdin is None and xargs is None and _copies_session(name, args):
            cmd.session_input = True
        self.emit(cmd)
        return output if xargs is None else None  # (`echo .env | xargs echo`: the input's words are printed too)


    # ---- exec sinks -------------------------------------------------------------------------
    def environment_sink(self, name, value, scope, via):
        sink = S.environment_sink(name, value)
        if sink is not None:
            self.run_sink(sink, scope, via, scope.cwd)

    def run_sink(self, sink, scope, via, cwd, typed=False):
        """Analyse the payload of an exec sink as the command it is, or record it as undetermined.
        `typed`: the payload is a command a runner starts as it is, on the session's input (its
        prompt would read what is typed: red team 43)."""
        label = sink.label
        value = sink.value
        start = len(self.out)
        ran = None  # the state the payload leaves, when it is shell code analysed here
        if sink.payload == "code":
            self.placeholder(scope, via + [label], "what `%s` runs (%s)" % (label, sink.reason))
        elif value.dynamic:
            self.placeholder(scope, via + [label], "the program `%s` runs, built from `%s`" % (label, value.src))
        elif value.text.strip():
            text = value.text
            if sink.payload == "program":
                text = quote(text)
            elif sink.payload == "git":
                text = "git " + text
            elif sink.payload == "goflags":
                text = "go test " + text
            elif sink.payload == "makeflags":
                text = "make " + text
            sub = scope.copy()
            sub.cwd = cwd
            depth = self.depth
            try:
                self.nested(text, sub, via + [label])
                ran = sub
            except ParseError as e:
                self.depth = depth
                self.placeholder(scope, via + [label], "the program `%s` runs (%s)" % (label, e))
        if sink.payload == "editor" and sink.label == "$GIT_SEQUENCE_EDITOR":
            self.placeholder(scope, via + [label], "what `%s` writes into the rebase's list (%s)" % (label, sink.reason))
        for cmd in self.out[start:]:
            if cmd.sink is None:  # the innermost sink names what runs it
                cmd.sink = sink
            # the program that runs a payload appends its own arguments (git adds the host
            # and command to GIT_SSH_COMMAND): whether it would be interactive is not known;
            # an editor is given a file, and a full-screen one waits for a person
            cmd.interactive = (typed and cmd.interactive) or (sink.payload == "editor" and cmd.executable in K.FULL_SCREEN)
        return ran

    def trap_state(self, args, sink, scope, ran, start):
        """`trap CODE DEBUG` (ERR, RETURN, a signal): bash runs CODE in this very shell before or
        between the later commands, so what it changes (`cd ~`, `HOME=/x`, `x=.env`) may hold
        for any of them, again after each of their own changes: undetermined. So is code that
        sources a file or calls a function (one defined later too: bash looks it up each time
        the trap fires). EXIT runs it when the shell ends, after every command."""
        words = [e for e in args if e.dynamic or e.text != "--"]
        signals = [e.text.upper() for e in words[1:]]
        if not words or not signals or all(not e.dynamic for e in words[1:]) and \
                all(t in ("EXIT", "SIGEXIT", "0") for t in signals):
            return
        what = "what `trap %s %s` changes in the shell it runs in (%s)" % (
            sink.value.src[:60], " ".join(e.src for e in words[1:])[:40],
            "bash runs it between the later commands, which then meet those changes")
        if ran is None or SC.changed_state(scope, ran) or \
                any(c.executable in ("source", ".") for c in self.out[start:]):
            self.unknown(None, what)
        else:
            self.traps.append((sink.value.text, what, len(self.functions), len(self.aliases_defined)))

    def ambient_configs(self, name, scope):
        """[(variable, value)] of the agent's environment that points `name` at a configuration
        file (`KUBECONFIG=./kubeconfig` exported before the session, then `kubectl get pods`
        after the agent wrote an `exec` plugin into it), unless the command sets the variable."""
        kind = K.CONFIG_PROGRAMS[name]
        found = []
        for variable, value in self.environment.items():
            if variable in self.prefix_values or variable in scope.vars or not value:
                continue
            if K.CONFIG_VARIABLES.get(variable) == kind or (kind == "npm" and variable[:11].lower() == "npm_config_" and
                                                            variable[11:].lower() in _NPM_CONFIG_KEYS):
                found.append((variable, value))
        return found

    def kill_pid_files(self, cmd, args):
        """`kill -9 $(cat server.pid)`, `$(<F)`, `$(head -n1 F)`: the pid is the file's text, read
        now (a file an earlier command of the line names may change first: left unknown), so
        the tripwires see `-1` (every process) there as they do on the line."""
        argv = cmd.argv[:1]
        changed = False
        for e in args:
            path = _pid_file(e.src) if e.dynamic else None
            if path is not None:
                path = absolute(path, cmd.cwd)
                if self.written_earlier(path):  # (`echo -1 > p; kill -9 $(cat p)`)
                    self.unknown(cmd, "the pid `kill` reads from %s, which an earlier command of the line writes" % path)
                    argv.append(e.text)
                    continue
                text = _small_text(path)
                if text is not None:
                    argv += [text.strip()] if e.quoted else text.split()
                    changed = True
                    continue
            argv.append(e.text)
            if e.dynamic and path is None:  # `kill -9 ${PID:--1}`, `$((PID-1))`: -1 when PID is unset
                from legant_guard.shell.emptyreading import reading

                unset = reading(e.src)
                if unset is not None and unset.strip() and unset.strip() != e.text.strip():
                    argv.append(unset.strip())
                    changed = True
        if changed:
            cmd.argv = argv

    def written_earlier(self, path):
        """Could an earlier command of the line write `path` (a redirect into it, or a program other
        than a plain reader naming it)?"""
        for cmd in self.out:
            if any(r.target == path and ">" in r.op for r in cmd.redirects) or \
                    (path in cmd.paths and cmd.executable not in _PLAIN_READERS):
                return True
        return False

    def installer_environment(self, scope):
        """The PIP_*/UV_* (K.KEPT_VARIABLES) variables set for this command: its prefix, else set
        earlier in the line."""
        found = {n: v[0] if v is not None and len(v) == 1 else None for n, v in scope.vars.items()
                 if n.startswith(K.KEPT_VARIABLES)}
        found.update((n, v) for n, v in self.prefix_values.items() if n.startswith(K.KEPT_VARIABLES))
        return found

    def program_configs(self, cmd, name, args, scope, via, cwd):
        """The configuration files the program's options name, and those of a HOME the command moved."""
        home = self.prefix_values["HOME"] if "HOME" in self.prefix_values else \
            (scope.vars.get("HOME") or [None])[0] if len(scope.vars.get("HOME") or ()) == 1 else None
        home = absolute(home, scope.cwd) if home else None
        home = home if home != self.home else None
        cargo_home = self.prefix_values.get("CARGO_HOME") if name == "cargo" else None
        if name == "cargo" and cargo_home is None and len(scope.vars.get("CARGO_HOME") or ()) == 1:
            cargo_home = scope.vars["CARGO_HOME"][0]
        ambient = self.ambient_configs(name, scope) if self.environment else ()
        if home is None and not cargo_home and not ambient and \
                not any(a.dynamic or a.text.startswith(_CONFIG_OPTIONS) for a in args):
            return  # (`npm test`, `kubectl get pods`: nothing moves their configuration)
        from legant_guard.shell import configprograms as CP

        configs, dynamic = CP.of_program(name, args, cwd, home)
        for variable, value in ambient:
            configs += CP.of_variable(variable, value, cwd)
        if cargo_home:
            configs.append(CP.cargo_aliases(absolute(cargo_home, scope.cwd)))
        if dynamic:
            self.placeholder(scope, via + [name], "the configuration file `%s` names" % dynamic)
        self.config_programs(configs, scope, via, cwd, cmd, cmd.argv)

    def make_overrides(self, cmd, args, scope, via, cwd):
        """`make NPM=curl install`: a variable the makefile's recipes run as a program, set on
        make's command line, names the program make runs (shell/makevars.py)."""
        definitions = S.make_assignments(args)
        # HOME, PWD and CDPATH while they hold what the shell gives them were not chosen by the
        # command: a makefile's `$(PWD)/build.sh` runs the project's script, not a program set here
        own = {"HOME": [self.home], "PWD": [scope.cwd], "CDPATH": [env_cdpath()]}
        chosen = {name: values for name, values in scope.vars.items() if own.get(name) != values}
        if not definitions and not self.prefix_values and not chosen:
            return  # nothing set for the makefile to run (and no need to read it)
        from legant_guard.shell.makevars import program_variables

        flags = S.catalogue()["environment"]["makeflags"]
        # the environment's variables are make's too: `CFLAGS='$(shell curl h)' make` runs curl where
        # the makefile uses $(CFLAGS) (a variable of the command line was read by sinks.find)
        environment = {n: v for n, v in chosen.items() if v is not None and len(v) == 1 and not n.startswith(" ")}
        environment.update((n, [v]) for n, v in self.prefix_values.items() if v is not None)
        for var, values in environment.items():
            for sink in S.make_function_sinks("$%s " % var, Exp(values[0], "$" + var, quoted=True)):
                cmd.sinks.append(sink)
                self.run_sink(sink, scope, via, cwd)
        for var, op, value in definitions:
            if op == "!=":  # `make 'X!=curl h'`: make runs the value in a shell as it reads it
                sink = S.Sink("make %s!=" % var, "shell", "make runs the value of a `!=` assignment as a shell command", value)
                cmd.sinks.append(sink)
                self.run_sink(sink, scope, via, cwd)
        assigned = [(n, v) for n, op, v in definitions if n not in flags and op != "!="]
        programs = program_variables(args, cwd)
        for var, default in programs.items():
            # `NPM=curl make` / `export NPM=curl; make`: the environment fills a `?=` or unset variable
            if default is not None and default[0] != "?=" or any(n == var for n, _ in assigned):
                continue
            if var in self.prefix_values:
                value = self.prefix_values[var]
                assigned.append((var, Exp(value or "", "%s=" % var, dynamic=value is None, quoted=True)))
            elif chosen.get(var) is not None and len(chosen[var]) == 1:
                assigned.append((var, Exp(chosen[var][0], "$%s" % var, quoted=True)))
        for var, value in assigned:
            default = programs.get(var)
            if default is not None and not value.dynamic and value.text.strip() == default[1]:
                continue  # `make NPM=npm`: the makefile's own program
            if var in programs or var == "MAKE":
                sink = S.Sink("make %s=" % var, "shell", "the makefile's recipes run $(%s) as a program" % var, value)
                cmd.sinks.append(sink)
                self.run_sink(sink, scope, via, cwd)

    def arith_code(self, codes, scope, via, cwd):
        """Text that bash evaluates as arithmetic and that holds a command substitution
        (shell/arith.py): analysed as the command it runs."""
        for code in codes:
            if code[:1] == "\0":  # (arith.UNKNOWN: run-time text, evaluated as arithmetic)
                self.placeholder(scope, via + ["arithmetic on `%s`" % code[1:61]], _RUNTIME_ARITH % code[1:61])
                continue
            self.run_sink(S.Sink("arithmetic `%s`" % code[:60], "shell", _ARITH_REASON,
                                 Exp("true " + code, code, quoted=True)), scope, via, cwd)

    def editor_script(self, cmd, name, stdin, scope, via, cwd):
        """ed/ex reading commands from stdin: `!CMD`, `r !CMD`, `w !CMD` hand CMD to a shell."""
        reason = "`%s` hands the text after `!` to a shell" % name
        if stdin.text is None:
            if stdin.kind != "file":
                sink = S.Sink(name, "code", "`%s` reads commands (which can run programs) from its input" % name,
                              Exp("", name, dynamic=True))
                cmd.sinks.append(sink)
                self.run_sink(sink, scope, via, cwd)
            return
        for line in stdin.text.split("\n"):
            if "!" in line:
                sink = S.Sink(name + " !", "shell", reason, Exp(line.split("!", 1)[1], line, quoted=True))
                cmd.sinks.append(sink)
                self.run_sink(sink, scope, via, cwd)

    # ---- shells and interpreters ----------------------------------------------------------
    def shell(self, cmd, args, records, scope, via, stdin, cwd):
        """A shell the command starts: what `-c` or its input runs is analysed (shell_code), with
        the options it starts with (`bash -P`, `-o physical`, `-O lastpipe`, SHELLOPTS/BASHOPTS
        in its environment): its cd's are physical, its pipelines end in the shell itself."""
        markers = _startup_options(args, self.prefix_names, self.prefix_values)
        if not markers:
            return self.shell_code(cmd, args, records, scope, via, stdin, cwd)
        saved = {k: scope.vars.get(k) for k in markers}
        scope.vars.update(markers)
        try:
            return self.shell_code(cmd, args, records, scope, via, stdin, cwd)
        finally:
            for k, v in saved.items():
                if v is None:
                    scope.vars.pop(k, None)
                else:
                    scope.vars[k] = v

    def shell_code(self, cmd, args, records, scope, via, stdin, cwd):
        name = cmd.executable
        has_c = False
        keyword = False  # `bash -k -c SCRIPT`, `bash -o keyword -c SCRIPT`
        interactive_flag = False
        read_stdin = False
        k = 0
        while k < len(args):
            t = args[k].text
            if args[k].dynamic:
                break
            if t == "--" or t == "-":
                k += 1
                break
            if t in ("-o", "+o", "-O", "+O", "--rcfile", "--init-file", "--emulate"):  # (zsh's `--emulate sh`)
                if t in ("--rcfile", "--init-file") and k + 1 < len(args):
                    O.add_path(self, cmd, args[k + 1], scope, cwd)
                if t == "-o" and k + 1 < len(args) and args[k + 1].text == "keyword":
                    keyword = True
                k += 2
                continue
            if t.startswith("--"):
                k += 1
                continue
            if (t.startswith("-") or t.startswith("+")) and len(t) > 1:
                letters = t[1:]
                if "k" in letters and t[0] == "-":
                    keyword = True
                if "c" in letters:
                    has_c = True
                if "i" in letters:
                    interactive_flag = True
                if "s" in letters:
                    read_stdin = True
                # each o/O of a bundle takes the next word as an option's name (`bash -euo pipefail -c
                # SCRIPT`: red team 41, `pipefail` was read as a script file and SCRIPT never seen)
                values = letters.count("o") + letters.count("O")
                if values and t[0] == "-" and any(a.text == "keyword" for a in args[k + 1:k + 1 + values]):
                    keyword = True
                k += 1 + values
                continue
            break
        if "zsh" in name:  # (its options change zsh's expansions: shell/zshcode.py)
            self.zsh_options = [a.text for a in args[:k]]
        rest = args[k:]
        label = name
        if has_c:
            label = name + " -c"
            if not rest:
                self.placeholder(scope, via + [label], "`%s -c` without a script" % name)
                return None
            rec = records[k] if k < len(records) else []
            # `sh -c 'rm -rf "$1"' sh /`; run by xargs, the shell gets more words (its input) after
            # these, and `-I{}` puts the input in them: `xargs -I{} sh -c 'cat "$1"' _ {}`
            by_xargs, self.xargs_shell = self.xargs_shell, False
            outer = _state().bind_script_positional(scope, rest[1:], rest[0], unknown=by_xargs)
            start = len(self.out)
            saved_keyword = scope.vars.get(SC.KEYWORD)
            if keyword:
                scope.vars[SC.KEYWORD] = ["1"]
            try:
                out = self.run_script(rest[0], rec, scope, via + [label], label, cmd.redirects, cwd)
            finally:
                _state().restore_positional(scope, outer)
                if keyword:
                    scope.vars.pop(SC.KEYWORD, None)
                    if saved_keyword is not None:
                        scope.vars[SC.KEYWORD] = saved_keyword
            for c in self.out[start:]:
                # what the shell's wrappers read (`xargs -a LIST sh -c ...`), read for its commands
                c.paths.extend(p for p in cmd.paths if p not in c.paths)
            return out
        if rest and not read_stdin and rest[0].proc and I.reads_session_input(records[k] if k < len(records) else []):
            cmd.interactive = True  # `sh <(cat)`: the script is what is typed into the session
            self.emit(cmd)
            return None
        if rest and not read_stdin and not rest[0].dynamic and rest[0].text in STDIN_FILES:
            return self.stdin_code(cmd, name, stdin, scope, via, cwd)
        if rest and not read_stdin and not rest[0].dynamic and not rest[0].proc and rest[0].text.startswith(FD_FILES):
            ph = self.placeholder(scope, via + [name], "script read by `%s` from `%s`" % (name, rest[0].src))
            self.attach_redirects(ph, cmd.redirects)
            return None
        if rest and not read_stdin:
            # a script file: run as a program (its content is not analysed)
            O.operands(self, cmd, rest[:1], scope, cwd)
            if rest[0].proc:
                rec = records[k] if k < len(records) else []
                cmd.runs_output_of = [c.executable for c in rec if c.executable]
                self.unknown(cmd, "script read by `%s` from `%s`" % (name, rest[0].src))
            cmd.interactive = interactive_flag
            self.emit(cmd)
            return None
        return self.stdin_code(cmd, name, stdin, scope, via, cwd, interactive_flag)

    def stdin_code(self, cmd, name, stdin, scope, via, cwd, interactive_flag=False):
        """A shell (or `source /dev/stdin`) reading its code from standard input."""
        if stdin is None or I.copies_terminal(stdin):  # `cat | sh`: what is typed into the session
            cmd.interactive = True
            self.emit(cmd)
            return None
        if stdin.kind == "file":
            cmd.interactive = interactive_flag
            self.emit(cmd)
            return None
        if stdin.text is not None:
            if "zsh" in name.lower() and self.zsh_only(stdin.text, [], scope, via + [name], cmd.redirects):
                return None
            start = len(self.out)
            # (`source /dev/stdin <<< 'cd ~'` runs the code in this shell: what it changes stays)
            sub = scope if name in ("source", ".") else scope.copy()
            sub.cwd = cwd
            out = self.nested(stdin.text, sub, via + [name])
            for c in self.out[start:]:
                self.attach_redirects(c, cmd.redirects)
            return out
        runs = [c.executable for c in stdin.producers if c.executable]
        for c in stdin.producers:
            runs.extend(c.runs_output_of)
        what = ", ".join("`%s`" % r for r in runs) or "an undetermined command"
        ph = self.placeholder(scope, via + [name], "script read by `%s` from the output of %s" % (name, what), runs)
        self.attach_redirects(ph, cmd.redirects)
        return None


_NPM_CONFIG_KEYS = frozenset(("userconfig", "globalconfig", "prefix"))  # (configprograms.npm_kind)
_CONFIG_OPTIONS = ("--kubeconfig", "--userc", "--globalc", "--config")  # (configprograms._OPTIONS, npm's prefixes)
_PLAIN_READERS = frozenset(("cat", "head", "tail", "less", "more", "grep", ":", "test", "[", "wc"))
_PID_READERS = ("$(cat ", "$(cat -- ", "$(<", "$(< ", "`cat ", "$(head -n1 ", "$(head -n 1 ", "$(head -1 ")


def _pid_file(src):
    """The file of a substitution that only prints one (`$(cat F)`, `"$(<F)"`, `` `cat F` ``), or None."""
    text = src[1:-1] if len(src) > 1 and src[0] == src[-1] == '"' else src
    for start in _PID_READERS:
        end = "`" if start[0] == "`" else ")"
        if text.startswith(start) and text.endswith(end):
            name = text[len(start):-1].strip()
            if name and not any(c in name for c in "$`\\'\" ;&|<>(){}*?[~"):
                return name
    return None


def _small_text(path):
    from legant_guard.hook.scriptfiles import read_regular

    return read_regular(path, 4096)  # (None: missing, not a regular file, or longer)
