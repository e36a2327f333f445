"""The trust base's derived sets: the installation the hook runs from, the agents' user-level
configurations and the shell start-up files (hook/trustbase.py names what they are for).

Deriving them reads the file system (about 2 ms of realpath and stat calls) and runs only when
the guard dir's memo of the last derivation no longer holds (hook/derivationmemo.py), and for
`legant guard status --trust-base` and the installers: a call the memo answers never loads this
module.
"""

import os
import sys

from legant_guard.hook.paths import read_link
from legant_guard.hook.trustbase import PACKAGE_DIR, SELF_COMMANDS, _covers_any, _data_dir, _mapped_files, _which


# ------------------------------------------------------------------ 1. the installation

def legant_executable(executable=None, argv0=None):
    """Absolute path of this installation's `legant` script: the one next to the running
    interpreter (a venv's or pipx's bin/), else the script that is running now."""
    executable = executable or sys.executable
    here = os.path.join(os.path.dirname(os.path.abspath(executable)), "legant")
    if os.path.isfile(here) and os.access(here, os.X_OK):
        return here
    return os.path.realpath(argv0 if argv0 is not None else sys.argv[0])


def installation(env=None, executable=None, argv0=None, sys_path=None, package_dir=None, keep_out=(), libraries=True,
                 project=None):
    """[(what, absolute path)] of the installation the hook runs from. Folders in `keep_out`
    (the project, the home folder) and their ancestors are left out: protecting them would
    forbid every write; `excluded_sys_path` says which sys.path entries that drops.
    `libraries`: with the files mapped into this process (TrustBase adds them itself, per call).
    `project`: its `.envrc` files (and the shell's start-up scripts) are read for the folders they
    put on PATH (shadowing_folders)."""
    env = os.environ if env is None else env
    executable = os.path.abspath(executable or sys.executable)
    argv0 = sys.argv[0] if argv0 is None else argv0
    sys_path = sys.path if sys_path is None else sys_path
    package_dir = package_dir or PACKAGE_DIR
    out = []
    realpath = _Resolver().realpath

    def add(what, path):
        if path and os.path.isabs(path):
            path = os.path.normpath(path)
            out.append((what, path))
            real = realpath(path)
            if real != path:
                out.append((what + " (resolved)", real))

    def add_named(what, path):
        """A file that is rarely there: its folder is resolved (once per folder), not the file."""
        if path and os.path.isabs(path):
            folder, name = os.path.split(os.path.normpath(path))
            for place in dict.fromkeys((os.path.join(folder, name), os.path.join(realpath(folder), name))):
                out.append((what, place))

    add("the legant script", legant_executable(executable, argv0))
    if os.path.basename(argv0) in SELF_COMMANDS:
        add("the legant script", os.path.abspath(argv0))
    on_path = _which("legant", env.get("PATH", ""))
    if on_path:
        add("the legant on PATH", on_path)
    from legant_guard import agents

    for cli in sorted(agents.CLIS):  # the agents' own programs: a patched cli.js drops the hook call
        found = _which(cli, env.get("PATH", ""))
        if found:
            add(f"the {cli} program", found)
            real = realpath(found)
            add(f"the {cli} package", _node_package(real))
            if os.path.basename(os.path.dirname(real)) == "versions":
                # a native install (~/.local/share/claude/versions/X): a newer file dropped there is
                # what its launcher or updater starts next
                add(f"the {cli} versions", os.path.dirname(real))
    for path in _agent_installs(env):
        add_named("an agent's own installation", path)
    for link in _link_chain(executable):
        add("the interpreter", link)
    for library in _mapped_files() if libraries else ():  # (the kernel's map names them by their real paths)
        out.append(("a library the interpreter loads", library))
    for path in _LOADER_FILES:
        add_named("the dynamic loader's configuration (what every program loads first)", path)
    bin_dir, prefix = os.path.dirname(executable), os.path.dirname(os.path.dirname(executable))
    add("pyvenv.cfg", os.path.join(prefix, "pyvenv.cfg"))
    add("pyvenv.cfg", os.path.join(bin_dir, "pyvenv.cfg"))
    add("pyvenv.cfg", os.path.join(sys.prefix, "pyvenv.cfg"))
    add("the guard package", package_dir)
    for name in ("rules", "hooks"):
        add(f"the {name}/ data", _data_dir(name, package_dir))
    site = sys.modules.get("site")
    if site is not None:
        for folder in _site_packages(site):
            add("site-packages (.pth files run at start)", folder)
        if getattr(site, "ENABLE_USER_SITE", False) and getattr(site, "USER_SITE", None):
            add("the user site folder", site.USER_SITE)
    for module in ("sitecustomize", "usercustomize"):
        found = getattr(sys.modules.get(module), "__file__", None)
        if found:
            add(module, found)
    for entry in sys_path:
        if entry and os.path.isabs(entry):
            add("a folder on sys.path", entry)
    for path in installer_configs(env):
        add_named("package-manager configuration (the guard's next install or upgrade reads it)", path)
    for path in bun_configs(env):
        add_named("bun's or direnv's global configuration (it decides what runs without a tool call)", path)
    names = shadowed_names()
    for folder in shadowing_folders(env, project):
        for base in dict.fromkeys((folder, realpath(folder))):
            out += [("a place on PATH where a program of that name runs first", base + "/" + name) for name in names]
    from legant_guard.hook.config import _with_ancestors

    kept_out = {"/"}.union(_with_ancestors(*keep_out))  # (_covers_any as one lookup per entry)
    return [(what, path) for what, path in _dedupe(out) if path not in kept_out]


def shadowing_folders(env, project=None):
    """Where a `legant`, `claude`, `codex` or `opencode` written now is what the user's next
    `legant guard install` or agent session starts instead of the real one (a wrapper that adds
    `--bare` or `--settings`, or a CLI with the hook call taken out): every folder on PATH, and
    the user's bin folders a login shell puts first once they exist (`~/.local/bin`, `~/bin`:
    Debian's and Ubuntu's ~/.profile), and those the start-up scripts and the `.envrc` of the
    project or a folder above it put on PATH (`PATH_add bin`: the user's next shell in the project
    has it first, whatever PATH the agent was given). The names are shadowed_names()."""
    home = env.get("HOME") or os.path.expanduser("~")
    folders = [os.path.normpath(f) for f in env.get("PATH", "").split(os.pathsep) if f and os.path.isabs(f)]
    added = []
    if project:
        from legant_guard.hook.sourcedfiles import SCRIPTS, path_folders

        envrcs, folder = [], project
        while os.path.isabs(folder) and len(envrcs) < 32:
            envrcs.append(os.path.join(folder, ".envrc"))
            if os.path.dirname(folder) == folder:
                break
            folder = os.path.dirname(folder)
        added = path_folders(home, envrcs + [os.path.join(home, n) for n in SCRIPTS])
    return list(dict.fromkeys(folders + [os.path.join(home, ".local", "bin"), os.path.join(home, "bin")] + added))


def shadowed_names():
    from legant_guard import agents

    return SELF_COMMANDS + tuple(sorted(agents.CLIS))


def installer_configs(env):
    """pip's and uv's configuration files outside any project: an `index-url`, `find-links` or
    `target` written there now is read by the user's own later `pip install -U legant-guard`
    (or `uv tool upgrade`), which then installs a guard of the agent's choosing."""
    from legant_guard.hook import pipconfig

    home = env.get("HOME") or os.path.expanduser("~")
    return pipconfig.pip_files(env, home, [sys.prefix]) + pipconfig.uv_files(env, home, None)


def bun_configs(env):
    """bun's global configuration files: `bun install`, which opencode runs at start for the npm
    plugins its configurations name (into its cache) and for each `.opencode/` folder, takes the
    registry, scopes and cache from them, so a registry written there serves the next session's
    plugin code (red team #28; the folder-local bunfig.toml and .npmrc are agent configuration)."""
    home = env.get("HOME") or os.path.expanduser("~")
    folders = [env.get("XDG_CONFIG_HOME"), home]
    found = [os.path.join(f, ".bunfig.toml") for f in folders if f and os.path.isabs(f)]
    # direnv's own configuration (red team #30): `bash_path` is the program it runs for every
    # .envrc, `load_dotenv` makes every .env a start-up file, `[whitelist]` loads .envrc files
    # nobody allowed; TOML, which the start-up files' text check does not read
    config = home + "/.config/direnv"
    direnv = dict.fromkeys((env.get("DIRENV_CONFIG") or config, (env.get("XDG_CONFIG_HOME") or home + "/.config")
                            + "/direnv", config))
    found += [f + name for f in direnv if f[:1] == "/" for name in ("/direnv.toml", "/config.toml")]
    # and its record of the .envrc files `direnv allow` trusted (a file written there is that command)
    data = env.get("XDG_DATA_HOME")
    found += [home + "/.local/share/direnv/allow"] + ([data + "/direnv/allow"] if data and data[:1] == "/" else [])
    return found


def _agent_installs(env):
    """Where Claude Code installs itself whatever the agent's PATH says: the local install
    (`~/.claude/local`, run through the `claude` alias its installer writes into the shell's
    start-up file), the native one (`~/.local/share/claude/versions/`, which
    `~/.local/bin/claude` links to) and the agents' editor extensions. A patched cli.js or a
    replaced version there never calls the hook; the PATH lookup above finds them only when the
    agent's PATH leads there."""
    home = env.get("HOME") or os.path.expanduser("~")
    data = env.get("XDG_DATA_HOME") or os.path.join(home, ".local", "share")
    folders = [os.path.join(home, ".claude")] + ([env["CLAUDE_CONFIG_DIR"]] if env.get("CLAUDE_CONFIG_DIR") else [])
    paths = [os.path.join(folder, "local") for folder in folders]
    paths += list(dict.fromkeys((os.path.join(data, "claude"), os.path.join(home, ".local", "share", "claude"))))
    paths += _editor_extension_installs(home, data)
    return [p for p in paths if os.path.lexists(p)]  # (none there: no install to patch)


# Editors' extension folders (VS Code and its forks, local and remote), and the agents' extensions
# in them: each bundles its own agent (Claude Code's `resources/native-binary/claude`, the Codex
# extension's `bin/…/codex`) and runs it from there, whatever PATH says.
_EXTENSION_ROOTS = (".vscode", ".vscode-insiders", ".vscode-server", ".vscode-server-insiders", ".vscode-oss",
                    ".cursor", ".cursor-server", ".windsurf", ".windsurf-server", ".positron")


_AGENT_EXTENSIONS = ("anthropic.claude-code-", "openai.chatgpt-", "sst-dev.opencode-")


def _editor_extension_installs(home, data):
    """The agents' editor extensions installed now (red team #28: a patched bundled agent in
    ~/.vscode/extensions/anthropic.claude-code-X/ never calls the hook). One scandir per editor
    extension folder that exists."""
    roots = [os.path.join(home, name, "extensions") for name in _EXTENSION_ROOTS]
    roots.append(os.path.join(data, "code-server", "extensions"))
    out = []
    for root in roots:
        try:
            with os.scandir(root) as entries:
                found = [e.path for e in entries if e.name.lower().startswith(_AGENT_EXTENSIONS)]
        except OSError:
            continue
        # extensions.json says which folder holds each installed extension: one planted beside
        # (a "newer" anthropic.claude-code-9.9.9) loads only once it is registered there
        out += found + [os.path.join(root, "extensions.json")]
    return out


def _node_package(path):
    """The npm package folder (`…/node_modules/[@scope/]name`) holding `path`, or None."""
    folder = os.path.dirname(path)
    for _ in range(8):
        parent = os.path.dirname(folder)
        if os.path.basename(parent) == "node_modules" or (
                os.path.basename(parent).startswith("@") and os.path.basename(os.path.dirname(parent)) == "node_modules"):
            return folder
        if parent == folder:
            break
        folder = parent
    return None


def excluded_sys_path(keep_out, sys_path=None):
    """sys.path folders left out of the trust base because they hold the project or home."""
    return [e for e in (sys.path if sys_path is None else sys_path)
            if e and os.path.isabs(e) and _covers_any(os.path.normpath(e), keep_out)]


def installation_prefix(executable=None):
    """The environment (venv or Python prefix) the guard is installed in."""
    return os.path.normpath(sys.prefix) if executable is None else env_prefix(executable)


def env_prefix(python_or_tool):
    """The environment an executable in `<env>/bin/` belongs to (its folder's parent)."""
    return os.path.dirname(os.path.dirname(os.path.abspath(python_or_tool)))


class _Resolver:
    """os.path.realpath with the folders it resolved remembered: the installation's paths share
    long prefixes (/venv/lib/python3.X/...), so each folder is looked at once, not per path
    (and through hook/paths.py's readlink, once per decision with the other lookups)."""

    __slots__ = ("known",)

    def __init__(self):
        self.known = {"/": "/"}

    def realpath(self, path, depth=0):
        """os.path.realpath of `path`, normalised first (the installation's paths hold no `..`)."""
        return self._real(os.path.normpath(path), depth)

    def _real(self, path, depth):
        """The physical path of a normalised absolute `path` (each folder looked up once)."""
        known = self.known.get(path)
        if known is not None:
            return known
        cut = path.rfind("/")
        if cut < 0:
            return path  # (only absolute paths are asked about)
        base = self._real(path[:cut] or "/", depth)
        candidate = (base if base != "/" else "") + "/" + path[cut + 1:]
        try:
            target = read_link(candidate)
        except ValueError:  # (a NUL or a lone surrogate: no such file)
            target = None
        if not target:  # not a link, or missing: the rest is taken as it is spelt
            real = candidate
        else:
            real = os.path.realpath(candidate) if depth > 8 else \
                self.realpath(os.path.join(base, target), depth + 1)
        self.known[path] = real
        return real


def _shared_libpython():
    """The libpython among them (what `status --trust-base` and its tests name first)."""
    return [p for p in _mapped_files() if os.path.basename(p).startswith("libpython")]


# /etc/ld.so.preload loads a library into every program (the hook and the agent too), and the
# loader's search configuration and cache decide which libc or libpython a program gets.
_LOADER_FILES = ("/etc/ld.so.preload", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/ld.so.cache")


def _site_packages(site):
    try:
        return list(site.getsitepackages())
    except Exception:  # a stripped-down `site` (some embedded builds) has no getsitepackages
        return []


def _link_chain(path):
    """`path` and every symlink it leads through to the real file (bounded)."""
    chain = [path]
    for _ in range(16):
        try:
            target = os.readlink(path)
        except OSError:
            break
        path = os.path.normpath(os.path.join(os.path.dirname(path), target))
        chain.append(path)
    chain.append(os.path.realpath(path))
    return chain


def _dedupe(pairs):
    seen, out = set(), []
    for what, path in pairs:
        if path not in seen:
            seen.add(path)
            out.append((what, path))
    return out


# ------------------------------------------------------------------ 2. agent configurations

def agent_configs(home, env):
    """User-level and system agent configurations that load code or switch hooks off: each
    agent's descriptor names its own (agents/__init__.py), the same one its installer writes by."""
    from legant_guard import agents

    return agents.user_configs(home, env)


# ------------------------------------------------------------------ 3. shell start-up files

_HOME_STARTUP = (
    ".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".bash_aliases", ".profile", ".zshrc", ".zshenv",
    ".zprofile", ".zlogin", ".zlogout", ".kshrc", ".mkshrc", ".cshrc", ".tcshrc", ".login", ".xprofile",
    ".xsessionrc", ".pam_environment", ".envrc", ".direnvrc", ".config/fish", ".config/environment.d",
    ".config/direnv", ".config/nushell", ".config/xonsh", ".xonshrc", ".config/zsh",
    # sourced by the usual start-up files or sessions: Fedora's ~/.bashrc.d, bash-completion,
    # the zsh and bash frameworks (oh-my-zsh, oh-my-bash, bash-it, prezto, zim: every plugin they load); tmux/screen `set-environment`/`setenv` reach every new pane;
    # systemd's DefaultEnvironment every program of the user session
    ".bashrc.d", ".bash_completion", ".local/share/bash-completion", ".oh-my-zsh", ".oh-my-bash", ".bash_it",
    ".zprezto", ".zpreztorc", ".zimrc", ".tmux.conf",
    # terminals that set variables for every shell they start (kitty's `env`, alacritty's `[env]`,
    # wezterm's `set_environment_variables`; VS Code's and its forks' settings, hook/editorsettings.py,
    # by their own full paths: `settings.json` is every other tool's name too)
    ".config/kitty", ".config/alacritty", ".alacritty.toml", ".alacritty.yml", ".wezterm.lua", ".config/wezterm",
    ".config/Code/User/settings.json", ".config/Code - OSS/User/settings.json",
    ".config/Code - Insiders/User/settings.json", ".config/VSCodium/User/settings.json",
    ".config/Cursor/User/settings.json", ".config/Windsurf/User/settings.json",
    "Library/Application Support/Code/User/settings.json", "Library/Application Support/VSCodium/User/settings.json",
    "Library/Application Support/Cursor/User/settings.json",
    # what a graphical login sources for the whole session (KDE Plasma's env scripts, X's start-up)
    ".config/plasma-workspace/env", ".xinitrc", ".xsession",
    ".config/tmux", ".screenrc", ".config/systemd/user.conf", ".config/systemd/user.conf.d",
)


_SYSTEM_STARTUP = ("/etc/profile", "/etc/profile.d", "/etc/bash.bashrc", "/etc/bashrc", "/etc/environment",
                   "/etc/zsh", "/etc/zshenv", "/etc/zshrc", "/etc/zprofile", "/etc/fish", "/etc/csh.cshrc",
                   "/etc/csh.login", "/etc/environment.d", "/etc/bash_completion", "/etc/bash_completion.d",
                   # (red team 39) PAM's own variables file (what /etc/environment is to pam_env), the
                   # system-wide logout file, and systemd's DefaultEnvironment for every user session
                   "/etc/security/pam_env.conf", "/etc/bash.bash_logout", "/etc/systemd/user.conf",
                   "/etc/systemd/user.conf.d", "/etc/systemd/system.conf", "/etc/systemd/system.conf.d")


def startup_files(home, env, project=None):
    """Files a shell (or direnv) runs at start: where a variable switching the hooks off would go
    (`project`: its `.envrc` and those above it are read for the files they load)."""
    paths = [os.path.join(home, name) for name in _HOME_STARTUP] + list(_SYSTEM_STARTUP)
    xdg = env.get("XDG_CONFIG_HOME")
    if xdg:  # fish, systemd, tmux ... read $XDG_CONFIG_HOME/X instead of ~/.config/X
        paths += [os.path.join(xdg, name[len(".config/"):]) for name in _HOME_STARTUP if name.startswith(".config/")]
    if env.get("ZDOTDIR"):
        paths += [os.path.join(env["ZDOTDIR"], n) for n in (".zshrc", ".zshenv", ".zprofile", ".zlogin")]
    for var in ("BASH_ENV", "ENV", "CLAUDE_ENV_FILE"):  # (Claude Code sources CLAUDE_ENV_FILE before each command)
        if env.get(var):
            paths.append(env[var])
    # Claude Code's Bash tool sources its snapshot of the user's shell (functions, aliases) and
    # what SessionStart hooks persisted, before every command it runs.
    for folder in [os.path.join(home, ".claude")] + ([env["CLAUDE_CONFIG_DIR"]] if env.get("CLAUDE_CONFIG_DIR") else []):
        paths += [os.path.join(folder, "shell-snapshots"), os.path.join(folder, "session-env")]
    paths.append("/**/.envrc")  # direnv: any folder's .envrc is loaded when a shell enters it
    # zsh reads FILE.zwc (compiled, binary) in place of any FILE it sources or autoloads when it is
    # newer: `~/.zshrc.zwc` is ~/.zshrc (red team #30)
    paths.append("/**/*.zwc")
    from legant_guard.hook.sourcedfiles import SCRIPTS, sourced_files  # (`. "$HOME/.cargo/env"`, `source ~/.p10k.zsh`)

    envrcs = []
    folder = project
    while folder and os.path.isabs(folder) and len(envrcs) < 32:
        envrcs.append(os.path.join(folder, ".envrc"))  # (direnv's `dotenv`, `source_env` load more files)
        if os.path.dirname(folder) == folder:
            break
        folder = os.path.dirname(folder)
    scripts = envrcs + [os.path.join(home, n) for n in SCRIPTS] + \
        ([os.path.join(env["ZDOTDIR"], n) for n in SCRIPTS if n.startswith(".z")] if env.get("ZDOTDIR") else []) + \
        [env[var] for var in ("BASH_ENV", "ENV") if env.get(var)] + ["/etc/profile", "/etc/bash.bashrc", "/etc/bashrc",
                                                                      "/etc/zsh/zshrc", "/etc/zshrc", "/etc/zshenv"]
    paths += [p for p in sourced_files(home, env, scripts) if p not in paths]
    return paths + list(MISE_FILES)


# mise (like direnv) sets the variables of its `[env]` section, runs its `[hooks]` and puts
# `_.path` on PATH when a shell enters the folder: the agent started from that shell inherits them.
MISE_FILES = ("/**/mise.toml", "/**/.mise.toml", "/**/mise.local.toml", "/**/.mise.local.toml", "/**/mise.*.toml",
              "/**/.mise.*.toml", "/**/.config/mise.toml", "/**/.config/mise/config.toml",
              "/**/.config/mise/conf.d/*.toml", "/**/mise/config.toml", "/**/.mise/config.toml", "/**/.rtx.toml",
              "/etc/mise/config.toml")


# ------------------------------------------------------------------ install time

def inside_project_warning(project, entries=None):
    """A loud warning when the guard's installation lies inside the project, else None."""
    project = os.path.realpath(project)
    entries = installation() if entries is None else entries
    inside = [path for _, path in entries if path == project or path.startswith(project.rstrip("/") + "/")]
    if not inside:
        return None
    return ("WARNING: the guard itself is installed inside the project ("
            f"{inside[0]}). It protects its installation from the agent, but the project is where "
            "a builder works: install legant-guard outside it, e.g. `pipx install legant-guard` or "
            "`python3 -m venv ~/.local/share/legant-venv && ~/.local/share/legant-venv/bin/pip install "
            "legant-guard`, then run that `legant guard install` again.")
