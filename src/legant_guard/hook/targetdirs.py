"""cp, mv, install and ln told their destination folder with `-t` inside a bundle or abbreviated.

The copy checks recognised `-t DIR` and `--target-directory` as written, so `cp -vt .claude
x/settings.json`, `cp -rt .claude stage/*`, `install -Dt .claude x`, `ln -st .claude x` and `cp
--targ .claude x` (GNU's getopt takes bundles and any unambiguous prefix) were judged as if the
last operand were the destination: `.claude/settings.json` was written under `operator` (red
team #28). The command is judged as spelt out: each bundle split at the letter that takes a
value (`-vt DIR` is `-v -t DIR`, `-rtDIR` is `-r -t DIR`), a prefix of `--target-directory` read
as it. Loaded only for these programs (engine._TARGET_DIR_PROGRAMS).
"""

# The short options of each program that take a value (GNU coreutils): the rest of a bundle is it.
WITH_VALUE = {"cp": "St", "mv": "St", "ln": "St", "install": "gmoSt"}
_TARGET = "--target-directory"


def spelled_out(cmd):
    """`cmd`, or a copy of it whose argv has `-t DIR` and `--target-directory=DIR` spelt out."""
    with_value = WITH_VALUE.get(cmd.executable.lstrip("g") if cmd.executable in ("gcp", "gmv") else cmd.executable)
    if with_value is None:
        return cmd
    argv = [cmd.argv[0]]
    changed = False
    folders = []  # the values given to -t / --target-directory
    words = iter(cmd.argv[1:])
    for word in words:
        if word == "--":
            argv.append(word)
            argv.extend(words)
            break
        if word.startswith("--"):
            name, eq, value = word.partition("=")
            if len(name) >= 3 and _TARGET.startswith(name):
                if name != _TARGET:
                    word, changed = _TARGET + eq + value, True
                folders.append(value if eq else next(words, ""))
                argv.append(word)
                if not eq:
                    argv.append(folders[-1])
                continue
            argv.append(word)
            continue
        if word.startswith("-") and len(word) > 2:
            split = _split_bundle(word, with_value)
            if split != [word]:
                changed = True
            if split[-1] == "-t" or (len(split) > 1 and split[-2] == "-t"):
                folders.append(split[-1] if split[-1] != "-t" else None)
            argv.extend(split)
            continue
        if word == "-t":
            folders.append(None)
        elif folders and folders[-1] is None:
            folders[-1] = word
        argv.append(word)
    if not changed:
        return cmd
    import copy
    import os

    spelt = copy.copy(cmd)
    spelt.argv = argv
    known = set(cmd.paths)
    missing = [os.path.normpath(os.path.join(cmd.cwd, f)) for f in folders if f]
    missing = [f for f in missing if f not in known]
    if missing:  # (an abbreviation the analysis did not take for the option: its value is a path too)
        spelt.paths = list(cmd.paths) + missing
    return spelt


def _split_bundle(word, with_value):
    """`-vt` -> [-v, -t]; `-rtDIR` -> [-r, -t, DIR]; `-Sbak` -> [-S, bak]: each letter its own
    option, up to one that takes a value (the rest of the word is that value)."""
    out = []
    for k, letter in enumerate(word[1:], 1):
        out.append("-" + letter)
        if letter in with_value:
            if word[k + 1:]:
                out.append(word[k + 1:])
            break
    return out if len(out) > 1 else [word]
