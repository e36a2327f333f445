"""Backups a copy makes of the files it replaces, under names the suffix decides.

`cp -b -S .json SRC .claude/settings` renames the existing `.claude/settings` (written by the
agent in an earlier call: not a protected name) to `.claude/settings.json` before it writes
SRC there; mv, install and ln take the same `-b`/`--backup` and `-S`/`--suffix` (and the
SIMPLE_BACKUP_SUFFIX variable), and `rsync --backup --backup-dir=DIR` moves each file it
replaces below DIR under its own name, so `rsync -b --backup-dir=.claude x/settings.json .`
moved the project's `./settings.json` to `.claude/settings.json`. The guard judged only the
copy's own destination (red team #28). Now, when a command makes backups: each file it writes
plus the suffix is judged as written (against the protected paths and the trust base: the
guard's installation, git hooks, start-up and git configuration files), a tree copy is refused where a protected path below its
destination ends with the suffix, rsync's backup folder is judged like an unpacker's
destination, and a suffix built at run time counts as any suffix. Loaded only for these
programs when their words can ask for a backup (engine._BACKUP_PROGRAMS).
"""

import os

_RSYNC_WITH_VALUE = "BeTfM"  # (rsync's short options that take a value; cp & co.: targetdirs.WITH_VALUE)


def check(cmd, protected, home, raw_command, env):
    from legant_guard.hook.model import deny
    from legant_guard.hook.paths import path_variants

    exe = cmd.executable[1:] if cmd.executable in ("gcp", "gmv") else cmd.executable
    backup, suffixes, backup_dir = _options(cmd.argv, exe)
    suffixes += _suffix_variables(raw_command, env)
    if not backup and not suffixes and backup_dir is None:
        return None
    if not suffixes:
        suffixes = ["" if (exe == "rsync" and backup_dir is not None) else "~"]
    dest = cmd.paths[-1] if cmd.paths else None
    if exe == "rsync" and backup_dir is not None:
        base = path_variants(dest, cmd.cwd, home)[-1] if dest else cmd.cwd
        folder = backup_dir if backup_dir.startswith("/") else os.path.join(
            base if os.path.isdir(base) else os.path.dirname(base), backup_dir)
        variants = path_variants(folder, cmd.cwd, home)
        hit = protected.hit(path_variants(os.path.join(folder, "x"), cmd.cwd, home)) or protected.hit(variants) or \
            protected.contained_in(variants)
        if hit:
            return deny(f"`rsync` with --backup-dir {backup_dir} moves each file it replaces below {variants[0]} under "
                        f"its own name, which could replace {hit}, which is protected", "protected")
    from legant_guard.hook.copytargets import copy_targets

    targets = copy_targets(cmd, home) if exe != "rsync" else ([dest] if dest else [])
    if dest and _copies_trees(cmd.argv, exe) and any(
            w.endswith("/.") or (exe == "rsync" and w.endswith("/")) for w in cmd.argv[1:-1] if not w.startswith("-")):
        targets = targets + [dest]  # (`cp -r stage/. .`: what stage holds lands in the destination itself)
    for suffix in suffixes:
        for target in targets:
            if suffix is None:
                folder = os.path.dirname(target.rstrip("/")) or "/"
                variants = path_variants(folder, cmd.cwd, home)
                hit = protected.contained_in(variants)
            else:
                backup = path_variants(target.rstrip("/") + suffix, cmd.cwd, home)
                hit = protected.hit(backup) or _trust_base_hit(protected.trust, backup)
                if not hit and _copies_trees(cmd.argv, exe):
                    hit = _ending_with(protected, path_variants(target, cmd.cwd, home), suffix)
            if hit:
                what = "a suffix built at run time" if suffix is None else f"the suffix `{suffix}`"
                return deny(f"`{cmd.executable}` makes a backup of each file it replaces, named with {what}: the "
                            f"backup of {target} could be {hit}, which is protected (its old content becomes that "
                            "file)", "protected")
    return None


def _trust_base_hit(trust, variants):
    """The backup lands on a file of the guard's installation, a git hook, a start-up file or a
    git configuration file (its old content, which the guard never read, becomes that file)."""
    if trust is None:
        return None
    for rules in (trust.installation, trust.git_hooks, trust.startup, trust.git_config):
        hit = rules.hit(variants)
        if hit:
            return hit
    return None


def _options(argv, exe):
    """(backups asked for, suffixes given (None: built at run time), rsync's --backup-dir)."""
    from legant_guard.hook.targetdirs import WITH_VALUE

    with_value = _RSYNC_WITH_VALUE if exe == "rsync" else WITH_VALUE.get(exe, "")
    backup, suffixes, backup_dir = False, [], None
    words = iter(argv[1:])
    for word in words:
        if word == "--":
            break
        if word.startswith("--"):
            name, eq, value = word.partition("=")
            if len(name) >= 4 and "--suffix".startswith(name):
                suffixes.append(_literal(value if eq else next(words, "")))
            elif exe == "rsync" and len(name) > len("--backup") and "--backup-dir".startswith(name):
                backup_dir = value if eq else next(words, "")
            elif len(name) >= 3 and "--backup".startswith(name):
                backup = True
            continue
        if word.startswith("-") and len(word) > 1:
            for k, letter in enumerate(word[1:], 1):
                if letter == "b":
                    backup = True
                if letter in with_value:
                    value = word[k + 1:] or next(words, "")
                    if letter == "S" and exe != "rsync":
                        suffixes.append(_literal(value))
                    break
    return backup or bool(suffixes), suffixes, backup_dir


def _literal(value):
    return None if any(c in value for c in "$`") else value


def _suffix_variables(raw_command, env):
    """SIMPLE_BACKUP_SUFFIX set on the line (or exported earlier in it) or in the agent's environment."""
    out = []
    if raw_command and "SIMPLE_BACKUP_SUFFIX=" in raw_command:
        from legant_guard.hook.pkgmanagers import _assignments

        out += _assignments(raw_command, "SIMPLE_BACKUP_SUFFIX")
    if env and env.get("SIMPLE_BACKUP_SUFFIX"):
        out.append(env["SIMPLE_BACKUP_SUFFIX"])
    return out


def _copies_trees(argv, exe):
    recursive = ("r", "R", "a") if exe in ("cp", "rsync") else ()
    return any(w.startswith("-") and not w.startswith("--") and any(c in w[1:] for c in recursive) for w in argv[1:]) or \
        any(w in ("--recursive", "--archive") for w in argv[1:]) or exe == "mv"


def _ending_with(protected, variants, suffix):
    """A protected path at or below one of `variants` whose name ends with `suffix` (what a tree
    copy's backup of a file of that name minus the suffix would become)."""
    from legant_guard.hook.paths import fold_path

    folded = fold_path(suffix)
    for variant in variants:
        prefix = fold_path(variant).rstrip("/") + "/"
        for rule in protected.rules:
            if rule.anchored.startswith(prefix) and rule.anchored.endswith(folded) and len(folded):
                return rule.source
    return None
