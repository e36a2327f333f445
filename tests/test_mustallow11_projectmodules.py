"""Must-allow: `python -m NAME` for a module of the project itself (hook/projectmodules.py), and the
framework commands of Rails and Prisma projects the corpus met.

`python -m app` in a folder holding `app.py` (or `mypkg/__init__.py` for `-m mypkg.cli`) runs that
file: `-m` puts the working folder first on Python's path. The toolchain allows `-m` only for the
tools it names, as `-m` loads any installed module (`pip`, `http.server`); a module of the project
is the project's code, as `python app.py` is. A name the working folder does not hold as a regular
module (a namespace folder, a link, another spelling), `-P`/`-I`/PYTHONSAFEPATH (the folder off
the path) and options that take values keep the refusal. Rails' database tasks, generators and
server join `rails test` (as `php artisan migrate`/`make:*`); Prisma's client generation and
migrations and Astro/SvelteKit builds join the npx forms. Verdicts only: nothing is executed.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    from legant_guard import guarddir

    setup = GuardSetup(tmp_path_factory.mktemp("mustallow11_pymod"), files={
        "pyproject.toml": "[project]\n", "app.py": "print(1)\n", "mypkg/__init__.py": "", "mypkg/__main__.py": "x\n",
        "mypkg/cli.py": "x\n", "src/inner/__init__.py": "", "nsdir/x.py": "", ".env": "K=1\n",
        "Gemfile": "source 'https://rubygems.org'\n", "package.json": "{}\n"})
    os.symlink(os.path.join(setup.project, "app.py"), setup.path("linked.py"))
    guarddir.init_guard_dir(setup.dir, setup.project, 8 * 3600)
    return setup


@pytest.mark.parametrize("command", [
    "python -m app", "python3 -m mypkg", "python3 -m mypkg.cli --help", "python -u -m app", "python -B -m app",
    "cd src && python -m inner", "uv run python -m app", "poetry run python -m mypkg", ".venv/bin/python -m app",
    "python -m app 2>&1 | tail -20",
])
def test_a_module_of_the_project_runs_as_its_script_would(s, command):
    assert_allowed(s.bash(command))


@pytest.mark.parametrize("command, reason", [
    ("python -P -m app", "forms of `python`"),  # -P: the working folder is not on the path
    ("python -I -m app", "forms of `python`"),
    ("PYTHONSAFEPATH=1 python -m app", "forms of `python`"),
    ("python -X importtime -m app", "forms of `python`"),
    ("python -m nsdir", "forms of `python`"),  # a namespace folder: a regular module elsewhere wins
    ("python -m linked", "forms of `python`"),  # a link: its target runs
    ("python -m App", "forms of `python`"),  # another spelling: a case-insensitive disk finds app.py, Python does not
    ("python -m json", "forms of `python`"),
    ("python -m pip install requests", "add it to pyproject.toml"),
    ("cd src && python -m app", "forms of `python`"),  # not in that folder
    ("python -m app && cat .env", "denied by deny-path"),
])
def test_other_modules_keep_the_refusal(s, command, reason):
    assert_denied(s.bash(command), reason)


def test_open_keeps_its_deny_list(s):
    assert_denied(s.bash("python -m http.server", role="open"), "denied by deny-cmd")


@pytest.mark.parametrize("command", [
    "bundle exec rails db:migrate", "bin/rails db:migrate", "bundle exec rails generate model Post title:string",
    "rails s", "bin/rails routes", "rails db:rollback", "rails db:seed",
    "npx prisma generate", "npx prisma migrate dev --name init", "npx prisma db push", "npx astro build",
    "npx svelte-kit sync", "npx svelte-check --tsconfig ./tsconfig.json",
])
def test_framework_commands_are_allowed(s, command):
    assert_allowed(s.bash(command))


@pytest.mark.parametrize("command, reason", [
    ("rails runner 'puts 1'", "forms of `rails`"), ("rails console", "forms of `rails`"),
    ("rails dbconsole", "forms of `rails`"), ("npx prisma studio", "forms of `npx`"),
    ("npx prisma db execute --file x.sql", "forms of `npx`"), ("npx prisma@5 generate", "forms of `npx`"),
])
def test_their_code_running_forms_stay_denied(s, command, reason):
    assert_denied(s.bash(command), reason)
