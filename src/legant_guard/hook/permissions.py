"""Permission changes that hide a hook config from its agent.

`chmod 000 ~/.claude`, `chmod -R u-r .claude`, `setfacl -m u::- .claude`: an agent that cannot
read its settings runs without the hooks in them, and the guard never hears of it. The files
themselves are protected (any change to them is refused), but a folder holding them is not a
protected path. So for every role: a chmod that could take the owner's read or search permission
from a folder holding a protected path (a hook config, the guard's files), and any ACL change on
one, is denied. Ordinary modes (`chmod -R u+w .`, `chmod 755 dir`) stay allowed.
"""

from legant_guard.hook.model import deny

CHANGERS = frozenset(("chmod", "setfacl", "chacl"))


def _takes_owner_access(mode, files_only=False):
    """Could the chmod `mode` remove the owner's read permission, or (on folders: `files_only`
    false) the owner's search (x) permission?"""
    lost = "r" if files_only else "rxX"
    if mode.isdigit():
        owner = int(mode[-3]) if len(mode) >= 3 else 0
        return owner & (4 if files_only else 5) != (4 if files_only else 5)
    for clause in mode.split(","):
        k = 0
        while k < len(clause) and clause[k] in "ugoa":
            k += 1
        who = clause[:k]
        if who and "u" not in who and "a" not in who:
            continue
        rest = clause[k:]
        if not rest or rest[0] not in "+-=":
            return True  # not a mode the guard reads
        ops = []
        for c in rest:
            if c in "+-=":
                ops.append([c, ""])
            else:
                ops[-1][1] += c
        for op, perms in ops:
            if op == "-" and any(c in perms for c in lost):
                return True
            if op == "=" and not ("r" in perms and (files_only or "x" in perms or "X" in perms)):
                return True
    return False


def _files_only(cmd, analysis):
    """Is `cmd` handed only regular files (`find . -type f -exec chmod 644 {} +`, `find . -type f |
    xargs chmod 600`)?"""
    if not any(v.startswith(("find", "xargs")) for v in cmd.via):
        return False
    finds = [c for c in analysis.commands if c.executable in ("find", "bfs")]
    return bool(finds) and all("-type" in c.argv and c.argv[c.argv.index("-type") + 1:][:1] == ["f"] and
                               not any(w in ("-o", "-or", ",") for w in c.argv) for c in finds)


def check(cmd, protected, home, analysis):
    """A deny when `cmd` (chmod/setfacl/chacl) could make a folder holding a protected path unreadable."""
    from legant_guard.hook.paths import path_variants

    argv = cmd.argv
    if cmd.executable == "chmod":
        words = [w for w in argv[1:] if not (w.startswith("-") and w[1:].isalpha() and len(w) > 1) or w.startswith("--")]
        modes = [w for w in words if not w.startswith("--")][:1]
        if any(w.startswith("--reference") for w in argv[1:]):
            modes = ["--reference"]
        elif not modes or not _takes_owner_access(modes[0], _files_only(cmd, analysis)):
            return None
    paths = list(cmd.paths)
    if cmd.executable == "setfacl":
        restored, why = _restored(argv, cmd.cwd)
        if why:
            return deny(f"`setfacl --restore` sets the ACLs of the files its list names, which {why}", "protected")
        paths += restored
    for path in paths:
        variants = path_variants(path, cmd.cwd, home)
        hit = protected.contained_in(variants)
        if hit:
            return deny(f"`{cmd.executable}` could take the owner's access to {variants[0]}, which holds {hit}: an agent "
                        "that cannot read its hook config runs without it. Change the files' modes below it instead",
                        "protected")
    return None


def _restored(argv, cwd):
    """([paths], why unknown) of `setfacl --restore=FILE`: the `# file: PATH` headers of FILE (as
    `getfacl -R` writes them, relative to the working folder), each of which gets the ACL below it
    (red team 39: `user::---` on the hook config, named only in the file)."""
    import os

    names = [w.split("=", 1)[1] for w in argv[1:] if w.startswith("--restore=")] + \
        [argv[i + 1] for i, w in enumerate(argv[:-1]) if w == "--restore"]
    out = []
    for name in names:
        if name == "-":
            return [], "come from its input, which the guard does not read"
        try:
            with open(os.path.join(cwd, name), "rb") as f:
                text = f.read(1 << 20).decode("utf-8", "replace")
        except OSError as e:
            return [], f"cannot be read ({e.strerror})"
        out += [os.path.normpath(os.path.join(cwd, line[7:].strip())) for line in text.splitlines()
                if line.startswith("# file:")]
    return out, None
