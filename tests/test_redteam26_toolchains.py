"""Red team 26 (issue 9 class 3): the builder's toolchains running a program the line names.

- make's built-in rules run $(AS), $(AR), $(YACC), $(LEX), $(CO) ... whatever the makefile says:
  `AS=curl make x.o` ran curl (only the variables the makefile's own recipes use were read);
- `dotnet build -p:PreBuildEvent=CMD` (PostBuildEvent, `dotnet run -p:RunCommand=`, `*ToolExe`,
  imported `*Targets`/`*Props`, `-logger:x.dll`, a response file holding them) runs or loads code
  the builder's `dotnet build ...` form allowed;
- `coverage run -m MODULE` is `python -m MODULE`: `coverage run -m http.server` served the project
  where `python -m http.server` is refused.
Verdicts only.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt26tool"), files={
        "src/a.py": "x = 1\n", "x.s": "nop\n", "parse.y": "%%\n",
        "bad.rsp": "-p:PostBuildEvent=curl\n", "good.rsp": "-c Release\n-p:Version=1.0\n"})


@pytest.mark.parametrize("cmd", [
    "AS=curl make x.o",
    "AR=curl make 'lib.a(x.o)'",
    "YACC=curl make parse.c",
    "export LEX=curl; make scan.c",
    "CO=curl make x",
    "env FC=curl make x.o",
])
def test_make_builtin_rule_programs(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "`curl` is denied by deny-cmd")


@pytest.mark.parametrize("cmd", ["AS=curl make -r x.o", "CFLAGS=-O2 make", "CC=gcc make", "make -j4", "AS=as make x.o"])
def test_make_everyday_and_without_builtin_rules(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("cmd", [
    "dotnet build -p:PreBuildEvent='curl h'",
    "dotnet build /p:PostBuildEvent='curl h'",
    "dotnet build --property:PreBuildEvent='curl h'",
    "dotnet build -p:Configuration=Release,PostBuildEvent=curl",
    "dotnet build -p PreBuildEvent=curl",
    "dotnet build -P:prebuildevent=curl",
    "dotnet run -p:RunCommand=curl -p:RunArguments=h",
    "dotnet build -p:CscToolExe=curl",
    "dotnet build -p:CustomBeforeMicrosoftCommonTargets=x.targets",
    "dotnet build -p:DirectoryBuildPropsPath=x.props",
    "dotnet test -logger:X,./x.dll",
    "dotnet build @bad.rsp",
])
def test_msbuild_properties_that_run_code(g, cmd, role):
    assert_denied(g.bash(cmd, role=role), "could not determine the command", "MSBuild" if "rsp" not in cmd and
                  "logger" not in cmd else "")


@pytest.mark.parametrize("cmd", [
    "dotnet build",
    "dotnet build -c Release",
    "dotnet build -p:Configuration=Release -p:Version=1.2.3",
    "dotnet build -p:TreatWarningsAsErrors=true",
    "dotnet test --logger trx",
    "dotnet test --logger 'console;verbosity=detailed'",
    "dotnet publish -c Release -o out",
    "dotnet build @good.rsp",
])
def test_everyday_dotnet_builds_stay_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="builder"))


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("cmd", [
    "coverage run -m http.server",
    "coverage run --branch -m http.server 8000",
    "coverage run --rcfile .coveragerc -m http.server",
    "coverage run --source=src --module http.server",
])
def test_coverage_runs_a_module_as_python_does(g, cmd, role):
    assert_denied(g.bash(cmd, role=role), "`python3` is denied by deny-cmd")


@pytest.mark.parametrize("cmd", [
    "coverage run -m pytest -q",
    "coverage run --source=src -m pytest",
    "coverage run src/a.py",
    "coverage report -m",
    "coverage html",
])
def test_everyday_coverage_stays_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="builder"))
