"""The hook-path JSON/hash/base64 shims must behave exactly like the standard modules."""

import base64
import hashlib
import json

import pytest

from legant_guard import fastjson

DOCS = [{"b": [1, 2.5, None, True, False, "é\u2028x\"\\\n\x00"], "a": {"z": -3, "y": ""}}, [], {}, "s", 0, 1e100,
        [{"k": "v"}] * 3, {"nested": [[[[]]]]}, 10 ** 30]


@pytest.mark.parametrize("doc", DOCS)
def test_dumps_is_byte_identical_to_json(doc):
    for sort_keys in (True, False):
        for sep in ((",", ":"), (", ", ": ")):
            assert fastjson.dumps(doc, sort_keys=sort_keys, separators=sep) == json.dumps(doc, sort_keys=sort_keys, separators=sep)


@pytest.mark.parametrize("doc", DOCS)
def test_loads_round_trips(doc):
    assert fastjson.loads(json.dumps(doc)) == doc
    assert fastjson.loads(json.dumps(doc).encode()) == doc


@pytest.mark.parametrize("bad", ["{", "{not json", "{\"a\":1", "\"abc", "[1,]", "NaN", "Infinity", "-Infinity", "1 2", "", "   ", "{'a':1}", '{"a":1}x',
                                 "\ufeff{}", '{"a":"\x01"}', b"\xff\xfe{}"])
def test_loads_rejects_what_is_not_strict_json(bad):
    with pytest.raises(ValueError):
        fastjson.loads(bad)


def test_nan_is_not_serialised():
    with pytest.raises(ValueError):
        fastjson.dumps(float("nan"))


def test_base64url_and_sha256_match_the_standard_modules():
    for n in range(40):
        data = bytes(range(n))
        encoded = fastjson.b64url_encode(data)
        assert encoded == base64.urlsafe_b64encode(data).rstrip(b"=").decode()
        assert fastjson.b64url_decode_raw(encoded) == data
    assert fastjson.sha256(b"legant").hexdigest() == hashlib.sha256(b"legant").hexdigest()
    assert fastjson.compare_digest(b"a", b"a") and not fastjson.compare_digest(b"a", b"b")
