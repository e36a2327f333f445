"""The coding agents the guard knows: one descriptor per agent, and the one registry of them.

Everything that lists agents or their config locations asks this registry: `guard check`
(which adapter reads an event), the hook's trust base (which agent configs no role may read
or write), install/uninstall/status/doctor (which installer, which label, which hook file),
explain and the demo (which event an agent sends). So what the installers write and what the
hook protects come from the same descriptor and cannot drift apart.

A descriptor holds facts only; its code is imported when first used: the adapter
(`agents/<module>.py`: parse the hook event, classify its tools, render the verdict) for the
one agent whose event the hook reads, the installer (`install/<module>.py`) on the cold path.
This module is on the hot path: it imports only `os` at module level.

To add an agent: write its adapter and its installer, and add a descriptor to `REGISTRY`.
"""

import os


class Agent:
    """One agent. Subclasses fill in the facts; paths are absolute, built from the home folder
    and the environment the agent runs with (the variables that move its config folders)."""

    name = ""  # the --agent / --tool value
    label = ""  # for people
    cli = ""  # its command-line program
    packages = ()  # the npm/PyPI packages a package runner (npx, uvx...) starts `cli` from
    module = ""  # agents/<module>.py (adapter) and install/<module>.py (installer)
    # Fields its hook events carry besides the Claude shape (what `sent` recognises).
    event_fields = {}
    shell_tool = "Bash"  # the name of its shell tool in hook events
    # Its events' cwd is the project dir it runs in, never a folder the model picks for a call
    # (Codex reports a call's `workdir` there; Claude Code the folder its shell moved to).
    cwd_is_project_dir = False
    # Relative to a project or any ancestor of it (agents read these from the cwd up): hook
    # configs, files that load code (plugins, custom tools, MCP servers, agents with hooks in
    # their front matter) or switch hooks off.
    project_configs = ()
    # System-wide managed policy, read whatever the project or user settings say.
    managed_configs = ()
    # Where install puts the project-scope hook, relative to the project.
    project_hook_file = ()
    # The version-control folders its own content search (ripgrep underneath) leaves out, as
    # its rg command line says, and whether they hold whatever the call's glob says
    # (`search_skips_hold`: the exclusion comes after the user's globs) or come first, so that a
    # later glob matching the folder (`*`) lets ripgrep in again.
    search_skips = ()
    search_skips_hold = False

    def sent(self, event):
        """Does this (Claude-shaped) event carry this agent's marker?"""
        return False

    def user_configs(self, home, env):
        """The user-level configs that load code or switch hooks off (folders and files)."""
        return []

    def user_hook_file(self, home, env):
        """Where `install --user` puts the hook."""
        raise NotImplementedError

    # ---- derived -------------------------------------------------------------------------

    def configs(self, home, env):
        """Every user-level and system config of this agent the hook keeps out of reach."""
        return self.user_configs(home, env) + list(self.managed_configs)

    def hook_file(self, scope, project, home, env):
        """Where install puts the hook for `scope` ("project" or "user")."""
        if scope == "user":
            return self.user_hook_file(home, env)
        return os.path.join(project, *self.project_hook_file)

    def adapter(self):
        """agents/<module>.py: parse(event, project, process_cwd), classify(call), render(decision)."""
        return _load("legant_guard.agents." + self.module)

    def installer(self):
        """install/<module>.py: detect, plan_install, after_apply, plan_uninstall, status (cold path)."""
        return _load("legant_guard.install." + self.module)

    def event(self, tool, tool_input, cwd, **extra):
        """The PreToolUse event this agent would send for one tool call (demo, doctor, explain)."""
        return dict({"hook_event_name": "PreToolUse", "cwd": cwd, "tool_name": tool, "tool_input": tool_input},
                    **self.event_fields, **extra)

    def tool_call(self, op, target, cwd, content="", old="", new=""):
        """(tool name, tool input) of this agent's tool for `op`: "read", "write" or "edit" a
        file (`target`), or run `target` in its "shell"."""
        raise NotImplementedError

    def hook_process_env(self, project):
        """The variables the agent itself sets for its hook processes in `project` (doctor and
        status run the hook as the agent would)."""
        return {}

    def __repr__(self):
        return f"<agent {self.name}>"


def _load(module):
    """Import `module` by name. `__import__` rather than importlib.import_module: importing
    importlib (and the warnings module it pulls in) costs about a millisecond on every hook call."""
    import sys

    __import__(module)
    return sys.modules[module]


def _config_home(home, env):
    return env.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")


class ClaudeCode(Agent):
    name, label, cli, module = "claude-code", "Claude Code", "claude", "claude_code"
    packages = ("@anthropic-ai/claude-code", "claude-code", "claude")
    project_configs = (
        (".claude", "settings.json"),
        (".claude", "settings.local.json"),
        (".claude", "hooks"),
        (".claude", "agents"),
        (".claude", "commands"),
        (".claude", "skills"),
        (".claude", "plugins"),
        (".mcp.json",),
    )
    managed_configs = ("/etc/claude-code", "/Library/Application Support/ClaudeCode")
    project_hook_file = (".claude", "settings.local.json")  # not meant to be committed
    # Grep: `rg --hidden --no-follow --glob !.git --glob !.svn ...` before the user's globs
    search_skips = (".git", ".svn", ".hg", ".bzr", ".jj", ".sl")
    # Inside the user's Claude Code folder (~/.claude or $CLAUDE_CONFIG_DIR). remote-settings.json is the
    # cached copy of the organisation's server-managed settings, applied (before any fetch) as the
    # policy layer, above every other file: hooks and disableAllHooks included.
    _USER_FILES = ("settings.json", "settings.local.json", "hooks", "agents", "commands", "skills", "plugins",
                   ".claude.json", "managed-settings.json", "remote-settings.json")

    def user_configs(self, home, env):
        # (Claude Code versions of 2025 read $XDG_CONFIG_HOME/claude when XDG_CONFIG_HOME is set,
        # and ~/.config/claude is where an XDG-minded user points CLAUDE_CONFIG_DIR)
        folders = [os.path.join(home, ".claude"), os.path.join(_config_home(home, env), "claude"),
                   os.path.join(home, ".config", "claude")] + \
            ([env["CLAUDE_CONFIG_DIR"]] if env.get("CLAUDE_CONFIG_DIR") else [])
        folders = list(dict.fromkeys(folders))
        return [os.path.join(d, n) for d in folders for n in self._USER_FILES] + [os.path.join(home, ".claude.json")]

    def user_hook_file(self, home, env):
        return os.path.join(home, ".claude", "settings.json")

    def hook_process_env(self, project):
        return {"CLAUDE_PROJECT_DIR": project}  # which a user-wide hook takes the project from

    def tool_call(self, op, target, cwd, content="", old="", new=""):
        if op == "shell":
            return "Bash", {"command": target, "description": "demo"}
        path = target if target.startswith("~") else os.path.join(cwd, os.path.normpath(target))  # absolute paths
        if op == "read":
            return "Read", {"file_path": path}
        if op == "write":
            return "Write", {"file_path": path, "content": content}
        return "Edit", {"file_path": path, "old_string": old, "new_string": new, "replace_all": False}


class Codex(Agent):
    name, label, cli, module = "codex", "Codex", "codex", "codex"
    packages = ("@openai/codex", "codex")
    event_fields = {"turn_id": "legant"}
    project_configs = ((".codex",),)
    managed_configs = ("/etc/codex",)
    project_hook_file = (".codex", "hooks.json")

    def sent(self, event):
        return "turn_id" in event

    @staticmethod
    def home(home, env):
        """$CODEX_HOME, else ~/.codex: config.toml (the hooks' trust), hooks.json, rules/."""
        return env.get("CODEX_HOME") or os.path.join(home, ".codex")

    def user_configs(self, home, env):
        # the default ~/.codex stays protected too (unset the variable and it is back)
        return list(dict.fromkeys((os.path.join(home, ".codex"), self.home(home, env))))

    def user_hook_file(self, home, env):
        return os.path.join(self.home(home, env), "hooks.json")

    def tool_call(self, op, target, cwd, content="", old="", new=""):
        if op == "shell":
            return "Bash", {"command": target}
        if op == "read":  # Codex's only file-reading tool; source it reads with its shell
            return "view_image", {"path": target}
        if op == "write":
            body = "".join("+" + line + "\n" for line in content.splitlines())
            return "apply_patch", {"command": f"*** Begin Patch\n*** Add File: {target}\n{body}*** End Patch\n"}
        return "apply_patch", {"command": f"*** Begin Patch\n*** Update File: {target}\n@@\n-{old}\n+{new}\n*** End Patch\n"}


class OpenCode(Agent):
    name, label, cli, module = "opencode", "opencode", "opencode", "opencode"
    packages = ("opencode-ai", "opencode")
    event_fields = {"agent": "opencode"}  # our plugin says so (hooks/opencode-plugin.js)
    shell_tool = "bash"
    cwd_is_project_dir = True  # (the plugin's `directory`; `bash` has its own `workdir` argument)
    # What opencode loads as code from a project .opencode/ (its Markdown agents are prompts, and
    # stay writable): plugins, custom tools, the config naming more plugins, the package.json /
    # node_modules it installs plugin dependencies from, and commands, whose !`cmd` lines opencode
    # runs itself (no tool call, no hook) when the user types the command, a built-in's name too.
    # Its TUI reads `tui.json[c]` from the project (and each folder up to the worktree) and from
    # .opencode/, and loads the TUI plugins their `plugin` list names: code too. It runs `bun
    # install` in .opencode/ at start, which reads the registry (and more) from the folder's own
    # bunfig.toml and .npmrc, as in its plugin cache.
    project_configs = tuple((".opencode", name) for name in (
        "plugins", "plugin", "tools", "tool", "opencode.json", "opencode.jsonc", "config.json", "package.json",
        "node_modules", "bun.lock", "bun.lockb", "bunfig.toml", ".npmrc", "commands", "command", "tui.json",
        "tui.jsonc")) + \
        (("opencode.json",), ("opencode.jsonc",), ("tui.json",), ("tui.jsonc",))
    managed_configs = ("/etc/opencode",)
    project_hook_file = (".opencode", "plugins", "legant-guard.js")
    # grep: `--glob=!**/.git/**` after the user's include
    search_skips, search_skips_hold = (".git",), True

    def sent(self, event):
        return event.get("agent") == "opencode"

    def user_configs(self, home, env):
        # its global config folder (config.json, opencode.json[c], plugins, tools, agents),
        # ~/.opencode, and whatever OPENCODE_CONFIG / OPENCODE_CONFIG_DIR name
        paths = [os.path.join(_config_home(home, env), "opencode"), os.path.join(home, ".config", "opencode"),
                 os.path.join(home, ".opencode")]
        # npm plugins named in any config are installed (bun install) into its cache folder and
        # loaded from there at start: a package there is code in the next session
        caches = dict.fromkeys((env.get("XDG_CACHE_HOME") or os.path.join(home, ".cache"), os.path.join(home, ".cache")))
        paths += [os.path.join(cache, "opencode", name) for cache in caches for name in self._CACHE_FILES]
        # its credentials file: an entry of type "wellknown" makes every session fetch
        # URL/.well-known/opencode and merge the config served there (plugins included) first
        datas = dict.fromkeys((env.get("XDG_DATA_HOME") or os.path.join(home, ".local", "share"),
                               os.path.join(home, ".local", "share")))
        paths += [os.path.join(data, "opencode", "auth.json") for data in datas]
        # its database: the account its console login stores, whose organisation config every session
        # fetches and merges the same way (and the session history); with SQLite's side files
        paths += [os.path.join(data, "opencode", name) for data in datas
                  for name in ("opencode.db", "opencode.db-wal", "opencode.db-shm", "opencode.db-journal")]
        # what opencode runs by itself, without a tool call: git on the snapshot repositories at
        # every step (`git --git-dir DATA/opencode/snapshot/P/H add .`: a `core.fsmonitor` or hook
        # written into one ran at the next step), and the programs it keeps in its bin folder
        # (ripgrep, the language servers it starts when a file of their language is opened;
        # DATA/opencode/bin, CACHE/opencode/bin in later versions)
        paths += [os.path.join(data, "opencode", name) for data in datas for name in ("snapshot", "bin")]
        paths += [os.path.join(cache, "opencode", "bin") for cache in caches]
        return paths + [env[var] for var in ("OPENCODE_CONFIG", "OPENCODE_CONFIG_DIR", "OPENCODE_TUI_CONFIG")
                        if env.get(var)]

    _CACHE_FILES = ("node_modules", "package.json", "bun.lock", "bun.lockb", "bunfig.toml", ".npmrc")

    def user_hook_file(self, home, env):
        return os.path.join(_config_home(home, env), "opencode", "plugins", "legant-guard.js")

    def tool_call(self, op, target, cwd, content="", old="", new=""):  # paths as the model wrote them
        if op == "shell":
            return "bash", {"command": target, "description": "demo"}
        if op == "read":
            return "read", {"filePath": target}
        if op == "write":
            return "write", {"filePath": target, "content": content}
        return "edit", {"filePath": target, "oldString": old, "newString": new}


REGISTRY = (ClaudeCode(), Codex(), OpenCode())
# opencode's plugin names its agent, which beats Codex's trait (turn_id); else Claude Code.
_DETECTION_ORDER = (REGISTRY[2], REGISTRY[1])
_BY_NAME = {a.name: a for a in REGISTRY}
NAMES = tuple(_BY_NAME)  # claude-code, codex, opencode
CLIS = frozenset(a.cli for a in REGISTRY)  # claude, codex, opencode
PACKAGES = {p: a.cli for a in REGISTRY for p in a.packages}  # package name -> the program it starts
DEFAULT = "claude-code"  # an event that names no agent is read as Claude Code's


def get(name):
    """The descriptor of an agent name; KeyError for a name the registry does not know."""
    return _BY_NAME[name]


def adapter(name):
    """The adapter module for an agent name."""
    return _BY_NAME[name].adapter()


def detect(event):
    """Which agent sent this event (for a hook run without --agent)."""
    if isinstance(event, dict):
        for agent in _DETECTION_ORDER:
            if agent.sent(event):
                return agent.name
    return DEFAULT


def project_configs():
    """Every agent's project configs, as path parts relative to a project (or an ancestor)."""
    return tuple(parts for agent in REGISTRY for parts in agent.project_configs)


def user_configs(home, env):
    """Every agent's user-level and system configs (absolute paths, once each)."""
    return list(dict.fromkeys(p for agent in REGISTRY for p in agent.configs(home, env) if p))
