"""`legant guard check`: the pre-tool hook. One event on stdin, one verdict out.

Allow = exit 0 and no output (the agent's own permission system still applies).
Deny = the portable deny: JSON deny object as the only stdout, `Legant: <reason>` on
stderr, exit 2. The hook never crashes and never hangs: any internal error is a deny.
With no token configured the guard is off and allows.
"""

import os
import sys
import time

MAX_EVENT_BYTES = 8 * 1024 * 1024
USAGE = """usage: legant guard check [--agent claude-code|codex|opencode]

The pre-tool hook: reads one tool-call event (JSON) on stdin and allows it (exit 0, no
output) or denies it (exit 2, reason on stderr, JSON deny on stdout), from the delegation
token in LEGANT_GUARD_TOKEN / LEGANT_GUARD_TOKEN_FILE. `legant guard install` wires it up.

Example:
  echo '{"tool_name":"Bash","tool_input":{"command":"ls"},"cwd":"'$PWD'"}' \\
    | LEGANT_GUARD_TOKEN_FILE=~/.config/legant/guard/P/builder.jwt legant guard check
"""


def run_check(args, stdin=None, stdout=None, stderr=None, env=None, cwd=None):
    """Decide one event. Every input is a parameter so tests and the demo can run it in-process:
    `env` stands for os.environ, `cwd` for the hook process's working directory (the agent
    starts the hook in the project, and hook configs above it are protected)."""
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    env = os.environ if env is None else env
    agent = None
    try:
        agent = _parse_args(args)
    except _Usage as e:
        stdout.write(USAGE)
        return e.code
    except ValueError as e:
        if "LEGANT_GUARD_TOKEN" not in env and "LEGANT_GUARD_TOKEN_FILE" not in env:
            stderr.write(f"legant guard check: {e}\n")
            return 0
        return _emit(_deny_output(str(e)), stdout, stderr)
    from legant_guard.hook import budget as _budget

    _budget.mark()  # the deadline covers reading and parsing the event too
    try:
        raw = stdin.read(MAX_EVENT_BYTES + 1)
    except Exception:
        raw = None
    from legant_guard.hook.config import guard_is_on

    if not guard_is_on(env):
        return 0
    try:
        code, out, err = _check(raw, agent, env, cwd)
    except BaseException as e:  # the hook never crashes: an internal error is a deny
        code, out, err = _deny_output(f"internal error in the guard ({type(e).__name__}: {e}); the call is denied to be safe")
    return _emit((code, out, err), stdout, stderr)


class _Usage(Exception):
    def __init__(self, code):
        self.code = code


def _parse_args(args):
    agent = None
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-h", "--help"):
            raise _Usage(0)
        if a == "--agent" and i + 1 < len(args):
            agent = args[i + 1]
            i += 2
            continue
        if a.startswith("--agent="):
            agent = a.split("=", 1)[1]
            i += 1
            continue
        raise ValueError(f"unknown argument `{a}` (see `legant guard check --help`)")
    from legant_guard import agents

    if agent == "claude":
        agent = "claude-code"
    if agent is not None and agent not in agents.NAMES:
        raise ValueError(f"unknown agent `{agent}`: use {', '.join(agents.NAMES[:-1])} or {agents.NAMES[-1]}")
    return agent


def _emit(result, stdout, stderr):
    """Write the answer; the exit code is the verdict whatever happens to the streams. A closed
    or broken stdout (or stderr) must not turn a deny (2) into a crash's exit code, which the
    agents read as "the hook failed, go on" and run the call."""
    code, out, err = result
    for stream, text in ((stdout, out), (stderr, err)):
        if text:
            try:
                stream.write(text)
                stream.flush()
            except (OSError, ValueError):
                pass
    return code


def _deny_output(reason):
    from legant_guard.agents.common import render_deny

    return render_deny(reason)


def _check(raw, agent_name, env, process_cwd=None):
    from legant_guard.hook.model import deny

    ev = evaluate(raw, agent_name, env, process_cwd)
    config, call, action, decision, claims, now = ev.config, ev.call, ev.action, ev.decision, ev.claims, ev.now
    if config.audit_path:
        try:
            problem = config.special_file_problem(audit_only=True)  # a FIFO would block the append
            if problem:
                raise OSError(problem)
            started = config.own_audit() and bool(ev.record.get("audit") or _setup_marked(claims))
            _audit(config, call, action, decision, claims, ev.agent_name, now, ev.feed_ver, started,
                   config.own_audit() and ev.record)  # (the record: its overlay is checked against the trail's)
        except Exception as e:
            why = getattr(e, "strerror", None) or e
            if getattr(e, "refusal", False):  # audit.SetupRolledBack: recorded as refused, and it says why
                decision = deny(str(e), e.rule)
            elif decision.allow:
                decision = deny(f"cannot write the audit trail {config.audit_path} ({why}); fix it or unset LEGANT_GUARD_AUDIT", "audit")
            elif str(why) in decision.reason:  # denied because of this very trail: say it once
                decision = deny(f"{decision.reason} (this denial is not recorded either)", decision.rule)
            else:  # still denied; the reason (stderr) says it is missing from the trail
                decision = deny(f"{decision.reason} (this denial could not be recorded in the audit trail "
                                f"{config.audit_path}: {why})", decision.rule)
    if config.live_url:
        _live(config, call, action, decision, claims)
    return ev.adapter.render(decision)


class Evaluation:
    """Everything one decision was made from (what `guard explain` shows), without the side
    effects of `guard check` (audit, live report)."""

    __slots__ = ("config", "call", "action", "decision", "claims", "now", "agent_name", "adapter", "project",
                 "feed_ver", "record")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)


def evaluate(raw, agent_name, env, process_cwd=None, authority=None, now=None):
    """Decide one raw event exactly as the hook does: the same parsing, authority, overlay,
    self-protection and engine. `authority`: claims to judge by instead of verifying the
    configured token (explain of a role that has no installed token)."""
    from legant_guard import agents, fastjson
    from legant_guard.agents.common import EventError
    from legant_guard.hook import budget, engine, paths, trustbase
    from legant_guard.hook.config import Config, ConfigError, guard_file_paths, protected_paths
    from legant_guard.hook.model import OTHER, Action, deny

    now = time.time() if now is None else now
    home = env.get("HOME") or os.path.expanduser("~")
    config = Config(env)
    state_error = None
    event = None
    if raw is None:
        state_error = "could not read the hook event from stdin"
    elif len(raw) > MAX_EVENT_BYTES:
        state_error = f"the hook event is larger than {MAX_EVENT_BYTES // (1024 * 1024)} MiB"
    else:
        try:
            event = fastjson.loads(raw)
        except ValueError:
            state_error = "the hook event is not valid JSON"
        else:
            if event is None:  # JSON `null` must not read as "no event to parse"
                state_error = "the hook event is not a JSON object"
            elif ("\\ud" in raw or "\\uD" in raw) if isinstance(raw, str) else (b"\\ud" in raw or b"\\uD" in raw):
                state_error = _lone_surrogate(event)
    agent_name = agent_name or agents.detect(event)
    adapter = agents.adapter(agent_name)

    call = None
    if event is not None:
        try:
            call = adapter.parse(event, config.project, process_cwd)
        except EventError as e:
            state_error = str(e)
    project = config.project or (call.cwd if call else (process_cwd or os.getcwd()))
    if call is not None:
        call.project = project
        if call.agent_id or call.agent_type:
            try:
                config.use_subagent_token(call.agent_type)
            except ConfigError as e:
                state_error = state_error or str(e)

    claims, lineage, revoked, feed_ver = {}, (), frozenset(), None
    overlay = None
    record = {}
    memo = _verified_memo(config)
    if state_error is None and authority is not None:
        claims = authority
    elif state_error is None:
        try:
            claims, lineage, revoked, feed_ver, record = _establish_authority(config, now, memo)
        except (ConfigError, _AuthorityError) as e:
            state_error = str(e)
            if isinstance(e, _SetupRecordMissing):
                record = {"audit": True}  # what the lost record said: this setup began its trail
    if state_error is None and call is not None and not config.project:
        from legant_guard.hook import project as projects

        if projects.is_relative(claims):  # a user-wide token: anchored at the project of this call
            found, problem = projects.find_project(env, call.cwd, process_cwd, home, call.agent)
            if problem:
                state_error = problem
            else:
                project = call.project = found
    if state_error is None:
        state_error = trustbase.catalogue_problem(config.guard_dir, project, record=record, memo=memo) or \
            trustbase.import_path_problem(project, home, process_cwd)
    if state_error is None:
        from legant_guard.overlay import OverlayError, load_overlay, lost_entries

        try:
            overlay = load_overlay(config.overlay_path) if config.overlay_path else None
            if overlay is not None and config.own_overlay():
                lost_entries(config.overlay_path, record, overlay)
        except OverlayError as e:
            state_error = str(e)

    # The deadline (DESIGN invariant 7): from here on, the loops the event controls tick.
    budget.start()
    paths.begin_call()
    action = None
    try:
        if call is not None:
            try:
                action = adapter.classify(call)
            except EventError as e:
                action = Action(OTHER, call.tool, cwd=call.cwd, project=project, error=str(e))
            except (ValueError, UnicodeError) as e:
                action = Action(OTHER, call.tool, cwd=call.cwd, project=project, error=_unusable_name(e))
        else:
            action = Action(OTHER, "?", cwd=project, project=project)

        trust = trustbase.TrustBase(home, env, project, memo=_derivation_memo(config))
        protected = engine.Protected(protected_paths(config, project, home, env, process_cwd), home,
                                     guard_file_paths(config), trust, literal=True)  # (paths, never patterns)

        def judge(call, action, state_error=None):
            decision = engine.decide(claims, action, overlay, protected, now, home,
                                     revoked=revoked, lineage=lineage, state_error=state_error)
            if decision.allow and call is not None:
                decision = trust.check_call(call, action) or decision
            if decision.allow and call is not None and action.verb not in ("fs.read", "shell.exec") and \
                    _names_program_config(action, home) and _may_write(call, action):
                decision = _program_config_write(call, action, claims, overlay, protected, now, home, revoked,
                                                 lineage) or decision
            return decision

        decision = judge(call, action, state_error)
        if decision.allow and getattr(action, "inner_calls", None):  # a batch of calls (agents/batchcalls.py)
            from legant_guard.agents.batchcalls import judge as judge_batch

            decision = judge_batch(action, adapter, judge) or decision
        if decision.allow:
            budget.tick()  # an allow reached past the deadline is a deny (DESIGN invariant 7)
    except budget.BudgetExceeded as e:
        if action is None:
            action = Action(OTHER, call.tool if call else "?", cwd=project, project=project)
        decision = deny(str(e), "deadline")
    except (ValueError, UnicodeError) as e:  # a NUL or a lone surrogate in a path: a clear reason
        if action is None:
            action = Action(OTHER, call.tool if call else "?", cwd=project, project=project)
        if isinstance(e, paths.UnresolvablePath):  # (raised by a check that does not catch it itself)
            decision = deny(f"{e}; the call is denied because where it leads cannot be known", "unresolvable-path")
        else:
            decision = deny(state_error or _unusable_name(e), "input")
    finally:
        budget.stop()
        paths.end_call()
    return Evaluation(config=config, call=call, action=action, decision=decision, claims=claims, now=now,
                      agent_name=agent_name, adapter=adapter, project=project, feed_ver=feed_ver, record=record)


def _names_program_config(action, home):
    """Does the call write a program configuration's name (trustbase.PROGRAM_CONFIG_NAMES), as spelt
    or where a link on its way leads (`foo.txt -> .cargo/config.toml`)?"""
    from legant_guard.hook.paths import path_variants
    from legant_guard.hook.trustbase import PROGRAM_CONFIG_NAMES

    return any(os.path.basename(v) in PROGRAM_CONFIG_NAMES for p in action.paths
               for v in path_variants(p, action.cwd, home))


def _may_write(call, action):
    """A file tool that writes, or an MCP or unknown tool whose name does not say it only reads
    (`write_file {path: .cargo/config.toml, content}` writes it as the Write tool does)."""
    if action.verb == "fs.write":
        return True
    from legant_guard.hook.toolargs import reads_only

    return not reads_only(call.tool)


def _program_config_write(call, action, claims, overlay, protected, now, home, revoked, lineage):
    """`Write .cargo/config.toml` naming `runner = "curl"`: the programs a configuration names
    are judged as the commands they are, run from its folder (hook/configwrites.py)."""
    from legant_guard.hook import configwrites, engine
    from legant_guard.hook.model import Action

    def judge(command, folder):
        shell = Action("shell.exec", "Bash", command=command, cwd=folder, project=action.project)
        return engine.decide(claims, shell, overlay, protected, now, home, revoked=revoked, lineage=lineage)

    return configwrites.check(call, action, judge, home)


def _lone_surrogate(event):
    """The reason to refuse an event holding a lone UTF-16 surrogate (`"\\udc80"`), or None.

    The agents' runtimes never read one into a file name: Node and Bun write it as U+FFFD when
    they open the file or hand the command to bash, while Python would take `\\udc80` for the
    byte 0x80. The guard would judge `x\\x80` and the agent read `x\\ufffd` (a link to a secret
    made earlier), so no decision about such a string can be trusted."""
    pending = [event]
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            try:
                node.encode("utf-8")  # (in C: fails exactly on a lone surrogate)
            except UnicodeEncodeError as e:
                ch = node[e.start]
                return (f"the tool call holds a lone UTF-16 surrogate (U+{ord(ch):04X}), which the agent would "
                        "turn into another character (U+FFFD) than the guard reads, so what it reaches cannot be "
                        "known; the call is denied")
        elif isinstance(node, dict):
            pending.extend(node.keys())
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return None


def _unusable_name(error):
    """The reason for a path no file system can hold (a NUL byte, a lone UTF-16 surrogate),
    which Python reports as ValueError / UnicodeEncodeError deep in path handling."""
    if isinstance(error, UnicodeError):
        bad = getattr(error, "object", "")[getattr(error, "start", 0):getattr(error, "end", 0)]
        code = f" U+{ord(bad[0]):04X}" if isinstance(bad, str) and bad else ""
        return (f"a path in the tool call contains an invalid character (a lone surrogate{code}) that no file "
                "name can hold; the call is denied")
    if "null" in str(error) or "NUL" in str(error):
        return "a path in the tool call contains a NUL byte, which no file name can hold; the call is denied"
    raise error


class _AuthorityError(Exception):
    pass


class _SetupRecordMissing(_AuthorityError):
    """The setup record was deleted (see _refuse_missing_setup_record)."""


class Authority(tuple):
    """What the token and the feed establish: the verified `claims`, the `lineage` of jtis, the
    `revoked` jtis, the accepted `feed_version` (None without a local feed) and the setup
    `record`. A tuple (free to make on the hot path), so it unpacks in that order."""

    __slots__ = ()

    def __new__(cls, claims, lineage, revoked, feed_version, record):
        return tuple.__new__(cls, (claims, lineage, revoked, feed_version, record))

    claims = property(lambda self: self[0])
    lineage = property(lambda self: self[1])
    revoked = property(lambda self: self[2])
    feed_version = property(lambda self: self[3])
    record = property(lambda self: self[4])


def _derivation_memo(config):
    """Where the trust base's derivation is kept across calls (hook/derivationmemo.py), if there is a guard dir."""
    from legant_guard.hook.config import DERIVATION_MEMO_FILE

    return os.path.join(config.guard_dir, DERIVATION_MEMO_FILE) if config.guard_dir else None


def _verified_memo(config):
    """The guard dir's memo of what was verified once (safefile.DigestMemo), if there is a guard dir."""
    if not config.guard_dir:
        return None
    from legant_guard.hook.config import VERIFIED_MEMO_FILE
    from legant_guard.safefile import DigestMemo

    return DigestMemo(os.path.join(config.guard_dir, VERIFIED_MEMO_FILE))


def _establish_authority(config, now, memo=None):
    """Verify the token and the revocation feed: their Authority."""
    from legant_guard.delegation.claims import lineage, verify_token
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.jwks import load_jwks
    from legant_guard.setuprecord import SetupRecordError

    problem = config.guard_dir_problem()
    if problem:
        raise _AuthorityError(problem)
    token = config.read_token()
    problem = config.special_file_problem()
    if problem:
        raise _AuthorityError(problem)
    try:
        record = config.setup_record()
    except SetupRecordError as e:
        raise _AuthorityError(str(e))
    _refuse_missing_setup_record(config, record)
    if config.jwks_url or config.feed_url:
        claims, chain, revoked, feed_ver = _establish_issuer_authority(config, token, now, record, memo)
        _check_child_of_installed(config, claims)
        return Authority(claims, chain, revoked, feed_version=feed_ver, record=record)
    if not config.jwks_path:
        raise _AuthorityError("no JWKS configured: set LEGANT_GUARD_JWKS to the issuer's key set")
    try:
        keys = load_jwks(config.jwks_path)
        claims = verify_token(token, keys, config.issuer, config.audience, now, memo)
    except DelegationError as e:
        hint = ""
        if "expired" in str(e):
            hint = ("; a fresh token: run `legant guard renew` (local setup) or "
                    "`legant guard mint --role ROLE --out FILE`")
        raise _AuthorityError(f"invalid delegation token: {e}{hint}")
    _check_child_of_installed(config, claims)
    revoked, feed_ver = frozenset(), None
    if config.feed_path is not None:
        from legant_guard.delegation import feed as feedlib

        if not config.feed_path:
            raise _AuthorityError("LEGANT_GUARD_FEED is set but empty; point it at the signed revocation feed")
        try:
            feed = feedlib.accept_feed(config.feed_path, keys, config.issuer, now, config.feed_state_path,
                                       _rollback_evidence(config, record), memo, config.guard_dir)
        except DelegationError as e:
            raise _AuthorityError(f"revocation feed unusable, every call is denied: {e}")
        revoked, feed_ver = feed.jtis, feed.ver
    _refuse_missing_setup_record(config, record, claims)  # after the feed: a rollback says so first
    return Authority(claims, lineage(claims), revoked, feed_version=feed_ver, record=record)


def _refuse_missing_setup_record(config, record, claims=None):
    """The setup record keeps the evidence that outlives other files' deletion (overlay entries,
    feed version, a trail begun): deleting it with them must not look like a setup that never had
    one. Two things say it existed: the audit head (which remembers it) and the verified token's
    SETUP_CLAIM (`guard init` minted it into a guard dir with a record; the mark is signed, so
    deleting every other file of the guard dir does not remove it). A record left without what
    init writes (`{}`) counts as missing."""
    if record.get("audit") is True:
        return
    from legant_guard.delegation.claims import SETUP_CLAIM

    marked = bool(claims) and claims.get(SETUP_CLAIM) is True
    if marked and _record_beside_token(config):
        return  # (LEGANT_GUARD_JWKS names another folder: the token's own guard dir has its record)
    if not marked:
        if record or not config.own_audit():
            return
        from legant_guard.hook.audit import head_knew_setup

        if not head_knew_setup(config.audit_path):
            return
    raise _SetupRecordMissing(
        f"the setup record {config.guard_dir}/setup.json is missing though this setup had one (deleted?); "
        "the overlay's and the feed's evidence went with it. Write it again with `legant guard init "
        f"--dir {config.guard_dir}` (it keeps the key and the overlay), then check `legant guard rules`")


def _record_beside_token(config):
    """Does the folder of the installed token (where `guard init` wrote it) hold a setup record,
    when that folder is not the guard dir the JWKS names?"""
    if not config.installed_token_file:
        return False
    folder = os.path.dirname(os.path.abspath(config.installed_token_file))
    if folder == config.guard_dir:
        return False
    from legant_guard import setuprecord

    try:
        return setuprecord.read(folder).get("audit") is True
    except setuprecord.SetupRecordError:
        return False


def _check_child_of_installed(config, claims):
    """A sub-agent's token must descend from the token installed for the main agent: its
    ancestors' ids (`anc`) name that token's id. Revoking the installed token then revokes the
    sub-agent too, and a child left over from an earlier parent (a renew that could not
    re-mint it, a re-install) is refused instead of outliving the parent's revocation."""
    if not config.subagent:
        return
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.jws import decode_unverified

    try:
        parent_jti = decode_unverified(config.installed_token())[1].get("jti")
    except DelegationError as e:
        raise _AuthorityError(f"the installed token {config.installed_token_file} is unusable ({e}), so no "
                              "sub-agent token can be checked against it")
    ancestors = claims.get("anc")
    if not (isinstance(parent_jti, str) and parent_jti and isinstance(ancestors, list) and parent_jti in ancestors):
        raise _AuthorityError(
            f"the sub-agent token {config.token_file} is not a child of the installed token "
            f"{config.installed_token_file}: revoking that token would not stop it. Mint the sub-agent tokens "
            "again: `legant guard install --subagents ROLE` (or `legant guard renew`)")


def _rollback_evidence(config, record):
    """Feed versions recorded where deleting them is noticed: the setup record, the audit head."""
    from legant_guard.setuprecord import feed_version

    evidence = []
    if record.get("issuer", config.issuer) == config.issuer and feed_version(record):
        evidence.append((f"the setup record in {config.guard_dir}", feed_version(record)))
    if config.audit_path:
        from legant_guard.hook.audit import head_feed_version

        from_head = head_feed_version(config.audit_path)
        evidence.append((f"the audit head {config.audit_path}.head", from_head))
        # the trail's last record remembers too: when the head is gone, and when it was edited (red team #30)
        from legant_guard.hook.audit import trail_feed_version

        evidence.append((f"the audit trail {config.audit_path}", trail_feed_version(config.audit_path)))
    return evidence


def _establish_issuer_authority(config, token, now, record=None, memo=None):
    """Org mode: the JWKS and/or feed come from the issuer's URLs through a verified cache."""
    from legant_guard.delegation.claims import lineage, verify_token
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.hook.issuer import IssuerMaterial

    try:
        material = IssuerMaterial(config.env, config.jwks_url, config.feed_url, config.issuer, now,
                                  jwks_path=config.jwks_path)
        keys = material.keys_for(token)
    except DelegationError as e:
        raise _AuthorityError(f"cannot establish the issuer's keys, every call is denied: {e}")
    try:
        claims = verify_token(token, keys, config.issuer, config.audience, now, memo)
    except DelegationError as e:
        from legant_guard.hook.issuer import fresh_token_hint

        hint = "; " + fresh_token_hint(config.jwks_url or config.feed_url) if "expired" in str(e) else ""
        raise _AuthorityError(f"invalid delegation token: {e}{hint}")
    revoked, feed_ver = frozenset(), None
    if config.feed_url:
        try:
            feed = material.feed(memo)
            _org_feed_high_water(config, record or {}, feed.ver)
            revoked, feed_ver = feed.jtis, feed.ver
        except DelegationError as e:
            raise _AuthorityError(f"revocation feed unusable, every call is denied: {e}")
    elif config.feed_path is not None:
        raise _AuthorityError("LEGANT_GUARD_JWKS is the issuer's URL, so LEGANT_GUARD_FEED must be its feed URL "
                              "(…/.well-known/revoked) too, or unset")
    return claims, lineage(claims), revoked, feed_ver


def _org_feed_high_water(config, record, ver):
    """Org mode: the issuer cache is not the only place the feed's highest version lives. The
    guard dir's feed-state.json and its setup record keep it too (per issuer), so deleting the
    cache no longer lets an older feed in; the setup record's own deletion is noticed by the audit
    head. Any of them newer than `ver` is a rollback (DelegationError); a newer `ver` is recorded
    (a write only when the version went up)."""
    if not config.guard_dir:
        return
    from legant_guard import setuprecord
    from legant_guard.delegation import feed as feedlib
    from legant_guard.delegation.errors import DelegationError

    state = config.feed_state_path
    from_record = setuprecord.issuer_feed_version(record, config.issuer)
    evidence = [(f"the setup record in {config.guard_dir}", from_record)] if from_record is not None else []
    if config.own_audit():  # (red team #45: the cache, the feed state and the setup record put back together)
        evidence += _rollback_evidence(config, {})
    seen = feedlib.check_rollback(state, config.issuer, ver, evidence,
                                  hint="the issuer has to serve a feed at least that new; ask its administrator")
    if seen is None or ver > seen:
        feedlib.record_version(state, config.issuer, ver)
    if record and ver > (from_record or 0):
        try:
            setuprecord.update(config.guard_dir, issuer_feed=(config.issuer, ver))
        except (OSError, setuprecord.SetupRecordError) as e:
            raise DelegationError(f"cannot record the feed version in the setup record: {e}") from None


def _setup_marked(claims):
    """The token says its guard dir had a setup record, so its own trail was begun (a trail deleted
    together with its head and the setup record is then still a break, not a first use)."""
    from legant_guard.delegation.claims import SETUP_CLAIM

    return bool(claims) and claims.get(SETUP_CLAIM) is True


def _provenance(claims):
    if not claims:
        return ""
    from legant_guard.delegation.claims import provenance

    try:
        return provenance(claims)
    except Exception:
        return ""


def _audit(config, call, action, decision, claims, agent_name, now, feed_ver=None, started=False, setup=False):
    from legant_guard.hook import audit

    record = {
        "ts": audit.utc_now_rfc3339(now),
        "session": call.session if call else "",
        "tool": call.tool if call else "",
        "verb": action.verb,
        "target": action.target,
        "decision": "allow" if decision.allow else "deny",
        "reason": decision.reason,
        "rule": decision.rule,
        "jti": claims.get("jti", "") if claims else "",
        "provenance": _provenance(claims),
        "issuer": claims.get("iss", "") if claims else "",
        "tool_use_id": call.tool_use_id if call else "",
        "agent": (call.agent_type or call.agent_id) if call else "",
        "client": agent_name,
        "cwd": call.cwd if call else "",
    }
    # (a feed the issuer serves cannot be republished here: a break does not ask for a newer one)
    audit.append(config.audit_path, record, feed_ver=feed_ver, started=started, setup=setup, local_feed=not config.feed_url)


def _live(config, call, action, decision, claims):
    try:
        from legant_guard.hook import live
        from legant_guard.delegation.claims import leaf_actor

        live.post(config.live_url, config.live_token, {
            "decision": "ALLOW" if decision.allow else "DENY",
            "subject": claims.get("sub", "") if claims else "",
            "actor": leaf_actor(claims) if claims else "",
            "provenance": _provenance(claims),
            "tool": call.tool if call else "",
            "reason": decision.reason,
            "source": config.source,
        })
    except Exception:
        pass  # connected mode is best effort and never changes the verdict
