"""Make variables that a recipe runs as a program: `make NPM=curl install`.

A Makefile's recipes often start a program through a variable (`$(NPM) ci`, `$(MAKE) -C sub`,
`@$(DOCKER) build .`). `make NAME=VALUE` on the command line overrides it, so VALUE is then a
program make runs later: an exec sink. Which variables a recipe uses that way is read from the
makefiles themselves (the ones -f names, else GNUmakefile/makefile/Makefile in the folder make
works in, and the files they `include`), bounded in size; only a use in command position counts
(start of a recipe line, after `&&`, `||`, `;`, `|`, `(` or a backtick), so `pytest $(TESTS)`
does not make TESTS a program. The programs of make's built-in rules (`AS=curl make x.o` with an
x.s at hand) count as used.
"""

import os

_MAX_BYTES = 256 * 1024  # per makefile
_MAX_FILES = 8
_DEFAULT_NAMES = ("GNUmakefile", "makefile", "Makefile")
_COMMAND_BEFORE = ("&&", "||", ";", "|", "(", "`")


def _makefiles(args, cwd):
    """(folder make works in, the makefiles it reads) from make's own options."""
    folder, files = cwd, []
    k = 0
    while k < len(args):
        e = args[k]
        t = e.text
        k += 1
        if e.dynamic:
            continue
        for opt in ("-C", "--directory", "-f", "--file", "--makefile"):
            value = None
            if t == opt and k < len(args):
                value, k = args[k].text, k + 1
            elif t.startswith(opt + "=") and opt.startswith("--"):
                value = t.split("=", 1)[1]
            elif t.startswith(opt) and len(opt) == 2 and len(t) > 2:
                value = t[2:]
            if value is not None:
                if opt in ("-C", "--directory"):
                    folder = os.path.join(folder, value)
                else:
                    files.append(value)
                break
    if not files:
        files = [n for n in _DEFAULT_NAMES if os.path.isfile(os.path.join(folder, n))][:1]
    return folder, [os.path.join(folder, f) for f in files]


def _read(path):
    from legant_guard.hook.scriptfiles import read_bytes

    try:
        return read_bytes(path, _MAX_BYTES)[:_MAX_BYTES].decode("utf-8", "replace")  # a FIFO never blocks
    except OSError:
        return ""


def _command_uses(line, found):
    """Add to `found` the variables a recipe line runs as a program."""
    body = line.lstrip("\t @-+")
    i = 0
    while True:
        i = body.find("$", i)
        if i == -1 or i + 1 >= len(body):
            return
        opener = body[i + 1]
        closer = ")" if opener == "(" else "}" if opener == "{" else None
        if closer is None:
            i += 1
            continue
        end = body.find(closer, i + 2)
        if end == -1:
            return
        name = body[i + 2:end]
        before = body[:i].rstrip().rstrip("@-+ ")
        if name.replace("_", "a").replace(".", "a").isalnum() and (not before or before.endswith(_COMMAND_BEFORE)):
            found.add(name)
        i = end + 1


def _default(line, defaults):
    """`NAME ?= VALUE` / `NAME = VALUE` / `NAME := VALUE`: the makefile's own value of NAME."""
    for op in ("?=", ":=", "::=", "="):
        name, sep, value = line.partition(op)
        name = name.strip()
        if sep and name.replace("_", "a").isalnum():
            defaults.setdefault(name, (op, value.strip()))
            return


def program_variables(args, cwd):
    """{variable: (assignment operator, the makefile's own value), or None when the makefile
    does not set it} for the variables the makefiles `make ARGS` reads (from `cwd`) use as a
    program. An environment variable replaces only a `?=` value or none."""
    folder, queue = _makefiles(args, cwd)
    found = set()
    defaults = {}
    seen = set()
    while queue and len(seen) < _MAX_FILES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        for line in _read(path).split("\n"):
            if line.startswith("\t"):
                _command_uses(line, found)
            elif line.startswith(("include ", "-include ", "sinclude ")):
                for name in line.split()[1:]:
                    if "$" not in name and "*" not in name:
                        queue.append(os.path.join(folder, name))
            elif "=" in line and not line.startswith("#"):
                _default(line, defaults)
    if not any(not e.dynamic and e.text in _NO_BUILTIN_RULES for e in args):
        found.update(_BUILTIN_PROGRAMS)
    return {name: defaults.get(name) for name in found}


# The programs GNU make's built-in rules run (`%.o: %.s` runs $(AS), `lib.a(x.o)` $(AR), `%.c: %.y`
# $(YACC), RCS's `,v` files $(CO)): an environment or command-line value of one is a program make
# runs whenever such a rule applies, whatever the makefile says, unless it sets the variable itself.
_BUILTIN_PROGRAMS = ("AR", "AS", "CC", "CXX", "CPP", "FC", "M2C", "PC", "CO", "GET", "LEX", "YACC", "LINT",
                     "MAKEINFO", "TEX", "TEXI2DVI", "WEAVE", "CWEAVE", "TANGLE", "CTANGLE")
_NO_BUILTIN_RULES = ("-r", "--no-builtin-rules", "-R", "--no-builtin-variables")
