"""Relative names in what `find -execdir`/`-okdir` runs: they resolve in every matched folder.

`find . -name notes.txt -execdir cp {} settings.json \\;` runs `cp ./notes.txt settings.json` in
the folder of each match: for `./.claude/notes.txt` that writes `.claude/settings.json`, a path the
command line never spells (red team 39). The command find runs was judged from the working folder
only. Here every relative word of the -execdir/-okdir command (and each word of a shell script
given to it, split where the shell would) stands for that name in any folder at or below the
search roots: a protected path there that ends with it is a deny. Loaded only for find with
-execdir or -okdir.
"""

import os

_EXECDIR = ("-execdir", "-okdir")
_SPLIT = str.maketrans({c: " " for c in "<>;|&()'\"`=\t\n"})


def check(cmd, protected, home):
    from legant_guard.hook.model import deny
    from legant_guard.hook.paths import fold_path, path_variants

    argv = cmd.argv
    roots, k = [], 1
    while k < len(argv) and not argv[k].startswith(("-", "(", "!")):
        roots.append(argv[k])
        k += 1
    prefixes = []
    for root in roots or ["."]:
        for variant in path_variants(os.path.normpath(os.path.join(cmd.cwd, os.path.expanduser(root))), cmd.cwd, home):
            prefixes.append(fold_path(variant).rstrip("/") + "/")
    i = k
    while i < len(argv):
        if argv[i] not in _EXECDIR:
            i += 1
            continue
        end = next((j for j in range(i + 1, len(argv)) if argv[j] in (";", "+")), len(argv))
        for tail in _relative_names(argv[i + 1:end]):
            hit = _protected_tail(tail, prefixes, protected, fold_path)
            if hit:
                return deny(f"`find {argv[i]}` runs its command in each matched folder, where `{tail}` can be "
                            f"{hit}, which is protected; name the file from the search root (`-exec`)", "protected")
        i = end + 1
    return None


def _relative_names(words):
    """The relative names among the words (and the words of a script among them), `./` and `../`
    taken off: what each can be below the folder the command runs in."""
    out = []
    for word in words:
        for token in word.translate(_SPLIT).split():
            if token.startswith(("-", "/", "~", "$")) or "{}" in token:
                continue
            parts = [p for p in token.split("/") if p and p != "."]
            while parts and parts[0] == "..":
                parts.pop(0)
            if parts and ".." not in parts:
                out.append("/".join(parts))
    return out


def _protected_tail(tail, prefixes, protected, fold_path):
    """A protected path at or below one of `prefixes` that ends with `tail`, spelled as the rule
    spells it; None when there is none."""
    folded = "/" + fold_path(tail).strip("/")
    for rule in protected.rules:
        anchored = rule.anchored.rstrip("/")
        if not any(anchored.startswith(p) for p in prefixes):
            continue
        if anchored.endswith(folded):
            return rule.source
    return None
