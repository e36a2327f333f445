"""Destructive git that moves or discards without the words the older tripwires looked for.

Loaded by shell/tripwires.py only when a command runs git (red team 27):
- `git fetch . +old:main`, `git fetch -f origin x:main`, `git fetch --tags --force`,
  `-c remote.origin.fetch=+refs/heads/*:refs/heads/*`: a forced fetch into a local branch or tag
  moves it as `git branch -f` does (the commits only it held are left to the reflog);
- `git checkout HEAD~3 -B main`, `git switch old -C main`, `git worktree add -B main ../w`: the
  branch that -B/-C resets is the option's value, wherever it stands on the line;
- `git checkout -- '?*'`, `git restore '**'`, `git restore src/..`, `git -C src checkout -- ..`:
  a pathspec that covers the whole work tree, spelled as a pattern or as a path above it;
- `git tag -fm MSG v1`, `git update-ref -m refs/x refs/heads/main X`: the operands as git's
  option parser reads them, the values of options apart (git_operands).
"""

import os

from legant_guard.shell.words import absolute

_FORCE_WORDS = ("--force",)
_LOCAL_REF_HEADS = ("refs/heads/", "refs/tags/")


def _forced(rest):
    """Does a fetch/pull word list carry -f/--force (bundled short options, git's abbreviations)?"""
    for w in rest:
        if w == "--":
            break
        if w.startswith("--"):
            name = w.split("=", 1)[0]
            if len(name) >= 4 and "--force".startswith(name):
                return True
        elif w.startswith("-") and len(w) > 1 and "f" in w[1:]:
            return True
    return False


def _local_destination(refspec):
    """The local ref a fetch refspec `[+]SRC:DST` writes (a branch or a tag; DST without `refs/`
    is a branch, as git reads it), or None (remote-tracking refs, FETCH_HEAD)."""
    if ":" not in refspec:
        return None
    dst = refspec.split(":", 1)[1].strip()
    if not dst:
        return None
    if dst.startswith(_LOCAL_REF_HEADS):
        return dst
    if dst.startswith("refs/") or dst in ("HEAD", "FETCH_HEAD"):
        return None
    return "refs/heads/" + dst


def fetch_force(cmd, sub, rest, ref_exists, settings):
    """What makes this `git fetch`/`git pull` move an existing local branch or tag, or None.
    `ref_exists(ref)` says whether a full ref exists (a pattern: whether any of its kind does);
    `settings`: the (key, value) settings the command line makes (`-c`)."""
    forced = _forced(rest)
    operands = [w for w in rest if not w.startswith("-")]
    for refspec in operands[1:]:
        dst = _local_destination(refspec)
        if dst and (refspec.startswith("+") or forced) and ref_exists(dst):
            return "refspec %s%s" % (refspec, "" if refspec.startswith("+") else " with --force")
    if forced and any(w == "--tags" or (w.startswith("--ta") and "--tags".startswith(w)) or w == "-t"
                      for w in rest) and ref_exists("refs/tags/*"):
        return "--tags --force (every tag the remote has moves)"
    for key, value in settings:
        if key.startswith("remote.") and key.endswith(".fetch") and value is not None:
            dst = _local_destination(value)
            if dst and value.strip().startswith("+") and ref_exists(dst):
                return "%s=%s" % (key, value)
        elif key.startswith("remote.") and key.endswith(".fetch"):
            return "%s=$VAR" % key
    return None


def config_fetch_force(settings):
    """`git config remote.origin.fetch '+refs/heads/*:refs/heads/*'`: every later fetch clobbers
    the local branches. The setting, or None."""
    for key, value in settings:
        if key.startswith("remote.") and key.endswith(".fetch"):
            if value is None:
                return "%s=$VAR" % key
            dst = _local_destination(value.strip())
            if dst and value.strip().startswith("+"):
                return "%s=%s" % (key, value)
    return None


def option_value(rest, letters, longs):
    """The value of the short option in `letters` (`-B NAME`, `-BNAME`, bundled `-qB NAME`) or of
    a long option in `longs` (`--force-create NAME`, `--force-create=NAME`, abbreviated as git
    accepts), or None."""
    for k, w in enumerate(rest):
        if w == "--":
            break
        if w.startswith("--"):
            name, eq, value = w.partition("=")
            for option in longs:
                if len(name) >= 4 and option.startswith(name):
                    return value if eq else (rest[k + 1] if k + 1 < len(rest) else None)
        elif w.startswith("-") and len(w) > 1:
            for j, c in enumerate(w[1:], 1):
                if c in letters:
                    glued = w[j + 1:]
                    return glued if glued else (rest[k + 1] if k + 1 < len(rest) else None)
    return None


def git_operands(words, value_options):
    """The operands of a git subcommand's words, as git's option parser reads them: the value of
    an option in `value_options` is not one wherever git takes it (`-m MSG`, `-mMSG`, bundled
    after other letters `-fm MSG`, `--message MSG`, `--message=MSG`, and an abbreviation git
    accepts, `--mess MSG`), and every word after `--` is one (red team 38: `git tag -fm x v1`
    and `git tag -f --mess x v1` read `x` as the tag, `git update-ref -m refs/x refs/heads/main
    X` read the message as the ref, and `git update-ref -- refs/heads/main X` had none)."""
    shorts = {o[1] for o in value_options if len(o) == 2 and o[0] == "-" and o[1] != "-"}
    longs = [o for o in value_options if o.startswith("--")]
    operands, k = [], 0
    while k < len(words):
        w = words[k]
        k += 1
        if w == "--":
            operands += words[k:]
            break
        if w.startswith("--"):
            name, eq, _ = w.partition("=")
            if not eq and len(name) > 2 and any(o.startswith(name) for o in longs):
                k += 1
        elif w.startswith("-") and len(w) > 1:
            for j, c in enumerate(w[1:], 1):
                if c in shorts:
                    k += j == len(w) - 1  # (the value is the next word, or the rest of this one)
                    break
        else:
            operands.append(w)
    return operands


# Pathspec magic that keeps a pattern a pattern (`:(glob)**`, `:(top)*`), or makes the pathspec
# everything but what follows it (`:!x`, `:(exclude)x`: alone, the rest of the tree).
_EXCLUDE = (":!", ":^", ":(exclude)")


def _strip_magic(spec):
    """(the pattern without its magic prefix, whether the magic anchors it at the top)."""
    top = False
    if spec.startswith(":("):
        close = spec.find(")")
        if close < 0:
            return spec, False
        words = spec[2:close].split(",")
        top = "top" in words
        spec = spec[close + 1:]
    elif spec.startswith(":/"):
        spec, top = spec[2:], True
    elif spec.startswith(":") and len(spec) > 1 and not spec[1].isalnum():
        return spec, False
    while spec.startswith("./"):
        spec = spec[2:]
    return spec, top


def _wildcards_only(pattern):
    """Is this git pattern made of wildcards and slashes alone (`*`, `**`, `?*`, `*/*`, `[!.]*`)?
    git's default pathspec lets `*` cross `/`, so such a pattern takes (nearly) every file."""
    if not pattern or not any(c in pattern for c in "*?["):
        return False
    k = 0
    while k < len(pattern):
        c = pattern[k]
        if c == "[":
            close = pattern.find("]", k + 2)
            if close < 0:
                return False
            k = close + 1
            continue
        if c not in "*?/":
            return False
        k += 1
    return True


def whole_tree_spec(spec, cwd, top):
    """Does the pathspec `spec`, given in `cwd` of a work tree whose top is `top`, cover the
    whole tree (or the whole part of it below cwd that is the tree: cwd == top)? The spelling
    it was found in, or None."""
    if spec.startswith(_EXCLUDE) or (spec.startswith(":(") and "exclude" in spec[2:spec.find(")")].split(",")):
        return spec  # everything but the excluded names
    pattern, at_top = _strip_magic(spec)
    base = top if at_top else cwd
    if _wildcards_only(pattern) and base == top:
        return spec
    if pattern in ("", "."):
        return spec if base == top else None
    if any(c in pattern for c in "*?["):
        return None
    path = absolute(pattern, base)
    if path == top or top.startswith(path.rstrip("/") + "/"):
        return spec
    return None


def work_tree(cmd):
    """(git's working folder, the top of the work tree it is in, or that folder when none is
    found). The analysis already ran `-C DIR` into the command's folder."""
    cwd = cmd.cwd
    folder = cwd
    while True:
        if os.path.lexists(os.path.join(folder, ".git")):
            return cwd, folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return cwd, cwd
        folder = parent
