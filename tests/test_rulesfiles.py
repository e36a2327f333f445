"""The parsed rules files kept beside them (legant_guard/rulesfiles.py): the cache gives back
exactly what the JSON holds, and never outlives an edit, a replacement or damage."""

import json
import os
import sys

from legant_guard import rulesfiles
from legant_guard.resources import data_dir

from conftest import GuardSetup, assert_denied

CATALOGUES = ("exec_sinks.json", "tripwires.json", "secret_readers.json", "readonly_commands.json")


def _cache(folder, name):
    return os.path.join(folder, "__pycache__", "%s.%s.marshal" % (name, sys.implementation.cache_tag))


def _rules(tmp_path, doc):
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "x.json").write_text(json.dumps(doc))
    return str(folder)


def test_every_shipped_catalogue_loads_as_its_json_with_and_without_the_cache(tmp_path):
    for name in CATALOGUES:
        with open(os.path.join(data_dir("rules"), name), "rb") as f:
            expected = json.loads(f.read())
        folder = tmp_path / name
        folder.mkdir()
        (folder / name).write_bytes(open(os.path.join(data_dir("rules"), name), "rb").read())
        assert rulesfiles.load(name, str(folder)) == expected  # parsed, cache written
        assert os.path.exists(_cache(str(folder), name))
        assert rulesfiles.load(name, str(folder)) == expected  # from the cache


def test_the_cache_is_what_a_second_load_reads(tmp_path):
    folder = _rules(tmp_path, {"a": [1, "two", None, True, 1.5, {"b": []}]})
    first = rulesfiles.load("x.json", folder)
    cache = _cache(folder, "x.json")
    data = open(cache, "rb").read()
    key, _, body = data.partition(b"\n")
    # A cache with the same key but other content is what is returned: the file was not parsed.
    import marshal

    with open(cache, "wb") as f:
        f.write(key + b"\n" + marshal.dumps({"from": "cache"}))
    assert rulesfiles.load("x.json", folder) == {"from": "cache"}
    assert first == {"a": [1, "two", None, True, 1.5, {"b": []}]}


def test_an_edited_file_is_parsed_again_even_with_the_same_size_and_mtime(tmp_path):
    folder = _rules(tmp_path, {"program": "curl"})
    assert rulesfiles.load("x.json", folder) == {"program": "curl"}
    path = os.path.join(folder, "x.json")
    before = os.stat(path)
    with open(path, "w") as f:
        f.write(json.dumps({"program": "wget"}))  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime set back; ctime is not
    assert os.stat(path).st_size == before.st_size
    assert rulesfiles.load("x.json", folder) == {"program": "wget"}


def test_a_replaced_file_is_parsed_again(tmp_path):
    folder = _rules(tmp_path, {"v": 1})
    assert rulesfiles.load("x.json", folder) == {"v": 1}
    other = os.path.join(folder, "y.json")
    with open(other, "w") as f:
        f.write(json.dumps({"v": 2}))
    os.replace(other, os.path.join(folder, "x.json"))
    assert rulesfiles.load("x.json", folder) == {"v": 2}


def test_a_damaged_or_foreign_cache_is_ignored_and_rewritten(tmp_path):
    folder = _rules(tmp_path, {"v": [1, 2]})
    rulesfiles.load("x.json", folder)
    cache = _cache(folder, "x.json")
    key = open(cache, "rb").read().partition(b"\n")[0] + b"\n"
    for bad in (b"", b"garbage", key + b"\xff\xfe", key[:-5], key + b"\x00"):
        with open(cache, "wb") as f:
            f.write(bad)
        assert rulesfiles.load("x.json", folder) == {"v": [1, 2]}
    assert open(cache, "rb").read().startswith(key)


def test_a_symlinked_cache_is_not_followed(tmp_path):
    folder = _rules(tmp_path, {"v": "real"})
    import marshal

    rulesfiles.load("x.json", folder)
    cache = _cache(folder, "x.json")
    key = open(cache, "rb").read().partition(b"\n")[0] + b"\n"
    planted = tmp_path / "planted"
    planted.write_bytes(key + marshal.dumps({"v": "planted"}))
    os.unlink(cache)
    os.symlink(planted, cache)
    assert rulesfiles.load("x.json", folder) == {"v": "real"}


def test_a_cache_that_cannot_be_written_still_loads(tmp_path):
    folder = _rules(tmp_path, {"v": 3})
    with open(os.path.join(folder, "__pycache__"), "w") as f:
        f.write("a file where the cache folder would be")
    assert rulesfiles.load("x.json", folder) == {"v": 3}
    assert rulesfiles.load("x.json", folder) == {"v": 3}
    assert os.path.isfile(os.path.join(folder, "__pycache__"))


def test_a_missing_file_is_an_error_as_before(tmp_path):
    folder = _rules(tmp_path, {})
    try:
        rulesfiles.load("missing.json", folder)
    except FileNotFoundError:
        pass
    else:
        raise AssertionError("a missing rules file must not load")


def test_the_trust_base_check_hashes_the_json_not_the_cache(tmp_path):
    """A cache written by earlier calls is not a rules file added since `legant guard init`
    recorded the hashes: calls after it are decided as before (the catalogue's tripwire fires,
    no "was added" deny)."""
    from legant_guard.hook.trustbase import _catalogue_files

    setup = GuardSetup(tmp_path)
    for _ in range(2):  # the first call may write the caches, the second reads them
        assert_denied(setup.bash("rm -rf /", role="operator"), "tripwire recursive-delete-critical")
    assert os.path.exists(_cache(data_dir("rules"), "tripwires.json"))
    listed = [rel for rel, _ in _catalogue_files(data_dir("rules"))]
    assert "tripwires.json" in listed and not any("__pycache__" in rel for rel in listed)
