"""Writes that land without naming the file: recursive copies, extraction, patches, links.

`cp -a src/ .claude`, `tar -xf a.tar`, `git apply x.patch` and `ln -s ~/.claude x && echo > x/f`
write files whose names are in a tree, an archive or a patch, not on the command line. The
tree, archive or patch is on disk when the hook runs: read it (bounded), work out the real
destination of every member the way the program would, and decide on those. When that cannot
be done (missing, too big, unknown format, read from a pipe, or made earlier in the same
command) the call is denied if its destination could hold a protected path.
"""

import os

from legant_guard.hook.denyside import variants_of
from legant_guard.hook.model import deny
from legant_guard.hook.cmdoptions import split_options as _split, tar_options as _tar_options
from legant_guard.hook.gitsubs import PATCH_APPLIERS, git_sub as _git_sub

_MAX_PATCH_BYTES = 16 * 1024 * 1024
_MAX_PATCH_NAMES = 20000


def _abs(path, cwd):
    """normpath(join(cwd, expanduser(path))), spelled out: a long command asks it thousands of times."""
    if path.startswith("~"):
        path = os.path.expanduser(path)
    if not path.startswith("/"):
        path = cwd + path if not cwd or cwd.endswith("/") else cwd + "/" + path
    return os.path.normpath(path)


def _undetermined(what, dest, ctx):
    """Nothing is known about the names written below `dest`: deny when a protected path or a
    fixed deny-path lies there."""
    if ctx.deny.could_reach_below(dest, write=True, fixed_only=True):
        trust = getattr(ctx.protected, "trust", None)
        if trust is not None and any(r.contained_in(dest) or r.matches(dest) for r in trust.installation.rules):
            return deny(f"{what}, so the guard cannot tell which files it writes below {dest}, where the guard's own "
                        "installation lives (changing it is denied for every role)", "undetermined-destination")
        return deny(f"{what}, so the guard cannot tell which files it writes below {dest}, where protected "
                    "files live", "undetermined-destination")
    return None


def _judge(target, kind, ctx, what, source=None):
    reason = ctx.deny.write_reason(variants_of(target), replaces=kind != "dir", source=source)
    if reason is None and (getattr(ctx, "links", None) or getattr(ctx, "copies_at", None)):
        # (`cp -a s1/. . && cp -r s2/. .`: s1 held L -> .claude, s2 holds L/settings.json)
        from legant_guard.hook.linkedtwins import reals

        for real in reals(target, ctx):
            reason = ctx.deny.write_reason(variants_of(real), replaces=kind != "dir", source=source)
            if reason:
                reason += " (through a link made earlier in the command)"
                break
    if reason:
        return deny(f"{what} would write {reason}", "protected" if "protected" in reason else "deny-path")
    return None


def _outside_allowed(target, ctx, what):
    """A member that lands outside the token's allowed paths (`unzip -: x.zip` with `../x`, `tar
    -P` with `/x`): the command line never names it, so the paths check of the command misses it."""
    policy = getattr(ctx, "policy", None)
    if policy is None or not policy.paths:
        return None
    project = (ctx.project or "/").rstrip("/") + "/"
    if target.startswith(project):
        return None  # (the common case: inside the project; the deny side judged it above)
    from legant_guard.hook.engine import path_denial

    verdict = path_denial(policy, target, ctx.project, ctx.home, "fs.write")
    if verdict:
        return deny(f"{what} would write {target}: {verdict.reason}", verdict.rule)
    return None


def _made_earlier(path, ctx):
    """Did an earlier command of the same shell command name `path` or a path below it, or run a
    program that writes files it does not name (ShellContext.opaque)?"""
    if ctx.opaque:
        return True
    return any(p == path or p.startswith(path.rstrip("/") + "/") for p in ctx.mentioned)


def _only_own_sinks_before(cmd, path, ctx):
    """Is what made `path` look changed only the commands `cmd` itself runs (`tar -xf a.tar
    --to-command=md5sum`: md5sum runs on each member, after tar opened a.tar), and no earlier
    command named it? Those come just before `cmd` in ctx.commands, their `via` one step longer."""
    depth = len(cmd.via)
    own = 0
    for earlier in reversed(ctx.commands):
        if len(earlier.via) <= depth or earlier.via[:depth] != cmd.via or \
                not earlier.via[depth].startswith(f"{cmd.executable} -"):
            break
        own += 1
    if not own:
        return False
    from legant_guard.hook.commandrules import _names_its_writes

    before = ctx.commands[:len(ctx.commands) - own]
    if any(not _names_its_writes(c) for c in before):
        return False
    return not any(p == path or p.startswith(path.rstrip("/") + "/") for c in before
                   for p in list(c.paths) + [r.target for r in c.redirects])


def _changed_by(ctx):
    return f" (or may change: `{ctx.opaque}` runs before it)" if ctx.opaque else ""


# ---- recursive copies and moves -----------------------------------------------------------

def copy_tree(cmd, ctx):
    exe = cmd.executable
    if exe not in ("cp", "mv", "rsync", "scp"):
        return None
    # cp/mv: -S SUFFIX and -t DIR take a value, -T (--no-target-directory) does not: it copies
    # SRC's contents onto DEST itself (`cp -rT stage ~/.venv/bin` writes bin/legant)
    opts, operands = _split(cmd.argv, "STtPioFcJlefBM" if exe not in ("cp", "mv") else "St",
                            ("--suffix", "--target-directory", "--backup", "--sparse", "--reflink", "--exclude",
                             "--include", "--filter", "--rsh", "--chmod", "--chown", "--backup-dir",
                             "--exclude-from", "--include-from", "--files-from", "--preserve", "--no-preserve"))
    names = {n for n, _ in opts}
    verdict = _parents_or_remote(exe, cmd, opts, names, operands, ctx)
    if verdict or (exe == "rsync" and names & {"-R", "--relative"}):  # (judged there, at DEST/<path as spelled>)
        return verdict
    if exe == "cp" and not names & {"-r", "-R", "-a", "--recursive", "--archive"}:
        return None
    if exe == "scp" and "-r" not in names:
        return None
    local = [o for o in operands if not (exe in ("rsync", "scp") and _remote(o))]
    target = [v for n, v in opts if n in ("-t", "--target-directory")]
    if target:
        dests, sources = [_abs(target[-1], cmd.cwd)], local
    elif len(operands) >= 2 and local and operands[-1] == local[-1]:
        dests, sources = [_abs(local[-1], cmd.cwd)], local[:-1]
    else:
        return None
    follow = bool(names & {"-L", "--dereference", "--copy-links"})
    for spelled in sources:
        source = _abs(spelled, cmd.cwd)
        base = os.path.basename(source.rstrip("/"))
        contents_only = spelled.endswith("/.") or (exe == "rsync" and spelled.endswith("/")) or \
            (exe in ("cp", "mv") and bool(names & {"-T", "--no-target-directory"}))
        for dest in dests:
            # `cp -r SRC DEST` writes DEST/<name of SRC> when DEST is a folder, else DEST itself;
            # a DEST this command makes first could be either.
            into = os.path.isdir(dest) or bool(target)
            either = _made_earlier(dest, ctx) or not os.path.lexists(dest) and exe == "rsync"
            places = [dest] if contents_only else \
                [os.path.join(dest, base), dest] if either else [os.path.join(dest, base) if into else dest]
            verdict = _copy_into(exe, source, places, follow, ctx)
            if verdict:
                return verdict
    return None


def _parents_or_remote(exe, cmd, opts, names, operands, ctx):
    """`cp --parents SRC DEST` writes DEST/SRC as spelled (`cd stage && cp --parents
    .claude/settings.json ..` wrote the project's hook config); `rsync`/`scp` from another host
    (`rsync -a HOST:/x/ .`) copy what the guard cannot list: undetermined below DEST when recursive,
    else DEST/<name of the remote file>."""
    target = [v for n, v in opts if n in ("-t", "--target-directory")]
    dest = target[-1] if target else (operands[-1] if len(operands) >= 2 else None)
    if dest is None or (exe in ("rsync", "scp") and _remote(dest)):
        return None
    sources = operands if target else operands[:-1]
    folder = _abs(dest, cmd.cwd)
    if exe == "cp" and "--parents" in names:
        for spelled in sources:
            verdict = _judge(os.path.normpath(os.path.join(folder, spelled.lstrip("/"))), "file", ctx,
                             f"`cp --parents` of {spelled}")
            if verdict:
                return verdict
        return None
    if exe not in ("rsync", "scp"):
        return None
    if exe == "rsync" and names & {"-R", "--relative"}:
        # (red team #30) rsync's -R is --relative, not recursive: each source lands at DEST/<its path as
        # spelled>, from a `/./` in it on (`rsync -R stage/./.claude/settings.json .`)
        recursive = bool(names & {"-r", "-a", "--recursive", "--archive"})
        for spelled in sources:
            if _remote(spelled) or spelled.startswith("rsync://"):
                continue
            rel = spelled.split("/./", 1)[1] if "/./" in spelled else spelled.lstrip("/")
            place = os.path.normpath(os.path.join(folder, rel))
            source = _abs(spelled, cmd.cwd)
            verdict = _copy_into("rsync -R", source, [place], bool(names & {"-L", "--copy-links"}), ctx) \
                if recursive else _judge(place, "file", ctx, f"`rsync -R` of {spelled}")
            if verdict:
                return verdict
        return None
    recursive = bool(names & {"-r", "-a", "--recursive", "--archive", "--mirror"})
    for spelled in sources:
        if not _remote(spelled) and not spelled.startswith("rsync://"):
            continue
        remote_path = spelled.split(":", 1)[1] if ":" in spelled and not spelled.startswith("rsync://") else spelled
        if recursive:
            verdict = _undetermined(f"`{exe}` copies from {spelled}, a tree on another host the guard cannot list",
                                    folder, ctx)
        elif any(c in remote_path for c in "*?[{$`") or remote_path.rstrip("/") in ("", ".", ".."):
            # `scp 'h:*' .claude/`: the other host's shell picks the names (red team #28)
            verdict = _undetermined(f"`{exe}` copies {spelled}, names the other host picks", folder, ctx)
        else:
            name = spelled.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
            verdict = _judge(os.path.join(folder, name) if os.path.isdir(folder) else folder, "file", ctx,
                             f"`{exe}` of {spelled}")
        if verdict:
            return verdict
    return None


def _copy_into(exe, source, places, follow, ctx):
    what = f"`{exe}` of {source}"
    if _made_earlier(source, ctx) or not os.path.lexists(source):
        inside = source.rstrip("/") + "/"
        for place in places:
            verdict = _undetermined(f"{what}: the source is not on disk yet{_changed_by(ctx)}", place, ctx)
            for made in sorted(p for p in ctx.mentioned if p.startswith(inside)) if verdict is None else ():
                # `echo … > stage/settings.json && cp -r stage/. .vscode/`: what the earlier command
                # wrote lands there, its text unread (a start-up file, an editor's settings ...)
                verdict = _judge(os.path.join(place, made[len(inside):]), "file", ctx, what)
                if verdict:
                    break
            if verdict:
                return verdict
        return None
    for place in places:
        verdict = _judge(place, "dir" if os.path.isdir(source) else "file", ctx, what,
                         None if os.path.isdir(source) else source)
        if verdict:
            return verdict
    if not os.path.isdir(source) or (os.path.islink(source) and not follow):
        return None
    if not any(ctx.deny.could_reach_below(p, write=True) for p in places):
        return None
    from legant_guard.hook.treewalk import TooBig, walk  # only a copy of a real folder walks it

    try:
        for rel, path, is_dir, is_link in walk(source, ctx.budget, follow):
            for place in places:
                verdict = _judge(os.path.join(place, rel), "dir" if is_dir else "file", ctx, what,
                                 None if is_dir or is_link else path)
                if verdict:
                    return verdict
    except TooBig:
        return deny(f"{what} copies more files than the guard can check against its protected paths; copy a "
                    "smaller folder", "undetermined-destination")
    return None


def _remote(word):
    colon, slash = word.find(":"), word.find("/")
    return colon > 0 and (slash < 0 or colon < slash)


# ---- archives -------------------------------------------------------------------------------

class Extraction:
    """What an extracting command writes: the `archive` it reads (None or "-": its input), the
    folders it extracts into (`dests`), the leading folders it strips from member names
    (`strip`), whether it drops their folders (`junk`) or keeps absolute names (`absolute`).
    `unknown` says why the members' names cannot be worked out (then `dests` has the folder)."""

    __slots__ = ("archive", "dests", "strip", "junk", "absolute", "unknown")

    def __init__(self, archive, dests, *, strip=0, junk=False, absolute=False, unknown=None):
        self.archive = archive
        self.dests = dests
        self.strip = strip
        self.junk = junk
        self.absolute = absolute
        self.unknown = unknown


_TAR_SUFFIXES = (".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst", ".tar.lzma", ".tar.lz", ".tar.lzo", ".tar.Z", ".tgz",
                 ".tbz2", ".tbz", ".txz", ".tzst", ".tlz", ".taz", ".tz2", ".tar")


def _one_top_level(opts, archive, dests):
    """GNU tar's `--one-top-level[=DIR]` puts every member below DIR (by default the archive's
    name without its suffix: `.claude.tar` unpacks into `.claude/`), except members already
    there: both places are judged (red team #20: `tar xf a.tar --one-top-level=.claude`)."""
    tops = []
    for name, value in opts:
        if len(name) > 5 and "--one-top-level".startswith(name) and name.startswith("--one-t"):
            if not value:
                base = os.path.basename(archive or "")
                stem = next((base[:-len(x)] for x in _TAR_SUFFIXES if base.endswith(x) and len(base) > len(x)), base)
                value = stem
            if value:
                tops.append(value)
    return [os.path.normpath(os.path.join(d, top)) for d in dests for top in tops]


def extraction(cmd, ctx):
    """The Extraction of an extracting command, or None when the command extracts nothing."""
    exe = cmd.executable
    argv = cmd.argv
    if exe in ("tar", "bsdtar", "gtar"):
        opts, operands, _ = _tar_options(argv)
        names = {n for n, _ in opts}
        if not names & {"-x", "--extract", "--get"}:
            return None
        # (`--to-command=CMD` still hands every member to CMD with its name in $TAR_FILENAME:
        # `tee "$TAR_FILENAME"` writes the members where an extraction would, red team 39)
        if names & {"-O", "--to-stdout", "-t", "--list"}:
            return None
        if names & {"--transform", "--xform", "-s"}:
            return Extraction(None, [cmd.cwd], unknown="`tar --transform` renames the members")
        archive = next((v for n, v in reversed(opts) if n in ("-f", "--file")), None)
        dests = [_abs(v, cmd.cwd) for n, v in opts if n in ("-C", "--directory")] or [cmd.cwd]
        dests += _one_top_level(opts, archive, dests)
        strip = next((int(v) for n, v in reversed(opts) if n == "--strip-components" and v.isdigit()), 0)
        return Extraction(archive, dests, strip=strip, absolute=bool(names & {"-P", "--absolute-names"}))
    if exe in ("unzip", "bsdunzip"):  # (libarchive's bsdunzip takes unzip's options)
        if any(w in ("-l", "-t", "-v", "-p", "-c", "-z", "-Z") or
               (w.startswith("-") and not w.startswith("--") and set(w[1:]) & set("ltvpcZz") and
                not w.startswith("-d")) for w in argv[1:]):
            return None
        archive, dests, junk, skip = None, [], False, False
        i = 1
        while i < len(argv):
            word = argv[i]
            if word == "-d" and i + 1 < len(argv):
                dests.append(_abs(argv[i + 1], cmd.cwd))
                i += 2
                continue
            if word.startswith("-d") and len(word) > 2:
                dests.append(_abs(word[2:], cmd.cwd))
            elif word in ("-P",):
                i += 2
                continue
            elif word == "-x":
                skip = True
            elif word.startswith("-"):
                skip = False
                junk = junk or "j" in word
            elif not skip and archive is None:
                archive = word
            i += 1
        if archive and not os.path.exists(_abs(archive, cmd.cwd)) and os.path.exists(_abs(archive + ".zip", cmd.cwd)):
            archive += ".zip"
        return Extraction(archive or "-", dests or [cmd.cwd], junk=junk)
    if exe in ("7z", "7za", "7zr", "7zz"):
        if len(argv) < 2 or argv[1] not in ("x", "e"):
            return None
        operands = [w for w in argv[2:] if not w.startswith("-")]
        dests = [_abs(w[2:], cmd.cwd) for w in argv[2:] if w.startswith("-o")] or [cmd.cwd]
        return Extraction(operands[0] if operands else "-", dests, junk=argv[1] == "e")
    if exe == "cpio":
        opts, operands = _split(argv, "FIODEHRMC", ("--file", "--directory", "--pattern-file", "--format",
                                                   "--owner", "--message", "--io-size", "--block-size"))
        names = {n for n, _ in opts}
        if "-p" in names or "--pass-through" in names:
            dest = _abs(operands[-1], cmd.cwd) if operands else cmd.cwd
            return Extraction(None, [dest], unknown="`cpio -p` copies files named on its input")
        if not names & {"-i", "--extract"} or names & {"-t", "--list"}:
            return None
        archive = next((v for n, v in opts if n in ("-F", "-I", "--file")), None)
        dests = [_abs(v, cmd.cwd) for n, v in opts if n in ("-D", "--directory")] or [cmd.cwd]
        return Extraction(archive, dests, absolute="--absolute-filenames" in names)
    return None


def archive_extraction(cmd, ctx):
    found = extraction(cmd, ctx)
    if found is None:
        return None
    if found.unknown:
        return _undetermined(found.unknown, found.dests[0], ctx)
    archive, dests, strip, junk, absolute = found.archive, found.dests, found.strip, found.junk, found.absolute
    exe = cmd.executable
    if archive in (None, "-"):
        archive = next((r.target for r in cmd.redirects if r.op.lstrip("0") in ("<", "<>")), None)
    if archive is None and exe in ("tar", "bsdtar", "gtar"):
        from legant_guard.hook.checkouts import piped_git_archive

        members, problem = piped_git_archive(ctx)  # `git archive REV | tar -x`: the tree is on disk
        if members is not None:
            for dest in dests:
                verdict = judge_members(members, dest, strip, junk, absolute, ctx, f"`{exe}` extracting {problem}")
                if verdict:
                    return verdict
            return None
    if archive is None:
        for dest in dests:
            verdict = _undetermined(f"`{exe}` reads its archive from a pipe", dest, ctx)
            if verdict:
                return verdict
        return None
    path = _abs(archive, cmd.cwd)
    if _made_earlier(path, ctx) and not _only_own_sinks_before(cmd, path, ctx):
        for dest in dests:
            verdict = _undetermined(f"`{exe}` extracts {path}, which this command makes first{_changed_by(ctx)}", dest,
                                    ctx)
            if verdict:
                return verdict
        return None
    from legant_guard.hook.archives import Unlistable, list_members

    try:
        members = list_members(path)
    except Unlistable as e:
        for dest in dests:
            verdict = _undetermined(f"`{exe}`: {e}", dest, ctx)
            if verdict:
                return verdict
        return None
    for dest in dests:
        verdict = judge_members(members, dest, strip, junk, absolute, ctx, f"`{exe}` extracting {path}")
        if verdict:
            return verdict
    return None


def judge_members(members, dest, strip, junk, absolute, ctx, what):
    """Where each member lands below `dest` (after earlier symlink members), judged as a write."""
    links = {}
    for member in members:
        name = member.name.replace("\\", "/")
        parts = [p for p in name.split("/") if p not in ("", ".")]
        if strip:
            parts = parts[strip:]
        if junk:
            parts = parts[-1:]
        if not parts:
            continue
        targets = [os.path.normpath(os.path.join(dest, *parts))]
        if name.startswith("/"):  # kept by -P; conservative either way
            targets.append(os.path.normpath("/" + "/".join(parts)))
        for target in list(targets):
            for link, real in links.items():
                if target.startswith(link + "/"):
                    targets.append(real + target[len(link):])
                    break
        for target in targets:
            verdict = _judge(target, member.kind, ctx, what, member if member.text is not None else None) or \
                _outside_allowed(target, ctx, what)
            if verdict:
                return verdict
            ctx.mentioned.add(target)  # a later copy from here reads what this wrote
        if member.kind == "symlink" and not member.link:  # its text is unknown: later words through it are
            ctx.unknown_links[targets[0]] = what
        if member.kind in ("symlink", "hardlink") and member.link:
            base = os.path.dirname(targets[0]) if member.kind == "symlink" else dest
            real = os.path.normpath(os.path.join(base, member.link))
            links[targets[0]] = real
            ctx.links.append((targets[0], real))  # later words through it (through_links)
            reason = ctx.deny.write_reason(variants_of(real), replaces=True) or \
                ctx.deny.read_reason(variants_of(real))
            if reason:
                return deny(f"{what} would make {targets[0]} a link to {reason}", "protected"
                            if "protected" in reason else "deny-path")
    return None


# ---- patches --------------------------------------------------------------------------------

def _patch_names(text):
    """(file names, symlinks created) a unified, context or git patch touches."""
    names, symlinks, pending_link = [], [], None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("diff --git "):
            rest = line[11:]
            pending_link = None
            for piece in _git_names(rest):
                names.append(piece)
        elif line.startswith(("--- ", "+++ ", "*** ")) and not line.rstrip().endswith(("****", "----")):
            name = line[4:].split("\t", 1)[0].strip()
            if name.startswith('"') and name.endswith('"'):
                name = name[1:-1]
            if name and name != "/dev/null":
                names.append(name)
        elif line.startswith(("rename to ", "rename from ", "copy to ", "copy from ")):
            names.append("\0" + line.split(" ", 2)[2].strip().strip('"'))  # git writes these unprefixed
        elif line.startswith("Index: "):
            names.append("\0" + line[7:].strip())
        elif line.startswith("new file mode 120000") or line.startswith("new mode 120000"):
            pending_link = names[-1] if names else None
        elif pending_link and line.startswith("+") and not line.startswith("+++"):
            symlinks.append((pending_link, line[1:]))
            pending_link = None
        if len(names) > _MAX_PATCH_NAMES:
            return None, None
    return names, symlinks


def _git_names(rest):
    if rest.startswith('"'):
        return [p.strip('"') for p in rest.split('" "')]
    half = rest.split(" b/", 1)
    if len(half) == 2:
        return [half[0], "b/" + half[1]]
    return rest.split(" ")


def _patch_targets(name, bases, strip=None):
    """Every file a patch name can land on below each base: at the strip level (-p) when it is
    known (git apply: 1 unless given), else at each level; and the name itself."""
    unprefixed = name.startswith("\0")
    name = name.lstrip("\0")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    levels = range(len(parts)) if strip is None else [0 if unprefixed else strip]
    out = []
    for base in bases:
        for k in levels:
            if k < len(parts):
                out.append(os.path.normpath(os.path.join(base, *parts[k:])))
    if name.startswith("/"):
        out.append(os.path.normpath(name))
    return out


def _patch_backups(opts, ctx):
    """patch's backup names (red team #28: `patch -b -B .claude/ < x` kept the original of each
    patched file below .claude/): [("suffix"|"prefix"|"basename", value or None when built at
    run time)], from -z/--suffix, -B/--prefix, -Y/--basename-prefix and SIMPLE_BACKUP_SUFFIX."""
    kinds = {"-z": "suffix", "--suffix": "suffix", "-B": "prefix", "--prefix": "prefix", "-Y": "basename",
             "--basename-prefix": "basename"}
    out = [(kinds[n], None if any(c in v for c in "$`") else v) for n, v in opts if n in kinds and v != ""]
    # SIMPLE_BACKUP_SUFFIX on the line, exported earlier in it or in the agent's environment; with
    # or without -b: GNU patch backs up a file a hunk does not match exactly by default
    # (--backup-if-mismatch), under the same name (red team 39: `SIMPLE_BACKUP_SUFFIX=.json patch
    # -p1 < x` kept .claude/settings as .claude/settings.json)
    from legant_guard.hook.backups import _literal, _suffix_variables

    trust = getattr(getattr(ctx, "protected", None), "trust", None)
    env = dict(getattr(trust, "env", None) or {}, **(getattr(ctx, "env", None) or {}))
    out += [("suffix", _literal(v)) for v in _suffix_variables(getattr(ctx, "_command", None), env) if v != ""]
    return out


def _judge_backups(backups, target, base, ctx):
    """Each backup patch keeps of `target` (the original, whose content the guard never read)."""
    for kind, value in backups:
        if value is None:
            verdict = _undetermined("`patch` names its backups with a value built at run time",
                                    os.path.dirname(target), ctx)
            if verdict:
                return verdict
            continue
        if kind == "suffix":
            name = target + value
        elif kind == "prefix":
            name = os.path.normpath(os.path.join(base, value + os.path.relpath(target, base)))
        else:
            name = os.path.join(os.path.dirname(target), value + os.path.basename(target))
        verdict = _judge(os.path.normpath(name), "file", ctx, f"`patch`'s backup of {target}")
        if verdict:
            return verdict
    return None


def _patch_in_command(command):
    """Is every `apply_patch` of the command fed a here-document or here-string (`apply_patch
    <<'EOF'`, Codex's own form), so that the patch it applies is text of the command as written?
    Not when bash expands that text first (an unquoted delimiter, a `"…"` here-string) and a `$`
    or a backquote follows: `X=.claude; apply_patch <<EOF` … `*** Add File: $X/settings.json`."""
    if "*** Begin Patch" not in command:
        return False
    found = False
    for name in ("apply_patch", "applypatch"):
        at = command.find(name)
        while at != -1:
            rest = command[at + len(name):].lstrip(" \t")
            if rest.startswith("--preserve-crlf"):
                rest = rest[15:].lstrip(" \t")
            if not rest.startswith("<<"):
                return False
            quote = rest[3:].lstrip(" \t")[:1] == "'" if rest.startswith("<<<") else \
                rest[2:].lstrip("-").lstrip(" \t")[:1] in ("'", '"', "\\")
            if not quote and ("$" in rest or "`" in rest):
                return False
            found = True
            at = command.find(name, at + 1)
    return found


def patch_writes(cmd, ctx):
    exe = cmd.executable
    argv = cmd.argv
    if exe == "git":
        sub = _git_sub(argv)
        if sub is None:
            return None
        k, name = sub.at, sub.name
        if name not in PATCH_APPLIERS:
            return None
        valued = ("--directory", "--include", "--exclude",
                  "--whitespace", "--build-fake-ancestor", "--patch-format", "--resolvemsg", "--exclude")
        # (`--dir .claude`, the value in the next word: read as --directory's)
        valued += tuple(w.split("=", 1)[0] for w in argv[k + 1:] if w.startswith("--") and "=" not in w and
                        len(w) >= 3 and "--directory".startswith(w))
        opts, operands = _split(["git"] + argv[k + 1:], "pC", valued)
        flags = {n for n, _ in opts}
        if name == "apply" and flags & {"--check", "--stat", "--numstat", "--summary"} and "--apply" not in flags:
            return None
        if name == "am" and flags & {"--abort", "--quit", "--show-current-patch"}:
            return None
        from legant_guard.hook.treewalk import git_top

        top = git_top(cmd.cwd)
        bases = [cmd.cwd] + ([top] if top and top != cmd.cwd else [])
        # (git takes any unambiguous prefix of a long option: `git apply --dir=.claude`, even `--d=`; red team 42)
        directory = [v for n, v in opts if n == "--directory" or (len(n) >= 3 and "--directory".startswith(n))]
        if directory:
            bases = [os.path.normpath(os.path.join(b, directory[-1])) for b in bases]
        if name == "am" and flags & {"--continue", "--skip", "-r", "--resolved"} and top:
            folder = os.path.join(top, ".git", "rebase-apply")
            try:
                operands = [os.path.join(folder, n) for n in sorted(os.listdir(folder)) if n.isdigit()]
            except OSError:
                operands = []
        what = f"`git {name}`"
        given = next((v for n, v in reversed(opts) if n == "-p"), None)
        strip = int(given) if given is not None and given.isdigit() else (1 if given is None else None)
    elif exe in ("patch", "gpatch"):
        opts, operands = _split(argv, "pdiFoBDrVYzgx", ("--strip", "--directory", "--input", "--fuzz", "--output",
                                                       "--prefix", "--basename-prefix", "--ifdef", "--reject-file",
                                                       "--version-control", "--suffix", "--quoting-style", "--get"))
        flags = {n for n, _ in opts}
        if "--dry-run" in flags:
            return None
        base = next((v for n, v in reversed(opts) if n in ("-d", "--directory")), None)
        bases = [_abs(base, cmd.cwd) if base else cmd.cwd]
        inputs = [v for n, v in opts if n in ("-i", "--input")]
        backups = _patch_backups(opts, ctx)
        if operands and backups:  # `patch -b -z .json .claude/settings < x`: its backup too
            verdict = _judge_backups(backups, _abs(operands[0], cmd.cwd), bases[0], ctx)
            if verdict:
                return verdict
        if operands and not inputs:
            if len(operands) >= 2:
                inputs = [operands[1]]
            else:
                return None  # `patch FILE < x`: writes FILE, an operand the engine checks
        elif operands:
            return None
        operands = inputs
        what = "`patch`"
        strip = None  # GNU patch guesses without -p: every level
    elif exe in ("apply_patch", "applypatch"):
        # Codex's own patch program, on PATH in its sessions (arg0 links): a Codex patch as its one
        # operand (its headers are in the command, agents/patchfiles.py) or else read from its input
        if [a for a in argv[1:] if a != "--preserve-crlf"]:
            return None
        if not any(r.op.endswith("<") and not r.op.endswith("<<") for r in cmd.redirects) and \
                _patch_in_command(getattr(ctx, "_command", None) or ""):
            return None  # (`apply_patch <<'EOF'`: the patch is the command's text)
        opts, operands, bases, strip, what = [], [], [cmd.cwd], 0, "`apply_patch`"
    else:
        return None
    backups = _patch_backups(opts, ctx) if exe in ("patch", "gpatch") else []
    if not operands:
        operands = [r.target for r in cmd.redirects if r.op.lstrip("0") in ("<", "<>")]
        if not operands:
            for base in bases:
                verdict = _undetermined(f"{what} reads its patch from a pipe; save it to a file and pass it" if
                                        what != "`apply_patch`" else "`apply_patch` reads its patch from its input (a "
                                        "pipe, or a here-document bash expands first); save it to a file and give it "
                                        "as `apply_patch < FILE`, or quote the delimiter (`<<'EOF'`)", base, ctx)
                if verdict:
                    return verdict
            return None
    for spelled in operands:
        path = _abs(spelled, cmd.cwd)
        problem = None
        if _made_earlier(path, ctx):
            problem = f"{what} applies {path}, which this command writes first{_changed_by(ctx)}"
        else:
            try:
                from legant_guard.hook.scriptfiles import read_bytes

                data = read_bytes(path, _MAX_PATCH_BYTES)  # a FIFO would block the hook
                if len(data) > _MAX_PATCH_BYTES:
                    problem = f"the patch {path} is larger than the guard reads"
            except OSError as e:
                # a patch not there yet may be there when the command runs (a job started earlier
                # writes it): like a missing archive, its names cannot be known
                problem = f"cannot read the patch {path} ({e.strerror})"
        if problem is None and what == "`apply_patch`":  # its `*** Add/Update/Delete File:`, `*** Move to:`
            from legant_guard.agents.patchfiles import patch_paths

            names, symlinks = patch_paths(data.decode("utf-8", "surrogateescape"))[0][:_MAX_PATCH_NAMES + 1], []
            if len(names) > _MAX_PATCH_NAMES:
                names = None
        elif problem is None:
            names, symlinks = _patch_names(data.decode("utf-8", "surrogateescape"))
            if names is None:
                problem = f"the patch {path} names more files than the guard checks"
        if problem:
            for base in bases:
                verdict = _undetermined(problem, base, ctx)
                if verdict:
                    return verdict
            continue
        for name in names:
            for target in [_abs(name, bases[0])] if what == "`apply_patch`" else _patch_targets(name, bases, strip):
                verdict = _judge(target, "file", ctx, f"{what} of {path}") or \
                    _judge_backups(backups, target, bases[0], ctx)
                if verdict:
                    return verdict
                ctx.mentioned.add(target)
        for name, link in symlinks:
            for target in _patch_targets(name, bases, strip):
                real = os.path.normpath(os.path.join(os.path.dirname(target), link))
                ctx.links.append((target, real))  # later words through it (through_links)
                reason = ctx.deny.write_reason(variants_of(real), replaces=True)
                if reason:
                    return deny(f"{what} of {path} would make {target} a link to {reason}", "protected")
    return None


# ---- links made earlier in the same command -----------------------------------------------

def record_links(cmd, ctx):
    """`ln -s TARGET LINK`: later words under LINK reach TARGET."""
    if cmd.executable != "ln":
        return
    opts, operands = _split(cmd.argv, "tSb", ("--target-directory", "--suffix", "--backup"))
    names = {n for n, _ in opts}
    if not names & {"-s", "--symbolic"} or not operands:
        return
    target_dir = next((v for n, v in opts if n in ("-t", "--target-directory")), None)
    if target_dir:
        pairs = [(t, os.path.join(_abs(target_dir, cmd.cwd), os.path.basename(t.rstrip("/")))) for t in operands]
    elif len(operands) == 1:
        pairs = [(operands[0], os.path.join(cmd.cwd, os.path.basename(operands[0].rstrip("/"))))]
    else:
        last = _abs(operands[-1], cmd.cwd)
        no_deref = names & {"-T", "--no-target-directory", "-n", "--no-dereference"}
        into = os.path.isdir(last) and not no_deref
        pairs = [(t, os.path.join(last, os.path.basename(t.rstrip("/"))) if into else last) for t in operands[:-1]]
        if not into and not no_deref and not os.path.lexists(last):
            # a folder an earlier command makes (`mkdir d; ln -s T d/`): the link is d/<name of T>
            pairs += [(t, os.path.join(last, os.path.basename(t.rstrip("/")))) for t in operands[:-1]]
    for target, link in pairs:
        link = os.path.normpath(link)
        real = os.path.normpath(os.path.join(os.path.dirname(link), os.path.expanduser(target)))
        ctx.links.append((link, real))


def through_links(cmd, ctx):
    """The paths of `cmd` that go through a link an earlier command made, as they really are."""
    out = []
    if not ctx.links:
        return out
    for path in list(cmd.paths) + [r.target for r in cmd.redirects]:
        out.extend(reals_through(path, ctx))
    # `ln -s ../kl z/k && cat z/k/../id_rsa`: the analysis collapsed the `..` against the disk as
    # it is now, where z/k is no link yet; the kernel goes to the parent of the link's target
    out.extend(real for _, real in dotdot_through_links(cmd, ctx))
    return out


def dotdot_through_links(cmd, ctx):
    """(the path as the analysis collapsed it, where the kernel goes) for each word or redirect
    target of `cmd` with a `..` after a link made earlier in the command."""
    if not ctx.links:
        return []
    spellings = []
    for word in cmd.argv[1:]:
        if "/.." in word or word.startswith(".."):
            spelled = word.split("=", 1)[1] if "=" in word and not word.startswith("-") else word
            spellings.append(spelled if spelled.startswith("/") else cmd.cwd.rstrip("/") + "/" + spelled)
    redirected = getattr(ctx, "redirect_spellings", None)
    if redirected:  # (`echo k >> z/k/../authorized_keys`: the analysis keeps the target's spelling)
        for r in cmd.redirects:
            spellings.extend(redirected.get(r.target, ()))
    found = []
    for spelled in spellings:
        real = _through_made_links(spelled, link_index(ctx), _resolved(ctx))
        if real is not None:
            found.append((os.path.normpath(spelled), real))
    return found


def link_index(ctx):
    """{link: [real targets]} of the links made earlier in the command, kept up as links are
    added (a lookup per folder of a path, not a scan of every link per path: 500 links and
    8,000 operands took 22 s)."""
    index = getattr(ctx, "_link_index", None)
    if index is None:
        index = ctx._link_index = [0, {}]
    if index[0] != len(ctx.links):  # (links are only ever appended: add the new ones)
        for link, real in ctx.links[index[0]:]:
            index[1].setdefault(link, []).append(real)
        index[0] = len(ctx.links)
    return index[1]


def reals_through(path, ctx):
    """`path` as it really is through each link made earlier at or above it ([] when none)."""
    index = link_index(ctx)
    out, k = [], len(path)
    while k > 0:
        for real in index.get(path[:k], ()):
            out.append(real + path[k:])
        k = path.rfind("/", 0, k)
    return out


def _resolved(ctx):
    """realpath of a made link's target, looked up once per call (thousands of words may pass
    through the same link)."""
    memo = getattr(ctx, "_link_targets", None)
    if memo is None:
        memo = ctx._link_targets = {}

    def resolve(target):
        found = memo.get(target)
        if found is None:
            found = memo[target] = os.path.realpath(target).rstrip("/")
        return found

    return resolve


def _through_made_links(spelled, links, resolve):
    """`spelled` resolved component by component, a link made earlier in the command replaced by
    its target (followed on disk) before the next `..` is applied; None when no such link is on
    its way."""
    made = links  # {link: [real targets]} (link_index)
    current, through = "", False
    for comp in spelled.split("/")[1:]:
        if comp in ("", "."):
            continue
        if comp == "..":
            current = current.rsplit("/", 1)[0]
            continue
        current += "/" + comp
        targets = made.get(current)
        if targets:  # (the last one made, resolved on disk, as the kernel goes on from it)
            current, through = resolve(targets[-1]), True
    return (current or "/") if through else None
