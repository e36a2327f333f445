"""Programs that delete what they read: `tar --remove-files`, `rsync --remove-source-files`.

`tar --remove-files -cf /tmp/x.tar .claude` archives the hook configs and then deletes them (the
next session starts without its hooks); `rsync -a --remove-sent-files .claude /tmp/x` (the older
name, or any abbreviation) too. Reading them is an ordinary copy, so the deletion went unjudged
(red team #28; `zip -m`, `7z -sdel` and `rsync --remove-source-files` spelt out were already
refused). Each source is judged as a recursive delete, against the protected paths and the
guard's installation. Loaded only for tar and rsync with a `--rem…` option.
"""

import os

_TAR = "--remove-files"
_RSYNC = ("--remove-source-files", "--remove-sent-files")


def check(cmd, protected, home):
    from legant_guard.hook.model import deny
    from legant_guard.hook.paths import path_variants

    exe = cmd.executable
    if exe == "rsync":
        if not any(_abbreviates(w, _RSYNC, "--remove-s") for w in cmd.argv[1:]):
            return None
        operands = [w for w in cmd.argv[1:] if not w.startswith("-")]
        sources = [os.path.join(cmd.cwd, s) for s in operands[:-1] if ":" not in s.split("/", 1)[0]]
        how = "`rsync --remove-source-files` deletes each file it sends"
    else:
        if not any(_abbreviates(w, (_TAR,), "--rem") for w in cmd.argv[1:]):
            return None
        from legant_guard.hook.cmdoptions import tar_options

        opts, operands, _ = tar_options(cmd.argv)
        bases = [os.path.join(cmd.cwd, v) for n, v in opts if n in ("-C", "--directory")] or [cmd.cwd]
        sources = [os.path.join(base, s) for base in bases for s in operands]
        how = "`tar --remove-files` deletes each file it archives"
    for source in sources:
        variants = path_variants(os.path.normpath(source), cmd.cwd, home)
        hit = protected.hit(variants) or protected.contained_in(variants)
        if not hit and protected.trust is not None:
            hit = protected.trust.installation.hit(variants) or protected.trust.installation.contained_in(variants)
        if hit:
            return deny(f"{how}: {variants[0]} holds {hit}, which is protected (archive or copy it without the "
                        "option)", "protected")
    return None


def _abbreviates(word, names, shortest):
    name = word.split("=", 1)[0]
    return name.startswith(shortest) and any(full.startswith(name) for full in names)
