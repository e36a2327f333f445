"""Start-up text that loads another file from a command word the plain patterns miss.

startuptext.startup_text_problem refuses `source`, `eval` and a `.` right after a separator, so
a start-up file (~/.bashrc, a project's .envrc) takes only text the guard reads itself. Bash
runs `.` (and direnv its loaders, `dotenv`, `source_env` ...) wherever a command word may
stand, and finds the word after quote removal: `else . x.sh`, `! . x.sh`, `command . x.sh`,
`builtin . x.sh`, `if . x.sh; then`, `time . x.sh`, `X=1 . x.sh`, `case ... *) . x.sh;;`, an
alias's value (`alias x='. x.sh'`), `'.' x.sh`, `\\. x.sh`, `so''urce`; and a command word
holding `$` (`$X x.sh`, `${D:-.} x.sh`, `$'\\056' x.sh`) is one the guard cannot name. Any of
those loads a file the agent wrote earlier (with a hook-switching variable) at every shell
start. Checked on the text as written and with its quotes and backslashes taken out (which
joins the spliced words); loaded only when text for a start-up file is checked.
"""

import re

_LOADERS = ("dotenv", "dotenv_if_exists", "source_env", "source_env_if_exists", "source_up", "source_up_if_exists",
            "source_url", "use", "layout", "load_prefix", "PATH_add", "path_add", "source", "eval", "exec",
            # (red team #34: direnv's `use X`/`layout X` call `use_X`/`layout_X`, which may be called by that
            # name; `direnv_load CMD` takes in the variables CMD prints; `strict_env CMD`/`unstrict_env CMD` run
            # CMD in the .envrc's own shell (`strict_env . ./x.sh`); rvm sources its own scripts)
            r"use_\w+", r"layout_\w+", "direnv_load", r"(?:un)?strict_env(?=[ \t]+[^\s;&|#])", "rvm")
# Where a command word stands: after a separator, a keyword or `{`/`!` that begin a word, `command`/`builtin`,
# an alias's `=`; then any assignments (values quoted or not) and options, each ended by blanks. Every
# repetition ends where the next begins (blanks, then a word that is not a blank), so a failed match
# costs a pass over the line, never a split of its blanks (red team #31: the text is the agent's).
_COMMAND_AT = (r"(?:^|[;&|()`]|(?<![^\s;&|()`])(?:[{!]|(?:then|do|else|elif|if|while|until|time|command|builtin|coproc)"
               r"(?=\s))|\balias[ \t]+[^\s=]+=)[ \t]*"
               r"(?:(?:[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]\n]*\])?\+?=(?:[^\s;&|()'\"`]|\"[^\"\n]*\"|'[^'\n]*')*"
               r"|-[A-Za-z-]+)[ \t]+)*")
_INDIRECT_WORD = re.compile(_COMMAND_AT + r"(?:[\\'\"]*\.['\"]*(?=[\s;&|)]|$)|[^\s;&|()<>=]*\$|[\\'\"]*(?:%s)\b)"
                            % "|".join(_LOADERS), re.M)


def command_problem(text):
    """Why `text` loads a file or runs a computed command at start-up where the guard cannot
    read it, or None."""
    for candidate in (text, text.replace("'", "").replace('"', "").replace("\\", "")):
        m = _INDIRECT_WORD.search(candidate)
        if m:
            return (f"it contains `{m.group(0).strip()[:80]}`, which can set variables at start-up that the guard cannot "
                    "read (another file, a command's output, a computed name)")
    return None
