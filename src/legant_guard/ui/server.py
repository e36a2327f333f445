"""The control panel's HTTP server: a local page that can weaken or strengthen a security tool.

Why so strict: any web page the person has open could try to talk to this server (CSRF), a
hostile DNS name can be pointed at 127.0.0.1 (DNS rebinding), and everything the agent tried
ends up on this page (stored XSS through the audit trail). So:
- it binds 127.0.0.1 only;
- every request (page and API) needs the random per-run secret (query `s` for the page the
  person opens, header X-Legant-Secret for the API), compared in constant time;
- the Host header must be a loopback name with our port, or the request is refused;
- a state-changing request needs the secret in the header (a form or image cannot set it),
  `Content-Type: application/json`, and no foreign Origin / Sec-Fetch-Site;
- no CORS headers, a CSP with a per-response nonce (no inline handlers, no external assets,
  no framing), `Referrer-Policy: no-referrer`, `Cache-Control: no-store`;
- the page renders agent-controlled text with textContent only.
Overlay edits are deny-only: removing an entry only returns to what the token grants.
"""

import hmac
import json
import os
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from legant_guard import guarddir
from legant_guard.ui import controls

SECRET_HEADER = "X-Legant-Secret"
MAX_BODY = 64 * 1024
MAX_RECORDS = 2000
INITIAL_RECORDS = 300
PAGE_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "page.html")


class AuditTail:
    """The audit trail read incrementally: records keep their line index across polls."""

    def __init__(self, path):
        self.path = path
        self.offset = 0
        self.count = 0
        self.partial = b""
        self.records = []
        self.lock = threading.Lock()

    def poll(self):
        with self.lock:
            try:
                size = os.path.getsize(self.path)
            except OSError:
                return
            if size < self.offset:  # rotated or truncated: start over
                self.offset, self.count, self.partial, self.records = 0, 0, b"", []
            if size == self.offset:
                return
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read(size - self.offset)
            self.offset += len(data)
            lines = (self.partial + data).split(b"\n")
            self.partial = lines.pop()
            for line in lines:
                try:
                    record = json.loads(line)
                    if not isinstance(record, dict):
                        raise ValueError
                except ValueError:
                    record = {"decision": "?", "reason": "unreadable audit line"}
                record["i"] = self.count
                self.count += 1
                self.records.append(record)
            del self.records[:-MAX_RECORDS]

    def after(self, index):
        self.poll()
        with self.lock:
            if index < 0:
                chosen = self.records[-INITIAL_RECORDS:]
            else:
                chosen = [r for r in self.records if r["i"] > index]
            return {"records": chosen, "count": self.count}


class Panel:
    """What the page shows and the changes it may make, for one guard directory and role."""

    def __init__(self, guard_dir, project, role=None, secret=None):
        self.guard_dir = os.path.abspath(guard_dir)
        self.project = os.path.realpath(project)
        self.secret = secret or secrets.token_urlsafe(32)
        self.audit_path = os.path.join(self.guard_dir, guarddir.AUDIT_FILE)
        self.tail = AuditTail(self.audit_path)
        self._installed = (0.0, None)
        self._verify = (None, None, 0.0)
        try:  # org mode (install --issuer): the issuer holds the key, mints, renews and revokes
            self.org = guarddir.read_issuer_record(self.guard_dir)
        except guarddir.GuardDirError:
            self.org = None
        self.role = role or self._installed_role() or ("issuer" if self.org else "builder")

    # ---- reading ---------------------------------------------------------------------------------

    def token_path(self):
        return guarddir.token_file(self.guard_dir, self.role)

    def token_info(self):
        from legant_guard.ops.tokens import describe_token

        path = self.token_path()
        try:
            with open(path, encoding="utf-8") as f:
                token = f.read().strip()
        except OSError as e:
            return {"valid": False, "error": f"cannot read {path}: {e.strerror}", "file": path}
        info = describe_token(token, os.path.join(self.guard_dir, guarddir.JWKS_FILE), guarddir.ISSUER,
                              guarddir.AUDIENCE, os.path.join(self.guard_dir, guarddir.FEED_FILE))
        info["file"] = path
        if self.org:
            from legant_guard.issuersetup import judge_like_the_hook

            judge_like_the_hook(info, self.guard_dir, self.project)
        return info

    def feed_info(self):
        if not self.org:
            return controls.feed_info(self.guard_dir)
        from legant_guard.hook.issuer import describe as issuer_docs

        from legant_guard.install.tokens import describe

        env = guarddir.hook_env(self.guard_dir, self.project, self.role)
        feed = describe(env)["feed"]
        doc = next((d for d in issuer_docs(env, time.time())["documents"] if d["what"] == "feed"), {})
        return {"valid": feed["valid"], "error": feed.get("error"), "ver": doc.get("ver"),
                "revoked_count": feed.get("revoked"), "expires_in": feed.get("expires_in_seconds"),
                "exp": feed.get("expires_at"), "url": doc.get("url"), "fetched_age": doc.get("age_seconds")}

    def installed(self):
        """Per agent: where the hook is installed, its role and token state (cached a few seconds)."""
        stamp, value = self._installed
        if value is not None and time.monotonic() - stamp < 5:
            return value
        try:
            from legant_guard.ops.installation import collect

            _, report = collect(self.project, self.guard_dir)
            value = {"agents": [{
                "agent": s["agent"],
                "installed": bool(s["entries"]),
                "entries": [{"scope": e.get("scope"), "file": e.get("file"), "role": e.get("role"),
                             "token": e.get("token"), "feed": e.get("feed")} for e in s["entries"]],
                "problems": s["problems"],
                "warnings": s.get("warnings", []),
            } for s in report], "error": None}
        except Exception as e:  # a broken agent config must not take the panel down
            value = {"agents": [], "error": f"cannot read the agents' configs: {e}"}
        self._installed = (time.monotonic(), value)
        return value

    def _installed_role(self):
        roles = [e["role"] for a in self.installed()["agents"] for e in a["entries"]
                 if e.get("role") and os.path.exists(guarddir.token_file(self.guard_dir, e["role"]))]
        return roles[0] if roles else None

    def audit_verify(self):
        try:
            st = os.stat(self.audit_path)
            key = (st.st_size, st.st_mtime_ns)
        except OSError:
            key = None
        cached_key, cached, when = self._verify
        # the whole chain is re-read on a change, at most every 2 s while an agent is busy
        if cached is not None and (cached_key == key or time.monotonic() - when < 2):
            return cached
        if key is None:
            result = {"ok": True, "message": "no decisions recorded yet"}
        else:
            ok, message = controls.audit_verify(self.audit_path)
            result = {"ok": ok, "message": message}
        self._verify = (key, result, time.monotonic())
        return result

    def state(self):
        overlay, overlay_error = controls.read_overlay(self.guard_dir)
        return {
            "project": self.project,
            "guard_dir": self.guard_dir,
            "role": self.role,
            "org": {"issuer": self.org["issuer"], "jwks": self.org["jwks"], "feed": self.org["feed"]}
            if self.org else None,
            "token": self.token_info(),
            "feed": self.feed_info(),
            "overlay": overlay,
            "overlay_error": overlay_error,
            "installed": self.installed(),
            "audit": {"path": self.audit_path, "verify": self.audit_verify()},
            "now": int(time.time()),
        }

    # ---- changing --------------------------------------------------------------------------------

    def edit_overlay(self, body):
        action, kind, value = body.get("action"), body.get("kind"), body.get("value")
        if action not in ("add", "remove"):
            raise controls.ControlError("action must be add or remove")
        if action == "remove":
            overlay, error = controls.read_overlay(self.guard_dir)
            if error:
                raise controls.ControlError(error)
            entry = controls.normalize(kind, value)
            if entry not in overlay[controls.KINDS[kind]]:
                why = self._token_denial(kind, entry)
                raise controls.ControlError(
                    f"`{entry}` is not in the overlay"
                    + (f"; the token itself denies it ({why}): the overlay cannot widen a token, "
                       "only a new token can" if why else "; nothing to remove"))
        return controls.overlay_edit(self.guard_dir, kind, value, action == "add")

    def _token_denial(self, kind, entry):
        from legant_guard.delegation.jws import decode_unverified

        try:
            with open(self.token_path(), encoding="utf-8") as f:
                claims = decode_unverified(f.read().strip())[1]
            return controls.token_denial(claims, kind, entry, self.project)
        except Exception:
            return None

    def _not_in_org_mode(self, what):
        if self.org:
            raise controls.ControlError(f"this token comes from the issuer {self.org['issuer']}, which holds the "
                                        f"signing key: {what} it there (a new token: `legant guard install --issuer "
                                        "URL --token-file FILE`)")

    def revoke(self, body):
        self._not_in_org_mode("revoke")
        if body.get("confirm") is not True:
            raise controls.ControlError("revoking needs confirmation (confirm: true)")
        token = self.token_info()
        jti = token.get("jti")
        if not jti or body.get("jti") != jti:
            raise controls.ControlError("only the active token can be revoked here; reload the page")
        ver = controls.revoke(self.guard_dir, jti)
        return {"revoked": jti, "feed_version": ver}

    def renew(self, body):
        self._not_in_org_mode("renew")
        if body.get("confirm") is not True:
            raise controls.ControlError("renewing needs confirmation (confirm: true)")
        renewed, feed_note = controls.renew(self.guard_dir)
        self._installed = (0.0, None)
        return {"renewed": renewed, "feed": feed_note}


class Handler(BaseHTTPRequestHandler):
    server_version = "legant-guard-ui"
    sys_version = ""

    def log_message(self, fmt, *args):  # quiet: the terminal shows only the URL and errors
        pass

    # ---- the gate: every request passes here first -----------------------------------------------

    def _allowed_hosts(self):
        port = self.server.server_address[1]
        return {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}

    def _gate(self, state_changing):
        """None when the request may proceed, else (status, message)."""
        host = self.headers.get("Host", "")
        if host.lower() not in self._allowed_hosts():
            return 403, "refused: this panel only answers requests addressed to 127.0.0.1 or localhost"
        panel = self.server.panel
        header = self.headers.get(SECRET_HEADER, "")
        if state_changing and not header:
            return 403, f"refused: a change needs the secret in the {SECRET_HEADER} header"
        given = header
        if not state_changing and not given:
            given = (parse_qs(urlsplit(self.path).query).get("s") or [""])[0]
        if not given or not hmac.compare_digest(given.encode(), panel.secret.encode()):
            return 403, "refused: open the panel with the link `legant guard ui` printed (it carries a secret)"
        if state_changing:
            origin = self.headers.get("Origin")
            if origin is not None and origin.lower() != f"http://{host.lower()}":
                return 403, "refused: cross-origin request"
            site = self.headers.get("Sec-Fetch-Site")
            if site is not None and site not in ("same-origin", "none"):
                return 403, "refused: cross-site request"
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype != "application/json":
                return 415, "refused: a change must be sent as application/json"
        return None

    # ---- responses ---------------------------------------------------------------------------------

    def _send(self, status, body, ctype, nonce=None):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        src = f"'nonce-{nonce}'" if nonce else "'none'"
        self.send_header("Content-Security-Policy",
                         f"default-src 'none'; script-src {src}; style-src {src}; connect-src 'self'; "
                         "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _json(self, status, obj):
        self._send(status, json.dumps(obj), "application/json; charset=utf-8")

    def _refuse(self, status, message):
        if urlsplit(self.path).path.startswith("/api/"):
            self._json(status, {"error": message})
        else:
            self._send(status, message + "\n", "text/plain; charset=utf-8")

    # ---- verbs -------------------------------------------------------------------------------------

    def do_GET(self):
        refusal = self._gate(state_changing=False)
        if refusal:
            return self._refuse(*refusal)
        url = urlsplit(self.path)
        panel = self.server.panel
        try:
            if url.path == "/":
                nonce = secrets.token_urlsafe(16)
                with open(PAGE_FILE, encoding="utf-8") as f:
                    page = f.read().replace("__NONCE__", nonce)
                return self._send(200, page, "text/html; charset=utf-8", nonce=nonce)
            if url.path == "/api/state":
                return self._json(200, panel.state())
            if url.path == "/api/decisions":
                try:
                    after = int((parse_qs(url.query).get("after") or ["-1"])[0])
                except ValueError:
                    after = -1
                return self._json(200, panel.tail.after(after))
        except Exception as e:
            return self._json(500, {"error": f"{type(e).__name__}: {e}"})
        return self._refuse(404, "not found")

    def do_POST(self):
        refusal = self._gate(state_changing=True)
        if refusal:
            return self._refuse(*refusal)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            return self._json(413, {"error": "request body too large"})
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            return self._json(400, {"error": "the body must be a JSON object"})
        panel = self.server.panel
        path = urlsplit(self.path).path
        try:
            if path == "/api/overlay":
                return self._json(200, {"overlay": panel.edit_overlay(body)})
            if path == "/api/revoke":
                return self._json(200, panel.revoke(body))
            if path == "/api/renew":
                return self._json(200, panel.renew(body))
        except controls.ControlError as e:
            return self._json(400, {"error": str(e)})
        except Exception as e:
            return self._json(500, {"error": f"{type(e).__name__}: {e}"})
        return self._json(404, {"error": "not found"})

    def _not_allowed(self):
        refusal = self._gate(state_changing=False)
        if refusal:
            return self._refuse(*refusal)
        self._refuse(405, "method not allowed")

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed


class PanelServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, panel, port=0):
        self.panel = panel
        super().__init__(("127.0.0.1", port), Handler)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/?s={self.panel.secret}"
