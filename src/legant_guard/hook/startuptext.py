"""The text check of the files a shell (or direnv, or mise) runs at start: text is let in only
when the guard can read it and it sets none of the variables that switch the agents' hooks off
or move them (hook/trustbase.py, part 3 of the trust base).

Loaded only when a call writes a start-up file, or a part module asks about those variables.
"""

import os

from legant_guard.hook.trustbase import SELF_COMMANDS, _which


_MISE_INDIRECT = r"(?:^|[^A-Za-z0-9])_\s*\.\s*(?:path|file|source|python|venv)\b|\benv_(?:file|path)\b|\bdotenv\b|" \
                 r"\[\s*hooks\b|^\s*hooks\s*[.=]|\bexec\s*\(|\{\{|\{%"


def mise_text_problem(text, path_var=None):
    """Why `text` may not go into a mise configuration file, or None: what a shell start-up file
    may not hold, and mise's own ways to load files, move PATH, run hooks or commands."""
    if len(text) > MAX_CHECKED_TEXT:
        return too_long_to_check(text)
    import re

    problem = startup_text_problem(text, path_var, exported=True)
    if problem:
        return problem
    m = re.search(_MISE_INDIRECT, text, re.M)
    if m:
        return (f"it contains `{m.group(0).strip()}`, with which mise loads another file, changes PATH or runs a "
                "command when a shell enters the folder")
    return None


# Variables that switch an agent's hooks off or move where it reads them, change the guard's
# interpreter, or put another `legant` first on PATH (names and prefixes, case-sensitive).
HOOK_VARIABLES = ("PATH", "HOME", "XDG_CONFIG_HOME", "ZDOTDIR", "BASH_ENV", "ENV", "fish_add_path", "fish_user_paths",
                  "VIRTUAL_ENV", "CONDA_PREFIX",
                  # code loaded into the agents' own runtimes, the shell their Bash tools run commands in,
                  # code run around every command, git's configuration moved out of the checked files
                  "NODE_OPTIONS", "NODE_PATH", "DENO_DIR", "SHELL", "SHELLOPTS", "BASHOPTS",
                  "PROMPT_COMMAND", "PS0", "command_not_found_handle", "command_not_found_handler", "extdebug",
                  # where opencode loads its npm plugins from and the agents' native installs live
                  "XDG_CACHE_HOME", "XDG_DATA_HOME",
                  # code loaded into every perl, ruby or java process the agent's commands start
                  "PERL5OPT", "PERL5LIB", "PERLLIB", "RUBYOPT", "RUBYLIB", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
                  "JDK_JAVA_OPTIONS",
                  # less runs its preprocessor on every file it shows
                  "LESSOPEN", "LESSCLOSE",
                  # glibc loads a character-set module from GCONV_PATH for a locale (LOCPATH names one the
                  # agent may have made) whose charset it has no built-in converter for: code in every
                  # program, the hook's own Python decoding its arguments at start included; node's
                  # compile cache is bytecode it runs instead of the agents' own source
                  "GCONV_PATH", "LOCPATH", "NODE_COMPILE_CACHE")


# Programs other programs run for the agent's commands (git's editor and pager, ssh's and sudo's
# password prompts): a program name with options (`EDITOR=vim`, `EDITOR="code --wait"`) is what the
# PATH, itself refused above, finds; a path or anything computed is code the guard never sees.
PROGRAM_VARIABLES = ("EDITOR", "VISUAL", "PAGER", "MANPAGER", "BROWSER", "SSH_ASKPASS", "SUDO_ASKPASS")


# (npm reads every npm_config_* in any case: `script-shell` runs each `npm run` script through a program)
# (PIP_, UV_ and PIPX_: the index, target or configuration file of the user's own later install of
# the guard, `pip install -U legant-guard`, `uv tool upgrade`)
# (BUN_: BUN_OPTIONS loads code into opencode's runtime, and BUN_CONFIG_REGISTRY, BUN_INSTALL_CACHE_DIR ...
# say where the `bun install` of opencode's npm plugins takes them from, as NPM_CONFIG_REGISTRY does)
HOOK_VARIABLE_PREFIXES = ("OPENCODE_", "CODEX_", "CLAUDE_", "LEGANT_", "PYTHON", "LD_", "DYLD_", "GIT_", "npm_config_",
                          "NPM_CONFIG_", "PIP_", "UV_", "PIPX_", "BUN_")


# Text that sets variables the guard cannot see by reading it: another file (direnv's
# `dotenv`, `source_env`, `use`, `layout` load more), a command's output, eval, a computed name.
_INDIRECT = r"\$\(|`|<\(|\beval\b|\bsource\b|" \
            r"(?:^|[;&|{('\"]|\bthen|\bdo)\s*(?:dotenv|dotenv_if_exists|source_env|source_env_if_exists|source_up|source_up_if_exists|" \
            r"source_url|use|layout|load_prefix|PATH_add|path_add)\b|(?:^|[;&|{('\"]|\bthen|\bdo)\s*\.\s|\bexec\b|\$\{!|\bprintf\s+-v\b|" \
            r"\b(?:export|declare|typeset|readonly|local|setenv|set|env)\b[^\n=]*[$\"'\\]"


# Shell built-ins and keywords: an alias or function by one of these names changes what every
# command line that uses it does (the agents' Bash tools load the user's aliases and functions).
_SHELL_WORDS = frozenset((
    "cd", "echo", "printf", "test", "[", "source", ".", "eval", "exec", "command", "builtin", "type", "read", "set",
    "export", "unset", "pwd", "kill", "wait", "true", "false", "let", "local", "declare", "typeset", "hash", "trap",
    "alias", "unalias", "shopt", "enable", "if", "then", "else", "fi", "for", "while", "do", "done", "case", "esac",
    "function", "return", "exit", "cat", "ls", "rm", "cp", "mv", "git", "sh", "bash", "zsh", "env", "sudo",
))


_ALIAS_LINE = r"(?:^|[;&|{('\"]|\bthen|\bdo)\s*alias\b([^\n;&|]*)"


_ALIAS_DEF = r"([^\s=;'\"]+)=(?:'([^']*)'|\"([^\"]*)\"|(\S*))"


_FUNCTION_DEF = r"(?:^|[\s;&|{('\"])(?:function\s+([^\s(){};&|]+)|([^\s(){};&|=$`'\"]+)\s*\(\s*\))"


def _shadowed_command(text, path_var):
    """The program an alias or function in `text` takes the name of, or None: `alias ls='curl ..'`,
    `git() { ...; }`, `alias claude='claude --bare'` make a command line the guard judged run
    something else. An alias that only adds options to its own program (`alias ls='ls -F'`) or
    names no program (`alias ll='ls -la'`) is fine; the agents and `legant` are never fine."""
    import re

    from legant_guard import agents

    from legant_guard.hook.budget import tick

    search = (path_var or "") + os.pathsep + "/usr/local/bin:/usr/bin:/bin"
    on_path = _names_on(search)  # (one listing per folder: a text of 5,000 aliases stat-ed 65,000 files)

    def program(name):
        tick()
        return name in _SHELL_WORDS or (name in on_path and _which(name, search) is not None)

    def shadows(name, body):
        first = body.split()[0] if body.split() else ""
        if name in SELF_COMMANDS or name in agents.CLIS or (program(name) and first != name):
            return True
        if first == name and program(name):  # (`alias rm='rm -rf ~/.claude'`: options only, and harmless)
            from legant_guard.hook.startupoptions import plain_options

            return not plain_options(name, body)
        return False

    for line in re.finditer(_ALIAS_LINE, text, re.M):
        for m in re.finditer(_ALIAS_DEF, line.group(1)):
            name = m.group(1).lstrip("-")
            if shadows(name, next((g for g in m.groups()[1:] if g is not None), "")):
                return name
    if "alias" in text.replace("'", "").replace('"', "").replace("\\", ""):
        from legant_guard.hook.startupoptions import alias_definitions  # (`alias 'cat=cat …'`, `\\alias`, `ali''as`)

        for name, body in alias_definitions(text):
            if shadows(name, body):
                return name
    for m in re.finditer(_FUNCTION_DEF, text, re.M):
        name = m.group(1) or m.group(2)
        if name in SELF_COMMANDS or name in agents.CLIS or program(name):
            return name
    return None


# `set -o vi`, `set +H`, `bind 'set completion-ignore-case on'` as the whole of a quoted word: the
# quote that ends them (`echo "set -o vi" >> ~/.bashrc`, checked as the raw command line) is not
# a quote of the text. Only a bash option (or readline variable) and its plain value, followed by
# nothing but the closing quote: `set -gx "CODEX""_HOME" x` (fish joins the quoted pieces into a
# name) and `set -- "$(...)"` still match.
_WORD_END = r"(?:\\n)?[\\]?[\"'][\\]?[\"']?"  # (`printf 'set -o vi\n'`; bind's own quote, then echo's)


_SHELL_OPTION = r"set[ \t]+(?:[-+]o[ \t]+[A-Za-z]+|[-+][A-Za-z]+)" + _WORD_END


_READLINE_SET = r"set[ \t]+[a-z][a-z-]*[ \t]+[A-Za-z0-9-]+" + _WORD_END


_BIND_QUOTE = r"\bbind[ \t]+[\\]?[\"']$"


def _quoted_shell_option(text, m):
    """Is this `_INDIRECT` match a bash option set (or a readline `set` handed to `bind`) whose
    only quote is the one closing the word that holds it?"""
    import re

    found = m.group(0)
    if re.fullmatch(_SHELL_OPTION, found):
        return True
    return bool(re.fullmatch(_READLINE_SET, found) and re.search(_BIND_QUOTE, text[:m.start()]))


# Start-up and configuration text the guard reads through (its regular expressions are one C
# call each, no clock between them): longer text is refused rather than read past the deadline.
MAX_CHECKED_TEXT = 256 * 1024


def too_long_to_check(text):
    if len(text) > MAX_CHECKED_TEXT:
        return (f"it is {len(text) // 1024} KiB long, more than the {MAX_CHECKED_TEXT // 1024} KiB the guard reads "
                "through before it lets text into such a file; write it in smaller parts")
    return None


def _brace_expanded(text, limit=256):
    """The words of `text` that hold a brace expression, as bash expands them (`export
    C{L,}AUDE_CONFIG_DIR=/tmp` sets CLAUDE_CONFIG_DIR), quotes taken out; "" when there are none."""
    if "{" not in text:
        return ""
    from legant_guard.shell.expansion import ExpansionError, brace_expand

    out = []
    for word in text.split():
        if "{" in word and ("," in word or ".." in word):
            try:
                expanded = brace_expand(word.replace("'", "").replace('"', ""))
            except ExpansionError:
                expanded = [word.replace("{", "").replace("}", "").replace(",", "")]
            out += (expanded or [])[:limit]
    return "\n" + "\n".join(out) if out else ""


def startup_text_problem(text, path_var=None, exported=False):
    """Why `text` may not go into a shell start-up file, or None. `path_var`: the agent's PATH
    (which names an alias or function may not take over). `exported`: a file whose variables
    reach the agent only through the environment (direnv's, mise's), not as a shell's state."""
    import re

    if len(text) > MAX_CHECKED_TEXT:
        return too_long_to_check(text)

    for m in re.finditer(r"[A-Za-z_][A-Za-z0-9_]*", text + _brace_expanded(text)):
        word = m.group(0)
        if word in HOOK_VARIABLES or word.startswith(HOOK_VARIABLE_PREFIXES):
            return f"it sets or uses {word}, which can switch the agents' hooks off or change what the guard runs"
    for m in re.finditer(r"(?<![A-Za-z0-9_])(%s)(?:[ \t]*=[ \t]*|[ \t]+)(\"[^\"\n]*\"|'[^'\n]*'|[^\s;&|)]*)"
                         % "|".join(PROGRAM_VARIABLES), text):
        value = m.group(2).strip("\"'")
        if value and not re.fullmatch(r"[A-Za-z0-9_.+-]+(?:[ \t]+-{1,2}[A-Za-z0-9_.=+-]*)*", value):
            return (f"it sets {m.group(1)} to `{value}`, a program other programs run for the agent's commands; "
                    "only a program name (with options) is accepted there")
    m = next((m for m in re.finditer(_INDIRECT, text, re.M) if not _quoted_shell_option(text, m)), None)
    if m:
        return (f"it contains `{m.group(0).strip()}`, which can set variables at start-up that the guard cannot "
                "read (another file, a command's output, a computed name)")
    m = re.search(r"(?:^|[;&|{('\"]|\bthen|\bdo)\s*(trap|enable)\b", text, re.M)
    if m:
        return (f"it contains `{m.group(1)}`, which runs or loads code around the commands the agent runs, where "
                "the guard does not see it")
    name = _shadowed_command(text, path_var)
    if name:
        return (f"it defines an alias or function named `{name}`: a command line the guard judged would run "
                "something else")
    from legant_guard.hook.startupcommands import command_problem  # (`else . F`, `command . F`, `'.' F`, `$X F` ...)
    from legant_guard.hook.startupoptions import option_problem  # (`shopt -s dotglob`, `IFS=:`, `hash -p`)

    return command_problem(text + _brace_expanded(text)) or option_problem(text, exported)


def _names_on(path_var):
    """Every name in the folders of `path_var` (a superset of the programs _which finds there); a
    folder that cannot be listed counts as holding every name (None)."""
    names = set()
    for folder in path_var.split(os.pathsep):
        if folder and os.path.isabs(folder):
            try:
                names.update(os.listdir(folder))
            except FileNotFoundError:
                continue
            except OSError:
                return _EVERY_NAME
    return names


class _EveryName:
    def __contains__(self, name):
        return True


_EVERY_NAME = _EveryName()
