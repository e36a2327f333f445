"""Hard links to what the guard protects: a second name it does not check.

`cp -al .claude c && echo '{"disableAllHooks":true}' > c/settings.json` (a builder's two
allowed-looking steps), `ln ~/.bashrc b; echo 'export CLAUDE_CONFIG_DIR=/tmp' >> b`, `ln
.git/config cfg`: a hard link is the same file under a new name, so a later write through that
name (a `>` redirect keeps the inode) changes the hook config, the start-up file or git's
configuration while the guard sees only a write to `c/settings.json` or `b`. A hard link cannot be
told from the file it names; a symlink is followed when a later call's paths are resolved, but not
by a command judged before the link was made and still running (a background job). So making
either is denied for every role when its source (a symlink's target) is (or holds) a protected
path, a content-checked file (start-up files, `.envrc`, mise, git configuration), a repository
hook or part of the guard's installation.
"""

import os

from legant_guard.hook.model import deny


def _short_flag(argv, letter):
    return any(w.startswith("-") and not w.startswith("--") and letter in w[1:] for w in argv[1:])


def link_sources(cmd):
    """The operands `cmd` makes hard links to (ln without -s, link, cp -l/--link, rsync
    --link-dest); [] when it makes none."""
    exe, argv, paths = cmd.executable, cmd.argv, list(cmd.paths)
    if exe == "link":
        return paths[:1]
    if exe == "ln":
        if _short_flag(argv, "s") or "--symbolic" in argv:
            return []
    elif exe == "cp":
        if not (_short_flag(argv, "l") or "--link" in argv):
            return []
    elif exe == "rsync":
        from legant_guard.hook.pkgmanagers import _option_values

        return [os.path.join(cmd.cwd, v) for v in _option_values(argv[1:], ("--link-dest",))]
    else:
        return []
    if "-t" in argv or any(w.startswith("--target-directory") for w in argv):
        return paths  # the destination is named by an option: any operand may be a source
    return paths[:-1] if len(paths) > 1 else paths


def symlink_targets(cmd):
    """What the symbolic links `cmd` makes point at (`ln -s T L`: T relative to L's folder, or to
    the working folder with -r; `cp -s`/`cp -rs SRC DEST`: SRC and what it holds); [] for none."""
    exe, argv = cmd.executable, cmd.argv
    if exe == "cp":
        if not (_short_flag(argv, "s") or "--symbolic-link" in argv):
            return []
        paths = list(cmd.paths)
        return paths[:-1] if len(paths) > 1 else paths
    if exe != "ln" or not (_short_flag(argv, "s") or "--symbolic" in argv):
        return []
    words = [w for w in argv[1:] if not w.startswith("-") or w == "-"]
    folder = next((w.split("=", 1)[1] for w in argv[1:] if w.startswith("--target-directory=")), None)
    for k, w in enumerate(argv[1:-1], 1):
        if w == "-t" or w == "--target-directory":
            folder = argv[k + 1]
            words = [x for x in words if x != folder]
    if folder is None and len(words) > 1:
        dest = os.path.join(cmd.cwd, words[-1])
        words = words[:-1]
        folder = dest if os.path.isdir(dest) and not ("-T" in argv or _short_flag(argv, "T")) else os.path.dirname(dest)
    relative = _short_flag(argv, "r") or "--relative" in argv  # (-r: the target as given, from here)
    base = cmd.cwd if relative or folder is None else os.path.join(cmd.cwd, folder)
    return [os.path.normpath(os.path.join(base, w)) for w in words]


def check(cmd, protected, home):
    """A deny when `cmd` makes a hard link to a protected, content-checked or installation path."""
    return _linked(cmd, protected, home, [(s, "a hard link") for s in link_sources(cmd)], True)


def symlink_check(cmd, protected, home):
    """A deny when `cmd` makes a symbolic link to a protected or installation path, a repository
    hook, or a folder holding one. A later call's paths are resolved through the link, but a
    command judged before the link was made and still running is not: `(sleep 60; cp x
    out/settings.json) &`, then `ln -s ~/.claude out`, replaced the hook config (red team 44).
    (A start-up file's link stays allowed: what a later call writes through it is checked.) The
    engine returns this verdict last, after every other check of the line."""
    return _linked(cmd, protected, home, [(t, "a symbolic link") for t in symlink_targets(cmd)], False)


def _linked(cmd, protected, home, sources, content):
    from legant_guard.hook.paths import path_variants

    trust = protected.trust
    for source, kind in sources:
        variants = path_variants(source, cmd.cwd, home)
        hit = protected.hit(variants) or protected.contained_in(variants)
        if trust is not None and not hit:
            hit = trust.installation.hit(variants) or trust.installation.contained_in(variants) or \
                trust.git_hooks.hit(variants) or trust.git_hooks.contained_in(variants)
            if content and not hit and trust.content_checked(variants):
                hit = variants[0]
            if content and not hit and os.path.isdir(variants[-1]):
                hit = trust.startup.contained_in(variants) or trust.git_config.contained_in(variants)
        if hit:
            return deny(f"`{cmd.executable}` would make {kind} to {hit}: a second name for a file the guard "
                        "protects or checks, which a later write through that name (by a command already running "
                        "in the background) would change unchecked. Copy the file instead", "trust-base:hard-link")
    return None
