"""Append-only audit trail of every decision (audit.jsonl): one JSON object per line.

Minimal version; the hash chain, locking and redaction are added by the operations work.
"""

from legant_guard import fastjson
import os
import time


def utc_now_rfc3339(now=None):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if now is None else now))


def append(path, record):
    """Append one record as a single line (one write call on an O_APPEND descriptor)."""
    line = (fastjson.dumps(record, separators=(",", ":"), sort_keys=True) + "\n").encode()
    # O_NONBLOCK: a FIFO without a reader fails (ENXIO, so the hook denies) instead of hanging.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK, 0o600)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)
