"""The hosts an MCP or unknown tool's arguments point at, held against the token's deny-host rules.

A deny-host rule says a host is never fetched. WebFetch and opencode's webfetch name their URL,
but the most common MCP servers fetch too (`mcp__fetch__fetch {url}`, a browser's `navigate`,
an HTTP client's `request`), and the guard cannot know which tool fetches what: every URL in
any argument (nested, in a list, in prose, in a JSON document inside a string) is taken as a
fetch of its host. Only the deny side applies (as for these tools' paths): an allow-list of
hosts cannot be applied fairly to a tool that may only mention a URL. A value that begins with
a URL whose host cannot be read is a deny (the server's URL parser might read it as a denied
host); such a URL inside prose is not. Loaded only for MCP and unknown tools under a token with deny-host rules.
"""

import re

from legant_guard.hook.model import deny

# A fetchable scheme and its authority, in text. WHATWG URL parsers (Node's fetch, browsers)
# skip any run of `/` and `\\` after a special scheme, `http:host` included; JSON inside a
# string writes `\\/` for `/`.
_URL = re.compile(r"\b(https?|wss?|ftps?):[/\\]*([^\s/\\?#\"'<>`|]*)", re.IGNORECASE)


def url_hosts(value):
    """[(URL as written, canonical host or None, the URL begins its string)] for every fetchable
    URL in `value`'s strings."""
    found = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and ":" in item:
            head = item.lstrip()
            for m in _URL.finditer(item):
                if m.group(2):
                    found.append((m.group(0), _host(f"{m.group(1)}://{m.group(2)}"), head.startswith(m.group(0))))
    return found


def _host(url):
    from urllib.parse import unquote

    from legant_guard.agents.common import host_of

    host = host_of(url)
    if host is None and "%" in url:  # (a URL parser percent-decodes the host: http://169%2e254.169.254/)
        host = host_of(unquote(url))
    return host


def check(policy, action, tool_input):
    """A deny when an argument of the tool points at a host a deny-host rule names, or at a host
    that cannot be read; None otherwise."""
    from legant_guard.hook.hostrules import check_host
    from legant_guard.hook.model import Action

    for url, host, leads in url_hosts(tool_input):
        if host is None:
            if not leads:
                continue  # (prose: "served on https://…" names no fetch a parser would make of it)
            return deny(f"`{action.tool}` is given the URL {url[:120]!r}, whose host cannot be read, and the token "
                        "denies hosts; write the URL plainly", "deny-host")
        verdict = check_host(policy, Action("net.fetch", action.tool, host=host))
        if verdict:
            return deny(f"`{action.tool}` is given the URL {url[:120]!r}: {verdict.reason}", "deny-host")
    return None
