"""Roles, path rules, self-protection, hosts and tools, through the real `legant guard check`."""

import os
import time

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

from legant_guard import guarddir
from legant_guard.delegation.mint import mint_token


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rules"))
    os.makedirs(os.path.join(setup.project, "src", "deep", "er"))
    with open(os.path.join(setup.project, "README.md"), "w") as f:
        f.write("hello\n")
    outside = os.path.join(setup.root, "outside")
    os.makedirs(outside)
    os.symlink(outside, os.path.join(setup.project, "escape"))
    os.symlink(os.path.join(setup.home, ".ssh"), os.path.join(setup.project, "sshlink"))
    os.symlink(os.path.join(setup.project, "src", ".env"), os.path.join(setup.project, "innocent.txt"))
    return setup


def p(s, *parts):
    return os.path.join(s.project, *parts)


# ---- reviewer ---------------------------------------------------------------------------

def test_reviewer_reads_project(s):
    assert_allowed(s.check("Read", {"file_path": p(s, "README.md")}, role="reviewer"))


def test_reviewer_cannot_write(s):
    assert_denied(s.check("Write", {"file_path": p(s, "a.txt"), "content": "x"}, role="reviewer"), "fs.write")


def test_reviewer_cannot_run_shell(s):
    assert_denied(s.bash("ls", role="reviewer"), "shell.exec")


def test_reviewer_cannot_read_outside(s):
    assert_denied(s.check("Read", {"file_path": "/etc/passwd"}, role="reviewer"), "outside the allowed paths")


def test_reviewer_cannot_spawn_or_fetch(s):
    assert_denied(s.check("Agent", {"prompt": "x"}, role="reviewer"), "agent.spawn")
    assert_denied(s.check("WebFetch", {"url": "http://127.0.0.1:9/"}, role="reviewer"), "net.fetch")


def test_coordination_tools_allowed_for_every_role(s):
    for role in ("reviewer", "builder", "open", "operator"):
        assert_allowed(s.check("ToolSearch", {"query": "x", "max_results": 5}, role=role))
        assert_allowed(s.check("todowrite", {"todos": []}, role=role, agent="opencode"))


# ---- builder: containment ----------------------------------------------------------------

def test_builder_writes_inside_project(s):
    assert_allowed(s.check("Write", {"file_path": p(s, "src", "a.py"), "content": "x"}))


def test_builder_write_outside_project_denied(s):
    assert_denied(s.check("Write", {"file_path": os.path.join(s.root, "outside", "x"), "content": "x"}),
                  "outside the allowed paths")


def test_dotdot_traversal_denied(s):
    assert_denied(s.check("Write", {"file_path": p(s, "src", "..", "..", "outside", "x"), "content": "x"}),
                  "outside the allowed paths")


def test_symlink_inside_root_cannot_escape(s):
    assert_denied(s.check("Write", {"file_path": p(s, "escape", "x"), "content": "x"}), "outside the allowed paths")


def test_symlink_into_ssh_is_denied_by_destination(s):
    assert_denied(s.check("Read", {"file_path": p(s, "sshlink", "id_rsa")}), "deny-path ~/.ssh")


def test_innocent_name_linking_to_env_is_denied(s):
    assert_denied(s.check("Read", {"file_path": p(s, "innocent.txt")}), "deny-path")


def test_env_anywhere_in_project_denied(s):
    for rel in (".env", "src/.env", "src/deep/er/.env", ".env.production", "src/deep/.env.local"):
        assert_denied(s.check("Read", {"file_path": p(s, *rel.split("/"))}), "deny-path")


def test_env_lookalikes_allowed(s):
    for rel in ("env.py", "src/dotenv.md", "src/.environment"):
        assert_allowed(s.check("Read", {"file_path": p(s, *rel.split("/"))}))


def test_git_config_denied_but_git_head_allowed(s):
    assert_denied(s.check("Read", {"file_path": p(s, ".git", "config")}), "deny-path")
    assert_allowed(s.check("Read", {"file_path": p(s, ".git", "HEAD")}))


def test_home_credential_stores_denied_even_under_open(s):
    for rel in (".ssh/id_ed25519", ".aws/credentials", ".config/gcloud/x.json", ".kube/config",
                ".docker/config.json", ".netrc", ".git-credentials", ".pypirc", ".npmrc", ".gnupg/k"):
        assert_denied(s.check("Read", {"file_path": os.path.join(s.home, rel)}, role="open"), "deny-path")


def test_tilde_and_home_spelling_in_tool_path(s):
    assert_denied(s.check("Read", {"file_path": "~/.ssh/id_rsa"}, role="open"), "deny-path")
    assert_denied(s.check("Read", {"file_path": "$HOME/.aws/credentials"}, role="open"), "deny-path")


def test_relative_path_resolves_against_cwd(s):
    assert_denied(s.check("read", {"filePath": "../outside/x"}, agent="opencode"), "outside the allowed paths")
    assert_allowed(s.check("read", {"filePath": "README.md"}, agent="opencode"))


def test_open_role_reads_anywhere_but_secrets(s):
    assert_allowed(s.check("Read", {"file_path": "/etc/hostname"}, role="open"))


# ---- self-protection ------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["reviewer", "builder", "open", "operator"])
def test_guard_key_unreadable_by_tool_in_every_role(s, role):
    assert_denied(s.check("Read", {"file_path": os.path.join(s.dir, "key.pem")}, role=role), "protected")


@pytest.mark.parametrize("rel", [".claude/settings.json", ".claude/settings.local.json", ".codex/hooks.json",
                                 ".codex/config.toml", ".opencode/plugins/legant-guard.js"])
def test_hook_configs_unwritable_by_tool_even_for_operator(s, rel):
    assert_denied(s.check("Write", {"file_path": p(s, *rel.split("/")), "content": "{}"}, role="operator"),
                  "protected")


def test_user_scope_hook_configs_protected(s):
    for rel in (".claude/settings.json", ".codex/config.toml", ".config/opencode/plugins/legant-guard.js"):
        assert_denied(s.check("Write", {"file_path": os.path.join(s.home, rel), "content": "x"}, role="operator"),
                      "protected")


def test_guard_dir_reached_through_symlink_is_protected(s):
    link = p(s, "guardlink")
    if not os.path.islink(link):
        os.symlink(s.dir, link)
    assert_denied(s.check("Read", {"file_path": os.path.join(link, "open.jwt")}, role="operator"), "protected")


def test_guard_dir_through_dotdot_is_protected(s):
    sneaky = os.path.join(s.project, "..", "guard", "overlay.json")
    assert_denied(s.check("Write", {"file_path": sneaky, "content": "{}"}, role="operator"), "protected")


def test_codex_patch_onto_hook_config_denied(s):
    patch = "*** Begin Patch\n*** Update File: .codex/hooks.json\n@@\n-a\n+b\n*** End Patch\n"
    assert_denied(s.check("apply_patch", {"command": patch}, role="operator", agent="codex"), "protected")


def test_patch_without_files_denied(s):
    assert_denied(s.check("apply_patch", {"command": "hello"}, agent="codex"), "could not find any file")


def test_codex_patch_inside_project_allowed(s):
    patch = "*** Begin Patch\n*** Add File: src/new.py\n+print(1)\n*** End Patch\n"
    assert_allowed(s.check("apply_patch", {"command": patch}, agent="codex"))


def test_codex_patch_moving_to_outside_denied(s):
    patch = "*** Begin Patch\n*** Update File: src/a.py\n*** Move to: ../outside/a.py\n*** End Patch\n"
    assert_denied(s.check("apply_patch", {"command": patch}, agent="codex"), "outside the allowed paths")


# ---- unknown tools, MCP, tools rules, hosts -----------------------------------------------------

def test_unknown_tool_is_other_and_fails_closed_for_builder(s):
    assert_denied(s.check("TeleportFiles", {"to": "/"}), "unknown tool")


def test_unknown_tool_allowed_under_star_scope(s):
    assert_allowed(s.check("TeleportFiles", {"to": "x"}, role="open"))


def test_mcp_needs_mcp_call(s):
    assert_denied(s.check("mcp__github__create_issue", {"title": "x"}), "mcp.call")
    assert_allowed(s.check("mcp__github__create_issue", {"title": "x"}, role="open"))


def token_env(s, **cnst):
    token = mint_token(s.key_pem(), guarddir.KID, issuer=guarddir.ISSUER, audience=guarddir.AUDIENCE, sub="user:t",
                       actor="agent:t", scope="*", cnst=cnst, ttl_seconds=600, now=time.time())
    return s.env(LEGANT_GUARD_TOKEN_FILE=s.write_token(f"c{time.time_ns()}.jwt", token))


def test_deny_tool_glob(s):
    env = token_env(s, resources=["deny-tool:mcp__github__*"])
    assert_denied(s.check("mcp__github__delete_repo", {}, env=env), "deny-tool")
    assert_allowed(s.check("mcp__gitlab__list", {}, env=env))


def test_opencode_mcp_name_is_mcp_call(s):
    env = token_env(s, resources=["deny-tool:github_*"])
    assert_denied(s.check("github_delete_repo", {}, agent="opencode", env=env), "deny-tool")


def test_tool_allow_list(s):
    env = token_env(s, tools=["Read", "Bash"])
    assert_allowed(s.check("Read", {"file_path": p(s, "README.md")}, env=env))
    assert_denied(s.check("Write", {"file_path": p(s, "x"), "content": ""}, env=env), "tool allow-list")


def test_tool_allow_list_narrowed_to_nothing(s):
    env = token_env(s, tools=["\u0000legant:deny-all"])
    assert_denied(s.check("Read", {"file_path": p(s, "README.md")}, env=env), "tool allow-list")


def test_deny_host_matches_subdomains_case_and_trailing_dot(s):
    env = token_env(s, resources=["deny-host:evil.example"])
    for url in ("https://evil.example/x", "https://API.Evil.Example./y", "http://a.b.evil.example:8080/",
                "https://user@evil.example/", "evil.example/path"):
        assert_denied(s.check("WebFetch", {"url": url, "prompt": "x"}, env=env), "deny-host")
    assert_allowed(s.check("WebFetch", {"url": "https://notevil.example/", "prompt": "x"}, env=env))


def test_host_allow_list(s):
    env = token_env(s, resources=["host:docs.python.org", "host:*.readthedocs.io"])
    assert_allowed(s.check("WebFetch", {"url": "https://docs.python.org/3/", "prompt": "x"}, env=env))
    assert_allowed(s.check("WebFetch", {"url": "https://click.readthedocs.io/", "prompt": "x"}, env=env))
    assert_denied(s.check("WebFetch", {"url": "https://docs.python.org.evil.example/", "prompt": "x"}, env=env),
                  "not on the host allow-list")
    assert_denied(s.check("WebFetch", {"url": "https://evil.example/?docs.python.org", "prompt": "x"}, env=env),
                  "not on the host allow-list")
    assert_denied(s.check("WebFetch", {"url": "https://docs.python.org@evil.example/", "prompt": "x"}, env=env),
                  "not on the host allow-list")


def test_unparseable_url_denied(s):
    assert_denied(s.check("WebFetch", {"url": "http://[::1", "prompt": "x"}, role="open"), "could not read the host")


def test_deny_all_sentinel_paths(s):
    env = token_env(s, resources=["path:\u0000legant:deny-all"])
    assert_denied(s.check("Read", {"file_path": p(s, "README.md")}, env=env), "no paths are allowed")


# ---- overlay ------------------------------------------------------------------------------------

def test_corrupt_overlay_fails_closed(tmp_path):
    setup = GuardSetup(tmp_path)
    with open(os.path.join(setup.dir, "overlay.json"), "w") as f:
        f.write("{broken")
    assert_denied(setup.check("Read", {"file_path": "README.md"}), "deny overlay", "not valid JSON")


def test_overlay_adds_denials(tmp_path):
    setup = GuardSetup(tmp_path)
    with open(os.path.join(setup.dir, "overlay.json"), "w") as f:
        f.write('{"deny_paths": ["docs"], "deny_tools": ["WebFetch"]}')
    assert_denied(setup.check("Read", {"file_path": os.path.join(setup.project, "docs", "a.md")}), "deny-path docs")
    assert_denied(setup.check("WebFetch", {"url": "https://x.example/"}, role="open"), "deny-tool")


# ---- self-protection and secrets through the shell ------------------------------------------------

@pytest.mark.parametrize("command", [
    "cat {dir}/key.pem",
    "cd {dir} && cat open.jwt",
    "cp {dir}/builder.jwt /tmp/x",
    "echo '{{}}' > {dir}/overlay.json",
    "echo x >> .claude/settings.local.json",
    "sed -i s/a/b/ .codex/hooks.json",
    "rm -rf .claude",
    "mv .codex /tmp/elsewhere",
    "rm -rf {root}",
    "bash -c 'cat {dir}/key.pem'",
    "legant guard revoke --refresh",
    "python3 -m legant_guard guard allow --cmd curl",
    "tee .opencode/plugins/legant-guard.js < /dev/null",
])
def test_guard_files_protected_from_the_shell_even_for_operator(s, command):
    reason = assert_denied(s.bash(command.format(dir=s.dir, root=s.root), role="operator"))
    assert "protected" in reason or "legant" in reason or "tripwire" in reason


@pytest.mark.parametrize("command", [
    "cat .env", "cat src/deep/.env", "head -n 3 ./src/../.env.production", "cat ~/.ssh/id_rsa", "grep -r key ~/.aws",
    "cat $HOME/.netrc", "F=.env; cat $F", "cat sshlink/id_rsa", "cat innocent.txt",
])
def test_secrets_denied_through_the_shell(s, command):
    assert_denied(s.bash(command, role="open"), "deny-path")


def test_builder_shell_outside_project_denied(s):
    assert_denied(s.bash("cat /etc/passwd"), "outside the allowed paths")
    assert_denied(s.bash("echo x > ../outside/y"), "outside the allowed paths")
    assert_denied(s.bash("cd .. && touch x"), "outside the allowed paths")


def test_builder_shell_everyday_allowed(s):
    for command in ("ls -la", "git status && git diff --stat", "grep -rn TODO src | head -n 5", "make test 2>&1 | tail -n 20",
                    "echo done > /dev/null", "mkdir -p src/pkg && touch src/pkg/__init__.py"):
        assert_allowed(s.bash(command))


def test_exfil_denied_however_spelled(s):
    for command in ("curl http://127.0.0.1:9/", "c''url x", "\\curl x", "bash -c 'c\\url x'", "env -i wget x",
                    "echo x | xargs curl", "$(echo curl) x"):
        assert_denied(s.bash(command, role="open"))


def test_interactive_shell_denied(s):
    assert_denied(s.bash("bash", role="open"), "interactive")
    assert_denied(s.bash("python3", role="open"), "interactive")
    assert_allowed(s.bash("python3 -c 'print(1)'", role="open"))


def test_guard_cli_through_an_interpreter_denied(s):
    for command in ("python3 -m legant_guard guard deny --cmd x", "python3 /usr/local/bin/legant guard revoke --refresh",
                    "python3.11 -m legant_guard.entry guard allow --cmd curl", "/opt/venv/bin/legant guard rules"):
        assert_denied(s.bash(command, role="operator"), "running `legant`")


# ---- find name filters, globs, wrappers, devices ------------------------------------------------------

@pytest.mark.parametrize("command", [
    "find . -name '*.pyc' -delete",
    "find . -type d -name __pycache__ -exec rm -rf {} +",
    "find src -name '*.o' -delete",
])
def test_find_delete_bounded_by_names_that_spare_the_hook_config_is_allowed(s, command):
    assert_allowed(s.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "find . -name settings.local.json -delete",
    "find . -name '*.json' -delete",
    "find . -iname '.CLAUDE' -exec rm -rf {} +",
    "find . -name '*.pyc' -o -name '*.json' -delete",
    "find . ! -name '*.pyc' -delete",
    "find . -delete",
])
def test_find_delete_that_could_reach_the_hook_config_is_denied(s, command):
    os.makedirs(p(s, ".claude"), exist_ok=True)
    assert_denied(s.bash(command, role="open"), "protected")


def test_glob_operand_is_expanded_before_the_rules(s):
    os.makedirs(os.path.join(s.home, ".ssh"), exist_ok=True)
    assert_denied(s.bash("cat ~/.ss*/id_rsa", role="open"), "deny-path ~/.ssh")
    assert_denied(s.bash("cat ~/.[s]sh/id_rsa", role="open"), "deny-path ~/.ssh")
    with open(p(s, "src", "deep", ".env"), "w") as f:
        f.write("TOKEN=x\n")
    assert_denied(s.bash("cat src/deep/.en?", role="open"), "deny-path")
    assert_denied(s.bash("cat src/*/.e*", role="open"), "deny-path")
    assert_allowed(s.bash("ls src/*", role="open"))
    os.remove(p(s, "src", "deep", ".env"))


def test_glob_pattern_is_judged_even_when_nothing_matches_yet(s):
    assert_denied(s.bash("cat ~/.aw*/credentials", role="open"), "could reach")
    assert_denied(s.bash("echo x > .cl*/settings.local.json", role="open"), "protected")


def test_glob_into_the_guard_dir_is_protected(s):
    assert_denied(s.bash(f"cat {os.path.dirname(s.dir)}/gu*/key.pem", role="operator"), "protected")


def test_wrappers_are_held_to_the_command_rules(s):
    assert_denied(s.bash("sudo ls"), "the wrapper `sudo` is not on the command allow-list")
    # the builder allows `env NAME=value command` (as `NAME=value command`), not env's options
    assert_denied(s.bash("env -i FOO=1 ls"), "`env` is not on the command allow-list")
    assert_denied(s.bash("env -C /tmp ls"), "`env` is not on the command allow-list")
    assert_allowed(s.bash("timeout 60 make test"))
    assert_allowed(s.bash("nice -n 5 git status"))
    assert_allowed(s.bash("bash -c 'ls -la'"))


def test_a_denied_wrapper_is_denied_however_it_is_used(s):
    env = token_env(s, resources=["deny-cmd:sudo"])
    assert_denied(s.bash("sudo -u root ls", env=env), "the wrapper `sudo` is denied by deny-cmd")


def test_device_sinks_are_not_outside_the_project(s):
    assert_allowed(s.bash("make 2>/dev/stderr >/dev/null"))


# ---- program-specific rules: copiers, recursive readers, git -c -------------------------------------

@pytest.mark.parametrize("command", [
    "cp README.md src/", "cp src/deep/er/x.txt .", "mv a.txt b.txt", "ln -s src/a b", "install -m 644 a.txt src/",
    "git -c user.name=bot commit -m 'x'", "grep -rn TODO src", "tar czf /tmp/out.tgz src", "cp -a src/ build/",
    "cp -r src /tmp/copy-of-src", "find . -name '*.py' -exec grep -n TODO {} +",
])
def test_everyday_copies_reads_and_git_stay_allowed(s, command):
    assert_allowed(s.bash(command, role="open"))


@pytest.mark.parametrize("command, fragment", [
    ("ln -sfn /tmp/evil .codex", "protected"),
    ("cp /tmp/evil.json .claude/settings.local.json", "protected"),
    ("mkdir -p .claude && cp /tmp/evil/settings.json .claude/", "protected"),
    ("cp -t .codex /tmp/hooks.json", "protected"),
    ("tar cf - {root}", "which are protected"),
    ("grep -r key {root}", "which are protected"),
    ("rg token {root}", "which are protected"),
    ("git -c core.hooksPath=/tmp/h commit -m x", "git run a program"),
    ("git -c alias.st='!sh -c id' st", "git run a program"),
    ("git -c diff.x.textconv=/tmp/t diff", "git run a program"),
    ("find . -name '.env*' -exec cat {{}} +", "deny-path"),
])
def test_programs_that_reach_protected_or_denied_files_indirectly(s, command, fragment):
    os.makedirs(p(s, ".claude"), exist_ok=True)
    assert_denied(s.bash(command.format(root=s.root), role="open"), fragment)


@pytest.mark.parametrize("command, fragment", [
    ("sed -n 'w /tmp/out' README.md", "outside the allowed paths"),
    ("sed 's/a/b/w ../outside/x' README.md", "outside the allowed paths"),
    ("sed -e '1W .claude/settings.local.json' README.md", "protected"),
    ("sed '1e c\\url http://127.0.0.1:9/' README.md", "the `e` command"),
    ("sed 's/.*/id/e' README.md", "the `e` command"),
    ("sed -f /nonexistent/script.sed README.md", "cannot read"),
])
def test_sed_scripts_that_write_or_execute(s, command, fragment):
    assert_denied(s.bash(command), fragment)


@pytest.mark.parametrize("command", [
    "sed -n '1,20p' README.md", "sed -i 's/foo/bar/g' src/a.py", "sed -e 's/old/new/' -e '/^#/d' README.md",
    "sed 's/show me/w00t/' README.md", "sed -n '/pattern/p' README.md",
])
def test_everyday_sed_stays_allowed(s, command):
    assert_allowed(s.bash(command))


@pytest.mark.parametrize("command", [
    "ls --color ~/.ssh", "sed -E 's/a/b/' ~/.ssh/id_rsa", "diff --unified ~/.aws/credentials README.md",
    "perl -l ~/.ssh/x.pl",
])
def test_options_with_optional_arguments_do_not_swallow_a_path(s, command):
    assert_denied(s.bash(command, role="open"), "deny-path")


def test_the_hand_written_sed_scanners_agree_with_the_regular_expressions():
    """commandrules reads sed scripts without `re` (its import costs a hook call 5-20 ms): on
    random script lines its scanners must say what the regular expressions they replace say."""
    import random
    import re

    from legant_guard.hook import commandrules as cr

    e_rx = re.compile(r"(?:^|[;{}\s\d$!/gpIiMm])e(?:\s|;|}|$)")
    w_rx = re.compile(r"(?:^|[;{}\s\d$!/gpIiMme])[wW]\s+(\S.*)$")
    r_rx = re.compile(r"(?:^|[;{}\s\d$!/,])[rR]\s*(\S.*)$")
    alphabet = list("eEwWrRpPsSgIiMm;{}$!/,0123 \t.x-") + ["\u00a0", "\u0663", "/dev/stdout", ".env", "  "]
    rng = random.Random(1130)
    lines = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    lines += ["1,40p", "s/a/b/w out.txt", "1r .env", "s/x/y/e", "e ls", "$!N;P;D", "R/etc/passwd", "w", "w  ", "ew x"]

    def first(rx, line):
        m = rx.search(line)
        return m.group(1).strip() if m else None

    for line in lines:
        assert cr.sed_runs_shell(line) == bool(e_rx.search(line)), line
        assert cr.sed_file_operand(line, "wW", cr._SED_W_AFTER, space_needed=True) == first(w_rx, line), line
        assert cr.sed_file_operand(line, "rR", cr._SED_R_AFTER, space_needed=False) == first(r_rx, line), line


@pytest.mark.parametrize("command", [
    "make -j$(nproc)", "date +%Y-%m-%d", "uname -a", "go test ./... 2>&1 | tee test.log", "du -sh src",
    "jq .name package.json", "tree -L 2", "cut -d: -f1 notes.txt | sort | uniq -c", "basename $(pwd)",
])
def test_builder_runs_the_everyday_helpers(s, command):
    assert_allowed(s.bash(command, role="builder"))


@pytest.mark.parametrize("command,fragment", [
    ("make test | tee /tmp/out.log", "outside the allowed paths"),
    ("echo x | tee .claude/settings.json", "protected"),
    ("jq . .env", ".env"),
    ("cut -c1- ~/.ssh/id_rsa", "id_rsa"),
    ("tee -a .env < /dev/null", ".env"),
])
def test_the_helpers_keep_to_the_builders_paths(s, command, fragment):
    assert_denied(s.bash(command, role="builder"), fragment)
