"""The local guard directory: key, JWKS, signed feed, one token per role, overlay, audit.

It lives OUTSIDE the project (an agent that can write the project must not reach its own
key, feed or tokens), by default under the user's config dir, in a folder named after the
project plus a hash of its absolute path so two projects with the same folder name never
share a setup. Not on the hook path (the constants are duplicated nowhere: the hook reads
file locations from the LEGANT_GUARD_* environment that `hook_env` produces).
"""

import contextlib
import getpass
import hashlib
import json
import os
import time

ISSUER = "https://legant.local"
AUDIENCE = "legant:claude-code"
KID = "legant-guard-local"
FEED_TTL_SECONDS = 30 * 24 * 3600

KEY_FILE = "key.pem"
JWKS_FILE = "jwks.json"
FEED_FILE = "feed.jwt"
FEED_STATE_FILE = "feed-state.json"
OVERLAY_FILE = "overlay.json"
AUDIT_FILE = "audit.jsonl"
SETUP_FILE = "setup.json"


class GuardDirError(Exception):
    """The guard directory cannot be used as asked; the message says what to do."""


def default_guard_dir(project):
    """<user config dir>/legant/guard/<project name>-<hash of its absolute path>."""
    import platformdirs

    project = os.path.realpath(project)
    digest = hashlib.sha256(project.encode()).hexdigest()[:12]
    name = os.path.basename(project.rstrip("/")) or "root"
    return os.path.join(platformdirs.user_config_dir("legant"), "guard", f"{name}-{digest}")


def find_guard_dir(dir_option=None, project_option=None):
    """The guard dir a command should use: --dir, else the default one of --project (or the cwd)."""
    if dir_option:
        return os.path.abspath(dir_option)
    return default_guard_dir(project_option or os.getcwd())


def token_file(guard_dir, role):
    return os.path.join(guard_dir, f"{role}.jwt")


def hook_env(guard_dir, project, role):
    """The LEGANT_GUARD_* environment the hook command runs with for this setup and role: the
    local key set and feed, or (org mode, issuersetup.py) the issuer's URLs; plus the
    sub-agent token map when install made one (subagents.py)."""
    env = {
        "LEGANT_GUARD_TOKEN_FILE": token_file(guard_dir, role),
        "LEGANT_GUARD_JWKS": os.path.join(guard_dir, JWKS_FILE),
        "LEGANT_GUARD_FEED": os.path.join(guard_dir, FEED_FILE),
        "LEGANT_GUARD_AUDIT": os.path.join(guard_dir, AUDIT_FILE),
        "LEGANT_GUARD_PROJECT": os.path.realpath(project),
    }
    issuer = read_issuer_record(guard_dir)
    if issuer:
        env.update({"LEGANT_GUARD_JWKS": issuer["jwks"], "LEGANT_GUARD_FEED": issuer["feed"],
                    "LEGANT_GUARD_ISSUER": issuer["issuer"], "LEGANT_GUARD_AUDIENCE": issuer["audience"]})
    from legant_guard.subagents import map_path

    if os.path.exists(map_path(guard_dir, role)):
        env["LEGANT_GUARD_SUBAGENTS"] = map_path(guard_dir, role)
    return env


ISSUER_FILE = "issuer.json"


def read_issuer_record(guard_dir):
    """{issuer, audience, jwks, feed} of an org-mode setup, or None for a local one."""
    try:
        with open(os.path.join(guard_dir, ISSUER_FILE), encoding="utf-8") as f:
            record = json.load(f)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        raise GuardDirError(f"cannot read {os.path.join(guard_dir, ISSUER_FILE)} ({e}); run "
                            "`legant guard install --issuer URL --token-file T` again")
    if not isinstance(record, dict) or not all(isinstance(record.get(k), str) and record[k]
                                               for k in ("issuer", "audience", "jwks", "feed")):
        raise GuardDirError(f"{os.path.join(guard_dir, ISSUER_FILE)} is malformed; run "
                            "`legant guard install --issuer URL --token-file T` again")
    return record


def write_private(path, data):
    """Atomically write `data` to `path` with mode 0600 (temp file in the same dir + rename)."""
    from legant_guard.atomicfile import write_atomic

    write_atomic(path, data, 0o600)


def check_outside(guard_dir, project):
    real_dir = os.path.realpath(guard_dir)
    real_project = os.path.realpath(project)
    if real_dir == real_project or real_dir.startswith(real_project.rstrip("/") + "/"):
        raise GuardDirError(
            f"refusing to put the guard directory {guard_dir} inside the project {project}: "
            "an agent that can write the project could reach its own key and tokens. "
            "Leave out --dir to use the default location outside the project."
        )
    if real_project.startswith(real_dir.rstrip("/") + "/"):
        raise GuardDirError(f"refusing: the project {project} lies inside the guard directory {guard_dir}")


def load_key(guard_dir):
    try:
        with open(os.path.join(guard_dir, KEY_FILE), "rb") as f:
            return f.read()
    except OSError as e:
        raise GuardDirError(
            f"no signing key in {guard_dir} ({e.strerror}); run `legant guard init` to set it up"
        )


def mint_role_token(guard_dir, project, role_name, ttl_seconds, now=None, user=None):
    """Mint a token for a role (built-in or file) signed by this setup's key; returns the JWT."""
    from legant_guard.delegation.mint import mint_token
    from legant_guard.roles import compile_role, load_role

    role = load_role(role_name)
    scope, cnst = compile_role(role, project)
    return mint_token(
        load_key(guard_dir),
        KID,
        issuer=ISSUER,
        audience=AUDIENCE,
        sub=f"user:{user or getpass.getuser()}",
        actor=f"agent:{role['name']}",
        scope=scope,
        cnst=cnst,
        ttl_seconds=ttl_seconds,
        now=time.time() if now is None else now,
    )


def publish_feed(guard_dir, jtis, ver=None, now=None):
    """Sign and atomically publish feed.jwt; the version only ever goes up (also in the rollback state)."""
    from legant_guard.delegation import feed as feedlib

    state = os.path.join(guard_dir, FEED_STATE_FILE)
    if ver is None:
        ver = _highest_version(guard_dir) + 1
    from legant_guard.delegation.mint import build_feed

    token = build_feed(
        load_key(guard_dir),
        KID,
        issuer=ISSUER,
        jtis=sorted(set(jtis)),
        ver=ver,
        ttl_seconds=FEED_TTL_SECONDS,
        now=time.time() if now is None else now,
    )
    write_private(os.path.join(guard_dir, FEED_FILE), token)
    feedlib.record_version(state, ISSUER, ver)
    return ver


@contextlib.contextmanager
def feed_lock(guard_dir):
    """Exclusive lock around read-modify-publish of feed.jwt (revoke, refresh, init), so
    concurrent publishers never drop each other's ids."""
    import fcntl

    fd = os.open(os.path.join(guard_dir, FEED_FILE + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _highest_version(guard_dir):
    try:
        with open(os.path.join(guard_dir, FEED_STATE_FILE), "rb") as f:
            return int(json.loads(f.read()).get(ISSUER, 0))
    except FileNotFoundError:
        return 0


def current_feed_jtis(guard_dir):
    """The ids in the current feed (its signature and expiry are not checked: used to re-publish)."""
    from legant_guard.delegation.jws import decode_unverified

    try:
        with open(os.path.join(guard_dir, FEED_FILE)) as f:
            _, claims = decode_unverified(f.read().strip())
    except FileNotFoundError:
        return []
    return list(claims.get("jtis") or [])


def init_guard_dir(guard_dir, project, ttl_seconds, roles=None, now=None):
    """Create (or refresh) the local setup. Existing key and overlay are kept; role tokens are
    re-minted; the feed is re-signed with a new expiry and a higher version, keeping its ids."""
    from legant_guard.delegation.keys import generate_private_key_pem, jwks_from_private_pem
    from legant_guard.hook.trustbase import CATALOGUE_KEY, catalogue_hashes
    from legant_guard.roles import BUILTIN_ROLES

    check_outside(guard_dir, project)
    os.makedirs(guard_dir, mode=0o700, exist_ok=True)
    os.chmod(guard_dir, 0o700)
    key_path = os.path.join(guard_dir, KEY_FILE)
    if not os.path.exists(key_path):
        write_private(key_path, generate_private_key_pem())
    write_private(os.path.join(guard_dir, JWKS_FILE), json.dumps(jwks_from_private_pem(load_key(guard_dir), KID), indent=2) + "\n")
    with feed_lock(guard_dir):
        publish_feed(guard_dir, current_feed_jtis(guard_dir), now=now)
    overlay = os.path.join(guard_dir, OVERLAY_FILE)
    if not os.path.exists(overlay):
        write_private(overlay, json.dumps({"deny_paths": [], "deny_cmds": [], "deny_hosts": [], "deny_tools": []}, indent=2) + "\n")
    for role in roles or BUILTIN_ROLES:
        name = os.path.splitext(os.path.basename(role))[0]
        write_private(token_file(guard_dir, name), mint_role_token(guard_dir, project, role, ttl_seconds, now=now) + "\n")
    write_private(
        os.path.join(guard_dir, SETUP_FILE),
        json.dumps({"project": os.path.realpath(project), "issuer": ISSUER, "audience": AUDIENCE, "kid": KID,
                    CATALOGUE_KEY: catalogue_hashes()}, indent=2) + "\n",
    )
    return guard_dir


def parse_duration(text):
    """'8h', '30m', '2d', '90s' or plain seconds -> seconds (int). Raises ValueError for people."""
    text = str(text).strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
    try:
        if text and text[-1] in units:
            value = float(text[:-1]) * units[text[-1]]
        else:
            value = float(text)
    except ValueError:
        raise ValueError(f"`{text}` is not a duration: use e.g. 30m, 8h, 2d")
    if value <= 0:
        raise ValueError(f"`{text}` is not a positive duration")
    return int(value)
