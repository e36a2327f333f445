"""Must-allow: search and replace through a content search's listing (hook/searchlisting.py).

`rg -l OLD | xargs sed -i s/OLD/NEW/g`, `grep -rl OLD src | xargs sed -i ...`, `rg --files -g
'*.py' | xargs wc -l` and `sed -i ... $(rg -l OLD)` are how the agents rename things. The
consumer's operands are unknown to the shell analysis, and were refused under every role with
path rules ("name the paths in the command itself"), even under open. The files the search
could print are walked now (as reach.py reads the search) and each is judged as the operand it
becomes: a `sed -i` of a hook config or of a secret the search could list stays refused.

Also here, the gap found on the way: a git listing piped to xargs (`git ls-files 'lib/*' |
xargs cat`) was checked name by name, but xargs cuts a tracked `lib/a .env` into `lib/a` and
`.env` and read the secret; a name xargs would cut now leaves the listing undetermined.
Verdicts only: nothing is executed.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git

FILES = {"src/app.py": "old_api = 1\n", "src/util.py": "from app import old_api\n", "tests/test_app.py": "old_api\n",
         "README.md": "old_api\n", ".env": "old_api=secret\n", ".gitignore": "build/\n", "build/gen.py": "old_api\n",
         "web/index.ts": "old_api\n"}


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("mustallow_searchlists"), files=FILES)
    git(setup.project, "init", "-q")
    git(setup.project, "add", "src", "tests", "README.md", ".gitignore", "web")
    return setup


ALLOWED = [
    "rg -l old_api | xargs sed -i 's/old_api/new_api/g'",
    "rg -l old_api src tests | xargs sed -i 's/old_api/new_api/g'",
    "rg -l 'old_api' -g '*.py' | xargs sed -i 's/old_api/new_api/g'",
    "rg -l old_api -t py | xargs -r sed -i 's/old_api/new_api/g'",
    "rg --files-with-matches -w old_api src | xargs sed -i 's/old_api/new_api/g'",
    "rg --files -g '*.py' | xargs wc -l",
    "rg --files src | xargs -n 20 wc -l",
    "grep -rl old_api src | xargs sed -i 's/old_api/new_api/g'",
    "grep -rl 'old_api' src | xargs sed -i 's/old_api/new_api/g'",  # (was kept_denied: undetermined, not a risk)
    "grep -rlw old_api --include='*.py' src tests | xargs sed -i 's/old_api/new_api/g'",
    "grep -Rl old_api web | xargs wc -l",
    "sed -i 's/old_api/new_api/g' $(rg -l old_api)",
    "sed -i 's/old_api/new_api/g' $(grep -rl old_api src)",
    "wc -l $(rg --files -g '*.py')",
    "cd src && rg -l old_api | xargs sed -i 's/old_api/new_api/g'",
    # sed scripts as agents write them: word boundaries, anchors, -e
    "rg -l old_api src | xargs sed -i 's/\\bold_api\\b/new_api/g'",
    "rg -l old_api src | xargs sed -i -e 's/old_api$/new_api/'",
    "rg -l old_api src 2>/dev/null | xargs -r sed -i 's/old_api/new_api/g'",
    # NUL-separated names, read as such
    "rg -l0 old_api | xargs -0 sed -i 's/old_api/new_api/g'",
    "rg -l --null old_api src | xargs -0 wc -l",
    "grep -rlZ old_api src | xargs -0 sed -i 's/old_api/new_api/g'",
    "grep -rl --null old_api src | xargs --null wc -l",
]


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", ALLOWED)
def test_a_search_listing_handed_on_is_allowed(s, command, role):
    assert_allowed(s.bash(command, role=role))


def test_claude_codes_cd_into_the_project_first_is_allowed(s):
    assert_allowed(s.bash(f"cd {s.project} && rg -l old_api | xargs sed -i 's/old_api/new_api/g'"))


def test_a_codex_search_and_replace_is_allowed(s):
    assert_allowed(s.check("Bash", {"command": "rg -l old_api | xargs sed -i 's/old_api/new_api/g'"}, agent="codex",
                           turn_id="t1"))


@pytest.mark.parametrize("command, reason", [
    # the search reads the secret itself (reach.py), before its names are handed on
    ("grep -rl old_api . | xargs sed -i 's/old_api/new_api/g'", "add --exclude=.env"),
    ("rg -l old_api --hidden | xargs sed -i 's/old_api/new_api/g'", "add -g '!.env'"),
    ("rg --files -uu | xargs cat", "deny-path"),
    ("rg -l old_api -g .env | xargs cat", "deny-path"),
    # what is handed on besides the listing is judged as ever
    ("rg -l old_api src | xargs sed -i 's/a/b/' .env", "deny-path"),
    # output that is not names only, names read elsewhere, names rewritten on the way: undetermined
    ("rg -c old_api src | xargs cat", "a search's names are followed"),
    ("rg -l --null old_api src | xargs cat", "a search's names are followed"),  # (NUL-separated, read at blanks)
    ("rg -l old_api src | xargs -0 cat", "a search's names are followed"),
    ("grep -rlZ old_api src | xargs cat", "a search's names are followed"),
    ("sed -i s/a/b/ $(rg -l0 old_api src)", "a search's names are followed"),  # (bash drops the NULs)
    ("rg -l old_api src 2>&1 | xargs cat", "a search's names are followed"),  # (its errors among the names)
    ("rg -l old_api src | xargs sed -i \"s/a/$(touch x)/\"", "could not determine"),
    ("rg -l old_api src <<< x | xargs cat", "a search's names are followed"),
    ("grep -rl --nul old_api src | xargs cat", "a search's names are followed"),
    ("rg -l old_api src | xargs -a list.txt sed -i s/a/b/", "a search's names are followed"),
    ("rg -l old_api src | sed s/app/.env/ | xargs cat", "could not determine"),
    ("rg --pre cat -l old_api src | xargs cat", "a search's names are followed"),
    ("RIPGREP_CONFIG_PATH=rg.conf rg -l old_api src | xargs cat", "could not determine"),
    ("rg -l old_api src; rg -l x | xargs cat", "could not determine"),
    ("grep -l old_api src/app.py | xargs cat", "could not determine"),  # (no -r: not a tree search)
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_the_neighbours_stay_denied(s, command, reason, role):
    assert_denied(s.bash(command, role=role), reason)


def test_a_search_of_the_home_stays_denied(s):
    assert_denied(s.bash("rg -l old_api ~ | xargs cat", role="builder"), "outside the allowed paths")
    assert_denied(s.bash("rg -l old_api ~ | xargs cat", role="open"), "could not determine")
    assert_denied(s.bash("cd ~ && rg -l old_api | xargs cat", role="open"), "could not determine")
    assert_denied(s.bash("cd - && rg -l old_api | xargs cat", role="open"), "could not determine")


def test_a_listed_hook_config_is_not_written(tmp_path):
    setup = GuardSetup(tmp_path, files={"src/app.py": "old_api\n", "opencode.json": '{"plugin": ["OLD_API"]}\n',
                                        "node_modules/x.js": "old_api\n", ".claude/settings.json": "{}\n"})
    for role in ("builder", "open"):
        # every opencode project has an opencode.json: one that cannot hold the pattern is never printed
        assert_allowed(setup.bash("rg -l old_api | xargs sed -i 's/old_api/new_api/g'", role=role))
        assert_allowed(setup.bash("grep -rl old_api . | xargs sed -i 's/old_api/new_api/g'", role=role))
        # one that could hold it is refused: in any case, by a regex, by an inverted search, by any name at all
        for command in ("rg -l -i old_api | xargs sed -i s/a/b/", "rg -l OLD_API | xargs sed -i s/a/b/",
                        "rg -S old_api -l | xargs sed -i s/a/b/", "rg -l 'old.api' | xargs sed -i s/a/b/",
                        "rg -l -v old_api | xargs sed -i s/a/b/", "rg --files | xargs sed -i s/a/b/",
                        "rg -l -e old_api -e plugin | xargs sed -i s/a/b/", "grep -rLi zzz . | xargs sed -i s/a/b/",
                        "grep -rli --exclude-dir node_modules old_api . | xargs sed -i s/a/b/",
                        "grep -rl --include '*.json' plugin . | xargs sed -i s/a/b/"):
            assert_denied(setup.bash(command, role=role), "opencode.json", "protected")
        # listed names copied into a folder holding a hook config could take its name
        for command in ("rg -l old_api src | xargs cp -t .claude/", "rg -l old_api src | xargs -I{} cp {} .claude/",
                        "cp $(rg -l old_api src) .claude/"):
            assert_denied(setup.bash(command, role=role), "named only at run time", "settings.json", "protected")


def test_a_file_ripgrep_could_transcode_is_judged(tmp_path):
    setup = GuardSetup(tmp_path, files={"src/app.py": "old_api\n"})
    with open(setup.path("opencode.json"), "wb") as f:
        f.write("\ufeff{}".encode("utf-16-le"))  # (UTF-16 with its byte-order mark: ripgrep searches it decoded)
    assert_denied(setup.bash("rg -l old_api | xargs sed -i s/a/b/", role="open"), "opencode.json", "protected")


def test_a_link_the_search_passes_is_judged_where_it_leads(tmp_path):
    setup = GuardSetup(tmp_path, files={"src/app.py": "old_api\n", "~/.netrc": "old_api\n"})
    os.symlink(setup.path("~/.netrc"), setup.path("src/n.py"))
    assert_denied(setup.bash("rg -l old_api src | xargs cat", role="open"), "~/.netrc")
    assert_denied(setup.bash("rg -L -l old_api src | xargs cat", role="open"), ".netrc")


def test_a_name_xargs_would_cut_leaves_the_listing_undetermined(tmp_path):
    setup = GuardSetup(tmp_path, files={"lib/a .env": "old_api\n", ".env": "K=1\n"})
    git(setup.project, "init", "-q")
    git(setup.project, "add", "-f", "lib/a .env")
    # read NUL-separated, the name is handed over whole: the file it names is judged
    assert_allowed(setup.bash("rg -l0 old_api lib | xargs -0 cat", role="open"))
    for command in ("rg -l old_api lib | xargs cat", "sed -i s/a/b/ $(rg -l old_api lib)",
                    # the git listings, which cut it the same way (`lib/a` and `.env`, the secret)
                    "git ls-files 'lib/*' | xargs cat", "git diff --name-only -- 'lib/*' | xargs cat",
                    "git grep -l old_api -- 'lib/*' | xargs cat"):
        reason = assert_denied(setup.bash(command, role="open"), "could not determine")
        assert "blank" in reason, reason


def test_a_walk_past_the_limit_stays_undetermined(tmp_path, monkeypatch):
    from legant_guard.hook import searchlisting

    setup = GuardSetup(tmp_path, files={f"src/m{k}.py": "old_api\n" for k in range(12)})
    monkeypatch.setattr(searchlisting, "MAX_NAMES", 10)
    assert_denied(setup.bash("rg -l old_api src | xargs sed -i s/a/b/", role="open"), "search a narrower folder")
    monkeypatch.setattr(searchlisting, "MAX_NAMES", 5000)
    assert_allowed(setup.bash("rg -l old_api src | xargs sed -i s/a/b/", role="open"))
