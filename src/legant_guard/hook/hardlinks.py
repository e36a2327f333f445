"""Hard links to what the guard protects: a second name it does not check.

`cp -al .claude c && echo '{"disableAllHooks":true}' > c/settings.json` (a builder's two
allowed-looking steps), `ln ~/.bashrc b; echo 'export CLAUDE_CONFIG_DIR=/tmp' >> b`, `ln
.git/config cfg`: a hard link is the same file under a new name, so a later write through that
name (a `>` redirect keeps the inode) changes the hook config, the start-up file or git's
configuration while the guard sees only a write to `c/settings.json` or `b`. A symlink is
followed when paths are resolved; a hard link cannot be told from the file it names. So making
one is denied for every role when its source is (or, for `cp -al`, holds) a protected path, a
content-checked file (start-up files, `.envrc`, mise, git configuration), a repository hook or
part of the guard's installation.
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


def check(cmd, protected, home):
    """A deny when `cmd` makes a hard link to a protected, content-checked or installation path."""
    from legant_guard.hook.paths import path_variants

    trust = protected.trust
    for source in link_sources(cmd):
        variants = path_variants(source, cmd.cwd, home)
        hit = protected.hit(variants) or protected.contained_in(variants)
        if trust is not None and not hit:
            hit = trust.installation.hit(variants) or trust.installation.contained_in(variants) or \
                trust.git_hooks.hit(variants) or trust.git_hooks.contained_in(variants)
            if not hit and trust.content_checked(variants):
                hit = variants[0]
            if not hit and os.path.isdir(variants[-1]):
                hit = trust.startup.contained_in(variants) or trust.git_config.contained_in(variants)
        if hit:
            return deny(f"`{cmd.executable}` would make a hard link to {hit}: a second name for a file the guard "
                        "protects or checks, which a later write through that name would change unchecked. Copy "
                        "the file instead", "trust-base:hard-link")
    return None
