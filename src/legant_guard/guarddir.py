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


def user_guard_dir():
    """<user config dir>/legant/guard/user-wide: the setup of `install --user`, whose tokens
    carry project-relative rules for every project the user opens."""
    import platformdirs

    return os.path.join(platformdirs.user_config_dir("legant"), "guard", "user-wide")


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
    sub-agent token map when install made one (subagents.py). `project` None (a user-wide
    install): no LEGANT_GUARD_PROJECT, the hook finds the project of each call."""
    env = {
        "LEGANT_GUARD_TOKEN_FILE": token_file(guard_dir, role),
        "LEGANT_GUARD_JWKS": os.path.join(guard_dir, JWKS_FILE),
        "LEGANT_GUARD_FEED": os.path.join(guard_dir, FEED_FILE),
        "LEGANT_GUARD_AUDIT": os.path.join(guard_dir, AUDIT_FILE),
    }
    if project is not None:
        env["LEGANT_GUARD_PROJECT"] = os.path.realpath(project)
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
    from legant_guard import safefile

    try:  # O_NOFOLLOW: a link planted here would point the guard at another issuer
        record = json.loads(safefile.read_bytes(os.path.join(guard_dir, ISSUER_FILE), 1024 * 1024))
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
    from legant_guard import safefile

    try:
        return safefile.read_bytes(os.path.join(guard_dir, KEY_FILE), 1024 * 1024)
    except OSError as e:
        if os.path.exists(os.path.join(guard_dir, ISSUER_FILE)):
            raise GuardDirError(f"{guard_dir} is an org-mode setup: the issuer holds the signing key, so tokens are "
                                "minted and revoked at the issuer (this setup keeps the overlay and the audit trail)")
        raise GuardDirError(
            f"no signing key in {guard_dir} ({e.strerror}); run `legant guard init` to set it up"
        )


def mint_role_token(guard_dir, project, role_name, ttl_seconds, now=None, user=None, toolchains=None, spawns=None):
    """Mint a token for a role (built-in or file) signed by this setup's key; returns the JWT.
    `toolchains`: the user's --toolchain adjustment (default: the one the setup recorded).
    `spawns`: the token may start sub-agents, each held to its child token (install
    --subagents; default: whether the setup records sub-agent mappings for this role)."""
    from legant_guard import subagents
    from legant_guard.delegation.claims import SETUP_CLAIM
    from legant_guard.delegation.mint import mint_token
    from legant_guard.roles import compile_role, load_role

    role = load_role(role_name)
    if is_user_wide(guard_dir):
        project = None  # a user-wide setup's tokens stay project-relative, whoever re-mints them
    if toolchains is None:
        toolchains = saved_toolchains(guard_dir)
    scope, cnst = compile_role(role, project, toolchains)
    if spawns is None:
        spawns = bool(subagents.recorded_mapping(guard_dir, os.path.splitext(os.path.basename(role_name))[0]))
    if spawns:
        scope = subagents.spawning_scope(scope)
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
        extra={SETUP_CLAIM: True},  # this guard dir has a setup record: the hook insists on it
    )


def publish_feed(guard_dir, jtis, ver=None, now=None):
    """Sign and atomically publish feed.jwt. The version only ever goes up: it is one more than
    the highest of the rollback state, the setup record, the audit head and the current feed
    itself (a feed another guard, e.g. Legant's Go guard, published), and is recorded in the
    first two so deleting one file cannot bring an old feed back."""
    from legant_guard import setuprecord
    from legant_guard.delegation import feed as feedlib

    state = os.path.join(guard_dir, FEED_STATE_FILE)
    if ver is None:
        ver = highest_feed_version(guard_dir) + 1
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
    setuprecord.update(guard_dir, feed_ver=ver)
    return ver


@contextlib.contextmanager
def feed_lock(guard_dir):
    """Exclusive lock around read-modify-publish of feed.jwt (revoke, refresh, init), so
    concurrent publishers never drop each other's ids."""
    import fcntl

    fd = os.open(os.path.join(guard_dir, FEED_FILE + ".lock"), os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def highest_feed_version(guard_dir):
    """The highest feed version any evidence in the guard dir knows of (0 when none)."""
    from legant_guard import setuprecord
    from legant_guard.delegation import feed as feedlib
    from legant_guard.hook import audit

    try:
        recorded = setuprecord.feed_version(setuprecord.read(guard_dir)) or 0
    except setuprecord.SetupRecordError:
        recorded = 0  # a corrupt record (which init rewrites): the other evidence still counts
    trail = os.path.join(guard_dir, AUDIT_FILE)
    seen = [feedlib.read_state(os.path.join(guard_dir, FEED_STATE_FILE)).get(ISSUER, 0), recorded,
            audit.head_feed_version(trail) or 0, audit.trail_feed_version(trail) or 0]
    current = _current_feed_claims(guard_dir).get("ver")
    if isinstance(current, int) and not isinstance(current, bool) and current >= 0:
        seen.append(current)
    return max(seen)


# The setup's own feed read back to republish it: past the hook's bound (MAX_FEED_BYTES) too, so that
# `revoke --refresh` can prune a feed that grew past it (red team #40: it said "corrupt" instead).
OWN_FEED_MAX_BYTES = 64 * 1024 * 1024


def _current_feed_claims(guard_dir):
    """The current feed's claims, unverified ({} when there is none)."""
    from legant_guard.delegation.jws import decode_unverified

    try:
        text = current_feed_text(guard_dir)
    except FileNotFoundError:
        return {}
    return decode_unverified(text, OWN_FEED_MAX_BYTES)[1]


def current_feed_text(guard_dir):
    """feed.jwt's text (never through a symlink); FileNotFoundError when there is none."""
    from legant_guard import safefile

    data = safefile.read_bytes(os.path.join(guard_dir, FEED_FILE), OWN_FEED_MAX_BYTES)
    return data.decode("ascii", "replace").strip()


def make_private_dirs(path):
    """Create `path` and every missing parent with mode 0700 whatever the umask, then refuse
    a folder chain another user could write to (GuardDirError)."""
    from legant_guard import safefile

    missing = []
    folder = os.path.abspath(path)
    while not os.path.lexists(folder):
        missing.append(folder)
        folder = os.path.dirname(folder)
    for folder in reversed(missing):
        os.mkdir(folder, 0o700)
        os.chmod(folder, 0o700)
    problem = safefile.unsafe_dir(path)
    if problem:
        raise GuardDirError(f"refusing to use the guard directory {path}: {problem}")


def read_setup_bytes(guard_dir):
    """setup.json's bytes, never through a symlink (safefile)."""
    from legant_guard import safefile

    return safefile.read_bytes(os.path.join(guard_dir, SETUP_FILE), 1024 * 1024)


def is_user_wide(guard_dir):
    """Was this setup made by `install --user` (setup.json records no project)?"""
    try:
        return json.loads(read_setup_bytes(guard_dir)).get("scope") == "user"
    except (OSError, ValueError, AttributeError):
        return False


def saved_toolchains(guard_dir):
    """The --toolchain adjustment recorded in setup.json ("" when none)."""
    try:
        value = json.loads(read_setup_bytes(guard_dir)).get("toolchains", "")
    except (OSError, ValueError, AttributeError):
        return ""
    return value if isinstance(value, str) else ""


def _set_aside_corrupt_record(guard_dir):
    """A setup record that cannot be read (the hook's reason says to run init) is renamed to
    setup.json.corrupt, kept for whoever wants to see what it held, and init writes a new one
    from the evidence left (a traceback was all init gave before). True when it did."""
    from legant_guard import setuprecord

    try:
        setuprecord.read(guard_dir)
        return False
    except setuprecord.SetupRecordError:
        os.replace(setuprecord.path_of(guard_dir), setuprecord.path_of(guard_dir) + ".corrupt")
        return True


def init_guard_dir(guard_dir, project, ttl_seconds, roles=None, now=None, toolchains=None, spawning=()):
    """Create (or refresh) the local setup. Existing key and overlay are kept; role tokens are
    re-minted; the feed is re-signed with a new expiry and a higher version, keeping its ids.
    `toolchains` (install --toolchain) is recorded, so later re-mints keep the choice.
    `spawning`: names of the roles whose token may start sub-agents (install --subagents).
    Any OS failure (a folder of another user, no permission) is a GuardDirError."""
    try:
        return _init_guard_dir(guard_dir, project, ttl_seconds, roles, now, toolchains, spawning)
    except OSError as e:
        where = e.filename or guard_dir
        raise GuardDirError(f"cannot set up the guard directory {guard_dir}: {where}: {e.strerror or e}; "
                            "pick a folder of your own with --dir, or leave --dir out") from None


def _init_guard_dir(guard_dir, project, ttl_seconds, roles, now, toolchains, spawning):
    from legant_guard import setuprecord
    from legant_guard.delegation.keys import generate_private_key_pem, jwks_from_private_pem
    from legant_guard.hook import audit
    from legant_guard.hook.trustbase import CATALOGUE_KEY, catalogue_hashes
    from legant_guard.roles import BUILTIN_ROLES

    if toolchains is None:
        toolchains = saved_toolchains(guard_dir)
    user_wide = project is None

    if not user_wide:
        check_outside(guard_dir, project)
    make_private_dirs(guard_dir)
    # An earlier init's key set without its setup record: the record was deleted (with the trail
    # and its head, perhaps), so assume the trail existed and let a missing one be reported.
    record_lost = os.path.lexists(os.path.join(guard_dir, JWKS_FILE)) and \
        not os.path.lexists(os.path.join(guard_dir, SETUP_FILE))
    record_lost = _set_aside_corrupt_record(guard_dir) or record_lost
    key_path = os.path.join(guard_dir, KEY_FILE)
    if not os.path.lexists(key_path):
        write_private(key_path, generate_private_key_pem())
    write_private(os.path.join(guard_dir, JWKS_FILE), json.dumps(jwks_from_private_pem(load_key(guard_dir), KID), indent=2) + "\n")
    # the same ids `revoke --refresh` republishes: the current feed's (if this key signed it) and
    # every id revocations.json still lists, so an init after a rolled-back feed drops no revocation
    from legant_guard.ops.revocation import FeedCorrupt, revoke_ids

    try:
        revoke_ids(guard_dir, now=now, lossless=True)
    except FeedCorrupt as e:
        raise GuardDirError(str(e)) from None
    overlay = os.path.join(guard_dir, OVERLAY_FILE)
    if not os.path.lexists(overlay):
        write_private(overlay, json.dumps({"deny_paths": [], "deny_cmds": [], "deny_hosts": [], "deny_tools": []}, indent=2) + "\n")
    for role in roles or BUILTIN_ROLES:
        name = os.path.splitext(os.path.basename(role))[0]
        write_private(token_file(guard_dir, name),
                      mint_role_token(guard_dir, project, role, ttl_seconds, now=now, toolchains=toolchains,
                                      spawns=True if name in spawning else None) + "\n")
    try:
        had_trail = record_lost or bool(setuprecord.read(guard_dir).get("audit"))
    except setuprecord.SetupRecordError:
        had_trail = True  # a corrupt record: assume the worst, a deleted trail is then reported
    audit.start(os.path.join(guard_dir, AUDIT_FILE), started=had_trail)
    extra = {"scope": "user" if user_wide else "project"}
    if toolchains:
        extra["toolchains"] = toolchains
    # (red team #40) the deny overlay as it is now is accepted: the generation the trail remembers
    extra["overlay_gen"] = overlay_generation(guard_dir)
    setuprecord.update(guard_dir, project=None if user_wide else os.path.realpath(project), issuer=ISSUER,
                       audience=AUDIENCE, kid=KID, audit=True, **{CATALOGUE_KEY: catalogue_hashes()}, **extra)
    _accept_overlay_entries(guard_dir, extra["overlay_gen"])
    return guard_dir


def _accept_overlay_entries(guard_dir, generation):
    """init accepts the deny overlay's entries as the setup record lists them: when the trail remembers
    other ones (both files edited by hand, which the hook refuses), a note records the digest of these."""
    from legant_guard import setuprecord
    from legant_guard.hook import audit

    trail = os.path.join(guard_dir, AUDIT_FILE)
    seen = audit.overlay_digest_seen(trail)
    digest = setuprecord.overlay_digest(setuprecord.overlay_entries(setuprecord.read(guard_dir)))
    if (seen and seen != digest) or audit.overlay_generation(trail) < generation:
        audit.note_overlay_change(trail, generation, "guard init accepted the deny overlay entries as the setup record "
                                  "lists them", highest_feed_version(guard_dir), digest)


def overlay_generation(guard_dir):
    """The higher of the deny overlay's generation in the setup record and in the audit trail."""
    from legant_guard import setuprecord
    from legant_guard.hook import audit

    try:
        recorded = setuprecord.read(guard_dir).get("overlay_gen")
    except setuprecord.SetupRecordError:
        recorded = 0
    recorded = recorded if isinstance(recorded, int) and not isinstance(recorded, bool) else 0
    return max(recorded, audit.overlay_generation(os.path.join(guard_dir, AUDIT_FILE)))


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
    if value != value or value in (float("inf"), float("-inf")):
        # (red team #40) `inf`, `1e400` and `nan` parse as floats: int() of them ended `mint`, `init`,
        # `renew`, `install --ttl` and `logs --since` in a traceback
        raise ValueError(f"`{text}` is not a duration: use e.g. 30m, 8h, 2d")
    if value <= 0:
        raise ValueError(f"`{text}` is not a positive duration")
    return int(value)
