"""The small records a SimpleCommand and an Analysis carry, with named fields.

`for r in cmd.redirects: r.target` says what it reads where `for _, t in cmd.redirects` made
the reader remember the order. Each record is a tuple underneath (so it is as cheap as one,
compares equal to the plain tuple and still unpacks), written by hand because
collections.namedtuple and typing.NamedTuple cost an import on every hook call.
"""


class _Pair(tuple):
    __slots__ = ()

    def __new__(cls, first, second):
        return tuple.__new__(cls, (first, second))

    def __repr__(self):
        return "%s(%r, %r)" % (type(self).__name__, self[0], self[1])


class Redirection(_Pair):
    """A redirect of one command: `op` as written (`>`, `>>`, `<`, `2>`, `&>` ...) and the
    absolute path it opens (`target`)."""

    __slots__ = ()
    op = property(lambda r: r[0])
    target = property(lambda r: r[1])


class DeleteTarget(_Pair):
    """A folder or file a command deletes (`path`, absolute) and how much of it (`mode`): "self",
    "children", "descendants", "if-empty" (rmdir) or "unknown-cwd"."""

    __slots__ = ()
    path = property(lambda r: r[0])
    mode = property(lambda r: r[1])


class NameFilter(_Pair):
    """A `find -name P` / `-iname P` filter: the `pattern` and whether it ignores case (`icase`)."""

    __slots__ = ()
    pattern = property(lambda r: r[0])
    icase = property(lambda r: r[1])


class EnvPath(_Pair):
    """An assignment that moves where programs work: `HOME=/x`, `GIT_DIR=/x` ... (`variable`, the
    absolute `folder`)."""

    __slots__ = ()
    variable = property(lambda r: r[0])
    folder = property(lambda r: r[1])
