"""Programs installed under a versioned or an alternative name: the program they are.

Distributions install shells, interpreters, debuggers and editors beside (or instead of) the
plain name: `perl5.36.0`, `ruby3.1`, `php8.2`, `tclsh8.6`, `guile-3.0`, `lldb-15`, `gcc-12`,
`bash-5.2`, `ksh93`, Debian's `vim.tiny` / `vim.basic`, `mksh-static`, `sh.distrib`,
`gdb-multiarch`, and the alternatives `editor`, `sensible-editor`, `pager`, `sensible-pager`
(a vi or nano, a less). Read by their spelling they are unknown programs: `perl5.36.0 -e
'system("curl …")'`, `bash-5.2 -c 'curl …'` went unanalysed and `vim.basic` or `tclsh8.6` would
start a prompt that Codex's write_stdin types into (red team 29, issue 9 classes 3 and 6).

names.program_name asks `family` for a name that ends in a digit or one of the suffixes below;
the name is read as its family only when that family is a program the analysis knows (a shell,
an interpreter, a prompt, a full-screen program, a compiler reading its input), so `base64`,
`mkfs.ext4` or `md5` keep their own names. python* and pip* keep theirs: the analysis reads
every `pythonX.Y` spelling already, and `pip3` is its own installer name.
"""

from legant_guard.shell import knowledge as K

# Suffixes a distribution gives a build or a diverted copy of a program (Debian's vim flavours,
# dpkg-divert's `.distrib`, statically linked shells, cross debuggers, wrapped binaries).
SUFFIXES = (".tiny", ".basic", ".nox", ".gtk", ".gtk3", ".athena", ".motif", ".distrib", ".real", ".bin",
            ".appimage", "-static", "-multiarch", "-dbg")
# Debian's alternatives that stand for an editor or a pager the system picked.
ALTERNATIVES = {"editor": "vi", "sensible-editor": "vi", "select-editor": "vi", "pager": "less",
                "sensible-pager": "less"}
_OWN_NAMES = ("python", "pip", "pypy")


def _known():
    names = set(K.SHELLS) | set(K.REPLS) | set(K.INTERPRETERS) | set(K.FULL_SCREEN) | set(K.STDIN_COMPILERS)
    return frozenset(names | {"awk", "gawk", "mawk", "nawk", "sed", "gdb", "lldb", "vim", "vi", "nvim", "emacs"})


_KNOWN = _known()


def family(name):
    """The program `name` is a version or a distribution's build of, or `name` itself."""
    if name in ALTERNATIVES:
        return ALTERNATIVES[name]
    base = name
    for suffix in SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix):
            base = base[:-len(suffix)]
            break
    if name.startswith(_OWN_NAMES):
        return base  # (`python3-dbg` is python3)
    end = len(base)
    while end > 0 and (base[end - 1].isdigit() or base[end - 1] == "."):
        end -= 1
    if 0 < end < len(base) and base[end - 1] == "-":  # bash-5.2, lldb-15
        end -= 1
    stripped = base[:end] if end > 0 else base
    if name in _KNOWN and "." not in name[end:] and "-" not in name[end:]:
        return name  # (`r2` is radare2, not R; `lua5.4` is lua)
    for candidate in (stripped, base):
        if candidate in _KNOWN:
            return candidate
    return name
