"""A `cd` into one of several folders: `for d in packages/*/ src; do (cd "$d" && npm test); done`.

The walk follows a loop's body once, so its `cd "$d"` meets every value of the loop (or a
pattern bash expands when the loop starts). The folder is then not known, and the commands
after it are judged against none. Each such cd is a site: the analysis records it, and the
engine (hook/loopdirs.py) analyses the command again once per folder the site may reach, the
cd failing (the folder stays) included, choosing that folder here (walker.cd_choice).
Loaded only for a cd with several operands or a pattern.
"""

from legant_guard.shell.words import Exp

_MISSING = object()


class CdSite:
    """One cd into one of several folders: its operands (`texts`, which are `patterns`), the
    folder it runs in, and whether it runs in a `( … )` subshell (the folder ends with it)."""

    __slots__ = ("texts", "patterns", "cwd", "subshell", "before")

    def __init__(self, texts, patterns, cwd, subshell):
        self.texts = texts
        self.patterns = patterns
        self.cwd = cwd
        self.subshell = subshell
        # how many commands of the analysis run before the folders are fixed (a pattern expanded
        # when its loop starts, or by the cd itself): what they make may be matched too
        self.before = 0


def choose(w, cmd, name, targets, scope):
    """The one target the cd goes to in the analysis under way: [Exp], or None when the cd is
    handled here (folder unknown, or the cd failing: the folder stays)."""
    from legant_guard.shell.scope import SUBSHELL

    found = CdSite([t.text for t in targets], [t.glob for t in targets], scope.cwd, SUBSHELL in scope.vars)
    # (a loop's next round meets the same cd again: the same site, the same folders)
    same = [i for i, s in enumerate(w.cd_sites) if (s.texts, s.patterns, s.cwd, s.subshell) ==
            (found.texts, found.patterns, found.cwd, found.subshell)]
    site = same[0] if same else len(w.cd_sites)
    if not same:
        found.before = len(w.out)
        w.cd_sites.append(found)
    else:  # a later round: only a loop started again (an inner one) expands its pattern again
        w.cd_sites[site].before = max(w.cd_sites[site].before, w.pattern_loop_start)
    choice = _MISSING if w.cd_choice is None else w.cd_choice.get(site, _MISSING)
    if choice is _MISSING or any(t.dynamic for t in targets):
        scope.cwd_known = False
        w.unknown(cmd, "working directory after `%s %s` (one of several folders; a loop's body run in a subshell, "
                       "`(cd \"$d\" && …)`, is judged in each)" % (name, " ".join(t.src for t in targets[:1])))
        w.emit(cmd)
        return None
    if choice is None:
        w.emit(cmd)  # the cd fails (a folder gone since the loop started): the folder stays
        return None
    return [Exp(choice, targets[0].src, quoted=True)]
