"""Files a text tool's own script writes, for the trust base's checks of written files.

`sed -n "w $HOME/.bashrc" notes.txt` writes the lines of notes.txt into ~/.bashrc: the `w`/`W`
commands of a sed script (`s///w FILE` too) name files the shell analysis does not see as written
(sed without -i is a reader). The trust base (hook/trustbase.py) holds them to the same checks as
a redirect or a copy: a start-up file or a git configuration takes only text the guard can read
(which sed's output is not), a hook config or the guard's installation nothing at all.
"""

import os


def sed_written(cmd, home):
    """The absolute paths the `w`/`W` commands of `cmd`'s sed scripts write (a script file that
    cannot be read names none: the command's own checks refuse it)."""
    from legant_guard.hook.sedscripts import _sed_scripts, sed_file_commands

    found = []
    for script in _sed_scripts(cmd) or ():
        for line in script.split("\n"):
            for letter, text in sed_file_commands(line):
                name = text.strip() if letter in ("w", "W") else ""
                if not name or name in ("/dev/stdout", "/dev/stderr"):
                    continue
                if name == "~" or name.startswith("~/"):
                    name = home.rstrip("/") + name[1:]
                found.append(os.path.normpath(os.path.join(cmd.cwd, name)))
    return found


def awk_written(cmd, home):
    """The absolute paths awk's program writes with `print > "FILE"` / `>> "FILE"` (a plain string
    literal: awk opens it as written, relative to the folder it runs in; `-` and /dev/stdout are
    its output)."""
    from legant_guard.shell.interpsinks import awk_output_files

    if cmd.code is None or cmd.code.dynamic:
        return []
    return [os.path.normpath(os.path.join(cmd.cwd, name)) for name in awk_output_files(cmd.code.text)
            if name and name not in ("-", "/dev/stdout", "/dev/stderr", "/dev/fd/1", "/dev/fd/2")]
