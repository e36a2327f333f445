"""Append-only, hash-chained audit trail of every decision (audit.jsonl): one JSON object per line.

Why a chain: each record carries `seq` (1, 2, 3, ...), `prev` (the previous record's hash) and
`hash` = sha256 of the record's canonical JSON without `hash`. Editing, deleting, inserting or
reordering a line breaks the chain at that line, and `verify` names it. A small head file
(`<audit>.head`: the last seq and hash) also makes cutting records off the END detectable.

Why a lock: agents run tools in parallel, so several hook processes append at once. Each append
takes an exclusive fcntl lock on the trail, reads only its tail to find the previous record, and
writes its line with one write() on an O_APPEND descriptor, so lines never interleave, none is
lost, and the chain never forks.

Why redaction: the target of a shell call can hold credentials (`mysql -pS3cret`, `curl -H
"Authorization: ..."`, `AWS_SECRET_ACCESS_KEY=...`); they must never land in a log file.

Stdlib only, on the hot path. `append` raises OSError/AuditError when the record cannot be
written; the hook then denies (fail closed) rather than act unaudited.
"""

import fcntl
import os
import time

from legant_guard import fastjson

GENESIS = "0" * 64
REDACTED = "[REDACTED]"
_TAIL_CHUNK = 65536
_LOCK_WAIT_SECONDS = 3.0


class AuditError(Exception):
    """The trail cannot be appended to (lock timeout); the hook denies."""


def utc_now_rfc3339(now=None):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if now is None else now))


def canonical(record):
    """The bytes a record's hash covers: sorted keys, no spaces, without `hash` itself."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return fastjson.dumps(body, separators=(",", ":"), sort_keys=True).encode()


def record_hash(record):
    return fastjson.sha256(canonical(record)).hexdigest()


# --- redaction -----------------------------------------------------------------------------

# A KEY=value / --flag value / "key": "value" whose name says its value is a credential.
_SECRET_WORDS = r"pass(?:wd|word|phrase)?|secret|token|api[_\-]?key|access[_\-]?key|private[_\-]?key|credential|auth[_\-]?key|session[_\-]?id|cookie|signature|[_\-]key\b|^key$"
# The MySQL family takes the password glued to -p (`mysql -pS3cret`).
_MYSQL_LIKE = r"(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlsh|mariadb|mariadb-dump)"
_NAME = r"[A-Za-z0-9_.\-]"
_MAX_FIELD = 4096  # characters kept of a target or reason
_MAX_SCANNED = 8192  # characters looked at (bounds the hook's time on a huge heredoc)


_VALUE = r"(?P<value>\"[^\"]*\"|'[^']*'|[^\s;&|'\"]+)"
# (triggers, pattern, flags, replacement). A pattern is compiled and run only when one of its
# triggers occurs in the lower-cased text: compiling all of them costs ~20 ms, and most targets
# (`git status`, a file path, a URL) trigger none. A trigger is a tuple of literals that must
# ALL occur; the triggers of a pattern together are a necessary condition of a match (they
# say which literals every match contains), never a heuristic.
# Replacement "named" keeps the match unless its `name` group says "credential".
_SECRET_WORDS_LITERALS = ("pass", "secret", "token", "key", "credential", "auth", "session", "cookie", "signature")


def _each(*literals):
    return tuple((literal,) for literal in literals)


def _secret_name_with(*separators):
    return tuple((word,) + separators for word in _SECRET_WORDS_LITERALS)


_PATTERN_TABLE = (
    # PEM private key blocks (possibly cut off at the end of the target).
    (_each("-----begin"), r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)", "S", REDACTED),
    # Authorization / Proxy-Authorization / X-Api-Key / Cookie headers: the whole value.
    (_each("authorization", "x-", "cookie"),
     r"(?<![a-z\-])((?:proxy-)?authorization|x-[a-z\-]*(?:key|token|secret)|cookie)(\s*[:=]\s*)(\"[^\"]*\"|'[^']*'|[^\r\n'\"]+)",
     "I", r"\1\2" + REDACTED),
    # Bearer / Basic credentials wherever they appear.
    (_each("bearer"), r"\b((?i:bearer))(\s+)[A-Za-z0-9._~+/=\-]{8,}", "", r"\1\2" + REDACTED),
    (_each("basic"), r"\b(Basic)(\s+)[A-Za-z0-9+/]{12,}={0,2}", "", r"\1\2" + REDACTED),
    # user:password@host in URLs.
    ((("://", "@"),), r"(?<![a-z0-9+.\-])([a-z][a-z0-9+.\-]*://[^\s:/@]+:)[^\s@/]+@", "I", r"\1" + REDACTED + "@"),
    # "password": "value", KEY=value, --password=value, --token value.
    (_secret_name_with('"', ":"), r"\"(?P<name>" + _NAME + r"+)\"\s*:\s*(?P<value>\"(?:[^\"\\]|\\.)*\")", "", "named"),
    (_secret_name_with("="), r"(?<!" + _NAME + r")(?P<name>" + _NAME + r"+)\s*=\s*" + _VALUE, "", "named"),
    (_secret_name_with("-"),
     r"(?:^|(?<=\s))(?P<name>--?" + _NAME + r"+)\s+(?P<value>\"[^\"]*\"|'[^']*'|[^\s\-;&|][^\s;&|]*)", "", "named"),
    # Well-known token formats.
    (_each("akia", "asia", "agpa", "aida", "aroa", "anpa"), r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b", "", REDACTED),
    (_each("gh", "github_pat_", "glpat-"), r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_\-]{20,})",
     "", REDACTED),
    (_each("xox"), r"\bxox[abprs]-[A-Za-z0-9\-]{10,}", "", REDACTED),
    (_each("sk_", "sk-", "rk_", "rk-", "pk_", "pk-"), r"\b(?:sk|rk|pk)[-_](?:live|test|ant|proj)?[-_]?[A-Za-z0-9_\-]{20,}", "", REDACTED),
    (_each("aiza"), r"\bAIza[0-9A-Za-z_\-]{30,}", "", REDACTED),
    (_each("npm_"), r"\bnpm_[A-Za-z0-9]{30,}", "", REDACTED),
    (_each("eyj"), r"\beyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}", "", REDACTED),
    # -pPASSWORD: always for the MySQL family, elsewhere when it looks like a password
    # rather than bundled short flags (`cp -pr`, `mkdir -p`, `ssh -p2222` stay readable).
    (_each("mysql", "mariadb"), r"(\b" + _MYSQL_LIKE + r"\b[^;&|\n]{0,300}?\s-p)(\S+)", "", r"\1" + REDACTED),
    (_each("-p"), r"(\s-p)(?=\S*(?:[A-Z]|[^A-Za-z0-9\s]))(?=\S*[a-z0-9])(\S{6,})", "", r"\1" + REDACTED),
)
_COMPILED = {}


def _compiled(index):
    """The compiled pattern and replacement of table entry `index`, compiled on first use."""
    entry = _COMPILED.get(index)
    if entry is None:
        import re

        _, source, flags, repl = _PATTERN_TABLE[index]
        flag_bits = (re.S if "S" in flags else 0) | (re.I if "I" in flags else 0)
        if repl == "named":
            secret_name = re.compile(_SECRET_WORDS, re.IGNORECASE)

            def repl(m, secret_name=secret_name):
                if not secret_name.search(m.group("name")):
                    return m.group(0)
                start, end = m.start("value") - m.start(0), m.end("value") - m.start(0)
                return m.group(0)[:start] + REDACTED + m.group(0)[end:]

        entry = _COMPILED[index] = (re.compile(source, flag_bits), repl)
    return entry


def redact(text):
    """`text` with anything that looks like a credential replaced by [REDACTED], capped in length."""
    if not text or not isinstance(text, str):
        return text
    full_length = len(text)
    text = text[:_MAX_SCANNED]
    lowered = text.lower()
    for index, (triggers, _, _, _) in enumerate(_PATTERN_TABLE):
        if any(all(literal in lowered for literal in trigger) for trigger in triggers):
            pattern, repl = _compiled(index)
            text = pattern.sub(repl, text)
            lowered = text.lower()
    if len(text) > _MAX_FIELD or full_length > _MAX_SCANNED:
        text = text[:_MAX_FIELD] + f"...[cut; {full_length} characters in all]"
    return text


# --- append --------------------------------------------------------------------------------


def _lock(fd):
    deadline = time.monotonic() + _LOCK_WAIT_SECONDS
    delay = 0.0005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise AuditError("the audit trail is locked by another process for too long")
            time.sleep(delay)
            delay = min(delay * 2, 0.01)


def _last_line(fd, size):
    """The last line of the file (bytes, without newline) and whether the file ends with one."""
    if size == 0:
        return b"", True
    start = max(0, size - _TAIL_CHUNK)
    while True:
        chunk = os.pread(fd, size - start, start)
        ends_with_newline = chunk.endswith(b"\n")
        body = chunk[:-1] if ends_with_newline else chunk
        cut = body.rfind(b"\n")
        if cut >= 0 or start == 0:
            return body[cut + 1 :], ends_with_newline
        start = max(0, start - _TAIL_CHUNK * 4)


def _previous(fd, size):
    """(seq, hash) of the last record; a damaged last line still chains (verify reports it)."""
    line, ends_with_newline = _last_line(fd, size)
    if not line:
        return 0, GENESIS, ends_with_newline
    try:
        last = fastjson.loads(line)
        seq, digest = last["seq"], last["hash"]
        if isinstance(seq, int) and isinstance(digest, str):
            return seq, digest, ends_with_newline
    except (ValueError, KeyError, TypeError):
        pass
    return -1, fastjson.sha256(line).hexdigest(), ends_with_newline


def append(path, record):
    """Append one record, chained to the previous one, under an exclusive lock.

    Adds `seq`, `prev` and `hash`, redacts credentials in `target` and `reason`, and never
    mutates the caller's dict. Raises OSError or AuditError when it cannot write.
    """
    rec = dict(record)
    for field in ("target", "reason"):
        if field in rec:
            rec[field] = redact(rec[field])
    rec.pop("hash", None)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        _lock(fd)
        size = os.fstat(fd).st_size
        seq, prev, ends_with_newline = _previous(fd, size)
        rec["seq"] = seq + 1 if seq >= 0 else 0
        rec["prev"] = prev
        rec["hash"] = record_hash(rec)
        line = fastjson.dumps(rec, separators=(",", ":"), sort_keys=True) + "\n"
        if not ends_with_newline:
            line = "\n" + line  # a torn last line stays a separate (broken) record
        data = line.encode()
        written = os.write(fd, data)
        if written != len(data):
            raise AuditError(f"short write to the audit trail ({written} of {len(data)} bytes)")
        _write_head(path, rec["seq"], rec["hash"])
    finally:
        os.close(fd)  # releases the lock


def head_path(path):
    return str(path) + ".head"


def _write_head(path, seq, digest):
    """Remember the last record (fixed-size overwrite, done while holding the trail's lock)."""
    data = ('{"seq":%d,"hash":"%s"}' % (seq, digest)).ljust(100).encode() + b"\n"
    fd = os.open(head_path(path), os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.pwrite(fd, data, 0)
    finally:
        os.close(fd)


# --- verify --------------------------------------------------------------------------------


def _read_head(path):
    try:
        with open(head_path(path), "rb") as f:
            doc = fastjson.loads(f.read())
        return int(doc["seq"]), str(doc["hash"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return "broken"


def verify(path):
    """Check the whole chain. Returns (ok, message); the message names the first broken record."""
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        return False, f"no audit trail at {path}"
    except OSError as e:
        return False, f"cannot read the audit trail {path}: {e.strerror}"
    prev_hash, prev_seq, count = GENESIS, 0, 0
    with f:
        for lineno, raw in enumerate(f, 1):
            where = f"line {lineno}"
            if not raw.endswith(b"\n"):
                return False, f"{where}: the last line is incomplete (torn write or truncated file)"
            try:
                rec = fastjson.loads(raw)
            except ValueError:
                return False, f"{where}: not valid JSON (edited or corrupted)"
            if not isinstance(rec, dict):
                return False, f"{where}: not a JSON object (edited or corrupted)"
            seq = rec.get("seq")
            where = f"line {lineno} (seq {seq})"
            if rec.get("hash") != record_hash(rec):
                return False, f"{where}: its content does not match its hash (the record was edited)"
            if seq != prev_seq + 1:
                if isinstance(seq, int) and seq > prev_seq + 1:
                    what = "a record before it was deleted or moved"
                else:
                    what = "records were reordered or a record was inserted"
                return False, f"{where}: expected seq {prev_seq + 1} here, {what}"
            if rec.get("prev") != prev_hash:
                return False, f"{where}: its `prev` does not match the hash of the record before it (a record was replaced, inserted or reordered)"
            prev_hash, prev_seq, count = rec["hash"], seq, count + 1
    head = _read_head(path)
    if head == "broken":
        return False, f"the head file {head_path(path)} is unreadable; the end of the trail cannot be checked"
    if head is not None:
        head_seq, head_hash = head
        if head_seq > prev_seq:
            return False, f"the trail ends at seq {prev_seq} but seq {head_seq} was written: {head_seq - prev_seq} record(s) were cut off the end"
        if head_seq == prev_seq and head_hash != prev_hash:
            return False, f"line {count} (seq {prev_seq}): the last record is not the one that was written"
    if count == 0:
        return True, "the audit trail is empty"
    return True, f"{count} records, chain intact (seq 1..{prev_seq})"
