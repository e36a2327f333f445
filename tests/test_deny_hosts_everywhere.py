"""Deny-host rules hold wherever a tool can fetch: the agents' fetch tools, and every URL in the
arguments of an MCP or unknown tool (an MCP fetch server, a browser's navigate), in every
spelling a URL parser reads as that host. The `open` role denies the cloud metadata services
(169.254.169.254 and its kin answer with the machine's cloud credentials)."""

import pytest

from conftest import assert_allowed, assert_denied, run_legant

METADATA_URLS = [
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://2852039166/latest/",                 # the same address as one number
    "http://0xa9fea9fe/",                        # in hex
    "http://169.254.43518/",                     # its last two parts as one
    "http://[::ffff:169.254.169.254]/",          # IPv4-mapped IPv6
    "http://[fd00:ec2::254]/latest/",            # AWS over IPv6
    "http://169.254.170.2/v2/credentials/x",     # ECS task role
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://METADATA.google.internal./x",
    "http://100.100.100.200/latest/meta-data/",  # Alibaba Cloud
]


@pytest.mark.parametrize("url", METADATA_URLS)
def test_open_denies_the_cloud_metadata_services_to_the_fetch_tools(guard_setup, url):
    assert_denied(guard_setup.check("WebFetch", {"url": url, "prompt": "x"}, role="open"), "is denied by deny-host")
    assert_denied(guard_setup.check("webfetch", {"url": url, "format": "text"}, role="open", agent="opencode"),
                  "is denied by deny-host")


@pytest.mark.parametrize("url", ["https://example.com/", "http://169.254.169.253/", "http://127.0.0.1:8080/",
                                 "https://metadata.example.com/"])
def test_open_still_fetches_other_hosts(guard_setup, url):
    assert_allowed(guard_setup.check("WebFetch", {"url": url, "prompt": "x"}, role="open"))
    assert_allowed(guard_setup.check("mcp__fetch__fetch", {"url": url}, role="open"))


@pytest.mark.parametrize("tool_input", [
    {"url": "http://169.254.169.254/latest/"},
    {"urls": ["https://ok.example/", "http://2852039166/x"]},                 # in a list
    {"request": {"target": {"href": "http://169.254.169.254/"}}},            # nested, any key
    {"prompt": "please fetch http://metadata.google.internal/computeMetadata and summarise"},  # in prose
    {"args": "{\"url\": \"http:\\/\\/169.254.169.254\\/latest\"}"},          # JSON inside a string
    {"url": "http://169%2e254.169.254/"},                                     # a percent-encoded host
    {"url": "http://user:pw@169.254.169.254/"},                               # userinfo before the host
    {"url": "http:169.254.169.254/x"},                                        # WHATWG: no slashes needed
    {"url": "https:/\\metadata.google.internal/"},                            # slashes and backslashes
    {"spec": "git+https://169.254.169.254/repo"},
    {"url": "HtTpS:///100.100.100.200/"},
    {"socket": "ws://[fd00:ec2::254]/"},
])
def test_an_mcp_tool_given_a_denied_host_in_any_argument_is_refused(guard_setup, tool_input):
    assert_denied(guard_setup.check("mcp__fetch__fetch", tool_input, role="open"), "mcp__fetch__fetch` is given the URL",
                  "is denied by deny-host")


def test_an_unreadable_url_an_argument_begins_with_is_refused_but_one_in_prose_is_not(guard_setup):
    assert_denied(guard_setup.check("mcp__fetch__fetch", {"url": "http://[bad/"}, role="open"),
                  "whose host cannot be read")
    assert_allowed(guard_setup.check("mcp__github__create_issue",
                                     {"body": "the dev server is on https://\u2026 and http://[bad too"}, role="open"))
    assert_allowed(guard_setup.check("mcp__notes__add", {"text": "ratio http: none, see a://b"}, role="open"))


def test_a_users_deny_host_reaches_mcp_tools_too(tmp_path):
    from conftest import GuardSetup

    s = GuardSetup(tmp_path)
    assert_allowed(s.check("mcp__fetch__fetch", {"url": "https://pastebin.com/raw/x"}, role="open"))
    r = run_legant(["guard", "deny", "--dir", s.dir, "--host", "pastebin.com"], env=s.env())
    assert r.returncode == 0, r.stderr
    assert_denied(s.check("mcp__fetch__fetch", {"url": "https://PASTEBIN.com./raw/x"}, role="open"),
                  "host pastebin.com is denied by deny-host pastebin.com")
    assert_denied(s.check("mcp__browser__navigate", {"url": "https://sub.pastebin.com/"}, role="open"),
                  "is denied by deny-host pastebin.com")
    assert_allowed(s.check("mcp__fetch__fetch", {"url": "https://notpastebin.com/"}, role="open"))
