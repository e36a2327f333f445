"""A command judged again as the kernel runs it, through the symlinks an earlier command of the
same line made (commandrules' part, loaded only when a line makes a link or copies one).

`ln -s .claude L && cp x/settings.json L/` writes `.claude/settings.json`: the copy's own rules
(where a copy into a folder lands, a tree copied or an archive unpacked into `-C L`, `cd L && cp
x .`, and the same after `cp -P s/L L`, where s/L links to .claude) judged `L`, which is no folder
yet and holds nothing protected. destinations.through_links
already judged each path as a write of what it leads to; here the whole command is judged once
more with every word, path and working folder that goes through such a link replaced by where
it leads, so each destination rule sees the folder it really writes into.
"""

import copy
import os


def check(cmd, ctx, judge):
    """judge(twin) for the command as it runs through the links made earlier, or None when none
    of its words goes through one."""
    if getattr(ctx, "judging_twin", False):
        return None
    twin = twin_of(cmd, ctx)
    if twin is None:
        return None
    ctx.judging_twin = True
    try:
        verdict = judge(twin)
        if not verdict and twin.executable == "find":  # (`find s -name settings.json -exec cp {} L/ \;`)
            from legant_guard.hook import findcopies

            verdict = findcopies.check(twin, ctx.protected, ctx.home)
    finally:
        ctx.judging_twin = False
    if verdict:
        verdict.reason += " (through a link made earlier in the command)"
    return verdict


_MAX_HOPS = 8  # links made through links made earlier (`ln -s . L && ln -s .claude L/M`)


def reals(path, ctx):
    """Where `path` (absolute) really leads through the links made earlier in the command: an
    `ln -s` (destinations.record_links) or a symlink an earlier `cp -a`/`cp -P`/`mv` put there
    (madelinks.record_copy), followed again where that lands below another one. [] when none is on
    its way; the last one is where the chain ends."""
    found, frontier = [], [os.path.normpath(path)]
    for _ in range(_MAX_HOPS):
        frontier = [r for p in frontier for r in _one_hop(p, ctx) if r not in found]
        if not frontier:
            break
        found += frontier
    return found


def _one_hop(path, ctx):
    from legant_guard.hook.destinations import reals_through

    found = reals_through(path, ctx) if ctx.links else []
    if ctx.copies_at:
        from legant_guard.hook.madelinks import _through_copy, copies_reaching

        for place, source in copies_reaching(path, ctx.copies_at, ctx.copies_above, ctx.copies_shortest):
            real = _through_copy(place, source, path)
            if real is not None and real not in found:
                found.append(real)
    return found


def _through(path, ctx):
    """Where `path` (absolute) really is through the links made before it, or None."""
    found = reals(path, ctx)
    return found[-1] if found else None


def through(judge, cwd, ctx):
    """`judge(path)` that also judges where the path leads through the links made earlier
    (inline code writing `L/settings.json` after `ln -s .claude L`)."""
    def judged(path, **how):
        verdict = judge(path, **how)
        if verdict is None:
            for real in reals(os.path.join(cwd, os.path.expanduser(path)), ctx):
                verdict = judge(real, **how)
                if verdict:
                    verdict.reason += " (through a link made earlier in the command)"
                    break
        return verdict

    return judged


def twin_of(cmd, ctx):
    """A copy of `cmd` with its working folder, paths and words through made links replaced, or
    None when nothing goes through one."""
    changed = False
    cwd = _through(cmd.cwd, ctx) or cmd.cwd
    changed = cwd != cmd.cwd
    argv = [cmd.argv[0]] if cmd.argv else []
    for word in cmd.argv[1:]:
        prefix, value = "", word
        if word.startswith("-"):
            if "=" not in word:
                argv.append(word)
                continue
            prefix, _, value = word.partition("=")
            prefix += "="
        real = _through(os.path.join(cmd.cwd, os.path.expanduser(value)), ctx) if value else None
        if real is None:
            argv.append(word)
            continue
        argv.append(prefix + real + ("/" if value.endswith("/") else ""))
        changed = True
    paths = []
    for path in cmd.paths:
        real = _through(path, ctx)
        paths.append(real or path)
        changed = changed or real is not None
    redirects = []
    for r in cmd.redirects:  # (`ln -s ~/.bashrc B && echo … >> B`)
        real = _through(r.target, ctx)
        redirects.append(type(r)(r.op, real) if real else r)
        changed = changed or real is not None
    if not changed:
        return None
    twin = copy.copy(cmd)
    twin.cwd, twin.argv, twin.paths, twin.redirects = cwd, argv, paths, redirects
    twin.path_set, twin.path_set_len = set(paths), len(paths)
    return twin
