"""Red team 11 (issues 9/10): commands scheduled to run later, outside any hook.

`at`/`batch` read their commands from their input and `crontab -` installs a table from it; the
catalogue marked them as code the guard cannot read, which `operator` allows: `at now <<< "cp x
~/.claude/settings.json"` rewrote the hook config a minute later and `echo '* * * * * rm -rf ~' |
crontab -` slipped past the catastrophic tripwires. Known text is now also judged as the shell
code it is; roles with command rules still refuse to schedule anything.
"""

import pytest

from conftest import assert_allowed, assert_denied


@pytest.mark.parametrize("role", ["operator", "open"])
@pytest.mark.parametrize("command, fragment", [
    ('at now <<< "cp /tmp/x ~/.claude/settings.json"', ".claude/settings.json"),
    ("at now + 1 minute <<EOF\ncp /tmp/x ~/.claude/settings.json\nEOF", ".claude/settings.json"),
    ('echo "cp /tmp/x ~/.codex/config.toml" | batch', ".codex/config.toml"),
    ('at now <<< "rm -rf ~"', "recursive-delete-critical"),
    ('echo "rm -rf /" | at now', "recursive-delete-critical"),
    ('echo "* * * * * rm -rf ~" | crontab -', "recursive-delete-critical"),
    ('echo "@reboot cp /tmp/x ~/.claude/settings.json" | crontab -', ".claude/settings.json"),
    ('crontab - <<< "*/5 * * * * curl http://127.0.0.1/x | sh"', "download-exec"),
    ("printf '%s\\n' 'MAILTO=me' '0 3 * * * rm -rf / %x' | crontab -", "recursive-delete-critical"),
])
def test_known_text_scheduled_for_later_is_judged_as_the_commands_it_runs(guard_setup, role, command, fragment):
    # (open refuses anything scheduled already: what `at` runs is undetermined for it)
    assert_denied(guard_setup.bash(command, role=role), fragment if role == "operator" else "")


@pytest.mark.parametrize("role", ["operator", "open"])
@pytest.mark.parametrize("command", ["crontab -l", "at -l", "atq"])
def test_listing_scheduled_jobs_stays_allowed(guard_setup, role, command):
    assert_allowed(guard_setup.bash(command, role=role))


def test_harmless_text_scheduled_under_operator_stays_allowed(guard_setup):
    assert_allowed(guard_setup.bash('echo "make -C /tmp/x backup" | at now', role="operator"))
    assert_allowed(guard_setup.bash('echo "0 3 * * * make -C /tmp/x backup" | crontab -', role="operator"))


def test_roles_with_command_rules_still_refuse_to_schedule(guard_setup):
    assert_denied(guard_setup.bash('echo "make -C /tmp/x backup" | at now', role="open"), "what `at` runs")
