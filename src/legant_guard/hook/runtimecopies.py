"""Copies whose sources are named only at run time, into a folder that holds protected paths.

`find stage -name settings.json | xargs cp -t .claude`, `… | xargs -I{} cp {} .claude`, `… |
while read f; do cp "$f" .claude; done`, `for f in $(find …); do cp $f .claude; done` and
`find … -exec sh -c 'cp "$1" .claude' _ {} \\;` put each file at `.claude/<its name>`, a name
the command line never spells; the copy was judged only at the folder (red team #28). Where a
source of cp/mv/install/ln is a word built at run time (an operand the analysis could not
determine, a word xargs hands on, a positional parameter of a shell find or xargs starts), the
names written below the destination folder are any names: denied where a protected path lies
directly below it (or anywhere below it, for a recursive copy). Loaded only for those copies.
"""

import os


def check(cmd, protected, home):
    from legant_guard.hook.model import deny
    from legant_guard.hook.paths import path_variants

    argv = cmd.argv
    via = cmd.via or ()
    from_xargs = any(v.startswith("xargs") for v in via)
    # (a shell that find or xargs starts gets the names as its positional parameters: `"$@"`)
    handed = from_xargs or any(v.startswith(("find -exec", "find -execdir", "find -ok", "parallel")) for v in via) \
        and any(v.endswith(" -c") for v in via)
    if not (cmd.undetermined or handed or "" in argv[1:]):
        return None
    folder = _destination(argv, from_xargs, getattr(cmd, "input_replace", None))
    if not folder or (not handed and _built_at_run_time(cmd, folder)):
        return None  # (a destination built at run time: judged as an undetermined write elsewhere)
    variants = path_variants(os.path.normpath(os.path.join(cmd.cwd, folder)), cmd.cwd, home)
    recursive = any(w in ("-r", "-R", "-a", "--recursive", "--archive") or
                    (w[:1] == "-" and w[1:2] != "-" and any(c in w[1:] for c in "rRa")) for w in argv[1:])
    for variant in variants:
        prefix = variant.rstrip("/") + "/"
        for rule in protected.rules:
            source = rule.source
            if not source.startswith(prefix):
                continue
            if recursive or "/" not in source[len(prefix):].rstrip("/"):
                return deny(f"`{cmd.executable}` copies files named only at run time into {variant}, which holds "
                            f"{source}, which is protected (a file of that name would replace it); copy the files by "
                            "name, or into another folder", "protected")
    return None


def _built_at_run_time(cmd, last):
    """Is the destination word itself the one operand built at run time, its sources named on the
    line? `cp -r src "$tmp/"` reads as `cp -r src /` with the variable unset; that `/` is no folder
    the line names (and `"$tmp/"` after `tmp=$(mktemp -d)` is judged where it leads: precision.py).
    Only when that reading stands once among the words (`cp "$x/" /` names `/` too)."""
    from legant_guard.hook.precision import _quoted_source

    sources = [_quoted_source(entry) for entry in cmd.undetermined]
    if len(sources) != 1 or sources[0] is None or cmd.argv[1:].count(last) != 1:
        return False
    return _unset_reading(sources[0]) == last


def _unset_reading(src):
    """`"$tmp/"`, `${d}/`: the word with its variables unset, or None when it holds anything else
    built at run time (a substitution, a glob, an escape)."""
    text = src.replace('"', "")
    out, k = [], 0
    while k < len(text):
        if text[k] != "$":
            if text[k] in "`'\\*?[~(){}":
                return None
            out.append(text[k])
            k += 1
            continue
        if text[k + 1:k + 2] == "{":
            end = text.find("}", k)
            name = text[k + 2:end] if end > 0 else ""
            k = end + 1
        else:
            end = k + 1
            while end < len(text) and (text[end].isalnum() or text[end] == "_"):
                end += 1
            name = text[k + 1:end]
            k = end
        if not name or not (name[0].isalpha() or name[0] == "_") or not name.replace("_", "a").isalnum():
            return None
    return "".join(out)


def _destination(argv, from_xargs, replace):
    """The destination folder, when the command line spells it: `-t DIR`/`--target-directory`, else
    the last word (for a word xargs appends to, only with -I/--replace)."""
    words = argv[1:]
    for k, word in enumerate(words):
        if word == "-t" and k + 1 < len(words):
            return words[k + 1]
        if word.startswith("--target-directory="):
            return word.split("=", 1)[1]
    if from_xargs and not replace:
        return None  # (xargs appends its words after the last one: that is the destination)
    last = words[-1] if words else ""
    if not last or last.startswith("-") or (replace and replace in last):
        return None
    return last
