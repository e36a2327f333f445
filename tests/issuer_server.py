"""A Legant issuer on 127.0.0.1 for tests: serves a guard dir's JWKS and revocation feed at
`/.well-known/jwks.json` and `/.well-known/revoked`, and can revoke, go down, hang, answer
500, roll its feed back or rotate its key. Counts requests per path."""

import http.server
import os
import threading
import time

from legant_guard import guarddir
from legant_guard.delegation.mint import build_feed


class Issuer:
    """A loopback issuer serving what it is told; counts requests per path."""

    def __init__(self, setup):
        self.setup = setup
        self.jwks = open(os.path.join(setup.dir, "jwks.json"), "rb").read()
        self.feed = open(os.path.join(setup.dir, "feed.jwt"), "rb").read()
        self.mode = "ok"  # ok | 500 | hang
        self.hits = {}
        issuer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                issuer.hits[self.path] = issuer.hits.get(self.path, 0) + 1
                if issuer.mode == "hang":
                    time.sleep(4)
                    return
                body = {"/.well-known/jwks.json": issuer.jwks, "/.well-known/revoked": issuer.feed}.get(self.path)
                if issuer.mode == "500" or body is None:
                    self.send_response(500 if issuer.mode == "500" else 404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def publish(self, jtis, ver, ttl=3600, issued=None):
        self.feed = build_feed(self.setup.key_pem(), guarddir.KID, issuer=guarddir.ISSUER, jtis=sorted(jtis), ver=ver,
                               ttl_seconds=ttl, now=time.time() if issued is None else issued).encode()

    def requests(self):
        return sum(self.hits.values())
