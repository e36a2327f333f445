"""A Codex reviewer reads through its shell (hook/readonly.py): a sed script that only prints
lines by number or by pattern (`sed -n '/def main/,/^$/p'`) is a read, while any sed command
that writes, reads another file or runs a program stays out, however it is tucked in."""

import pytest

from legant_guard.hook.readonly import prints_only


@pytest.mark.parametrize("script", [
    "/def main/,/^$/p", "10,+5p", "/TODO/p", "1,40p", "$p", "p", r"/a\/b/p", "/x/I,/y/p", "/x/!p", "1p;/y/p",
    "/x/,~4p", "1p\n/y/p",
])
def test_print_only_scripts(script):
    assert prints_only(script)


@pytest.mark.parametrize("script", [
    "/x/w out", "/x/p;w out", "s/a/b/", "/x/e", "1e", "/x/r f", "pw", "/x/", "/unterminated p", "/x/pw x", "1,40p x",
    r"\%x%p", "/x/{p}", "/x/P", "/[/]p", "/x/p;1e id", "/x/p\nw out", "/x/ s/a/b/w f", "0~3 W out", "/x/,/y/R f",
])
def test_scripts_that_do_more_than_print(script):
    assert not prints_only(script)
