"""Commands scheduled to run later, outside any hook: `at` and `batch` read them from their input,
`crontab` installs a table of them.

The catalogue (rules/exec_sinks.json) marks these programs as running code the guard cannot
read, which a token with command rules denies, but `operator` allows what is undetermined:
`at now <<< "cp x ~/.claude/settings.json"` or `echo '* * * * * rm -rf ~' | crontab -` rewrote
the hook config or ran a catastrophic command a minute later, where no hook sees it. When the
text is known (a here-string, a here-document, `echo … |`) it is also the shell code it is: each
command meets every rule as if typed directly (the catalogue's undetermined payload stays, so
roles with command rules still refuse to schedule anything). A table line setting the shell
cron runs (`SHELL=`, `BASH_ENV=`, `ENV=`) is code the guard cannot read.
"""

from legant_guard.shell.knowledge import SCHEDULERS
from legant_guard.shell.sinks import Sink, _lit

PROGRAMS = SCHEDULERS  # (in knowledge.py: the walker asks it before loading this module)
_CRON_SHELL_VARIABLES = ("SHELL", "BASH_ENV", "ENV", "LD_PRELOAD")


def sinks(name, args, stdin):
    """The Sinks of the known text a scheduling command reads ([] when it reads none)."""
    if stdin is None or stdin.text is None or any(a.dynamic for a in args):
        return []
    words = [a.text for a in args]
    if name == "crontab":
        if any(w.startswith("-") and w != "-" and not w.startswith(("-u", "-i")) for w in words):
            return []  # -l, -r, -e: lists, removes or edits (the catalogue judges those)
        if any(not w.startswith("-") for w in words if w != "-") and "-" not in words:
            return []  # a table file
        return _table(stdin.text)
    if any(w.startswith("-f") or w in ("-l", "-r", "-d", "-c", "-q", "-V", "--help", "--version") for w in words):
        return []  # a job file, or a listing
    return [Sink(name, "shell", f"`{name}` runs these commands later, where no hook sees them",
                 _lit(stdin.text, "(its input)"))]


def _table(text):
    found = []
    for line in text.split("\n"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, eq, _ = line.partition("=")
        if eq and name.strip().isidentifier():
            if name.strip() in _CRON_SHELL_VARIABLES:
                found.append(Sink("crontab", "code", f"the crontab sets {name.strip()}, the shell its commands run in",
                                  _lit(line)))
            continue
        fields = line.split(None, 1 if line.startswith("@") else 5)
        command = fields[-1] if len(fields) == (2 if line.startswith("@") else 6) else ""
        command = _before_percent(command)
        if command.strip():
            found.append(Sink("crontab", "shell", "`crontab` installs this command, which runs later where no hook "
                              "sees it", _lit(command)))
    return found


def _before_percent(command):
    """cron hands what follows the first unescaped `%` to the command as its input."""
    out, i = [], 0
    while i < len(command):
        c = command[i]
        if c == "\\" and i + 1 < len(command) and command[i + 1] == "%":
            out.append("%")
            i += 2
            continue
        if c == "%":
            break
        out.append(c)
        i += 1
    return "".join(out)
