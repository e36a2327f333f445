"""config.linked_locations: where a protected path really lies when it, or a folder on its way,
is a symlink. It memoizes per folder (hundreds of protected paths share their folders); this
compares it with the plain definition, one lstat per component, on real trees with links,
missing folders and doubled slashes."""

import os
import random
import stat

from legant_guard.hook.config import linked_locations


def _plainly(paths):
    """The definition: walk each path's components from the root; at the first symlink its
    real location counts (when it differs), at the first missing one nothing does."""
    out = []
    for path in paths:
        if not path.startswith("/") or "\x00" in path:
            continue
        prefix = ""
        for part in [p for p in path.split("/") if p]:
            prefix += "/" + part
            try:
                is_link = stat.S_ISLNK(os.lstat(prefix).st_mode)
            except OSError:
                break
            if is_link:
                real = os.path.realpath(path)
                if real != os.path.normpath(path):
                    out.append(real)
                break
    return out


def _tree(root):
    (root / "home" / "dotfiles" / "claude").mkdir(parents=True)
    (root / "home" / "dotfiles" / "claude" / "settings.json").write_text("{}")
    (root / "home" / ".claude").symlink_to(root / "home" / "dotfiles" / "claude")
    (root / "proj" / "config").mkdir(parents=True)
    (root / "proj" / "config" / "claude.json").write_text("{}")
    (root / "proj" / ".claude").mkdir()
    (root / "proj" / ".claude" / "settings.json").symlink_to(root / "proj" / "config" / "claude.json")
    (root / "proj" / "plain").mkdir()
    (root / "proj" / "plain" / "file").write_text("")
    (root / "dangling").symlink_to(root / "nowhere")


def test_a_linked_folder_or_file_is_found_where_it_really_lies(tmp_path):
    _tree(tmp_path)
    home, proj = str(tmp_path / "home"), str(tmp_path / "proj")
    found = linked_locations([home + "/.claude/settings.json", proj + "/.claude/settings.json",
                              proj + "/plain/file", proj + "/missing/x/settings.json", "relative/x", "/a\x00b"])
    assert found == [str(tmp_path / "home" / "dotfiles" / "claude" / "settings.json"),
                     str(tmp_path / "proj" / "config" / "claude.json")]


def test_it_agrees_with_the_definition_on_random_paths(tmp_path):
    _tree(tmp_path)
    names = ["home", ".claude", "dotfiles", "claude", "settings.json", "proj", "config", "claude.json",
             "plain", "file", "missing", "dangling", "nowhere"]
    rng = random.Random(7)
    for _ in range(300):
        paths = []
        for _ in range(rng.randint(1, 12)):
            parts = [rng.choice(names) for _ in range(rng.randint(0, 5))]
            path = str(tmp_path) + "".join(("//" if rng.random() < 0.1 else "/") + p for p in parts)
            paths.append(path + ("/" if rng.random() < 0.1 else ""))
        assert sorted(set(linked_locations(paths))) == sorted(set(_plainly(paths))), paths


def test_it_agrees_with_the_definition_while_a_decision_remembers_its_lookups(tmp_path):
    """During a decision the lookups go through hook/paths.py's remembered readlink (shared with
    the path walks and the trust base): the answers must be lstat's, for links, files, folders,
    missing names, names below a file and names no file can have."""
    from legant_guard.hook import paths as hook_paths

    _tree(tmp_path)
    names = ["home", ".claude", "dotfiles", "claude", "settings.json", "proj", "config", "claude.json",
             "plain", "file", "missing", "dangling", "nowhere", "bad\udc80name"]
    rng = random.Random(11)
    hook_paths.begin_call()
    try:
        for _ in range(300):
            paths = [str(tmp_path) + "".join("/" + rng.choice(names) for _ in range(rng.randint(0, 5)))
                     for _ in range(rng.randint(1, 12))]
            assert sorted(set(linked_locations(paths))) == sorted(set(_plainly(paths))), paths
            for path in paths:
                try:
                    expected = stat.S_ISLNK(os.lstat(path).st_mode)
                except (OSError, ValueError):
                    expected = None
                assert hook_paths.is_symlink(path) is expected, path
    finally:
        hook_paths.end_call()
