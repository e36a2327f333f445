"""The guard's configuration, from the LEGANT_GUARD_* environment (WIRE_FORMAT.md).

With neither LEGANT_GUARD_TOKEN nor LEGANT_GUARD_TOKEN_FILE set the guard is OFF and allows
everything. With either set (even to an empty value or a missing file) it is ON and fails
closed: anything it cannot establish becomes a deny with a reason that says what to fix.
"""

import os
import stat

DEFAULT_ISSUER = "https://legant.local"
DEFAULT_AUDIENCE = "legant:claude-code"
FEED_STATE_FILE = "feed-state.json"
# Digests of what the hook verified once: signatures, the rules data (safefile.DigestMemo).
VERIFIED_MEMO_FILE = "verified-digests"
DERIVATION_MEMO_FILE = "trustbase.memo"  # the trust base's derivation, kept across calls (hook/derivationmemo.py)
MAX_TOKEN_FILE_BYTES = 1024 * 1024


class ConfigError(Exception):
    """A configured setting cannot be used; the hook denies with this message."""


def _is_url(value):
    return bool(value) and value.startswith(("https://", "http://"))


class Config:
    __slots__ = ("env", "token_file", "jwks_path", "issuer", "audience", "feed_path", "audit_path",
                 "overlay_path", "project", "live_url", "live_token", "source", "guard_dir", "jwks_url", "feed_url",
                 "subagents_map", "subagent", "installed_token_file")

    def __init__(self, env):
        self.env = env
        self.token_file = env.get("LEGANT_GUARD_TOKEN_FILE")
        jwks = env.get("LEGANT_GUARD_JWKS")
        # Org mode (hook/issuer.py): the JWKS and the feed may be the issuer's URLs; the local
        # files (overlay, feed version state) then live beside the token file.
        self.jwks_url = jwks if _is_url(jwks) else None
        if self.jwks_url:
            jwks = None
        elif not jwks and self.token_file:
            jwks = os.path.join(os.path.dirname(os.path.abspath(self.token_file)), "jwks.json")
        self.jwks_path = os.path.abspath(jwks) if jwks else None
        if self.jwks_path:
            self.guard_dir = os.path.dirname(self.jwks_path)
        elif self.jwks_url and self.token_file:
            self.guard_dir = os.path.dirname(os.path.abspath(self.token_file))
        else:
            self.guard_dir = None
        self.issuer = env.get("LEGANT_GUARD_ISSUER") or DEFAULT_ISSUER
        self.audience = env.get("LEGANT_GUARD_AUDIENCE") or DEFAULT_AUDIENCE
        # "" means configured but unusable (fail closed); None means no feed configured.
        feed = env.get("LEGANT_GUARD_FEED")
        self.feed_url = feed if _is_url(feed) else None
        self.feed_path = None if self.feed_url else (os.path.abspath(feed) if feed else feed)
        audit = env.get("LEGANT_GUARD_AUDIT")
        self.audit_path = os.path.abspath(audit) if audit else None
        overlay = env.get("LEGANT_GUARD_OVERLAY")
        if not overlay and self.guard_dir:
            overlay = os.path.join(self.guard_dir, "overlay.json")
        self.overlay_path = os.path.abspath(overlay) if overlay else None
        project = env.get("LEGANT_GUARD_PROJECT")
        self.project = os.path.realpath(project) if project else ""
        self.live_url = env.get("LEGANT_GUARD_LIVE_URL") or ""
        self.live_token = env.get("LEGANT_GUARD_LIVE_TOKEN") or ""
        self.source = env.get("LEGANT_GUARD_SOURCE") or "legant-guard"
        subagents = env.get("LEGANT_GUARD_SUBAGENTS")
        self.subagents_map = os.path.abspath(subagents) if subagents else None
        self.subagent = None  # the sub-agent type whose child token decides this call
        self.installed_token_file = self.token_file  # the main agent's, whatever a sub-agent's call uses

    def use_subagent_token(self, agent_type):
        """A sub-agent's call: judge it by the child token mapped to its type (subagents.py).
        Without a mapping for it the installed token decides, as for the main agent."""
        if not self.subagents_map:
            return
        from legant_guard.subagents import choose_token

        try:
            child = choose_token(self.subagents_map, agent_type)
        except ValueError as e:
            raise ConfigError(str(e))
        if child:
            self.token_file = child
            self.subagent = agent_type or "*"

    def special_file_problem(self, audit_only=False):
        """The first configured file the hook opens that is not a regular file, as a reason, or None."""
        files = (("audit trail", self.audit_path), ("audit head", self.audit_path and self.audit_path + ".head"))
        if not audit_only:
            files += (("JWKS", self.jwks_path), ("revocation feed", self.feed_path),
                      ("deny overlay", self.overlay_path), ("feed version state", self.feed_state_path))
        for what, path in files:
            problem = not_a_regular_file(path) if path else None
            if problem:
                return f"the {what} {path} {problem}; point it at a regular file"
        return None

    @property
    def feed_state_path(self):
        return os.path.join(self.guard_dir, FEED_STATE_FILE) if self.guard_dir else None

    def installed_token(self):
        """The main agent's token (the one installed, of which a sub-agent's token must be a child)."""
        if not self.subagent:
            return self.read_token()
        child, kind = self.token_file, self.subagent
        self.token_file, self.subagent = self.installed_token_file, None
        try:
            return self.read_token()
        finally:
            self.token_file, self.subagent = child, kind

    def read_token(self):
        """The token text; ConfigError when it is configured but unusable.

        A configured token file must be usable even when LEGANT_GUARD_TOKEN is set too: an
        inline token never stands in for a missing or unreadable file, and when both are set
        they must hold the same token (anything else is a deny that says to unset one).
        """
        env = self.env
        inline = None
        if "LEGANT_GUARD_TOKEN" in env and not self.subagent:
            inline = env["LEGANT_GUARD_TOKEN"].strip()
            if not inline:
                raise ConfigError("LEGANT_GUARD_TOKEN is set but empty; set it to a delegation token or unset it")
            if "LEGANT_GUARD_TOKEN_FILE" not in env:
                return inline
        token = self._read_token_file()
        if inline is not None and inline != token:
            raise ConfigError(f"LEGANT_GUARD_TOKEN and LEGANT_GUARD_TOKEN_FILE ({self.token_file}) are both set and hold "
                              "different tokens; unset one of them")
        return token

    def _read_token_file(self):
        from legant_guard import safefile

        path = self.token_file
        if not path:
            raise ConfigError("LEGANT_GUARD_TOKEN_FILE is set but empty; point it at a token file")
        try:
            data = safefile.read_bytes(path, MAX_TOKEN_FILE_BYTES)
        except safefile.UnsafeFile as e:
            raise ConfigError(f"the token file {path} {e.strerror}; point LEGANT_GUARD_TOKEN_FILE at a token file")
        except (OSError, ValueError) as e:
            raise ConfigError(f"cannot read the token file {path} ({getattr(e, 'strerror', None) or e}); "
                              "run `legant guard install` to set it up again")
        if len(data) > MAX_TOKEN_FILE_BYTES:
            raise ConfigError(f"the token file {path} is larger than {MAX_TOKEN_FILE_BYTES} bytes; it is not a token")
        try:
            token = data.decode("utf-8").strip()
        except UnicodeDecodeError:
            raise ConfigError(f"the token file {path} is not UTF-8 text; mint a token with `legant guard mint`")
        if not token:
            raise ConfigError(f"the token file {path} is empty; mint a token with `legant guard mint --role R --out {path}`")
        return token

    def guard_dir_problem(self):
        """Why the guard dir must not be used (another user's, or writable by others), or None."""
        if not self.guard_dir:
            return None
        from legant_guard import safefile

        problem = safefile.unsafe_dir(self.guard_dir)
        return f"the guard directory {self.guard_dir} is not safe: {problem}" if problem else None

    def setup_record(self):
        """The guard dir's setup record ({} when there is none); SetupRecordError when unusable."""
        if not self.guard_dir:
            return {}
        from legant_guard import setuprecord

        return setuprecord.read(self.guard_dir)

    def own_overlay(self):
        """True when the overlay is the guard dir's own overlay.json (the one the setup records)."""
        return bool(self.guard_dir) and self.overlay_path == os.path.join(self.guard_dir, "overlay.json")

    def own_audit(self):
        return bool(self.guard_dir) and self.audit_path == os.path.join(self.guard_dir, "audit.jsonl")


def not_a_regular_file(path):
    """Why reading `path` could block or never end (a FIFO, a device, a socket), or None.

    The hook must never hang: opening a FIFO waits for a writer and /dev/zero never ends.
    A missing or unreadable path is None here; its reader reports that itself.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return None
    return "is a directory" if stat.S_ISDIR(mode) else "is not a regular file (a FIFO or a device?)"


def guard_is_on(env):
    return "LEGANT_GUARD_TOKEN" in env or "LEGANT_GUARD_TOKEN_FILE" in env


# Marks a folder as a guard dir (legant guard init): protect the whole folder, not only the
# files the environment names, so the key stays out of reach when LEGANT_GUARD_JWKS points
# at another issuer's key set.
_GUARD_DIR_MARKERS = ("key.pem", "setup.json")


def guard_file_paths(config):
    """The guard's own files (key, tokens, feed, overlay, audit) and the folders holding them."""
    files = [config.token_file, config.installed_token_file, config.jwks_path, config.feed_path, config.audit_path,
             config.audit_path and config.audit_path + ".head", config.overlay_path, config.subagents_map]
    paths = [config.guard_dir] + files
    folders = []  # (the files mostly share one folder: each is looked at once)
    for path in filter(None, files):
        folder = os.path.dirname(os.path.abspath(path))
        if folder not in folders:
            folders.append(folder)
    for folder in folders:
        if any(os.path.exists(os.path.join(folder, marker)) for marker in _GUARD_DIR_MARKERS):
            paths.append(folder)
    if config.jwks_url or config.feed_url:  # the issuer's cached keys verify tokens: trust material
        paths.append(cache_root(config.env))
    paths += [root for root in setup_roots(config.env) if os.path.isdir(root)]  # (keys: no search above them)
    paths = [p for p in paths if p]
    return paths + linked_locations(paths)


def setup_roots(env):
    """Where `legant guard init` puts every setup by default (guarddir.default_guard_dir and
    user_guard_dir: platformdirs' user config folder, then legant/guard): the other projects'
    setups and the user-wide one sit beside this session's guard dir. Their keys mint tokens
    those projects' hooks accept and their overlays and tokens decide those sessions, so an
    agent in one project must not read or write another's (red team #28: `cat
    ~/.config/legant/guard/OTHER/key.pem` was an ordinary read under `open`). No lookup: the
    folders are named, whether they exist or not (a fake setup made there is refused too)."""
    home = env.get("HOME") or os.path.expanduser("~")
    roots = [os.path.join(home, ".config"), os.path.join(home, "Library", "Application Support")]
    xdg = (env.get("XDG_CONFIG_HOME") or "").strip()
    if xdg and os.path.isabs(xdg):
        roots.insert(0, xdg)
    return [os.path.join(os.path.normpath(root), "legant", "guard") for root in dict.fromkeys(roots)]


def protected_paths(config, project, home, env, process_cwd=None):
    """Paths the agent may never read or write: the guard's files and every agent configuration
    that loads code or switches hooks off (each agent's descriptor in agents/__init__.py names its own)."""
    from legant_guard import agents

    guard_files = guard_file_paths(config)
    paths = list(guard_files)
    if not (config.jwks_url or config.feed_url):
        # A local setup's agent must not write the issuer cache either: it would plant the keys and
        # feed (dated in the future) that org mode reads once the user installs that issuer's URL.
        # Reading it is harmless (public keys, a public feed), so searches above it stay as they were.
        paths.append(cache_root(env))
    project_configs = agents.project_configs()
    # Without LEGANT_GUARD_PROJECT the project is the event's cwd, which the agent moves with
    # `cd`; the hook process itself runs in the project dir (AGENT_HOOKS.md), so protect the
    # agent configs at every ancestor of both (agents read them from the cwd up).
    for base in _with_ancestors(project, os.path.realpath(project) if project else None,
                               process_cwd or _getcwd()):
        folder = base.rstrip("/") + "/"  # (absolute, never the root: os.path.join's result, at less cost)
        paths += [folder + "/".join(parts) for parts in project_configs]
    # (`CLAUDE_CONFIG_DIR=.claude-alt claude`: a relative folder is the agent's, which is where the hook runs)
    base = process_cwd or _getcwd() or project or "/"
    paths += [p if os.path.isabs(p) else os.path.join(base, p) for p in agents.user_configs(home, env) if p]
    from legant_guard.hook import agentargs

    paths += agentargs.config_files()  # (`claude --settings ~/team.json`: named only on its command line)
    paths += setup_roots(env)  # (a setup planted there before the user's own `init` is refused too)
    others = [p for p in paths[len(guard_files):] if p]
    return guard_files + others + linked_locations(others)


def linked_locations(paths):
    """Where each of `paths` really lies when it, or a folder on its way, is a symlink: with
    `~/.claude -> ~/dotfiles/claude` (a dotfiles repository, stow) or a project's `.claude/settings.json
    -> config/claude.json`, writing ~/dotfiles/claude/settings.json or config/claude.json changes the
    hook config without naming it. One lookup per distinct existing prefix, none below a missing one;
    the hundreds of paths of a call share their folders, so each path costs a lookup of its folder.
    The lookups are hook/paths.py's readlink, remembered during a decision: the guard's files,
    the agents' configs, the trust base and the event's paths share their folders too."""
    from legant_guard.hook.paths import is_symlink

    kinds = {"": False}  # prefix -> True (a symlink on the way), False (all there, no symlink), None (missing)
    out = []
    for path in paths:
        if not path.startswith("/") or "\x00" in path:
            continue
        if "//" in path or path.endswith("/"):
            path = "/" + "/".join(part for part in path.split("/") if part)
        pending = []
        prefix = path
        while prefix not in kinds:
            pending.append(prefix)
            prefix = prefix[:prefix.rfind("/")]
        kind = kinds[prefix]
        for prefix in reversed(pending):
            if kind is False:  # (below a symlink or a missing folder the answer stays what it was)
                kind = is_symlink(prefix)
            kinds[prefix] = kind
        if kind:
            real = os.path.realpath(path)
            if real != path:
                out.append(real)
    return out


def _getcwd():
    try:
        return os.getcwd()
    except OSError:
        return None


def nearest_up(folder, found):
    """The first of `folder` and its ancestors for which `found(it)` is true, else None (a walk up
    to /, as git, npm exec and bun look for their folders)."""
    while True:
        if found(folder):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _with_ancestors(*starts):
    """Every given absolute folder and each of its ancestors, once (the filesystem root excluded)."""
    seen = []
    for start in starts:
        folder = start
        while folder and os.path.isabs(folder) and folder not in seen:
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            seen.append(folder)
            folder = parent
    return seen


def cache_root(env):
    """LEGANT_GUARD_CACHE, else the user's cache dir (XDG) / legant/guard/issuer."""
    if env.get("LEGANT_GUARD_CACHE"):
        return os.path.abspath(env["LEGANT_GUARD_CACHE"])
    base = env.get("XDG_CACHE_HOME") or os.path.join(env.get("HOME") or os.path.expanduser("~"), ".cache")
    return os.path.join(os.path.abspath(base), "legant", "guard", "issuer")
