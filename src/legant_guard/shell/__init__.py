"""Shell analysis: what a shell command string would run, and which files it would touch.

This is where guards for coding agents are beaten (one wrapper, quote or nested shell and a
deny rule is gone), so it reads the string as bash does: quote removal, every simple command
inside lists, pipelines, groups, control flow and substitutions, wrappers seen through, nested
shells analysed recursively. It is pure (no I/O beyond an optional `~user` lookup), standard
library only and cheap to import: it runs inside every `guard check` of a shell command.

    analyze(command, cwd, home) -> Analysis
    match_tripwires(analysis, home) -> [Hit]

Analysis.commands is a list of SimpleCommand (see analyze.py, the walker core, whose
docstring maps the modules beside it): executable, argv, paths,
redirects, cwd, cd_target, via, deletes, interactive, undetermined, plus recursive,
delete_targets, runs_output_of and globs. `deletes` is true for rm, rmdir, unlink, shred, srm,
trash, mv (moves its sources away), find -delete / -exec rm, rsync --delete, git clean -f and
git rm. Analysis.error is set when the command must be refused outright (too large, too deep,
too many commands, not valid bash).
"""

from legant_guard.shell.analyze import LimitError, SimpleCommand, Walker
from legant_guard.shell.parse import ParseError, parse
from legant_guard.shell.scope import Scope
from legant_guard.shell.words import norm

MAX_BYTES = 128 * 1024

__all__ = ["analyze", "match_tripwires", "Analysis", "SimpleCommand", "Hit", "glob_overlaps"]


class Analysis:
    __slots__ = ("commands", "undetermined", "error", "functions", "forkbombs", "fork_loops", "env_paths",
                 "cd_sites", "shared_cds", "redirect_spellings", "cwd_forks", "source")

    def __init__(self):
        self.commands = []
        self.undetermined = []  # things that could not be determined statically (human text)
        self.error = None  # refuse outright with this text
        self.functions = []  # names of shell functions the command defines
        self.forkbombs = []  # functions that call themselves in a pipeline or in the background
        self.fork_loops = []  # endless loops that start commands in the background (`while :; do x & done`)
        self.env_paths = []  # analyze.EnvPath (variable, folder): HOME=/x, GIT_DIR=/x ... programs work in that folder
        self.cd_sites = []  # severaldirs.CdSite: each cd into one of several folders (a loop's)
        self.shared_cds = 0  # cd/pushd/popd run outside a ( … ) subshell
        self.redirect_spellings = {}  # redirect target -> its spellings with `..`, not collapsed
        self.cwd_forks = []  # cwdforks.Fork: points after which the folder is one of several (a cd that may fail)
        self.source = None  # the command string (shell/pidlists.py reads where a listing's output goes)

    def __repr__(self):
        return "Analysis(commands=%r, undetermined=%r, error=%r)" % (self.commands, self.undetermined, self.error)


def analyze(command, cwd, home, repo_top=None, cd_choice=None, environment=None, fork_choice=None, walker_class=Walker):
    """Analyse a shell command string run in directory `cwd` by a user whose home is `home`.
    `repo_top`: a function folder -> what `git rev-parse --show-toplevel` prints there, or None
    when unknown (hook/gittop.py); without it that output is unknown. `cd_choice`: {site: folder}
    (shell/severaldirs.py), the folder each cd into one of several folders goes to.
    `environment`: the agent's environment, where the variables of configuration files programs
    read are looked up when the command does not set them (shell/configprograms.py).
    `fork_choice`: {fork: index}, the folder taken after each cd that may fail (shell/cwdforks.py).
    `walker_class`: a Walker that keeps more of what it sees (hook/shellwrites.py: what each command prints)."""
    result = Analysis()
    if not isinstance(command, str):
        result.error = "the command is not a string"
        return result
    if len(command) > MAX_BYTES // 4 and len(command.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        result.error = "the command is over 128 KiB; split it into smaller commands"
        return result
    result.source = command
    home = norm(home or "/")
    cwd = norm(cwd or home)
    walker = walker_class(home)
    walker.repo_top = repo_top
    walker.cd_choice = cd_choice
    walker.environment = environment or {}
    walker.cwd_forks = []
    walker.fork_choice = fork_choice
    walker.stopping_cd = None  # (shell/cwdforks.py: the cd that ends an `&&` chain when it fails)
    walker.list_may_stop = False
    try:
        tree = parse(command)
        walker.bombs.loops += tree.fork_loops
        walker.walk_list(tree, Scope(cwd, home), [])
        walker.finish()
    except ParseError as e:
        result.error = "%s" % e
    except LimitError as e:
        result.error = "%s" % e
    except RecursionError:
        result.error = "the command is nested too deeply"
    result.commands = walker.out
    result.undetermined = walker.undetermined
    result.functions = walker.functions
    result.forkbombs = walker.bombs.names
    result.fork_loops = walker.bombs.loops
    result.env_paths = walker.env_paths
    result.cd_sites = walker.cd_sites
    result.shared_cds = walker.shared_cds
    result.redirect_spellings = walker.redirect_spellings
    result.cwd_forks = walker.cwd_forks
    if result.error is not None and len(walker.out) > 1000:
        result.commands = walker.out[:1000]
    return result


class Hit:
    __slots__ = ("id", "severity", "reason")

    def __init__(self, id, severity, reason):
        self.id = id
        self.severity = severity  # "catastrophic" | "destructive"
        self.reason = reason

    def __repr__(self):
        return "Hit(%r, %r, %r)" % (self.id, self.severity, self.reason)


def match_tripwires(analysis, home):
    """The tripwires of rules/tripwires.json that the analysed command sets off."""
    from legant_guard.shell.tripwires import match

    return match(analysis, norm(home or "/"))


def glob_overlaps(pattern, path):
    """Could a path matching the glob `pattern` be `path`, inside it, or contain it?

    For the engine: an operand such as `~/.ss*/id_rsa` or `rm -rf ~/.*` must be compared with
    deny and protected paths as the pattern it is. Both arguments absolute and normalised."""
    from legant_guard.shell.tripwires import overlaps

    return overlaps(pattern, path)
