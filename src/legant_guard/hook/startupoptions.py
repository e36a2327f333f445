"""Start-up lines that change how the agent's shell reads every later command line.

The guard judges a command line as bash reads it with its default options. Claude Code's Bash
tool replays the options the user's start-up file leaves set before each command (its shell
snapshot keeps `shopt`, `set -o` and zsh's `setopt` lines), and Codex runs its commands in a
login shell, which reads ~/.profile first. A line written there by one session changes what
every later command line of every session does, for every role:
- `shopt -s dotglob` makes `cp -r stage/* .` copy `stage/.claude` over the hook config and
  `cat *` read `.env`; `nocaseglob` makes `.CLAUD[E]` match `.claude`; `extglob`, `globstar`,
  `failglob`, `nullglob`, `globskipdots` change what a pattern names;
- `shopt -u interactive_comments` runs what the guard took for a comment (`ls # ; rm …`);
- `cdable_vars`, `CDPATH` send a `cd` elsewhere; `set -P` resolves `..` through links;
- `IFS`, `GLOBIGNORE`, `GLOBSORT`, `BASH_COMPAT`, `POSIXLY_CORRECT`, `EXECIGNORE` change how
  words split, which names a glob keeps and which program a name runs;
- `set -k` turns `git log GIT_PAGER=…` into a variable of git's; `set -H` rewrites `!…`;
  `xpg_echo` makes `echo` print what the guard did not compute;
- `hash -p /tmp/x ls` (zsh: `hash ls=/tmp/x`) makes `ls` run another program, and zsh's
  lowercase `path`, `cdpath`, `fpath`, `module_path` arrays are PATH, CDPATH and the folders it
  loads functions and modules from.
Options that only shape the interactive experience (history, prompt, completion, job control,
vi/emacs editing, `set -euxo pipefail`) stay allowed. Loaded only when text for a start-up
file is checked (startuptext.startup_text_problem).
"""

import re

from legant_guard.hook.startupcommands import _COMMAND_AT

# bash's `shopt` options that only change the interactive experience or error reporting.
_SHOPT_HARMLESS = frozenset((
    "histappend", "histreedit", "histverify", "cmdhist", "lithist", "checkwinsize", "checkjobs", "checkhash",
    "cdspell", "dirspell", "direxpand", "no_empty_cmd_completion", "progcomp", "progcomp_alias", "hostcomplete",
    "complete_fullquote", "promptvars", "huponexit", "mailwarn", "autocd", "gnu_errfmt", "force_fignore",
    "execfail", "expand_aliases", "shift_verbose", "login_shell"))
# ... and those whose default (on) is what the guard reads: turning them on again is fine.
_SHOPT_ON_ONLY = frozenset(("interactive_comments", "globskipdots", "sourcepath", "extquote"))
# `set -o NAME` (bash and zsh) that change no word of a command line.
_SET_O_HARMLESS = frozenset((
    "vi", "emacs", "history", "ignoreeof", "monitor", "notify", "errexit", "nounset", "xtrace", "verbose",
    "noclobber", "allexport", "hashall", "pipefail", "noexec", "privileged", "onecmd", "nolog"))
# `set -X` letters that change how words are read (bash): noglob, keyword, histexpand, physical,
# errtrace, functrace; `set +B` turns brace expansion off.
_SET_LETTERS_ON = "fkHPET"
_SET_LETTERS_OFF = "B"
# zsh options (lower case, no underscores) that only shape the interactive experience.
_ZSH_HARMLESS = frozenset((
    "sharehistory", "incappendhistory", "incappendhistorytime", "appendhistory", "extendedhistory", "autocd",
    "autopushd", "pushdignoredups", "pushdsilent", "pushdtohome", "pushdminus", "correct", "correctall", "autolist",
    "automenu", "menucomplete", "alwaystoend", "completeinword", "completealiases", "listtypes", "listpacked",
    "listrowsfirst", "listambiguous", "listbeep", "autoparamslash", "autoremoveslash", "autoparamkeys",
    "promptsubst", "promptpercent", "promptbang", "promptcr", "promptsp", "transientrprompt", "notify", "beep",
    "longlistjobs", "checkjobs", "checkrunningjobs", "hup", "autoresume", "bgnice", "ignoreeof", "flowcontrol",
    "zle", "vi", "emacs", "monitor", "printexitvalue", "rmstarsilent", "rmstarwait", "globcomplete",
    "mailwarning", "singlelinezle", "combiningchars", "errexit", "errreturn", "xtrace", "verbose", "nounset",
    "pipefail", "clobber", "interactivecomments"))
# Variables whose value changes how the shell splits, globs, changes folders or finds programs.
# (zsh's lower-case arrays are tied to PATH, CDPATH and its function and module folders; a
# `local` one in a function is that function's own)
_STATE_VARIABLES = ("IFS", "CDPATH", "GLOBIGNORE", "GLOBSORT", "BASH_COMPAT", "POSIXLY_CORRECT", "EXECIGNORE")
_ZSH_ARRAYS = ("path", "cdpath", "fpath", "module_path")
# (a command word stands where startupcommands finds one: after a separator, a keyword, `!`, `time`,
# `builtin`/`command`, assignments: `X=1 shopt -s dotglob`, `case … *) set -k;;`, `! shopt …`)
_OPTION_LINE = re.compile(_COMMAND_AT + r"(shopt|set|setopt|unsetopt|emulate|hash)\b([^\n;&|)#]*)", re.M)
_STATE_ASSIGNMENT = re.compile(r"(?<![\w$.-])(?:((?:export|declare|typeset|local|readonly)(?:[ \t]+-\w+)*[ \t]+)?"
                               r"(%s)|(?<!local )(%s))(?:\[[^\]\n]*\])?\+?[ \t]*="
                               % ("|".join(_STATE_VARIABLES), "|".join(_ZSH_ARRAYS)))
# An assignment's value, then a command word: the assignment holds for that command alone
# (`while IFS= read -r line`, `IFS=, read -r a b`).
_FOR_ONE_COMMAND = re.compile(r"(?:'[^'\n]*'|\"(?:[^\"\\\n]|\\.)*\"|\$'[^'\n]*'|[^\s;&|()<>'\"])*[ \t]+"
                              r"(?![A-Za-z_][A-Za-z0-9_]*\+?=)[^\s;&|()#]")
# Builtins that set a variable they are given by name (`read -r IFS < f`, `declare -n r=IFS`).
_STATE_TARGET = re.compile(r"\b(?:read|mapfile|readarray|getopts|(?:declare|typeset|local)[^\n;&|]*-\w*n)\b[^\n;&|#]*?"
                           r"(?<![\w$-])(%s)\b" % "|".join(_STATE_VARIABLES))


# The shells' tables of command names (red team #34): bash's hash table and alias table as arrays
# (`BASH_CMDS[ls]=/tmp/curl` makes `ls` run it), zsh's `commands`, `aliases`, `galiases`,
# `saliases`, `functions` and `nameddirs` (`~x`), and zsh's global and suffix aliases (`alias -g`,
# `alias -s`: expanded anywhere in a line, or for a file name typed as a command), `disable`.
_COMMAND_TABLES = ("BASH_CMDS", "BASH_ALIASES", "commands", "aliases", "galiases", "saliases", "functions",
                   "dis_functions", "nameddirs", "userdirs", "builtins", "reswords")
_TABLE_WRITE = re.compile(r"(?<![\w$.-])(?:(?:declare|typeset|local|export)(?:[ \t]+-\w+)*[ \t]+)?(%s)(?:\[|\+?=)"
                          % "|".join(_COMMAND_TABLES))
_ZSH_ALIAS_KINDS = re.compile(_COMMAND_AT + r"(?:alias[ \t]+(?:-\w*[ \t]+)*-\w*[gs]|disable)\b", re.M)


def option_problem(text, exported=False):
    """Why `text` (for a shell start-up file) changes how later command lines are read, or None.
    `exported`: direnv's and mise's files, which hand the agent variables through its environment
    alone (no shell option gets there, and the guard reads the agent's CDPATH and BASHOPTS itself)."""
    for candidate in (text, text.replace("'", "").replace('"', "").replace("\\", "")):
        for m in _STATE_ASSIGNMENT.finditer(candidate):
            name = m.group(2) or m.group(3)
            if (m.group(1) or "").startswith("local") or (not m.group(1) and _FOR_ONE_COMMAND.match(candidate, m.end())):
                continue  # (a function's own, or one command's)
            # (bash takes no IFS or GLOBIGNORE from its environment)
            if not exported or m.group(2) not in (None, "CDPATH", "IFS", "GLOBIGNORE"):
                return (f"it sets {name}, which changes how the agent's shell splits, expands or finds the words "
                        "of every later command, where the guard reads them as bash does by default")
        m = None if exported else (_TABLE_WRITE.search(candidate) or _ZSH_ALIAS_KINDS.search(candidate))
        if m:
            return (f"it contains `{m.group(0).strip()[:60]}`, which binds a command name to another program or text "
                    "(the shell's own tables of commands, aliases and functions), where the guard judged the name")
        m = None if exported else _STATE_TARGET.search(candidate)
        if m:
            return (f"it sets {m.group(1)}, which changes how the agent's shell splits, expands or finds the words "
                    "of every later command, where the guard reads them as bash does by default")
        if exported:
            continue
        moved = _changes_folder(candidate)
        if moved:
            return (f"it contains `{moved}`, which moves the agent's shell to another folder before every later "
                    "command (Codex runs each command in a login shell that reads it first), where the guard reads "
                    "relative names from the folder the agent works in")
        for m in _OPTION_LINE.finditer(candidate):
            what = _changed(m.group(1), m.group(2).split())
            if what:
                return (f"it contains `{m.group(0).strip()[:80]}` ({what}), which changes how the agent's shell "
                        "reads every later command line (the agents replay start-up options before each "
                        "command), where the guard reads it as bash does by default")
    return None


_FOLDER_CHANGERS = frozenset(("cd", "pushd", "popd", "chdir"))


def _changes_folder(text):
    """The first `cd`/`pushd`/`popd` (zsh: `chdir`) the shell runs as it reads `text`, outside a
    function body, a subshell and a pipeline (which run elsewhere), as written; None when there
    is none or the text is no shell the guard parses (red team 39: `cd ~/.codex` in ~/.profile ran
    every later Codex command there: `printf … > config.toml` wrote Codex's own configuration)."""
    from legant_guard.shell.parse import Compound, ParseError, Simple, parse

    try:
        pending = [parse(text)]
    except (ParseError, RecursionError):
        return None
    while pending:
        items = pending.pop()
        for k, (pipeline, _sep) in enumerate(items):
            if len(pipeline.cmds) != 1 or _before_a_patch(items[k + 1:k + 2]):
                continue  # (`cd ~ && apply_patch <<'EOF'`: the command line of a patch, not a line it adds)
            cmd = pipeline.cmds[0]
            if isinstance(cmd, Compound):
                if cmd.kind not in ("func", "subshell"):
                    pending += [body for body in cmd.body if isinstance(body, list)]
                continue
            words = [w.src.replace("'", "").replace('"', "").replace("\\", "") for w in cmd.words] \
                if isinstance(cmd, Simple) else []
            while words and words[0] in ("builtin", "command", "noglob", "nocorrect"):
                words = words[1:]
            if words and words[0] in _FOLDER_CHANGERS:
                return " ".join(words)[:80]
    return None


def _before_a_patch(items):
    """Is the next command of the list Codex's `apply_patch` (the text checked holds the command
    line that applies a patch, with the lines it adds)?"""
    from legant_guard.shell.parse import Simple

    for pipeline, _sep in items:
        first = pipeline.cmds[0] if pipeline.cmds else None
        return isinstance(first, Simple) and bool(first.words) and first.words[0].src in ("apply_patch", "applypatch")
    return False


def _changed(word, args):
    """What the option command `word ARGS` changes that the guard reads otherwise, or ''."""
    if word == "emulate":
        return "another shell's rules" if args else ""
    if word == "hash":
        return "a program bound to a name" if any(a == "-p" or a == "-d" or "=" in a for a in args) else ""
    if word in ("setopt", "unsetopt"):
        return next((a for a in args if not _zsh_harmless(a, word == "setopt")), "")
    flags = "".join(a[1:] for a in args if a[:1] == "-" and a != "--")
    names = [a for a in args if a[:1] not in "-+"]
    if word == "shopt":
        if "o" in flags:
            return next((n for n in names if n not in _SET_O_HARMLESS), "")
        if "s" in flags:
            return next((n for n in names if n not in _SHOPT_HARMLESS and n not in _SHOPT_ON_ONLY), "")
        if "u" in flags:
            return next((n for n in names if n not in _SHOPT_HARMLESS), "")
        return ""
    # set: `-o NAME`/`+o NAME`, letters, or positional parameters after `--`
    out = []
    for i, arg in enumerate(args):
        if arg in ("--", "-"):
            break
        if arg[:1] not in "-+" or not arg[1:].isalpha():
            continue
        if "o" in arg[1:] and i + 1 < len(args):  # (`-o NAME`, and bundled: `-euo NAME`)
            if args[i + 1] not in _SET_O_HARMLESS and not _zsh_harmless(args[i + 1], arg[0] == "-"):
                out.append(args[i + 1])
        letters = _SET_LETTERS_ON if arg[0] == "-" else _SET_LETTERS_OFF
        out += [f"{arg[0]}{c}" for c in arg[1:] if c in letters]
    return out[0] if out else ""


def _zsh_name(name):
    return name.lower().replace("_", "")


def _zsh_harmless(name, on):
    """zsh reads `NO_X` as X turned off; option names ignore case and underscores."""
    key = _zsh_name(name)
    if key.startswith("no") and key[2:] in _ZSH_HARMLESS:
        key, on = key[2:], not on
    if key == "interactivecomments":
        return on
    return key in _ZSH_HARMLESS or key.startswith("hist")


# An alias named like its own program may only add options that change how it shows what it was
# asked for (red team #34: `alias rm='rm -rf ~/.claude'`, `alias cat='cat ~/.ssh/id_rsa'`, `alias
# git='git -c core.pager=…'`, `alias grep='grep -r'`, `alias cp='cp -t DIR'` made every later
# `rm x`, `cat README` or `git log` do what the guard never judged): ls any letters, grep its
# output letters, every program the prompts and reports.
_SHOWING = frozenset(("-i", "-I", "-v", "--interactive", "--verbose", "-h", "--human-readable", "--color", "--colour"))
_GREP_LETTERS = frozenset("inHhsIFEPwxcoqTZ")


# Programs whose next word is a command: an alias of one may end in a blank (`alias sudo='sudo '`),
# which has bash expand an alias in that next word too, as the program would run it anyway.
_COMMAND_TAKERS = frozenset(("sudo", "doas", "xargs", "watch", "nohup", "time", "nice", "env", "command", "builtin",
                             "exec", "timeout", "stdbuf", "setsid", "unbuffer"))


def plain_options(program, body):
    """Does the alias body `body` (`program` and its words) only change how `program` shows its
    result? A body ending in a blank has bash expand an alias in the word after it too (`alias
    ls='ls '`, then `ls src` runs the alias `src`, which the guard never judged there)."""
    if body[-1:].isspace() and program not in _COMMAND_TAKERS:
        return False
    for word in body.split()[1:]:
        option, _eq, value = word.partition("=")
        if value and (option not in ("--color", "--colour", "--time-style", "--quoting-style", "--indicator-style")
                      or not value.isalnum()):
            return False
        if option in _SHOWING or (program in ("ls", "dir", "vdir") and re.fullmatch(r"-[A-Za-z1]+|--[a-z-]+", option)
                                  and option not in ("--hide", "--ignore")):
            continue
        if program in ("grep", "egrep", "fgrep") and option[:1] == "-" and option[1:] and \
                set(option[1:]) <= _GREP_LETTERS:
            continue
        if program == "mkdir" and option in ("-p", "--parents"):
            continue
        return False
    return True


def alias_definitions(text):
    """(name, value) of every alias `text` defines, read as bash reads the words (quotes and
    backslashes taken out, `builtin alias`, `command alias`, `\\alias`, `ali''as`): `alias
    'cat=cat ~/.ssh/id_rsa'`, `alias "cat"='…'` and `alias ca\\t='…'` define `cat` too (red team
    #34). A line whose quotes do not close is left to the caller's own reading."""
    import shlex

    out = []
    for line in text.splitlines():
        if "alias" not in line.replace("'", "").replace('"', "").replace("\\", ""):
            continue
        try:
            lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|()")
            lexer.whitespace_split = True
            tokens = list(lexer)
        except ValueError:
            continue
        start, defining = True, False
        for token in tokens:
            if set(token) <= set(";&|()"):
                start, defining = True, False
            elif defining:
                if "=" in token and not token.startswith("-"):
                    out.append(tuple(token.split("=", 1)))
            elif start and token == "alias":
                defining = True
            elif start and (token in _PREFIX_WORDS or re.match(r"[A-Za-z_][A-Za-z0-9_]*\+?=", token)):
                continue
            else:
                start = False
    return out


_PREFIX_WORDS = frozenset(("builtin", "command", "!", "time", "then", "do", "else", "elif", "if", "while", "until", "{"))
