"""`javac $(find . -name '*.java')`: the names a find substitution prints, where the guard can list them.

An operand built from a substitution is undetermined, and denied whenever the token has path
rules. A `$(find ROOT… EXPR)` whose expression only selects (tests, `-print`, `-prune`: nothing
that prints other text or acts) prints the entries below its roots that the expression matches:
those are walked now (bounded, as reach.py walks find's matches) and each is judged as the
operand it becomes. Not narrowed (it stays undetermined) when the substitution is not the only
one of the line or not in its first command (an earlier command could change the tree), when
find's words are not literal, when a match is a folder (a recursive reader would read below it)
or its name would split or glob as an unquoted word (`a .env b.java` is three operands), or
when the walk runs out of its budget. Loaded only for such substitutions (precision.narrow).
"""

import os

# find's words that print other text than the matches' names, or act on them
_ACTIONS = frozenset(("-printf", "-fprintf", "-fprint", "-fprint0", "-print0", "-ls", "-fls", "-exec", "-execdir",
                      "-ok", "-okdir", "-delete", "-quit", "-files0-from", "-D"))
_SPLITS = frozenset(" \t\n*?[\\")
_MAX_NAMES = 5000


def listed(src, command, cmd, home="/"):
    """The absolute paths `$(find …)` (the word `src` of `cmd`) hands `cmd`, or None when the guard
    cannot list them surely."""
    if src.startswith("$(") and src.endswith(")"):
        inner = src[2:-1]
    elif src.startswith("`") and src.endswith("`"):
        inner = src[1:-1]
    else:
        return None
    before = command.split(src, 1)[0] if command.count(src) == 1 else None
    if before is None or command.count("$(") + command.count("`") != (1 if src[0] == "$" else 2) or \
            any(c in before for c in ";&|<>()\n={}$"):
        return None
    if "~" in inner or "$" in inner or "`" in inner:
        return None  # (a folder named by the home or a variable: where the agent's shell puts it)
    from legant_guard import shell

    analysis = shell.analyze(inner, cmd.cwd, home)
    if analysis.error or analysis.undetermined or len(analysis.commands) != 1:
        return None
    find = analysis.commands[0]
    if find.executable != "find" or find.undetermined or find.redirects or find.via or find.globs:
        return None
    from legant_guard.hook import reach
    from legant_guard.hook.treewalk import Budget, TooBig, walk

    follow, roots, words = reach._find_parts(find.argv)
    if any(w in _ACTIONS for w in words):
        return None
    try:
        expr = reach.FindExpr(words)
    except ValueError:
        return None
    if expr.hands or expr.handed_to:
        return None
    out = []
    budget = Budget()
    for spelled in roots or ["."]:
        root = os.path.normpath(os.path.join(find.cwd, spelled))
        if any(c in spelled for c in _SPLITS) or spelled.startswith("-"):
            return None
        out.append(root)  # (find prints its root when it matches: judged either way)
        if not os.path.isdir(root):
            continue
        start = spelled.rstrip("/") or "/"

        def prune(rel, name, is_dir):
            return expr.maxdepth is not None and rel.count("/") + 1 > expr.maxdepth

        try:
            for rel, path, is_dir, is_link in walk(root, budget, follow, prune):
                shown = start + "/" + rel if start != "/" else "/" + rel
                if not expr.could_match(shown, rel, rel.rsplit("/", 1)[-1], is_dir, is_link):
                    continue
                if is_dir or (is_link and os.path.isdir(path)) or not _SPLITS.isdisjoint(rel):
                    return None
                out.append(path)
                if len(out) > _MAX_NAMES:
                    return None
        except TooBig:
            return None
    return out
