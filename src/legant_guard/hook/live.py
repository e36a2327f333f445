"""Connected mode: report each decision to a Legant server's live view (LEGANT_GUARD_LIVE_URL).

Best effort by design: the verdict is already decided and must never depend on the network.
`post` bounds the whole exchange (connect, send, first bytes of the answer) by one deadline of
at most 800 ms, swallows every error, and returns nothing. It waits for the first bytes of the
answer rather than hanging up right after sending, because a server may cancel a request whose
client went away. http.client is imported only when a post actually happens, so a guard without
a live URL pays nothing for it.

Known limit: a host name is resolved by the system resolver, which the deadline cannot bound; use
an IP address or a name in /etc/hosts for the live URL.
"""

import json
import time

MAX_SECONDS = 0.8


def _remaining(deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("live report deadline passed")
    return left


def payload_body(payload):
    """The JSON body of WIRE_FORMAT.md: decision in capitals, the reason without credentials."""
    body = dict(payload)
    decision = body.get("decision")
    if isinstance(decision, str):
        body["decision"] = decision.upper()
    if isinstance(body.get("reason"), str):
        from legant_guard.hook.audit import redact

        body["reason"] = redact(body["reason"])
    return json.dumps(body, separators=(",", ":")).encode()


def post(url, bearer_token, payload, timeout=MAX_SECONDS):
    """POST `payload` as JSON to `url` with `Authorization: Bearer`; never raises, never blocks long."""
    start = time.monotonic()
    conn = None
    try:
        deadline = start + max(0.0, min(float(timeout), MAX_SECONDS))
        from urllib.parse import urlsplit

        parts = urlsplit(url or "")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return
        import http.client

        port = parts.port
        if parts.scheme == "https":
            conn = http.client.HTTPSConnection(parts.hostname, port, timeout=_remaining(deadline))
        else:
            conn = http.client.HTTPConnection(parts.hostname, port, timeout=_remaining(deadline))
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        body = payload_body(payload)
        headers = {"Content-Type": "application/json", "Content-Length": str(len(body)), "Connection": "close"}
        if bearer_token:
            headers["Authorization"] = "Bearer " + bearer_token
        conn.connect()
        conn.sock.settimeout(_remaining(deadline))
        conn.request("POST", path, body=body, headers=headers)
        # Wait (bounded) for the first bytes of the answer; one recv returns as soon as any arrive.
        conn.sock.settimeout(_remaining(deadline))
        conn.sock.recv(256)
    except Exception:  # noqa: BLE001 - best effort: nothing may escape into the hook
        pass
    finally:
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001
                pass
