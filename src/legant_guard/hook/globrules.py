"""Glob patterns a call names: every file a pattern may match meets the deny side and
self-protection, including files made later (`cat .e*`, a tool's `**/*.pem`), and a pattern
in the command word is each program it may run (`/usr/bin/cu?l`). Loaded only for a call that
holds a glob.
"""

from legant_guard.hook.budget import tick
from legant_guard.hook.engine import _check_shell_command
from legant_guard.hook.model import deny
from legant_guard.hook.paths import expand_glob, fold_path, glob_overlaps, is_glob, wildcard_match


_MAX_COMMAND_MATCHES = 16


def glob_command_word(policy, protected, action, home, cmd, globopts, context, narrowed, checked):
    """`/usr/bin/cu?l x`, `VENV/bin/p?p install`: bash expands a glob in the command word too, so
    the program is each file it matches (each judged as the command), and a pattern that could
    match a denied program's name (`cu?l`: a file named curl made first) is that program."""
    import copy
    import os

    word = cmd.argv[0]
    name = word.rsplit("/", 1)[-1]
    for pattern in policy.deny_cmds:
        plain = pattern.split()[0] if pattern.split() else ""
        if plain and not is_glob(plain) and (wildcard_match(name, plain) or wildcard_match(name.casefold(), plain.casefold())):
            return deny(f"the command word `{word}` is a pattern that matches `{plain}`, which is denied by deny-cmd",
                        "deny-cmd")
    dotglob, globstar, nocase = globopts
    matches = expand_glob(word if word.startswith("/") else os.path.join(cmd.cwd, word), dotglob, globstar=globstar,
                          nocase=nocase)
    if matches is None or len(matches) > _MAX_COMMAND_MATCHES:
        return deny(f"the command word `{word}` is a pattern that matches too many files to check", "undetermined")
    for match in matches:
        if match.rsplit("/", 1)[-1] == name:
            continue  # nothing matched: the word is run as spelled
        expanded = copy.copy(cmd)
        expanded.argv = [match if word.startswith("/") else match.rsplit("/", 1)[-1]] + list(cmd.argv[1:])
        expanded.executable = match.rsplit("/", 1)[-1]
        verdict = _check_shell_command(policy, protected, action, home, expanded, globopts, context, narrowed, checked)
        if verdict is None and protected.trust is not None:
            from legant_guard import shell

            verdict = protected.trust.check_command(expanded, shell.analyze("", action.cwd, home), action.command)
        if verdict:
            return verdict
    return None


def check_glob_pattern(policy, protected, pattern, project, home, dotglob=False, only_reads=None, names_only=False):
    """A glob operand is also judged as the pattern it is: files it does not match now could
    exist when it runs. Compared with the protected paths and the plain deny-path rules.

    One exception: a protected path that is not there now, named by a pattern a plainly
    read-only command reads (`ls *`, `wc -l *` in a project without an `opencode.json`;
    `only_reads()` says so: an operand of a command readonly.only_reads accepts). Only a write can put the file there, and a
    write to a protected path is refused on its own, so when the shell expands the pattern it
    cannot match it; what it matches that IS there is judged after this, file by file. The
    guard's own files are excepted: the hook itself writes them (an audit trail it starts). A
    command that may write keeps the pattern reading (`tar -x -C .cl*` could create
    .claude/settings.json), and so does a secret (deny-path): it is on other machines."""
    if pattern.startswith("/proc/"):
        from legant_guard.hook.paths import process_glob_link

        reason = process_glob_link(pattern)
        if reason:
            return deny(reason, "protected")
    folded = fold_path(pattern)  # deny-side rules are case-folded (paths.PathRule fold=True)
    depth = folded.rstrip("/").count("/")
    for rule in protected.rules:
        if not rule.glob and glob_overlaps(folded, rule.anchored) and \
                not only_below_a_file(folded, rule.anchored, True) and \
                not (names_only and _names_the_entry(depth, rule) and not _guard_file(protected, rule)) and \
                (only_reads is None or _may_be_there(rule) or _guard_file(protected, rule) or not only_reads()):
            return deny(f"the pattern {pattern} could reach {rule.source}, which is protected", "protected")
    for rule in policy.path_rules(project, home)[0].rules:
        tick()
        if not rule.glob and glob_overlaps(folded, rule.anchored) and not only_below_a_file(folded, rule.anchored, False):
            return deny(f"the pattern {pattern} could reach {rule.anchored}, denied by deny-path {rule.source}", "deny-path")
    return None


def _names_the_entry(depth, rule):
    """Does a pattern `depth` components deep (no `**`) name a protected path itself or a folder
    above it, not a path below it? For a program that shows only names and metadata (`ls -la
    *`, `du -sh * .[!.]*`: hook/namesonly.py) that is what a listing of those folders shows:
    each file the pattern matches now is judged after this as a plainly named operand is (by its
    folder, or as a folder it lists), so `du -sh .[!.]*` is `du -sh .claude ...`. A pattern
    below a protected path (`ls .claude/hooks/*`) stays refused here."""
    return rule.anchored.rstrip("/").count("/") >= depth


def reads_operand(cmd, path):
    """Is `path` an operand (not a redirect target) of a command that only reads its operands?"""
    from legant_guard.hook import readonly

    return all(r.target != path for r in cmd.redirects) and readonly.only_reads(cmd)


def _guard_file(protected, rule):
    """Is `rule` one of the guard's own files? The hook writes those itself (the audit trail and
    its head on the first call of a fresh setup), so one not there now may be there when the
    command runs: `cat AUDIT_DIR/*` would read the trail this very call starts."""
    return any(own.anchored == rule.anchored for own in protected.secrets)


def _may_be_there(rule):
    """Is there anything (a file, a folder, a link, even a dangling one) at a protected rule's
    path, as the guard built it or as the kernel would find it case-folded?"""
    import os

    return any(os.path.lexists(p) for p in {rule.source, rule.anchored} if p.startswith("/"))


def only_below_a_file(pattern, path, absent_too):
    """Does `pattern` overlap `path` only by naming paths below it (`proj/**/*.py` and
    `proj/opencode.json`), while `path` is a regular file (or, `absent_too`, for the guard's
    protected files, not there at all: making it a folder first is a write to a protected path,
    refused on its own), so that nothing can be below it when the shell expands the pattern?
    A `**` that globstar lets match no folder at all is tried both ways. A link, which may lead
    to a folder, is not skipped; nor is a secret that is not there now (it is on other machines)."""
    import os

    pats = [c for c in pattern.split("/") if c]
    depth = path.rstrip("/").count("/")
    if len(pats) <= depth or os.path.islink(path) or not (os.path.isfile(path) or absent_too and not os.path.lexists(path)):
        return False
    stars = [i for i, c in enumerate(pats) if c == "**"]
    if len(stars) > 4:
        return False
    for mask in range(1, 2 ** len(stars)):
        gone = {i for k, i in enumerate(stars) if mask >> k & 1}
        alt = [c for i, c in enumerate(pats) if i not in gone]
        if len(alt) <= depth and glob_overlaps("/" + "/".join(alt), path):
            return False
    return True
