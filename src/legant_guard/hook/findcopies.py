"""find handing its matches to a copy: `find stage -name settings.json -exec cp {} .claude \\;`.

The copy find runs was judged as `cp .claude STAGE` (the `{}` left out, the search root taken
for an operand), so nothing was written where it looked: each match landed at
`.claude/<its name>`, `.claude/settings.json` included (red team #28). The copy's destination
(its last word, or `-t DIR`) is judged here with find's selection: a protected path directly
below it whose name a `-name`/`-iname` test of the command could match (any name when there is
none, or a negation or a path test among them), or the destination itself when it names a file, is a deny. `-execdir` runs in each
match's folder: a relative destination is judged from the search roots and the working folder.
Loaded only for find with an -exec/-execdir/-ok/-okdir running a copy program.
"""

import os

COPIERS = frozenset(("cp", "mv", "install", "ln", "rsync", "gcp", "gmv"))
_EXEC = ("-exec", "-execdir", "-ok", "-okdir")


def check(cmd, protected, home):
    from legant_guard.hook.model import deny
    from legant_guard.hook.paths import fold_path, path_variants, wildcard_match

    argv = cmd.argv
    roots, names, k = [], [], 1
    while k < len(argv) and not argv[k].startswith(("-", "(", "!")):
        roots.append(argv[k])
        k += 1
    names_known = "!" not in argv and "-not" not in argv  # (`! -name '*.c'`: every other name)
    i = k
    while i < len(argv):
        word = argv[i]
        if word in ("-name", "-iname") and i + 1 < len(argv):
            names.append(fold_path(argv[i + 1]))
        elif word in ("-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex"):
            names_known = False
        if word in _EXEC:
            end = next((j for j in range(i + 1, len(argv)) if argv[j] in (";", "+")), len(argv))
            segment = argv[i + 1:end]
            verdict = _segment(segment, word, roots or ["."], names if names_known else [], cmd.cwd, home,
                               protected, fold_path, path_variants, wildcard_match)
            if verdict:
                return deny(verdict, "protected")
            i = end
        i += 1
    return None


def _segment(segment, how, roots, names, cwd, home, protected, fold_path, path_variants, wildcard_match):
    if not segment or os.path.basename(segment[0]) not in COPIERS or "{}" not in segment[1:]:
        return None
    words = segment[1:]
    dest = None
    for j, word in enumerate(words):
        if word == "-t" and j + 1 < len(words):
            dest = words[j + 1]
        elif word.startswith("--target-directory="):
            dest = word.split("=", 1)[1]
        elif word.startswith("-") and not word.startswith("--") and word.endswith("t") and j + 1 < len(words):
            dest = words[j + 1]  # (`-vt DIR`)
    if dest is None:
        operands = [w for w in words if not w.startswith("-")]
        if len(operands) < 2 or operands[-1] == "{}" or "{}" in operands[-1]:
            return None  # (`cp x {}`: a write into each match, judged as find's selection elsewhere)
        dest = operands[-1]
    bases = [cwd] + ([os.path.join(cwd, r) for r in roots] if how in ("-execdir", "-okdir") else [])
    for base in bases:
        folder = os.path.normpath(os.path.join(base, dest))
        variants = path_variants(folder, cwd, home)
        hit = protected.hit(variants)
        if hit:
            return f"`find {how} {segment[0]}` would write each match into {folder}, which is protected ({hit})"
        for variant in variants:
            prefix = fold_path(variant).rstrip("/") + "/"
            for rule in protected.rules:
                if not rule.anchored.startswith(prefix):
                    continue
                first = rule.anchored[len(prefix):].split("/", 1)[0]
                if first and (not names or any(wildcard_match(n, first) for n in names)):
                    return (f"`find {how} {segment[0]}` copies each match into {folder} under its own name, and a match "
                            f"named {first} would replace {rule.source}, which is protected; copy the files by name")
    return None
