"""Differential tests of the per-call shortcuts of the path pipeline (hook/paths.py, engine.py):
each shortcut must give what the general code gives, on random trees of files, folders,
symlinks (relative, absolute, dangling, looping, through `..`) and hard links."""

import os
import random

import pytest

from legant_guard.hook import paths


def _random_tree(root, rng):
    """A small tree under `root` with every kind of entry path resolution meets."""
    names = ["a", "b", "c", ".env", "x.txt"]
    folders = [root]
    for _ in range(rng.randint(3, 9)):
        folder = os.path.join(rng.choice(folders), rng.choice(names))
        if not os.path.lexists(folder):
            os.mkdir(folder)
            folders.append(folder)
    files = []
    for _ in range(rng.randint(2, 8)):
        path = os.path.join(rng.choice(folders), rng.choice(names))
        if not os.path.lexists(path):
            with open(path, "w") as f:
                f.write("x")
            files.append(path)
    for _ in range(rng.randint(2, 8)):
        path = os.path.join(rng.choice(folders), rng.choice(names))
        if os.path.lexists(path):
            continue
        kind = rng.random()
        if kind < 0.3 and files:
            os.link(rng.choice(files), path)  # a hard link: a file with two names
        elif kind < 0.5:
            os.symlink(rng.choice(["..", "../..", "a", "missing", "a/b", path]), path)  # relative, dangling, a loop
        else:
            os.symlink(rng.choice(folders + files + [root + "/nowhere", "/etc", "/proc/self"]), path)
    return names + ["..", ".", "missing"]


def _random_path(root, names, rng):
    words = [rng.choice(names) for _ in range(rng.randint(1, 6))]
    return rng.choice([root + "/", "", root + "//"]) + "/".join(words) + rng.choice(["", "", "/"])


def test_a_path_the_walk_found_missing_fails_a_stat(tmp_path):
    # Protected.linked_to skips its stat for the paths path_variants found missing: that must
    # only ever be a path a stat cannot open (then it is not another name of a protected file).
    rng = random.Random(41)
    absent_seen = present_seen = 0
    for n in range(60):
        root = str(tmp_path / f"t{n}")
        os.mkdir(root)
        names = _random_tree(root, rng)
        paths.begin_call()
        try:
            for _ in range(80):
                path = _random_path(root, names, rng)
                try:
                    real = paths.path_variants(path, root, root)[-1]
                except paths.UnresolvablePath:
                    continue
                if paths.known_absent(real):
                    absent_seen += 1
                    with pytest.raises(OSError):
                        os.stat(real)
                else:
                    present_seen += 1
        finally:
            paths.end_call()
    assert absent_seen > 500 and present_seen > 500  # (both sides were exercised)


def test_nothing_is_known_absent_outside_a_call(tmp_path):
    paths.begin_call()
    paths.path_variants(str(tmp_path / "nowhere" / "x"), "/", "/")
    assert paths.known_absent(str(tmp_path / "nowhere" / "x"))
    paths.end_call()
    assert not paths.known_absent(str(tmp_path / "nowhere" / "x"))
    paths.begin_call()  # a new call starts with nothing known (a file made since then is seen)
    assert not paths.known_absent(str(tmp_path / "nowhere" / "x"))
    paths.end_call()


def test_proc_self_paths_are_never_known_absent():
    paths.begin_call()
    try:
        for path in ("/proc/self/status", "/proc/self/nothing-here", "/proc/thread-self/comm", "/dev/stdin"):
            try:
                real = paths.path_variants(path, "/", "/")[-1]
            except paths.UnresolvablePath:
                continue
            assert not paths.known_absent(real), path
    finally:
        paths.end_call()


def test_a_hard_link_to_a_protected_file_is_found_with_and_without_the_shortcut(tmp_path):
    from legant_guard.hook.engine import Protected

    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "key.pem").write_text("k")
    proj = tmp_path / "proj"
    proj.mkdir()
    os.link(guard / "key.pem", proj / "k")
    os.symlink(proj, tmp_path / "via")
    protected = Protected([str(guard)], str(tmp_path), literal=True)
    for spelled in ("proj/k", "via/k", "via/../proj/k", "proj/missing/../k"):
        paths.begin_call()
        try:
            real = paths.path_variants(spelled, str(tmp_path), str(tmp_path))[-1]
            assert protected.linked_to(real) == str(guard / "key.pem"), spelled
        finally:
            paths.end_call()
        assert protected.linked_to(real) == str(guard / "key.pem"), spelled  # (no call: always a stat)


# -- the literal runs a glob's component rules paths out by (PathRule needles, RuleSet tails)

def test_every_name_a_component_matches_holds_its_literal_runs():
    from legant_guard.hook.paths import _literal_runs, wildcard_match

    rng = random.Random(7)
    atoms = ["a", "e", "n", "v", ".", "*", "?", "[a]", "[!a]", "[^e]", "[]a]", "[[:alpha:]]", "[[:digit:]]", "[a-e]",
             "[[=e=]]", "[", "]", "\\"]
    chars = "aenv.1]["
    for _ in range(20000):
        segment = "".join(rng.choice(atoms) for _ in range(rng.randint(1, 5)))
        name = "".join(rng.choice(chars) for _ in range(rng.randint(0, 6)))
        if wildcard_match(segment, name):
            for run in _literal_runs(segment):
                assert run in name, (segment, name, run)


def test_a_deny_glob_with_a_posix_class_names_the_file(tmp_path):
    from conftest import GuardSetup, assert_allowed, assert_denied

    setup = GuardSetup(tmp_path)
    with open(os.path.join(setup.dir, "overlay.json"), "w") as f:
        f.write('{"deny_paths": ["**/.[[:alpha:]]nv", "**/id_[[:lower:]]sa"]}')
    assert_denied(setup.check("Read", {"file_path": os.path.join(setup.project, "sub", ".env")}), "deny-path")
    assert_denied(setup.bash("cat sub/id_rsa"), "deny-path")
    assert_allowed(setup.bash("cat sub/id_1sa sub/.1nv"))


# -- RuleSet: folder and name memos against the general lookup

def _reference_first_match(index, probe):
    """RuleSet.first_match by its definition: the plain rule at the highest of the probe's
    folders (or the probe itself), from / down, then every glob in order."""
    if index.plain:
        if "/" in index.plain:
            return index.plain["/"]
        end = probe.find("/", 1)
        while True:
            prefix = probe if end == -1 else probe[:end]
            if prefix in index.plain:
                return index.plain[prefix]
            if end == -1:
                break
            end = probe.find("/", end + 1)
    return next((rule for rule in index.globs if rule.matches_prepared(probe)), None)


@pytest.mark.parametrize("fold", [True, False])
def test_ruleset_memos_agree_with_the_general_lookup(fold):
    from legant_guard.hook.paths import PathRule, RuleSet, fold_path

    rng = random.Random(23 + fold)
    names = ["a", "b", ".env", ".ENV", ".env.x", "x.toml", "mise.a.toml", "config", ".git", "hooks", "id_rsa", "p[1]"]
    patterns = names + ["*", "**", ".env.*", "*.toml", "mise.*.toml", "?", "[ab]", ".[[:alpha:]]nv", "**", "**"]
    for _ in range(150):
        sources = []
        for _ in range(rng.randint(1, 10)):
            words = [rng.choice(patterns if rng.random() < 0.6 else names) for _ in range(rng.randint(0, 4))]
            sources.append(rng.choice(["/", "/p/", "~/", ""]) + "/".join(words))
        rules = [PathRule(src or "/", "/p", "/h", fold=fold) for src in sources]
        index = RuleSet(rules, fold=fold)
        folders = ["/" + "/".join(rng.choice(names) for _ in range(rng.randint(0, 4))) for _ in range(6)] + ["/p", "/h"]
        for n in range(120):  # (past the first RuleSet.TAILS_AFTER lookups, which take the general way)
            probe = rng.choice(folders).rstrip("/") + "/" + "/".join(rng.choice(names) for _ in range(rng.randint(1, 3)))
            if n % 17 == 0:
                probe = rng.choice(["/", "/a", "/p", "//a", "/a/", "/" + "/".join(["d"] * 70) + "/.env",
                                    "/p/" + "/".join(["d"] * 200)])
            probe = fold_path(probe) if fold else probe
            expected = _reference_first_match(index, probe)
            assert index.first_match(probe, probe) is expected, (sources, probe)
            assert (expected is None) == (not any(r.matches_prepared(probe) for r in rules)), (sources, probe)


# -- one union for the protected paths, the deny side and the trust base's written sets

def test_a_path_found_clear_of_the_protected_union_meets_none_of_the_written_sets(tmp_path):
    # Protected.quiet remembers (TrustBase.clear) the paths its union, which then holds the trust
    # base's written sets too, found clear: TrustBase._may_be_judged answers them without a
    # lookup. Each must meet none of the four sets, asked one by one.
    from legant_guard.hook.engine import Protected
    from legant_guard.hook.paths import PathRule, RuleSet, fold_path
    from legant_guard.hook.trustbase import TrustBase

    home, project = str(tmp_path / "home"), str(tmp_path / "proj")
    site = str(tmp_path / "site-packages")
    rng = random.Random(3)
    places = [home, project, project + "/.git", project + "/.git/hooks", home + "/.config/git", site,
              site + "/legant_guard", project + "/sub/.git", "/etc", "/usr/bin"]
    names = [".bashrc", ".BASHRC", ".profile", ".zshenv", "config", "CONFIG", "pre-commit", "a.py", ".envrc",
             "mise.toml", "mise.local.toml", ".gitconfig", "hooks", "x", "legant", ".env", "key.pem"]
    for round_ in range(4):
        trust = TrustBase(home, {"PATH": "/usr/bin:/bin"}, project, entries=[("package", site + "/legant_guard")])
        protected = Protected([home + "/.ssh", project + "/.claude/settings.json"], home, trust=trust, literal=True)
        deny = RuleSet([PathRule(p, project, home, fold=True) for p in ("**/.env", "~/.aws")], fold=True)
        paths.begin_call()
        try:
            trust._may_be_judged(("/nowhere",))  # a write was judged: the union takes the written sets in
            clear = 0
            for _ in range(400):
                path = rng.choice(places) + "/" + "/".join(rng.choice(names) for _ in range(rng.randint(1, 3)))
                variants = paths.path_variants(path, "/", home)
                protected.quiet([fold_path(v) for v in variants], deny, variants)
                if variants in trust.clear:
                    clear += 1
                    for written in (trust.installation, trust.git_hooks, trust.startup, trust.git_config):
                        assert written.hit(variants) is None, (path, written.rules)
                    assert protected.hit(variants) is None and all(deny.first_match(v) is None for v in variants)
            assert clear > 100  # (the shortcut was taken)
        finally:
            paths.end_call()


@pytest.mark.parametrize("target,reason", [
    ("~/.bashrc", "a shell start-up file"), ("~/.BashRC", "a shell start-up file"),
    (".git/hooks/pre-commit", "hook"), (".git/config", "is denied"),
    ("~/.gitconfig", "a git configuration file"),
])
def test_writes_after_hundreds_of_paths_still_meet_the_written_sets(tmp_path, target, reason):
    from conftest import GuardSetup, assert_denied

    s = GuardSetup(tmp_path, files={"src/a.py": "x\n", ".git/": "", "~/.bashrc": "x\n", "~/.gitconfig": "[user]\n"})
    pad = " && ".join(f"mkdir -p out/d{i} && cp src/a.py out/d{i}/ && grep x src/a.py out/d{i}/a.py" for i in range(12))
    text = "'[core]\\n\\thooksPath = /tmp/h\\n'" if "config" in target.lower() else "'export LEGANT_GUARD=off'"
    assert_denied(s.bash(f"{pad} && printf {text} >> {target}", role="open"), reason)


def test_destinations_abs_is_normpath_of_join_of_expanduser():
    from legant_guard.hook.destinations import _abs

    rng = random.Random(11)
    pieces = ["a", "b", ".", "..", "", "~", "~x", "/", "c d", "..."]
    for _ in range(5000):
        path = "/".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
        cwd = rng.choice(["/", "/w", "/w/", "", "/w/p/..", "//w"])
        assert _abs(path, cwd) == os.path.normpath(os.path.join(cwd, os.path.expanduser(path))), (path, cwd)


def test_a_copys_place_is_normpath_of_join_of_basename():
    from legant_guard.hook.destinations import _abs
    from legant_guard.hook.madelinks import copy_place

    rng = random.Random(13)
    pieces = ["a", "b", ".", "..", "", "~", "/", "..."]
    for _ in range(5000):
        dest = _abs("/".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))), rng.choice(["/", "/w", "//w"]))
        source = _abs("/".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))), rng.choice(["/", "/w", "//w"]))
        expected = os.path.normpath(os.path.join(dest, os.path.basename(source.rstrip("/"))))
        assert copy_place(dest, source) == expected, (dest, source)


def test_a_tripwires_program_patterns_match_as_the_matcher_does():
    # shell/tripwires._names_match rules a pattern out by its literal start before matching.
    from legant_guard.hook.paths import wildcard_match
    from legant_guard.shell.tripwires import _names_match

    rng = random.Random(19)
    atoms = ["m", "k", "f", "s", ".", "*", "?", "[mk]", "\\\\", "\\\\*", "_"]
    for _ in range(3000):
        names = ["".join(rng.choice(atoms) for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(1, 4))]
        for _ in range(10):
            exe = "".join(rng.choice("mkfs._*\\\\") for _ in range(rng.randint(0, 6)))
            special = [n for n in names if any(c in n for c in "*?[\\\\")]  # (the matcher's, as before)
            expected = exe in set(names) - set(special) or any(wildcard_match(n, exe, escapes=True) for n in special)
            assert _names_match(list(names), exe) == expected, (names, exe)
