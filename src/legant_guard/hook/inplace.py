"""The backup an in-place editor keeps of each file it edits, under a name its option builds.

`sed -i.json s/a/a/ .claude/settings` edits `.claude/settings` (written by the agent in an
earlier call: not a protected name) and keeps the original as `.claude/settings.json`; a `*` in
the suffix is the file's name (`sed -i'.claude/*' s/a/a/ settings.json` keeps `./settings.json`
as `.claude/settings.json`); perl's and ruby's `-i[EXT]` do the same. Only the edited files were
judged (red team #28). Each backup name is judged as a write now, against the protected paths and
the trust base; a suffix built at run time is any name in the file's folder. Loaded only for these
programs when an `-i` with a value is among their words (engine._INPLACE_EDITORS).
"""

import os

# short options whose value is the next word (not glued): the rest of the bundle is not `-i`'s
_NEXT_WORD = {"sed": "efl", "gsed": "efl", "perl": "e", "ruby": "e"}
# short options that take the rest of their bundle as their value (`-I/lib`, `-Mstrict`)
_GLUED = {"sed": "", "gsed": "", "perl": "IMmlx0CdD", "ruby": "IrxCEKTWF0l"}


def suffixes(argv, exe):
    """The backup suffixes `-i` is given ("" for none, None for one built at run time)."""
    out = []
    for k, word in enumerate(argv[1:], 1):
        if word == "--":
            break
        if word.startswith("--"):
            name, eq, value = word.partition("=")
            if exe in ("sed", "gsed") and len(name) >= 4 and "--in-place".startswith(name) and eq:
                out.append(_literal(value))
            continue
        if word == "-i" and exe in ("sed", "gsed") and k + 1 < len(argv) and argv[k + 1].startswith("."):
            out.append(_literal(argv[k + 1]))  # (BSD and macOS sed: `sed -i .json SCRIPT FILE`)
            continue
        if word.startswith("-") and len(word) > 1:
            for k2, letter in enumerate(word[1:], 1):
                if letter == "i":
                    out.append(_literal(word[k2 + 1:]))
                    break
                if letter in _NEXT_WORD.get(exe, "") or letter in _GLUED.get(exe, ""):
                    break
    return [s for s in out if s != ""]


def _literal(value):
    return None if any(c in value for c in "$`") else value


def backup_names(path, suffix, cwd):
    """Where the backup of `path` (absolute) may go: PATH + SUFFIX, or with `*` in the suffix
    the suffix with each `*` the file's name (as given and as its base name), in the file's folder
    or, when it holds a `/`, from the working folder too."""
    if "*" not in suffix:
        return [path + suffix]
    folder, base = os.path.split(path)
    out = []
    for name in dict.fromkeys((base, os.path.relpath(path, cwd))):
        built = suffix.replace("*", name)
        out.append(os.path.normpath(os.path.join(folder, built)))
        if "/" in built:
            out.append(os.path.normpath(os.path.join(cwd, built)))
    return out


def check(cmd, protected, home):
    from legant_guard.hook.backups import _trust_base_hit
    from legant_guard.hook.model import deny
    from legant_guard.hook.paths import path_variants

    exe = cmd.executable
    for suffix in suffixes(cmd.argv, exe):
        for path in cmd.paths:
            if suffix is None:
                variants = path_variants(os.path.dirname(path) or "/", cmd.cwd, home)
                hit = protected.contained_in(variants)
                names = [path]
            else:
                hit, names = None, backup_names(path, suffix, cmd.cwd)
                for name in names:
                    variants = path_variants(name, cmd.cwd, home)
                    hit = protected.hit(variants) or protected.contained_in(variants) or \
                        _trust_base_hit(protected.trust, variants)
                    if hit:
                        break
            if hit:
                how = "a suffix built at run time" if suffix is None else f"`-i{suffix}`"
                return deny(f"`{exe}` keeps the original of {path} as a backup named by {how}, which could be {hit}, "
                            "a protected file (the old content becomes it)", "protected")
    return None
