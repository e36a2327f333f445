"""A token that may read but not run commands (fs.read without shell.exec, the reviewer role):
a plainly read-only command line (hook/readonly.py) is judged as the reads it makes, every one
against the path rules and self-protection, and any other command is refused for want of
shell.exec. Loaded only for such a token's shell calls.
"""

from legant_guard.hook.engine import (_analyze, _check_executable, _check_path, _command_env,
                                      _outside_allowed_paths, _secret_reader, _tool_rules, _unwrap_login_shell)
from legant_guard.hook.globrules import check_glob_pattern
from legant_guard.hook.model import allow, deny
from legant_guard.hook.paths import expand_glob


def shell_as_reads(policy, protected, action, home, refused):
    """A token with fs.read but no shell.exec: a plainly read-only command (hook/readonly.py)
    is judged as the reads it makes; any other command is refused for want of shell.exec."""
    if action.paths:
        return deny(f"{refused} (the command applies a patch)", "scope")
    _unwrap_login_shell(action)
    analysis = _analyze(action.command, action.cwd, home)
    if analysis.cwd_forks:  # `cd ~; cd nope; cat .netrc`: every folder a cd that may fail leaves (shell/cwdforks.py)
        from legant_guard.shell.cwdforks import variants

        for each, _choice in variants(analysis, lambda choice: _analyze(action.command, action.cwd, home,
                                                                       fork_choice=choice)):
            verdict = forks_undetermined(analysis) if each is None else \
                _shell_reads(policy, protected, action, home, refused, each)
            if not verdict.allow:
                return verdict
        return allow()
    return _shell_reads(policy, protected, action, home, refused, analysis)


def forks_undetermined(analysis):
    from legant_guard.shell.cwdforks import MAX_COMBINATIONS

    return deny(f"could not determine the working directory: the command's cd's may fail or not run in over "
                f"{MAX_COMBINATIONS} ways ({analysis.cwd_forks[0].what} ...), and the token has path rules; "
                "end a failing cd with `|| exit`, or name the paths in full", "undetermined")


def _shell_reads(policy, protected, action, home, refused, analysis):
    from legant_guard.hook import commandrules
    from legant_guard.shell.knowledge import may_follow_links

    from legant_guard import shell
    from legant_guard.hook import readonly

    reads, why = readonly.reads_of(analysis, action.command)
    if reads is None:
        return deny(f"{refused}; only plainly read-only commands (cat, head, sed -n, rg, ls, git log ...) "
                    f"count as reads, and {why}", "scope")
    verdict = _tool_rules(policy, action.tool)
    if verdict:
        return verdict
    for hit in shell.match_tripwires(analysis, home):
        return deny(f"tripwire {hit.id} ({hit.severity}): {hit.reason}", "tripwire:" + hit.id)
    context = commandrules.ShellContext(protected, policy, home, action.project, _command_env(action.command),
                                        action.command)
    for cmd in analysis.commands:
        verdict = _check_executable(policy, cmd.executable, args=cmd.argv[1:]) or \
            _outside_allowed_paths(policy, protected, cmd, home, action.project) or \
            commandrules.check_command(cmd, protected, home, policy, action.project, context)
        context.after(cmd)
        if not verdict and may_follow_links(cmd.executable, cmd.argv):
            from legant_guard.hook import linkwalk

            verdict = linkwalk.check(cmd, home, lambda target: _check_path(
                policy, protected, target, "/", home, action.project, "fs.read", deny_only=True, recursive=True))
        verdict = verdict or _secret_reader(policy, protected, cmd, home, action.project)
        if verdict:
            return verdict
    for read in reads:
        targets = [read.path]
        if read.glob:
            verdict = check_glob_pattern(policy, protected, read.path, action.project, home, only_reads=lambda: True,
                                          names_only=read.names_only is not None and "**" not in read.path.split("/"))
            if verdict:
                return verdict
            targets = expand_glob(read.path)
            if targets is None:
                return deny(f"the pattern {read.path} matches too many files to check", "undetermined")
        for target in targets:
            verdict = _check_path(policy, protected, target, read.cwd, home, action.project, "fs.read",
                                  exempt_devices=True, recursive=read.recursive, names_only=read.names_only)
            if verdict:
                return verdict
    return allow()
