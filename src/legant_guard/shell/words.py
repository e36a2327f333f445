"""Word expansion as bash does it, as far as it can be known before running anything.

Brace expansion (`/{etc,usr}`, `c{u,}rl`), tilde (`~`, `~user`, `~+`), parameters whose value
the command string itself fixes (`$HOME`, `${HOME}`, `X=/etc; ... $X`, a `for` variable over
literal words), command substitutions whose output is knowable (`$(pwd)`, `$(echo rm)`),
field splitting of unquoted values and quote removal. What cannot be known is marked dynamic,
never guessed: the analysis reports it and the engine fails closed where a rule depends on it.
Also path normalisation (`..`, `.`, `//`) without touching the file system.

This module holds what every command needs: the field type `Exp`, path normalisation, and the
shortcut for the common word that is one literal. The expansion itself (braces, tilde,
parameters, substitutions, field splitting) is shell/expansion.py, loaded for the first word
that has something to expand.
"""

from posixpath import normpath as _normpath  # (loaded with os, before any of the guard's modules)

from legant_guard.fastload import parts_forwarder

MAX_FIELDS = 256  # results of one word (brace expansion x multi-valued variables)
# A value longer than this is taken as unknown (`x=$x$x` thirty times is 4 GiB), and a word whose
# expansion makes more text than MAX_WORD_TEXT is not analysed: the cost stays linear.
MAX_VALUE = 64 * 1024
MAX_WORD_TEXT = 1024 * 1024


class ExpansionError(Exception):
    pass


class Exp:
    """One field of an expanded word."""

    __slots__ = ("text", "dynamic", "glob", "quoted", "proc", "src")

    def __init__(self, text, src, *, dynamic=False, glob=False, quoted=False, proc=False):
        """`Exp(value, e.src, quoted=True)`: the flags are named, never positional (four booleans
        in a row are easy to swap unnoticed)."""
        self.text = text  # the value; unknown pieces contribute ""
        self.src = src  # the word as written, for messages
        self.dynamic = dynamic  # some piece could not be determined
        self.glob = glob  # contains an unquoted * ? [ (a pattern, matched at run time)
        self.quoted = quoted  # some piece was quoted
        self.proc = proc  # the word is (or contains) a process substitution (/dev/fd/N)

    @classmethod
    def of(cls, text, src, **flags):
        """The same as `Exp(text, src, **flags)`: the name code written before the constructor
        took named flags uses."""
        return cls(text, src, **flags)

    def __repr__(self):
        return "Exp(%r%s%s)" % (self.text, ", dynamic" if self.dynamic else "", ", glob" if self.glob else "")


def norm(path):
    """Lexically normalise an absolute path: `//`, `.` and `..` collapsed, no trailing slash."""
    if path.startswith("/") and "//" not in path and not path.endswith("/") and (
            "/." not in path or not dot_components(path)):
        return path  # already normal (most operands): a few C calls instead of a loop over components
    if path.startswith("/"):
        # (the loop below, in C: for an absolute path normpath drops `.`, `..` above / and empty
        # components the same way, keeping only a leading `//`, which is `/`)
        path = _normpath(path)
        return "/" + path.lstrip("/") if path.startswith("//") else path
    out = []
    for comp in path.split("/"):
        if comp == "" or comp == ".":
            continue
        if comp == "..":
            if out:
                out.pop()
            continue
        out.append(comp)
    return "/" + "/".join(out)


def dot_components(path):
    """Does the path hold a `.` or `..` component (not merely a name starting with a dot: `.env`, `...`)?"""
    return "/./" in path or "/../" in path or path.endswith(("/.", "/.."))


def absolute(path, cwd, logical=False):
    """`path` joined to `cwd`, with `..` applied as the kernel applies it: after a symlink it goes
    to the parent of the link's target (hook/paths.kernel_spelling; I/O only when a `..` is
    there). `logical`: bash's `cd` (without -P), which collapses `..` lexically first."""
    if not path.startswith("/"):
        path = cwd.rstrip("/") + "/" + path
    if not logical and ("/../" in path or path.endswith("/..")):  # (a `..` component; `./x/...` has none)
        from legant_guard.hook.paths import LinkLoop, SelfProcPath, kernel_spelling

        try:
            return kernel_spelling(path)
        except LinkLoop:  # the kernel answers ELOOP: nothing is opened; keep the lexical reading
            pass
        except SelfProcPath:  # through /proc/self/cwd...: kept as written, the path check denies it
            return path
    return norm(path)


_GLOB_CHARS = frozenset("*?[(")


def has_glob(text):
    # `@(x)`, `!(x)`, `+(x)`: extglob patterns (on with `shopt -s extglob`, or in the user's shell)
    if _GLOB_CHARS.isdisjoint(text):
        return False  # (one C call for the common word)
    return "*" in text or "?" in text or "[" in text or ("(" in text and ("@(" in text or "!(" in text or "+(" in text))


def expand_word(word, env, run_sub, split=True, tilde_ok=True):
    """Expand a parse.Word into a list of Exp.

    env: has .vars (name -> list of candidate values; absent = unknown), .home, .cwd.
    run_sub(body, part) walks a substitution's commands and returns its output text or None;
    part ("arith-code", text) is text that arithmetic would run (shell/arith.py).
    """
    fields = literal_fields(word, tilde_ok)
    if fields is not None:
        return fields
    from legant_guard.shell.expansion import expand_general  # (loaded for words with something to expand)

    return expand_general(word, env, run_sub, split, tilde_ok)


def literal_fields(word, tilde_ok=True):
    """expand_word's fields for a word that is one literal with nothing to expand (most words:
    no brace, no tilde), else None; callers ask it before setting up an expansion."""
    parts = word.parts
    if len(parts) == 1 and parts[0][0] == "lit":
        text, quoted = parts[0][1], parts[0][2]
        if quoted:
            return [Exp(text, word.src, quoted=True)]
        if "{" not in text and not (tilde_ok and "~" in text and (text[:1] == "~" or "=" in text)):
            return [Exp(text, word.src, glob=has_glob(text))]
    return None


# The expansion's own names, moved to shell/expansion.py: loaded when first needed.
__getattr__ = parts_forwarder(__name__, {"expansion": (
    "assignment_tildes", "brace_expand", "expand_general", "run_arith", "tilde", "unescape_printf")})
