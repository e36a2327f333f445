"""yamlfiles.load remembers a parse per file identity: an edit is always seen, and no caller
can change what another one gets."""

import os
import time

from legant_guard import yamlfiles


def _settled(path):
    """Date the file 10 s back, so it is not "changed a moment ago" (those are never remembered)."""
    past = time.time() - 10
    os.utime(path, (past, past))


def test_a_parse_is_remembered_and_each_caller_gets_its_own_copy(tmp_path, monkeypatch):
    path = tmp_path / "role.yaml"
    path.write_text("cmds: [ls, cat]\n")
    _settled(path)
    monkeypatch.setattr(yamlfiles, "_RACY_NS", 0)  # the ctime is now; let it be remembered
    first = yamlfiles.load(str(path))
    first["cmds"].append("curl")
    import yaml

    monkeypatch.setattr(yaml, "safe_load", lambda f: (_ for _ in ()).throw(AssertionError("parsed again")))
    assert yamlfiles.load(str(path)) == {"cmds": ["ls", "cat"]}


def test_an_edit_is_read_again_even_with_the_same_size_and_mtime(tmp_path, monkeypatch):
    path = tmp_path / "role.yaml"
    path.write_text("cmds: [ls]\n")
    _settled(path)
    monkeypatch.setattr(yamlfiles, "_RACY_NS", 0)
    assert yamlfiles.load(str(path)) == {"cmds": ["ls"]}
    st = os.stat(path)
    time.sleep(0.05)  # past a coarse timestamp tick: the edit gets another ctime
    path.write_text("cmds: [rm]\n")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert yamlfiles.load(str(path)) == {"cmds": ["rm"]}


def test_a_file_changed_a_moment_ago_is_never_remembered(tmp_path, monkeypatch):
    path = tmp_path / "role.yaml"
    path.write_text("cmds: [ls]\n")
    assert yamlfiles.load(str(path)) == {"cmds": ["ls"]}
    calls = []
    import yaml

    real = yaml.safe_load
    monkeypatch.setattr(yaml, "safe_load", lambda f: calls.append(1) or real(f))
    assert yamlfiles.load(str(path)) == {"cmds": ["ls"]}
    assert calls == [1]
