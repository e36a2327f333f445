"""Where the role allows what is undetermined (operator): the words the guard can still work
out are judged anyway, operands read from a list on disk (`xargs -a LIST rm`), listed from a
folder (`git ls-files | xargs rm`), or built at run time from names the line spells
(`$(ls VENV/bin/pip) install x`: hook/runwords.py, hook/inputwords.py). Loaded only then.
"""

import os

from legant_guard.hook.engine import _check_path, _check_shell_command, _module
from legant_guard.hook.model import deny
from legant_guard.hook.paths import path_variants


def operands_from_disk(policy, protected, action, home, analysis, globopts, context):
    """Undetermined is allowed for this role, but operands read from a list on disk (`xargs -a
    LIST rm`, `rm $(cat LIST)`) or listed from a folder (`git ls-files | xargs rm`) are not
    unknown to the guard (hook/inputwords.py): the commands handed them are judged again with them."""
    from legant_guard.hook import inputwords

    verdict, handed = inputwords.operands_from_lists(analysis, lambda path, cwd: _check_path(
        policy, protected, path, cwd, home, action.project, "fs.read", deny_only=True))
    if verdict:
        return verdict
    verdict, through_proc = inputwords.proc_links(analysis)  # `/proc/$$/root/GUARD/key.pem`
    if verdict:
        return verdict
    verdict = inputwords.dynamic_tails(analysis, protected)  # `cat $(dirname GUARD/x)/key.pem`
    if verdict:
        return verdict
    verdict = _run_time_words(policy, protected, action, home, analysis, globopts, context)
    if verdict:
        return verdict
    for cmd in handed + [c for c in through_proc if c not in handed]:
        verdict = _check_shell_command(policy, protected, action, home, cmd, globopts, context, set(), set())
        if verdict is None and protected.trust is not None:
            verdict = protected.trust.check_command(cmd, analysis, action.command)
        if verdict:
            return verdict
    return inputwords.listed_reach(analysis, protected, home) or \
        inputwords.transformed_names(analysis)  # `echo GUARD/x | sed s/x/d/ | xargs rm`


def _run_time_words(policy, protected, action, home, analysis, globopts, context):
    """`$(ls VENV/bin/pip) install x`, `cp evil $D/settings.json`: a command word or operand built at
    run time is judged as each program or path the line's own words make it (hook/runwords.py)."""
    import copy
    import sys

    from legant_guard.hook import runwords
    from legant_guard.hook.trustbase import _READ_ONLY, UNKNOWN_WRITES

    trust = protected.trust
    if trust is None:
        return None
    guard_bin = os.path.dirname(os.path.abspath(sys.executable))
    for cmd in analysis.commands:
        if not cmd.undetermined:
            continue
        if not cmd.executable:
            programs, problem = runwords.program_candidates(cmd, analysis, trust.env, guard_bin)
            if problem:
                return deny(problem, "undetermined")
            for program in programs:
                if not cmd.argv:  # `ls X | xargs -I{} {} ...`: its words are read from the input too
                    if runwords.in_environment(program, guard_bin) or trust.installation.hit(
                            path_variants(program, cmd.cwd, home)):
                        return deny(f"the program `{cmd.via[-1] if cmd.via else 'xargs'}` runs is read from its "
                                    f"input, which names {program}, part of the guard's environment", "trust-base")
                    continue
                expanded = copy.copy(cmd)
                expanded.argv = [program] + list(cmd.argv[1:])
                expanded.executable = os.path.basename(program)
                verdict = _check_shell_command(policy, protected, action, home, expanded, globopts, context, set(),
                                               set()) or trust.check_command(expanded, analysis, action.command)
                if verdict:
                    return verdict
        tails = [t for t in runwords.known_tails(cmd, "operand") + runwords.known_tails(cmd, "redirect target")
                 if t.startswith("/") and len(t) > 1]
        finds = [c for c in analysis.commands if c.executable in ("find", "bfs") and c is not cmd]
        if tails and finds and context is not None:
            # `while read d; do cp x "$d/settings.json"; done < <(find …)`: find comes later in the line
            from legant_guard.hook import reach

            for find in finds:
                verdict = reach.name_search_check(find, [cmd.executable or "a command built at run time"], context,
                                                  tails)
                if verdict:
                    return verdict
        found = runwords.wildcard_hit(cmd, protected, home, trust.env)
        if found:
            return deny(f"{found[0]} could be {found[1]} (a folder built at run time between a known folder and a "
                        "hook config's name), which is protected", "protected")
        found = runwords.head_hit(cmd, protected, home, trust.env, cmd.executable not in _READ_ONLY)
        if found:
            return deny(f"{found[0]} could be {found[1]} (a known folder, then a name built at run time), which is "
                        "protected or part of the guard's trust base; name the file", "protected")
        found = runwords.checked_tails(cmd, trust, cmd.executable not in _READ_ONLY)
        if found:
            return deny(f"`{cmd.executable or 'a command'}` writes {found[0]}, whose folder is built at run time and "
                        f"whose name could be {found[1]}: the guard checks what is written there, so it must know "
                        "where it goes. Name the folder", "trust-base:startup")
        for path, redirected in runwords.operand_candidates(cmd, analysis, trust.env,
                                                            [p for _, p in trust.entries]):
            what = "fs.read" if cmd.executable in _READ_ONLY and not redirected else "fs.write"
            verdict = _check_path(policy, protected, path, cmd.cwd, home, action.project, what, deny_only=True)
            if verdict:
                return deny(f"{'; '.join(cmd.undetermined)} could be {path}: " + verdict.reason, verdict.rule)
        if any(u.startswith(UNKNOWN_WRITES) for u in cmd.undetermined):
            # `echo export CODEX_HOME=… >> ~/.bash${X}rc` (hook/unnamedwrites.py)
            verdict = _module("hook.unnamedwrites").check(cmd)
            if verdict:
                return verdict
    return None
