"""Symlinks an earlier command of the same shell command makes, and the later words through them.

The guard decides before anything runs, so a path resolves against the disk as it is now. A
command that makes a symlink changes that for the commands after it: `ln -s ~/.ssh k && cat
k/id_rsa` (destinations.record_links follows `ln -s`), `git checkout REV -- k && cat k/id_rsa`
(the tree of REV holds `k` as a symlink), `cp -P x k` / `cp -a d k` / `mv x k` (a symlink keeps
its link text, which then resolves from its new folder). The kernel follows each of them when
the later command runs, so:
- a copy or move of a symlink (or of a folder holding symlinks) maps a later word below its
  destination to where that link text leads from there, judged as the write it may be;
- a symlink whose target the guard cannot read beforehand (a checkout, an archive piped from
  `git archive`) makes every later word at or below it undetermined: denied with a reason;
- so does every file below a `git clone` destination (a cloned repository may hold a symlink
  to ~/.ssh/id_rsa under any name); working in the clone's folder (`cd c && make`) stays allowed.
"""

import os

from legant_guard.hook.model import deny


def record_copy(cmd, ctx):
    """`cp SRC... DEST` and `mv SRC... DEST`: remember (destination, source) pairs."""
    from legant_guard.hook.cmdoptions import split_options
    from legant_guard.hook.destinations import _abs

    exe = cmd.executable
    if exe not in ("cp", "mv"):
        return
    opts, operands = split_options(cmd.argv, "St", ("--suffix", "--target-directory", "--backup", "--sparse", "--reflink",
                                              "--preserve", "--no-preserve"))
    names = {n for n, _ in opts}
    # (every copy is kept: a plain `cp /usr/bin/curl ./x` makes ./x curl for programs.py; a copy
    # that follows links holds what the links lead to, which the copy itself was checked reading)
    target = [v for n, v in opts if n in ("-t", "--target-directory")]
    if target:
        dest, sources, into = _abs(target[-1], cmd.cwd), operands, True
    elif len(operands) >= 2:
        dest, sources = _abs(operands[-1], cmd.cwd), operands[:-1]
        into = None if not names & {"-T", "--no-target-directory"} else False
    else:
        return
    if into is None:  # DEST/<name> when DEST is a folder (now, or made by an earlier command): both when unsure
        into = True if os.path.isdir(dest) else None
    symbolic = exe == "cp" and ("--symbolic-link" in names or "-s" in names)
    for spelled in sources:
        source = _abs(spelled, cmd.cwd)
        if symbolic:  # `cp -rs DIR L`: L (and each file below it) is a link into DIR, as `ln -s DIR L` would be
            for place in ([dest] if into is False else [copy_place(dest, source)] if into else
                          [dest, copy_place(dest, source)]):
                ctx.links.append((place, source))
            continue
        contents = spelled == "." or spelled.rstrip("/").endswith("/.")  # (`cp -a s1/. .`: s1's entries land in DEST)
        places = [dest] if contents or into is False else [copy_place(dest, source)] if into else \
            [dest, copy_place(dest, source)]
        originals = [(s, not may_hold_links(s)) for s in _originals(source, ctx)]
        for place, source, leads_nowhere in [(p, s, n) for p in places for s, n in originals]:
            ctx.copies.append((place, source))
            if leads_nowhere:
                continue  # (check() would find no symlink through it: not looked up for later words)
            key = folder_key(place)
            ctx.copies_shortest = min(ctx.copies_shortest, len(key)) if ctx.copies_at else len(key)
            ctx.copies_at.setdefault(key, []).append((place, source))
            _add_folders_above(key, ctx.copies_above)


def _originals(source, ctx):
    """`source` and, when it lies at or below an earlier copy's destination (`cp -a docs e && cp
    -a e h`), what is there now that the copy is made from: e is not on disk yet, docs (and its
    symlinks) is. Only sources on disk are kept from earlier copies, so a chain stays linear."""
    found = [source]
    if ctx.copies_at:
        for place, earlier in copies_reaching(source, ctx.copies_at, ctx.copies_above, ctx.copies_shortest):
            original = earlier + source[len(folder_key(place)):]
            if original not in found and os.path.lexists(original):
                found.append(original)
    return found


def may_hold_links(source):
    """Can _through_copy find a symlink in a copy of `source`? Only when `source` is a symlink or
    a folder (that may hold one): a copy of a regular file, or of a path that is not there (a
    long command copies many files an earlier step makes), holds none, and nothing below it can
    be looked up. One lstat, where later words would each have been walked down the copy."""
    try:
        mode = os.lstat(source).st_mode & 0o170000
    except (OSError, ValueError):
        return False
    return mode in (0o040000, 0o120000)


def copy_place(dest, source):
    """normpath(join(DEST, basename(SOURCE))) for the normalised absolute paths `_abs` gives:
    the name is a plain one (or none, for /), so nothing is left to normalise."""
    stripped = source.rstrip("/")
    base = stripped[stripped.rfind("/") + 1:]
    if not base:
        return dest
    return dest + base if dest.endswith("/") else dest + "/" + base


def _through_copy(place, source, path):
    """Where `path` (at or below `place`, a copy of `source`) leads once the copy is made: the
    first symlink met on the way keeps its link text, read from the copy's folder. None when
    the way meets no symlink (then `path` is judged as spelled)."""
    rest = [c for c in path[len(place):].split("/") if c]
    src, dst = source, place
    for i in range(len(rest) + 1):
        if os.path.islink(src):
            try:
                text = os.readlink(src)
            except OSError:
                return None
            return os.path.normpath(os.path.join(os.path.dirname(dst), os.path.expanduser(text), *rest[i:]))
        if i < len(rest):
            src, dst = os.path.join(src, rest[i]), os.path.join(dst, rest[i])
    return None


def folder_key(folder):
    """How a folder is looked up among the keys `folder_keys` gives a word at or below it."""
    return folder.rstrip("/")


def folder_keys(word):
    """The keys of every folder `word` lies at or below (as spelled: the word itself and each
    prefix ending before a `/`)."""
    keys = {word.rstrip("/")}
    k = word.find("/")
    while k != -1:
        keys.add(word[:k])
        k = word.find("/", k + 1)
    return keys


def _add_folders_above(key, above):
    """Add every folder above `key` to the set `above`, from the deepest up to the first one
    already there (the ones above it are there too)."""
    k = key.rfind("/")
    while k != -1:
        prefix = key[:k]
        if prefix in above:
            return
        above.add(prefix)
        k = key.rfind("/", 0, k) if k else -1


def copies_reaching(word, copies_at, copies_above, shortest=0):
    """The (place, source) copies at or above `word`: its folders are looked up from the length
    of the shortest copy (`shortest`) down, and the walk stops at the first folder that holds
    no copy below it (`copies_above`), so a long command's thousands of words each cost a few
    lookups, not one per folder of the word."""
    found = []
    word = folder_key(word)
    k = word.find("/", shortest)
    while k != -1:
        prefix = word[:k]
        if prefix in copies_at:
            found.extend(copies_at[prefix])
        if prefix not in copies_above:
            return found
        k = word.find("/", k + 1)
    if word in copies_at:
        found.extend(copies_at[word])
    return found


def check(cmd, ctx):
    """A deny Decision when a word of `cmd` goes through a symlink an earlier command made, else None."""
    files = list(cmd.paths) + [r.target for r in cmd.redirects]
    words = files + ([cmd.cwd] if cmd.cwd not in files else [])
    if ctx.unknown_trees:
        trees = {folder_key(tree): (tree, what) for tree, what in ctx.unknown_trees.items()}
        for word in files:  # (the working directory may be the clone's folder itself, which is no file of it)
            for key in folder_keys(word) - {word.rstrip("/")}:
                if key in trees:
                    tree, what = trees[key]
                    return deny(f"{what} earlier in the command writes the files below {tree}, any of which may be "
                                f"a symlink, so where {word} leads is known only once it has run; run it as a "
                                "command of its own first", "undetermined")
    if ctx.unknown_links:
        links = {}
        for link, what in ctx.unknown_links.items():
            links.setdefault(folder_key(link), (link, what))
        for word in words:
            for key in folder_keys(word):
                if key in links:
                    link, what = links[key]
                    return deny(f"{what} earlier in the command writes {link} as a symlink, so where {word} leads is "
                                "known only once it has run; run it as a command of its own first", "undetermined")
    if not ctx.copies_at:
        return None
    from legant_guard.hook.engine import check_written_path

    for word in words:
        for place, source in copies_reaching(word, ctx.copies_at, ctx.copies_above, ctx.copies_shortest):
            real = _through_copy(place, source, word)
            if real is None:
                continue
            verdict = check_written_path(ctx.policy, ctx.protected, real, cmd.cwd, ctx.home, ctx.project)
            if verdict:
                verdict.reason += f" (through a symlink copied from {source} earlier in the command)"
                return verdict
    return None
