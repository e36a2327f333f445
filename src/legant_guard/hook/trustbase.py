"""The guard's trust base: everything the hook stands on, as one set derived at run time.

A guard that decides correctly is still switched off by one write to what it runs on, so
this module names, in one place, what no agent may change (THREAT_MODEL.md, "The trust base"):

1. the installation the hook runs from, derived from the running process and never a hand
   list: the `legant` script, the interpreter (and each link to it), every folder on
   sys.path (site-packages with its `.pth` files, the standard library, an editable
   install's source), the user site folder when Python reads it, `pyvenv.cfg`, and the
   rules/ and hooks/ data. Reading it is fine (the source is public); writing, moving,
   deleting or replacing it is denied for every role, and so are package managers acting on
   that environment;
2. every agent configuration that can load code or switch the hooks off (the agent registry,
   agents/__init__.py, names them; config.protected_paths: neither read nor written);
3. shell start-up files (and direnv's `.envrc`): written only with text the guard can read
   that sets none of the variables that disable or redirect the hooks (`startup_text_problem`);
4. the data files the hook reads (rules/), checked against hashes recorded at
   `legant guard init` in the guard dir's setup record (`catalogue_problem`).

This module holds what every call needs: the sets matched, the checks, the catalogue's hashes.
The parts that run only now and then are modules of their own: deriving the sets
(hook/trustderivation.py, on a memo miss; the installers use its `legant_executable` too, so
what is installed and what is protected cannot drift), the start-up files' text check
(hook/startuptext.py) and an agent started with its hooks off (hook/agentflags.py). On the hot
path: standard library only, no `re` at module level.
"""

import os
import sys

from legant_guard import agents  # (loaded with the event, before this module; only `os` of its own)
from legant_guard.hook.model import deny
from legant_guard.hook.paths import is_glob, path_variants
from legant_guard.safefile import RACY_SECONDS  # a rules file changed less than this ago is hashed each call

SELF_COMMANDS = ("legant", "legant-guard")
PY_RUNNERS = frozenset(("uvx", "pipx", "uv"))  # (they run a program from a package: the guard's own too)
# Programs that install into, create or clear a Python environment, besides pip*/python*
# (hook/pkgmanagers.py judges them all; it is loaded only for these, so the names live here).
PACKAGE_MANAGERS = frozenset(("uv", "pipx", "conda", "mamba", "micromamba", "virtualenv"))
# Python project managers that install into the active virtualenv or the project's `.venv`
# (and pdm into the interpreter `.pdm-python` names): hook/pkgmanagers.py judges which one.
PROJECT_MANAGERS = frozenset(("poetry", "pdm", "pipenv", "maturin", "flit", "rye"))
# Installers that put programs into a folder under names the package picks (hook/bininstallers.py).
BIN_INSTALLERS = frozenset(("cargo", "npm", "pnpm", "yarn", "bun", "gem", "go", "deno", "dotnet", "luarocks"))
# Programs that install git hooks running the project's own commands (hook/hookinstallers.py).
HOOK_INSTALLERS = frozenset(("pre-commit", "husky", "lefthook", "overcommit", "simple-git-hooks"))
# Undetermined parts of a command that are a place it writes (shell/analyze's wording; hook/unnamedwrites.py)
UNKNOWN_WRITES = ("redirect target", "script run by", "operands of `tee`", "operands of `cp`", "operands of `install`",
                  "operands of `mv`", "operands of `dd`")
# Programs that set the environment of sessions started later (hook/sessionenv.py: its _SETTERS)
SESSION_ENV_PROGRAMS = frozenset(("systemctl", "initctl", "launchctl", "dbus-update-activation-environment", "tmux",
                                  "screen", "kitty"))
# Managers of Python installations (hook/interpreters.py; `uv python` too).
INTERPRETER_MANAGERS = frozenset(("pyenv", "asdf", "mise", "rtx", "brew", "uv"))
# Words of an install that puts a package's programs into a bin folder (hook/pkgscripts.py).
_SCRIPT_INSTALL_WORDS = frozenset(("install", "i", "add", "link", "ln", "global", "inject", "reinstall", "isntall", "in",
                                   "ins", "inst", "insta", "instal", "update", "up", "upgrade"))


def may_manage_packages(exe):
    """Could `exe` act on a Python environment (pip, python -m pip/venv, uv, pipx, conda...)?"""
    return exe.startswith(("pip", "python", "easy_install")) or exe in PACKAGE_MANAGERS
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# ------------------------------------------------------------------ 1. the installation (what every call needs;
# the derivation itself is hook/trustderivation.py)

INSTALLER_CONFIG_NAMES = ("pip.conf", "pip.ini", "uv.toml")


def import_path_problem(project, home, cwd=None, sys_path=None):
    """Why the guard's own import path is writable by the agent, or None.

    A sys.path folder that is the project, the home folder or an ancestor of them (PYTHONPATH=.,
    `python -m legant_guard` run in the project) cannot be protected without refusing every
    write, and a `legant_guard/` the agent puts there would replace the guard's code on the
    next call: refuse every call until it is gone."""
    cwd = cwd or _getcwd()
    keep_out = [p for p in (project, home, os.path.realpath(project) if project else None) if p]
    for entry in sys.path if sys_path is None else sys_path:
        folder = os.path.normpath(os.path.join(cwd, entry)) if cwd and not os.path.isabs(entry) else entry
        if folder and os.path.isabs(folder) and _covers_any(os.path.normpath(folder), keep_out):
            return (f"the guard's Python import path includes {folder}, which holds the project or your home "
                    "(PYTHONPATH?): a module the agent writes there would replace the guard's own code. Start the "
                    "agent without it on PYTHONPATH, and run the hook as `legant guard check` (not `python -m`)")
    return None


def _getcwd():
    try:
        return os.getcwd()
    except OSError:
        return None


def _mapped_files():
    """Every file mapped into this process (libpython of a `--enable-shared` build as pyenv and
    many distributions make, libc, the loader, the extension modules loaded): replacing one
    replaces part of the interpreter. Read from the process's own memory map, so it is what is
    loaded, wherever it lives."""
    try:
        with open("/proc/self/maps", "rb") as f:
            maps = f.read(4 * 1024 * 1024)
    except OSError:
        return []
    found = {}
    for line in maps.split(b"\n"):
        k = line.find(b" /")
        if k < 0 or line.endswith(b" (deleted)"):
            continue
        path = line[k + 1:].decode("utf-8", "surrogateescape")
        if not path.startswith(("/dev/", "/proc/", "/memfd:")):
            found[path] = None
    return list(found)


def _data_dir(name, package_dir):
    inside = os.path.join(package_dir, name)
    if os.path.isdir(inside):
        return inside
    return os.path.join(os.path.dirname(os.path.dirname(package_dir)), name)


def _which(name, path_var):
    for folder in path_var.split(os.pathsep):
        if folder and os.path.isabs(folder):
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
    return None


def _covers_any(path, folders):
    """Is `path` one of `folders`, or an ancestor of one (or the root)?"""
    if path == "/":
        return True
    for folder in folders:
        if folder and (folder == path or folder.startswith(path.rstrip("/") + "/")):
            return True
    return False


# ------------------------------------------------------------------ 2. agent configurations (agents/__init__.py)


# Claude Code loads the skills of every `.claude/skills/` below the project when it works with
# files there (monorepo packages: `packages/a/.claude/skills/x/SKILL.md`); a skill's front matter
# may carry hooks, and its !`cmd` lines run when it loads, without a tool call. Since 2.1.178 the
# sub-agents, workflows and output styles of nested `.claude/` folders load too (the one closest to
# the working folder wins a name): a sub-agent's front matter carries hooks and MCP servers, a
# workflow is a script Claude Code runs. The project's own `.claude/skills` and `agents` are agent
# configuration (agents/__init__.py); these are write-protected wherever they lie, like a
# repository's `.git/hooks` (output styles are text for the model, and stay writable).
# A trusted workspace's settings, wherever it lies: VS Code and its forks read terminal.integrated.env.*
# there too (hook/editorsettings.py), in the folder it opens or in a multi-root `.code-workspace` file.
# Content-checked by name (TrustBase._content_checked), not as rules every call would build.
WORKSPACE_SETTINGS = ("/.vscode/settings.json", ".code-workspace")
# A `.git` file (`gitdir: ../x`) makes git read x's configuration and run x's hooks (red team 42):
# content-checked by name as well (hook/gitcode.py gitfile_text_problem).
_NAME_CHECKED = WORKSPACE_SETTINGS + ("/.git",)
NESTED_AGENT_CODE = ("/**/.claude/skills", "/**/.claude/agents", "/**/.claude/workflows")


# ------------------------------------------------------------------ the checks

# Programs that only read their operands (no option of theirs writes a named file, except
# find's -fprint family, checked below).
_READ_ONLY = frozenset((
    "cat", "head", "tail", "less", "more", "grep", "egrep", "fgrep", "rg", "ag", "ack", "ls", "stat", "file", "wc",
    "diff", "cmp", "md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "b2sum", "cksum", "find",
    "tree", "du", "readlink", "realpath", "basename", "dirname", "test", "[", "[[", "nl", "od", "hexdump", "strings",
    "cd", "pushd", "bat", "view", "zcat", "zless", "lsattr", "getfacl", "namei", "which", "type", "echo", "printf",
))
_ENV_LOADERS = frozenset((  # agentenv.LOADERS and SANDBOXES
    "direnv", "mise", "rtx", "dotenv", "dotenvx", "envdir", "chpst", "with-env", "unshare", "firejail", "chroot",
    "nsenter", "bwrap", "proot", "systemd-nspawn", "docker", "podman", "nerdctl", "flatpak-spawn", "toolbox",
    "distrobox", "distrobox-enter", "lxc-execute", "schroot", "fakechroot", "fakeroot", "newuidmap", "sudo", "doas",
    "su", "runuser", "pkexec"))
_FIND_WRITERS = ("-fprint", "-fprint0", "-fprintf", "-fls", "-delete")
# Wrappers whose own file (-o F, --output F) is output they write, whatever they run.
_OUTPUT_WRAPPERS = frozenset(("time", "strace", "ltrace"))
_COPIERS = frozenset(("cp", "install", "rsync", "scp", "ln"))
# Claude Code's tools that move a session, or start a sub-agent, somewhere its hooks may not follow
_SESSION_MOVERS = frozenset(("EnterWorktree", "Agent", "Task", "Workflow"))
# The names of the program configurations whose text names programs (hook/configwrites.py): a
# write of one, by a file tool (check.py) or by the shell (check_command), is judged by its text.
PROGRAM_CONFIG_NAMES = frozenset(("config.toml", "config", ".npmrc", "npmrc", "credentials", "config.json",
                                  ".yarnrc.yml", "bunfig.toml", ".bunfig.toml", "pytest.ini", ".pytest.ini",
                                  "pytest.toml", ".pytest.toml", "pyproject.toml", "tox.ini", "setup.cfg"))
_STARTUP_WRITERS = frozenset(("echo", "printf", "cat", "tee", "true", ":"))


class TrustBase:
    """The installation (write-protected) and the start-up files (content-checked), ready to match.

    Both sets are built on first use: a read-only tool call (most calls) never pays for the
    derivation (about 2 ms of realpath calls)."""

    __slots__ = ("config_writes", "_entries", "_installation", "_startup", "_git_hooks", "_git_config", "env", "home",
                 "project", "_looked_up", "_written_sets", "clear", "_present", "protected", "_memo", "_derived")

    def __init__(self, home, env, project, entries=None, memo=None):
        """`memo`: the guard dir's file that keeps the derivation across calls (hook/derivationmemo.py)."""
        self.env, self.home, self.project = env, home, project
        self._entries, self._installation, self._startup = entries, None, None
        self._memo, self._derived = memo, None
        self._git_hooks = self._git_config = None
        self._looked_up = (None, None)  # (the analysis, its _looked_up): one per command line, not per command
        self._written_sets = None
        self.config_writes = []  # (command, path, its variants) of each shell write of a PROGRAM_CONFIG_NAMES name (configwrites.py)
        self._present = None  # _present_rules
        self.clear = set()  # path_variants found to meet none of the written sets (engine.Protected.quiet)
        self.protected = None  # the engine.Protected this trust base belongs to (it sets it)

    @property
    def entries(self):
        if self._entries is None:
            self._entries = self._derivation()[0] + \
                [("a library the interpreter loads", p) for p in _mapped_files()]  # (this process's: never kept)
        return self._entries

    def _derivation(self):
        """(the installation's entries but the libraries mapped now, the start-up files, git's
        configuration files): derived on first use in a call, or kept from an earlier call while
        nothing it read has changed (hook/derivationmemo.py)."""
        if self._derived is None:
            from legant_guard.hook.claudestate import mcp_servers
            from legant_guard.hook.derivationmemo import derived

            env = "os.environ" if self.env is os.environ else sorted(self.env.items())  # (the digest has os.environ)
            # ~/.claude.json changes on every tool call of Claude Code: what it says is read
            # now and is an input of the derivation, not a fact that would never hold again
            servers = mcp_servers(self.env, self.home)
            self._derived = derived(self._memo, (self.home, self.project, env, servers), lambda: self._derive(servers))
        return self._derived

    def _derive(self, claude_servers=None):
        from legant_guard.hook.trustderivation import installation, startup_files

        project = self.project
        entries = installation(self.env, keep_out=(project, self.home, os.path.realpath(project) if project else None),
                               libraries=False, project=project)
        from legant_guard.hook.configscripts import config_scripts  # statusLine, hooks, notify ...
        from legant_guard.hook import gitcode

        entries += [("a script an agent's configuration runs without a tool call (statusLine, hooks, "
                     "apiKeyHelper, notify)", p) for p in config_scripts(self.env, self.home, project, claude_servers)]
        return (entries, self._with_links(self._absolute(startup_files(self.home, self.env, project))),
                self._with_links(self._absolute(gitcode.config_files(self.home, self.env))))

    @property
    def installation(self):
        if self._installation is None:
            from legant_guard.hook.engine import Protected

            self._installation = Protected([p for _, p in self.entries], self.home, literal=True)  # (real paths)
        return self._installation

    @property
    def startup(self):
        if self._startup is None:
            from legant_guard.hook.engine import Protected

            self._startup = Protected(self._derivation()[1], self.home)
        return self._startup

    @property
    def git_hooks(self):
        """Folders of code that runs later without a tool call, wherever they lie: repositories'
        hook folders (hook/gitcode.py) and Claude Code's nested skills (NESTED_AGENT_CODE). Never
        written (reading them is fine)."""
        if self._git_hooks is None:
            from legant_guard.hook import gitcode
            from legant_guard.hook.engine import Protected

            self._git_hooks = Protected(gitcode.HOOK_FOLDERS + NESTED_AGENT_CODE, self.home)
        return self._git_hooks

    @property
    def git_config(self):
        """git's configuration files: written only with text that loads no code (hook/gitcode.py)."""
        if self._git_config is None:
            from legant_guard.hook.engine import Protected

            self._git_config = Protected(self._derivation()[2], self.home)
        return self._git_config

    def _may_be_judged(self, variants):
        """Can a write of `variants` meet any of the four sets a shell write is judged against
        (installation, git hooks, start-up files, git configuration)? One lookup in their union
        instead of four: a long command writes thousands of paths, and almost none is any of them
        (and most were found clear of them already, by the lookup of the protected paths)."""
        if variants in self.clear:
            return False
        if self._written_sets is None:
            from legant_guard.hook.paths import LateUnion

            self._written_sets = LateUnion(self.written_rules)
        from legant_guard.hook.paths import fold_path

        return self._written_sets.may_match([fold_path(v) for v in variants])  # (the sets ignore case)

    def written_rules(self):
        """The rules of the four sets a shell write is judged against."""
        return self.installation.rules + self.git_hooks.rules + self.startup.rules + self.git_config.rules

    def writes_judged(self):
        """Has a write been judged against the written sets in this call (are they built)?"""
        return self._written_sets is not None

    def _with_links(self, paths):
        """`paths` and where the files among them really lie when a symlink is on their way
        (`~/.zshrc -> ~/dotfiles/zshrc`: the dotfile is the start-up file). These sets mix
        patterns (`/**/.envrc`, always under `/**/`) with files of the home, the system and the
        environment (XDG_CONFIG_HOME, ZDOTDIR, BASH_ENV ...), which are taken literally: a home
        or XDG_CONFIG_HOME at /h/a[1] is that folder, not the pattern `a[1]` (which named /h/a1,
        and ~/.bashrc or $XDG_CONFIG_HOME/fish/config.fish went unchecked)."""
        from legant_guard.hook.config import linked_locations
        from legant_guard.hook.paths import literal_pattern

        files = [p for p in paths if not p.startswith("/**/")]
        return [p if p.startswith("/**/") else literal_pattern(p) for p in paths] + \
            [literal_pattern(p) for p in linked_locations(files)]

    def _absolute(self, paths):
        """Paths from the environment that are relative (`BASH_ENV=env.sh`, `GIT_CONFIG_GLOBAL=g`) are
        the agent's working folder's, where the hook runs too."""
        base = self.project or "/"
        return [p if os.path.isabs(p) else os.path.join(base, p) for p in paths]

    def content_checked(self, variants):
        """(what the file is, the text check) when `variants` is a file written only with checked text."""
        return self._content_checked(variants)

    def _gitfile_checked(self, variants):
        """(what, the text check) when `variants` names a `.git` file (not git's own folder, nor a name
        inside one, which git never reads as a pointer)."""
        if variants[0].endswith("/.git") and "/.git/" not in variants[0] and not os.path.isdir(variants[0]):
            from legant_guard.hook.gitcode import gitfile_text_problem

            return "a `.git` file (where git finds the repository)", gitfile_text_problem
        return None

    def _content_checked(self, variants):
        """(what the file is, the text check) of a file written only with checked text, or None."""
        if variants[0].endswith(WORKSPACE_SETTINGS):  # (a name test: no rules to build for every call)
            from legant_guard.hook.editorsettings import text_problem

            return "an editor's settings (its terminals' environment and shell)", text_problem
        if self.startup.hit(variants):
            path_var = self.env.get("PATH", "")
            name = variants[0].rsplit("/", 1)[-1]
            from legant_guard.hook.startuptext import mise_text_problem, startup_text_problem

            if name.endswith(".toml") and ("mise" in variants[0] or name == ".rtx.toml"):
                return "a mise configuration file", lambda text: mise_text_problem(text, path_var)
            if name == "settings.json":
                from legant_guard.hook.editorsettings import text_problem

                return "an editor's settings (its terminals' environment and shell)", text_problem
            exported = name.startswith((".env", "flake.", "devbox.")) or name.endswith(".nix")  # (direnv's)
            return "a shell start-up file", lambda text: startup_text_problem(text, path_var, exported)
        if self.git_config.hit(variants):
            from legant_guard.hook import gitcode

            return "a git configuration file", gitcode.config_text_problem
        return None

    def runs_legant(self, cmd, context=None):
        """Does `cmd` start the guard's own CLI under another name: a copy or link of the `legant`
        script (`cp VENV/bin/legant /tmp/l && /tmp/l guard uninstall`), or a Python fed it on its
        input (`python - < VENV/bin/legant`)? (`legant`, `python -m legant_guard` and `python
        VENV/bin/legant` are refused by name.)"""
        if cmd.executable.startswith("python") and cmd.code is not None and "legant_guard" in cmd.code.text:
            return True  # `python -c 'from legant_guard.entry import main; main()' guard uninstall`
        if cmd.executable in PY_RUNNERS:  # `uvx legant-guard …`, `pipx run --spec legant-guard legant …`
            words = [w.split("=", 1)[-1] for w in cmd.argv[1:]]
            return ("run" in words or cmd.executable == "uvx") and \
                any(_package_name(w).replace("_", "-") in ("legant-guard", "legant") for w in words if w[:1] != "-")
        scripts = [p for what, p in self.entries if what.startswith("the legant")]
        if not scripts:
            return False
        if cmd.executable.startswith("python"):
            fed = [r.target for r in cmd.redirects if r.op.lstrip("0") in ("<", "<>")]  # (`0<`, `<>`: also its input)
            analysis = self._looked_up[0]
            if analysis is not None and (cmd.argv[1:2] == ["-"] or len(cmd.argv) == 1):
                # `cat VENV/bin/legant | python -`: what a reader of the line prints is its input
                fed += [p for c in analysis.commands if c is not cmd and c.executable in _READ_ONLY for p in c.paths]
            return any(_same_file(path, scripts) for path in fed)
        path = os.path.normpath(os.path.join(cmd.cwd, os.path.expanduser(cmd.argv[0])))
        made = (context.copies + context.links) if context is not None else ()
        sources = [path] + [source for dest, source in made if os.path.normpath(dest) == path]
        return any(_same_file(p, scripts) for p in sources)

    # -- file tools (Write/Edit/apply_patch, unknown tools' path arguments)
    def check_write(self, variants, deletes=False):
        hit = self.installation.hit(variants) or (deletes and self.installation.contained_in(variants))
        if hit:
            return _installation_deny(variants[0], hit)
        if not deletes:
            hit = self.git_hooks.hit(variants)
            if hit:
                from legant_guard.hook.gitcode import hook_write_deny

                return hook_write_deny(variants[0], hit)
        return None

    def check_call(self, call, action):
        """A file tool writing a start-up file: every text in its input must pass. (A patch in a
        shell command, Codex's `[cd DIR &&] apply_patch <<'EOF'`, is judged by check_patch_text
        from each folder the command may apply it in.)"""
        if getattr(call, "tool", None) in _SESSION_MOVERS:  # EnterWorktree, a sub-agent in a worktree (hook/worktrees.py)
            from legant_guard.hook.worktrees import check

            verdict = check(call, self.env)
            if verdict:
                return verdict
        if action.verb == "fs.read" or action.verb == "shell.exec" or not action.paths:
            return None
        for path in action.paths:
            verdict = self._written_text(path, action.cwd, call.input,
                                         tool=call.tool if action.verb != "fs.write" else None)
            if verdict:
                return verdict
        return None

    def check_patch_text(self, path, base, command):
        """A shell command holding a patch (agents/patchfiles.py) writes `path` from `base`
        with the patch's text: a start-up file takes it only if that text passes, as it must
        from a file tool."""
        return self._written_text(path, base, {"command": command})

    def _written_text(self, path, cwd, tool_input, tool=None):
        """Why writing `path` with the texts of `tool_input` is denied, or None. `tool`: an MCP
        or unknown tool, which may write it from a file it names (`move_file {source, destination}`)."""
        from legant_guard.hook.model import deny
        from legant_guard.hook.paths import path_variants

        variants = path_variants(path, cwd, self.home)
        checked = self._content_checked(variants) or self._gitfile_checked(variants)
        if not checked:
            return None
        what, text_problem = checked
        moved = _moved_onto(variants, tool_input, cwd, self.home)
        if tool is not None:
            from legant_guard.hook.toolargs import opaque_source, reads_only

            source = None if reads_only(tool) else opaque_source(tool_input, variants, cwd, self.home)
            if source:
                return deny(f"writing {variants[0]}, {what}, is denied: `{tool}` writes it from {source}, "
                            "whose text the guard cannot read. Ask the user to make this change", _content_rule(what))
        if moved is None:
            return deny(f"writing {variants[0]}, {what}, is denied: the patch moves a file the guard cannot "
                        "read onto it. Ask the user to make this change", _content_rule(what))
        texts = input_strings(tool_input) + _edited_lines(variants[-1], tool_input) + moved
        if any("\n+" in t for t in texts):  # (a patch: its lines as they land, `+` taken off)
            from legant_guard.hook.patchtext import added_lines

            texts.append(added_lines(texts))
        problem = text_problem("\n".join(texts))
        if problem:
            return deny(f"writing {variants[0]}, {what}, is denied: {problem}. "
                        "Ask the user to make this change", _content_rule(what))
        return None

    # -- the whole command line
    def check_variables(self, command, protected):
        """A command line that names an environment variable pointing at a protected file (the
        agent's shell has the hook's environment: `LEGANT_GUARD_AUDIT`, `LEGANT_GUARD_TOKEN_FILE`,
        `CLAUDE_CONFIG_DIR`...) reaches that file through words the guard cannot resolve:
        `: > $LEGANT_GUARD_AUDIT`, `cat $(dirname $LEGANT_GUARD_TOKEN_FILE)/key.pem`,
        `rm "$(printenv LEGANT_GUARD_FEED)"`. Those are undetermined, which the operator role
        allows, so the name itself decides, for every role."""
        from legant_guard.hook.model import deny
        from legant_guard.hook.paths import path_variants

        for name, value in self.env.items():
            if len(name) < 2 or "/" not in value or ":" in value or name not in command:
                continue
            if not _names_word(command, name):
                continue
            candidates = [value]
            if name.startswith("LEGANT_GUARD_"):
                candidates.append(os.path.dirname(value.rstrip("/")))  # the guard dir holding it
            for candidate in candidates:
                hit = protected.hit(path_variants(candidate, "/", self.home))
                if hit:
                    return deny(f"the command uses {name}, which points at {hit}: the guard's own files and hook "
                                "configs are off limits to the agent (through any variable)", "protected")
        return None

    # -- one analysed shell command
    def check_command(self, cmd, analysis, raw_command):
        if self._looked_up[0] is not analysis:
            self._looked_up = (analysis, _looked_up(analysis, self.env))
        looked_up = self._looked_up[1]
        if may_manage_packages(cmd.executable or "") or cmd.executable in PROJECT_MANAGERS or \
                (cmd.via and any(v[:3] == "uv " and " run" in v for v in cmd.via)):  # (`uv run CMD` syncs first)
            from legant_guard.hook import pkgmanagers

            activated = pkgmanagers.activated_envs(analysis)
            # `$(which pip) install x`: the analysis put /usr/bin/pip; where PATH really leads counts too
            for program in [None] + looked_up.get(cmd.argv[0], [])[:1]:
                verdict = pkgmanagers.check(cmd if program is None else _run_as(cmd, program), self, activated,
                                            raw_command)
                if verdict:
                    return verdict
        if cmd.executable in SESSION_ENV_PROGRAMS:  # `systemctl --user set-environment CODEX_HOME=…` (sessionenv.py)
            from legant_guard.hook import sessionenv

            verdict = sessionenv.check(cmd)
            if verdict:
                return verdict
        if cmd.executable in INTERPRETER_MANAGERS:
            from legant_guard.hook import interpreters

            verdict = interpreters.check(cmd)
            if verdict:
                return verdict
        if cmd.executable in BIN_INSTALLERS:
            from legant_guard.hook import bininstallers

            verdict = bininstallers.check(cmd, self, raw_command)
            if verdict:
                return verdict
        if (cmd.executable in BIN_INSTALLERS or may_manage_packages(cmd.executable or "")) and \
                not _SCRIPT_INSTALL_WORDS.isdisjoint(cmd.argv):
            from legant_guard.hook import pkgscripts  # a package naming its program `claude` or `legant`

            verdict = pkgscripts.check(cmd, self, analysis)
            if verdict:
                return verdict
        if cmd.executable in HOOK_INSTALLERS or ((cmd.executable or "").startswith("python") and "pre_commit" in " ".join(cmd.argv)) \
                or (cmd.executable in _PACKAGE_RUNNERS and any(_package_name(w) in HOOK_INSTALLERS for w in cmd.argv[1:])):
            from legant_guard.hook import hookinstallers  # `pre-commit install`, `husky`, `npx husky` ...

            verdict = hookinstallers.check(cmd)
            if verdict:
                return verdict
        if cmd.executable == "git" or cmd.sinks or cmd.sink is not None:  # what gitcode.check_command judges
            from legant_guard.hook import gitcode

            verdict = gitcode.check_command(cmd)
            if verdict:
                return verdict
        if cmd.executable == "git":
            from legant_guard.hook import gitplace  # the configuration and hooks git reads where it runs

            verdict = gitplace.check(cmd, analysis)
            if verdict:
                return verdict
        exe = cmd.executable
        agent = agent_behind(cmd)
        if agent or not exe or exe in _ENV_LOADERS:
            from legant_guard.hook import agentenv

            if agent:
                from legant_guard.hook import agentflags, agentversions  # (`npx @anthropic-ai/claude-code@0.2.0`: no hooks yet)

                verdict = agentflags.check(agent[0], agent[1], raw_command) or agentversions.check(cmd, agent[0]) or \
                    agentenv.check(agent[0], cmd, analysis, self.env, raw_command, self.project)
            else:
                verdict = agentenv.loader(cmd, self.env) if exe else agentenv.run_time_word(cmd)
            if verdict:
                return verdict
        written = [r.target for r in cmd.redirects if ">" in r.op]  # (`1>`, `2>>`, `1<>`, `{fd}>`: the op carries its fd)
        read_only = exe in _READ_ONLY and not (exe == "find" and any(w in _FIND_WRITERS for w in cmd.argv))
        if not read_only:
            written += _written_operands(cmd, self.home)
        elif cmd.wrapper_files and any(v.split(" ", 1)[0].rsplit("/", 1)[-1].lower() in _OUTPUT_WRAPPERS for v in cmd.via):
            written += cmd.wrapper_files  # `time -o F cat x`, `strace -o F ls`: F is written
        if exe in ("sed", "gsed") and any("w" in w or "W" in w or w[:2] == "-f" or w[:6] == "--file" for w in cmd.argv[1:]):
            # `sed -n "w $HOME/.bashrc" notes` (hook/scriptwrites.py)
            from legant_guard.hook.scriptwrites import sed_written

            written += sed_written(cmd, self.home)
        if cmd.code is not None and ">" in cmd.code.text and exe in ("awk", "gawk", "mawk", "nawk"):
            # `awk '{print > ".git/hooks/pre-commit"}' x` (hook/scriptwrites.py)
            from legant_guard.hook.scriptwrites import awk_written

            written += awk_written(cmd, self.home)
        if exe in _COPIERS:  # `cp /tmp/config .git/`, `cp -t ~ /tmp/.bashrc`: DEST/<name of SRC>
            from legant_guard.hook.commandrules import copy_targets

            written += [p for p in copy_targets(cmd, self.home) if p not in written]
        if (exe in ("ln", "link") or (exe == "cp" and any(w == "--symbolic-link" or (w[:1] == "-" and w[1:2] != "-" and
                                                                                   "s" in w) for w in cmd.argv[1:]))) \
                and self.project:
            verdict = _linked_skills_folder(written, self.project)  # (`ln -s /tmp/x packages/a/.claude`)
            if verdict:
                return verdict
        if exe in _COPIERS:
            from legant_guard.hook.commandrules import _copy_destination

            verdict = _copy_destination(cmd, self.installation, self.home,  # DEST or DEST/<name of SRC>
                                        label="protected, part of the guard's own installation")
            if verdict:
                return verdict
        if looked_up and cmd.undetermined and not read_only:
            # `cp x "$(command -v legant)"`: an operand built from where a program of the guard is
            for found in looked_up.values():
                hit = self.installation.hit(tuple(found))
                if hit:
                    return _installation_deny(f"{found[0]} (looked up on PATH)", hit, exe)
        globbed = _glob_writes(cmd, written)
        matched_by = {}  # a file a glob matches -> the pattern
        if globbed:
            from legant_guard.hook.engine import _glob_options

            _, globstar, nocase = _glob_options(analysis, raw_command or "", self.env)
            verdict = _with_glob_matches(written, globbed, exe, matched_by, globstar, nocase)
            if verdict:
                return verdict
        deleted = {d.path for d in cmd.delete_targets}
        for path in written:
            variants = path_variants(path, cmd.cwd, self.home)
            if variants[0].rsplit("/", 1)[-1] in PROGRAM_CONFIG_NAMES or path in cmd.globs or \
                    variants[-1].rsplit("/", 1)[-1] in PROGRAM_CONFIG_NAMES:  # (through a link: engine, configwrites.py)
                self.config_writes.append((cmd, path, variants))
            if path in looked_up:  # `cp x $(which legant)`: the shell analysis guesses /usr/bin/NAME
                variants = tuple(variants) + tuple(looked_up[path])
            judged = self._may_be_judged(variants) or variants[0].endswith(_NAME_CHECKED)
            hit = judged and self.installation.hit(variants)
            if hit:
                return _installation_deny(variants[0], hit, exe)
            if path in globbed:
                verdict = _glob_hits(path, self.installation, exe)
                if verdict:
                    return verdict
            if not judged:
                continue
            hit = self.git_hooks.hit(variants)
            if hit and not (deleted.intersection(variants) or matched_by.get(path) in deleted):  # removing a hook runs nothing
                from legant_guard.hook.gitcode import hook_write_deny

                return hook_write_deny(variants[0], hit)
            checked = self._content_checked(variants) or (
                variants[0].endswith("/.git") and _writes_text_to(cmd, exe, path) and self._gitfile_checked(variants))
            if checked:
                verdict = self._checked_shell_write(variants[0], checked, analysis, raw_command)
                if verdict:
                    return verdict
        if cmd.deletes or cmd.recursive:
            # Every file inside an installation folder is part of it, so a name filter
            # (`find ROOT -name '*.pth' -delete`) does not narrow what is reached.
            for path in cmd.paths:
                variants = path_variants(path, cmd.cwd, self.home)
                hit = self.installation.contained_in(variants, rules=self._present_rules())
                if hit:
                    return _installation_deny(variants[0], hit, exe)
        if cmd.find_names is not None and not read_only:
            # `find ROOT -name P -exec CMD {} +`: CMD changes files below ROOT named like P.
            for path in cmd.paths:
                hit = self.installation.contained_in(path_variants(path, cmd.cwd, self.home),
                                                     rules=self._present_rules())
                if hit:
                    return deny(f"`find` would run `{exe}` on files below {path}, which holds {hit}, part of the "
                                "guard's installation (read it, do not change it)", "trust-base")
        return None

    def _present_rules(self):
        """The installation's entries that are on disk: a delete, a recursive mode change or a
        `find -exec` reaches only those (a place where a `claude` would shadow the real one, or
        a pip.conf not written yet, is protected from being written, not from being searched)."""
        if self._present is None:
            self._present = [r for r in self.installation.rules if os.path.lexists(r.source)]
        return self._present

    def _checked_shell_write(self, target, checked, analysis, raw_command):
        from legant_guard.hook.model import deny

        what, text_problem = checked
        writers = {c.executable for c in analysis.commands}
        literal = writers <= _STARTUP_WRITERS and not analysis.undetermined and \
            not any(c.undetermined or (c.executable == "cat" and c.paths) or c.session_input or
                    any(r.op.lstrip("0123456789") in ("<", "<>") for r in c.redirects)  # `tee -a F < FILE`
                    for c in analysis.commands)
        if not literal:
            from legant_guard.hook.copiedtext import copied_text  # `cp .env.example .env`: the source's text

            text = copied_text(analysis, target)
            if text is None:
                return deny(f"writing {target}, {what}, is denied: the text written cannot be determined (only "
                            "echo, printf, a here-document with literal text or a plain `cp FILE` can write it)",
                            _content_rule(what))
            problem = text_problem(text)
            if problem:
                return deny(f"writing {target}, {what}, is denied: {problem}. Ask the user to make this "
                            "change", _content_rule(what))
            return None
        from legant_guard.shell.expansion import unescape_printf

        from legant_guard.hook.shellwrites import echoed_text  # (`echo layout python >> .envrc`: no quote)

        # checked as written and as printf / echo -e write it (`\tfsmonitor` is a tab, then the key)
        echoed = echoed_text(analysis)
        if echoed is None:  # (`printf 'export %.6s…' CLAUDEzzz`: a format the guard does not compute)
            return deny(f"writing {target}, {what}, is denied: the text written cannot be determined (printf's "
                        "format has a width, a precision or a conversion other than %s and %b)", _content_rule(what))
        problem = text_problem(raw_command) or text_problem(unescape_printf(raw_command)) or text_problem(echoed)
        if problem:
            return deny(f"writing {target}, {what}, is denied: {problem}. Ask the user to make this "
                        "change", _content_rule(what))
        return None


def _linked_skills_folder(written, project):
    """A link made at a `.claude` folder (or its `skills`) below the project puts a folder the
    guard never judged where Claude Code loads nested skills (NESTED_AGENT_CODE)."""
    from legant_guard.hook.model import deny

    inside = project.rstrip("/") + "/"
    for path in written:
        path = os.path.normpath(path)
        if path.startswith(inside) and (path.endswith("/.claude") or
                                        path.rsplit("/", 1)[-1] in ("skills", "agents", "workflows") and
                                        path.rsplit("/", 2)[-2:-1] == [".claude"]):
            return deny(f"a link at {path} puts a folder the guard has not judged where Claude Code loads the skills, "
                        "sub-agents and workflows below the project (their hooks and !`command` lines run without a "
                        "tool call); denied for every role, ask the user", "trust-base:agent-config")
    return None


def _names_word(text, name):
    """Does `name` occur in `text` as a whole word (not inside a longer identifier)?"""
    k = text.find(name)
    while k >= 0:
        before = text[k - 1] if k else " "
        end = k + len(name)
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return True
        k = text.find(name, k + 1)
    return False


def _content_rule(what):
    return "trust-base:startup" if "start-up" in what else "trust-base:git-config"


_LOOKUPS = ("which", "type", "command", "whereis")


def _same_file(path, scripts):
    """Is `path` (followed through links) one of `scripts`, or a byte copy of one?"""
    try:
        real = os.path.realpath(path)
        st = os.stat(real)
    except (OSError, ValueError):
        return False
    for script in scripts:
        try:
            other = os.stat(script)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
            return True
        if other.st_size == st.st_size and st.st_size <= 1 << 20:
            from legant_guard.hook.scriptfiles import read_bytes

            try:
                if read_bytes(real, 1 << 20) == read_bytes(script, 1 << 20):
                    return True
            except OSError:
                pass
    return False


def _run_as(cmd, program):
    """A copy of `cmd` that runs `program` (an absolute path) with the same words."""
    import copy

    out = copy.copy(cmd)
    out.argv = [program] + list(cmd.argv[1:])
    out.executable = os.path.basename(program)
    return out


def _looked_up(analysis, env):
    """{the path the shell analysis put for `$(which NAME)`: [where NAME really is on the agent's PATH]}."""
    out = {}
    for c in analysis.commands:
        if c.executable in _LOOKUPS:
            for word in c.argv[1:]:
                if word and not word.startswith("-") and "/" not in word:
                    real = _which(word, env.get("PATH", ""))
                    if real:
                        out.setdefault("/usr/bin/" + word, []).extend((real, os.path.realpath(real)))
    return out


# A package runner (`npx`, `bunx`, `pnpm dlx`, `yarn dlx`, `npm exec`, `uvx`, `pipx run`,
# `deno run npm:...`) starts the same program from the agent's npm/PyPI package (the registry's
# agents.PACKAGES).
_PACKAGE_RUNNERS = {"npx": (), "bunx": (), "pnpx": (), "uvx": (), "pipx": ("run",), "bun": ("x",), "pnpm": ("dlx",),
                    "yarn": ("dlx",), "npm": ("exec", "x"), "uv": ("tool",), "deno": ("run",)}
_RUNNER_SHELL_FLAGS = ("-c", "--call", "--shell-command")
_SCRIPT_RUNNERS = frozenset(("node", "nodejs", "bun", "deno", "tsx", "ts-node"))


def _package_name(word):
    """`@anthropic-ai/claude-code@1.2` -> `@anthropic-ai/claude-code`, `npm:codex` -> `codex`,
    `/x/bin/claude` -> `claude`, `claude-code@latest` -> `claude-code` (lower case, as npm spells them)."""
    word = word.strip().lower()
    for prefix in ("npm:", "jsr:", "pypi:"):
        if word.startswith(prefix):
            word = word[len(prefix):]
    if word.startswith("@"):
        head, _, rest = word[1:].partition("@")
        return "@" + head
    return word.rsplit("/", 1)[-1].partition("@")[0].partition("==")[0]


def agent_behind(cmd):
    """(agent program, its arguments) when `cmd` runs claude/codex/opencode, directly or through
    a package runner, else None."""
    if cmd.executable in agents.CLIS:
        return cmd.executable, cmd.argv[1:]
    argv = list(cmd.argv)
    if argv and cmd.executable and " " in cmd.executable.strip():
        # `npm exec -c 'claude mcp add x'`: the wrapper handed on a whole command line as one word
        argv = cmd.executable.split() + argv[1:]
    return _agent_in(argv, 0)


def _agent_in(argv, depth):
    if not argv or depth > 3:
        return None
    exe = _package_name(argv[0])
    if exe in _SCRIPT_RUNNERS:  # `node .../@anthropic-ai/claude-code/cli.js mcp add ...`: the agent's own script
        for i, word in enumerate(argv[1:], 1):
            if word.startswith("-"):
                continue
            lowered = word.lower()
            for package, agent in agents.PACKAGES.items():
                if "/" + package + "/" in lowered or lowered.startswith(package + "/"):
                    return agent, argv[i + 1:]
            break
    agent = agents.PACKAGES.get(exe)
    if agent and exe not in _PACKAGE_RUNNERS:  # `npm exec @anthropic-ai/claude-code@latest -- ...`
        return agent, argv[1:]
    if exe == "corepack":  # `corepack pnpm dlx ...`
        return _agent_in(argv[1:], depth + 1)
    if exe not in _PACKAGE_RUNNERS:
        return None
    for i, word in enumerate(argv[1:], 1):
        # (only an option's `=` parts a value: `npx "@anthropic-ai/claude-code@>=1" --settings x` is the package)
        flag, eq, value = word.partition("=") if word[:1] == "-" else (word, "", "")
        if flag in _RUNNER_SHELL_FLAGS:  # `npx -c 'claude mcp add ...'`: a command line of its own
            text = value if eq else (argv[i + 1] if i + 1 < len(argv) else "")
            found = _agent_in(text.split(), depth + 1) or _named_agent(text.split())
            if found:
                return found
            continue
        agent = agents.PACKAGES.get(_package_name(value if eq else word))
        if agent:
            rest = argv[i + 1:]
            # `npx -p PKG claude ...`, `npx --package PKG -- codex ...`
            while rest and (rest[0] == "--" or agents.PACKAGES.get(_package_name(rest[0])) == agent):
                rest = rest[1:]
            return agent, rest
    return None


def _named_agent(words):
    from legant_guard import agents

    for j, inner in enumerate(words):
        found = agents.PACKAGES.get(_package_name(inner))
        if found:
            return found, words[j + 1:]
    return None


def _written_operands(cmd, home):
    """The operands a command that is not read-only may write: for copy-like programs the
    destination only (the sources are read), for every other program all of them."""
    paths = list(cmd.paths)
    if cmd.executable in _COPIERS and len(paths) >= 2:
        if "-t" in cmd.argv or any(w.startswith("--target-directory") for w in cmd.argv):
            return paths
        return paths[-1:]
    if cmd.executable in ("uv", "uvx"):
        return [p for p in paths if p not in venv_interpreters(cmd, home)]
    return paths


def venv_interpreters(cmd, home):
    """uv's `--python VENV/bin/python` (`-p`, `--python=`) where VENV is a virtual environment
    (a `pyvenv.cfg` beside the interpreter or one folder up, where Python looks for it): uv
    queries that interpreter and installs into VENV, never writes the file, which is usually a
    link to a base Python the guard may run on too. pkgmanagers judges which environment that is
    (the guard's own is denied); an interpreter outside any venv stays a written operand."""
    out = set()
    args = cmd.argv[1:]
    for k, word in enumerate(args):
        value = args[k + 1] if word in ("--python", "-p") and k + 1 < len(args) else \
            word.split("=", 1)[1] if word.startswith("--python=") else None
        if not value or "/" not in value:
            continue
        value = home + value[1:] if value.startswith("~/") and home else value
        path = os.path.normpath(os.path.join(cmd.cwd, value))
        folder = os.path.dirname(path)
        if os.path.isfile(os.path.join(folder, "pyvenv.cfg")) or \
                os.path.isfile(os.path.join(os.path.dirname(folder), "pyvenv.cfg")):
            out.add(path)
    return out


def _glob_writes(cmd, written):
    """The written paths that are glob patterns: glob operands, and redirect targets with glob
    characters (bash expands a redirect target too when it names one file:
    `echo x > VENV/lib/python3*/site-packages/x.pth`, `> .git/hoo*/pre-commit`)."""
    redirects = {r.target for r in cmd.redirects}
    return {p for p in written if p in cmd.globs or (p in redirects and is_glob(p))}


def _with_glob_matches(written, globbed, exe, matched_by, globstar=False, nocase=False):
    """Add to `written` the files each glob matches on disk now (what bash hands the program),
    so they meet the installation, git hooks and content checks by their real names; a
    pattern matching too many files to list is a deny (never a skip)."""
    from legant_guard.hook.model import deny
    from legant_guard.hook.paths import expand_glob

    for pattern in sorted(globbed):
        if not pattern.startswith("/"):
            continue
        # dotglob always (more matches are judged, never fewer); globstar and nocaseglob as the
        # command could set them (`shopt -s nocaseglob; > .git/HOOK?/pre-commit`)
        matches = expand_glob(pattern, dotglob=True, globstar=globstar, nocase=nocase)
        if matches is None:
            return deny(f"`{exe}` would write what the pattern {pattern} matches, too many files to check; "
                        "name the files", "undetermined")
        for match in matches:
            if match != pattern and match not in written:
                written.append(match)
                matched_by[match] = pattern
    return None


def _glob_hits(pattern, installation, exe):
    from legant_guard.hook.paths import fold_path, glob_overlaps

    folded = fold_path(pattern)
    for rule in installation.rules:
        if glob_overlaps(folded, rule.anchored):
            return _installation_deny(pattern, rule.source, exe)
    return None


def _writes_text_to(cmd, exe, path):
    """Does `cmd` put text into the file `path` (a redirect, a copy, tee, dd), rather than name it in
    an option (`fd -E .git`, `git --git-dir=.git`)? For the `.git` file check (red team 42)."""
    return exe in _COPIERS or exe in ("tee", "dd", "mv") or any(r.target == path and ">" in r.op
                                                             for r in cmd.redirects)


def _installation_deny(path, hit, exe=None):
    from legant_guard.hook.model import deny

    how = f"`{exe}` would change" if exe else "changing"
    name = os.path.basename(hit)
    if name in INSTALLER_CONFIG_NAMES:
        return deny(f"{how} {hit}, the configuration pip or uv reads when the guard itself is next installed or "
                    "upgraded (an index or target written there replaces the guard): reading it is fine, changing it "
                    "is denied for every role; ask the user to make this change", "trust-base")
    why = ""
    if name in SELF_COMMANDS or name in _agent_clis():
        why = (f" (a `{name}` in a folder on PATH is what the next `{name}` the user starts runs: it could start "
               "the agent without its hooks or answer for the guard)")
    return deny(f"{how} {path}, which is (or holds) {hit}, part of the guard's own installation{why}: reading it is "
                "fine, changing it is denied for every role", "trust-base")


def _agent_clis():
    from legant_guard import agents

    return agents.CLIS


_EDIT_KEYS = (("old_string", "new_string", "replace_all"), ("oldString", "newString", "replaceAll"),
              ("oldText", "newText", None), ("old_str", "new_str", None))


def _edited_lines(path, tool_input):
    """The whole lines an Edit/MultiEdit would leave changed in the file: deleting a `#` alone
    turns an existing `# export CODEX_HOME=...` into a live line."""
    edits = tool_input.get("edits") if isinstance(tool_input.get("edits"), list) else [tool_input]
    # Claude Code's keys, opencode's (`oldString`, `replaceAll`) and the MCP filesystem server's
    # edit_file (`oldText`): each spelling of an edit counts (red team 26)
    edits = [{"old_string": e[old], "new_string": e[new], "replace_all": e.get(every) if every else False}
             for e in edits if isinstance(e, dict) for old, new, every in _EDIT_KEYS
             if isinstance(e.get(old), str) and isinstance(e.get(new), str)]
    if not edits:
        return []
    try:
        with open(path, "rb") as f:
            before = f.read(4 * 1024 * 1024).decode("utf-8", "replace")
    except OSError:
        return []
    after = before
    for e in edits:
        after = after.replace(e["old_string"], e["new_string"], -1 if e.get("replace_all") else 1)
    old = set(_logical_lines(before))
    return [line for line in _logical_lines(after) if line not in old]


def _moved_onto(variants, tool_input, cwd, home):
    """The whole text of each file an apply_patch moves onto the checked file (`*** Update File:
    SRC` then `*** Move to: DST`): all of SRC lands there, not only the lines the patch changes.
    None when such a source cannot be read."""
    from legant_guard.hook.paths import normalize

    texts = []
    for patch in input_strings(tool_input):
        if "*** Move to:" not in patch:
            continue
        source = None
        for line in patch.splitlines():
            head, colon, rest = line.strip().partition(":")
            if head in ("*** Update File", "*** Add File", "*** Delete File"):
                source = rest.strip()
            elif head == "*** Move to" and source and normalize(rest.strip(), cwd, home) in variants:
                try:
                    with open(normalize(source, cwd, home), "rb") as f:
                        texts.append(f.read(4 * 1024 * 1024).decode("utf-8", "replace"))
                except (OSError, ValueError):
                    return None
    return texts


def _logical_lines(text):
    """The file's lines as the shell reads them: a line ending in a backslash goes on with the
    next one (kept together, backslash-newline included), so an edit of either half that
    assembles `export OPENCODE_PURE=1` shows as one changed line."""
    out, pending = [], ""
    for line in text.split("\n"):
        pending += line
        trailing = len(line) - len(line.rstrip("\\"))
        if trailing % 2:
            pending += "\n"
            continue
        out.append(pending)
        pending = ""
    if pending:
        out.append(pending)
    return out


TOO_DEEP = "\u0000too deep"  # stands for what lies below input_strings' depth: no check passes it


def input_strings(value, depth=0):
    """Every string inside a tool's input (content, new_string, edits, patch text...); below 20
    levels of nesting, TOO_DEEP instead (fail closed: nothing below is skipped unseen)."""
    if depth > 20:
        return [TOO_DEEP]
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in input_strings(v, depth + 1)]
    if isinstance(value, list):
        return [s for v in value for s in input_strings(v, depth + 1)]
    return []


# ------------------------------------------------------------------ 4. catalogue hashes

CATALOGUE_KEY = "catalogue_sha256"


def catalogue_hashes(rules_dir=None, files=None):
    """{path relative to rules/: sha256 hex} of every data file the guard ships in rules/
    (`files`: _catalogue_files of it, when the caller has listed them)."""
    from legant_guard import fastjson

    if files is None:
        files = _catalogue_files(rules_dir or _data_dir("rules", PACKAGE_DIR))
    out = {}
    for rel, path in files:
        with open(path, "rb") as f:
            out[rel] = fastjson.sha256(f.read()).hexdigest()
    return out


def _catalogue_seal(files, recorded):
    """A digest of the rules files' identities (device, inode, size, mtime and ctime, which no
    unprivileged process can set back) and of the recorded hashes: while it is unchanged, the
    files are the bytes that were hashed and found equal to the record, so the hook need not
    hash them again (safefile.DigestMemo). None when a file cannot be looked at."""
    import time

    from legant_guard import fastjson

    h = fastjson.sha256(b"legant rules seal v1\n")
    newest = 0
    try:
        for rel, path in files:
            st = os.stat(path)
            h.update(f"{rel}\0{st.st_dev}\0{st.st_ino}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\n"
                     .encode("utf-8", "surrogateescape"))
            newest = max(newest, st.st_ctime_ns)
    except OSError:
        return None
    if time.time_ns() - newest < RACY_SECONDS * 1_000_000_000:
        # A file changed this recently could change again within the same (coarse) timestamp
        # tick and keep its identity: git's "racily clean" index entries. Hash until it settles.
        return None
    h.update(fastjson.dumps(recorded, sort_keys=True).encode("utf-8", "surrogateescape"))
    return h.hexdigest().encode("ascii")


def _catalogue_files(folder, prefix=""):
    """[(path relative to rules/, path)] of every file below `folder`, sorted (the hook hashes
    them on every call: one scandir per folder, no os.walk/relpath)."""
    out = []
    with os.scandir(folder) as entries:
        entries = sorted(entries, key=lambda e: e.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                out += _catalogue_files(entry.path, prefix + entry.name + "/")
        else:
            out.append((prefix + entry.name, entry.path))
    return out


def catalogue_problem(guard_dir, project="", rules_dir=None, record=None, memo=None):
    """Why the rules/ data differs from what `legant guard init` recorded, or None.

    `record`: the setup record when the caller has read it already (the hook has). No record
    (a guard dir made by another issuer, LEGANT_GUARD_JWKS elsewhere) or one without hashes
    (made before they were recorded) leaves nothing to compare with. `memo` (the hook's
    safefile.DigestMemo) skips the hashing while the files are the ones already found equal."""
    if not guard_dir:
        return None
    if record is None:
        from legant_guard import setuprecord

        try:
            record = setuprecord.read(guard_dir)
        except setuprecord.SetupRecordError as e:
            return str(e)
    recorded = record.get(CATALOGUE_KEY) if isinstance(record, dict) else None
    if recorded is None:
        return None
    fix = ("if you upgraded legant-guard yourself, record the new data with `legant guard init --project "
           f"{record.get('project') or project or 'PROJECT'} --dir {guard_dir}`; otherwise reinstall legant-guard")
    if not isinstance(recorded, dict):
        return f"the setup record {guard_dir}/setup.json is damaged (catalogue hashes); {fix}"
    try:
        files = _catalogue_files(rules_dir or _data_dir("rules", PACKAGE_DIR))
        seal = _catalogue_seal(files, recorded) if memo is not None else None
        if seal is not None and memo.knows(seal):
            return None
        current = catalogue_hashes(files=files)
    except OSError as e:
        return f"cannot read the guard's rules data ({e.strerror}); {fix}"
    for rel in sorted(set(recorded) | set(current)):
        if recorded.get(rel) != current.get(rel):
            what = "is missing" if rel not in current else "was added" if rel not in recorded else "was edited"
            return f"the guard's rules file rules/{rel} {what} since `legant guard init` recorded it; {fix}"
    if seal is not None:
        memo.add(seal)
    return None
