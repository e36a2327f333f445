"""A realistic multi-language project for the must-allow cases: a git repository holding the
files of every ecosystem the builder's toolchains detect (so the token grants them all), a
`.gitignore`d `.env`, `.env.example` templates, a few commits, a second branch, a stash and an
uncommitted change.

Shared by the shell corpus (families with `"project": "polyglot"`) and the precision tests.
"""

import os
import subprocess

from conftest import GuardSetup

FILES = (
    "pyproject.toml", "requirements.txt", "requirements-dev.txt", "tox.ini", "noxfile.py", "src/app.py",
    "src/util.py", "tests/test_app.py", "package.json", "pnpm-lock.yaml", "tsconfig.json", "src/index.ts",
    "scripts/build.js", "scripts/test.sh", "Cargo.toml", "Cargo.lock", "src/main.rs", "go.mod", "main.go",
    "cmd/server/main.go",
    "pom.xml", "core/pom.xml", "core/src/main/java/App.java", "build.gradle", "gradlew", "CMakeLists.txt",
    "Makefile", "include/x.h", "src/x.c", "Gemfile", "lib/foo.rb", "spec/foo_spec.rb", "README.md",
    "docs/index.md", ".env.example", ".env.sample", ".env.template", ".env.local.example", "data.txt",
)


def _git(project, *args):
    subprocess.run(["git", "-C", project, "-c", "user.email=dev@example.com", "-c", "user.name=dev",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)


# The "polyglot+" project: the same repository as a monorepo with the ecosystems a builder
# meets beyond those (Docker, .NET, PHP, Terraform; pnpm/turbo/nx workspaces; the Maven wrapper).
MORE_FILES = (
    "Dockerfile", "compose.yaml", "src/App.csproj", "infra/main.tf", "composer.json", "src/index.php",
    "packages/web/package.json", "packages/api/package.json", "pnpm-workspace.yaml", "turbo.json", "nx.json",
    "mvnw", "notebooks/a.ipynb",
)


# The "polyglot+agents" project: polyglot+ as the agents keep it, with their own files in it:
# `opencode.json` (every opencode project; protected, it can load code), Claude Code's project
# settings, the instructions files, and Kubernetes manifests.
AGENT_FILES = ("opencode.json", ".claude/settings.json", "AGENTS.md", "CLAUDE.md", "k8s/deployment.yaml",
               "k8s/service.yaml", "charts/app/Chart.yaml", "notebooks/explore.ipynb", "src/App.Tests.cs")


def polyglot_project(root, more=False, agents=False, extra=()):
    """A GuardSetup whose project is the polyglot repository (tokens minted after the files
    exist); `more`: with MORE_FILES too (the "polyglot+" project); `agents`: and AGENT_FILES
    ("polyglot+agents"); `extra`: more file names, written untracked after the commits."""
    from legant_guard import guarddir

    setup = GuardSetup(root)
    project = setup.project
    for name in FILES + (MORE_FILES if more or agents else ()) + (AGENT_FILES if agents else ()):
        path = os.path.join(project, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write("x\n")
    with open(os.path.join(project, ".gitignore"), "w") as f:
        f.write(".env\n.venv/\nbuild/\nnode_modules/\ntarget/\n")
    with open(os.path.join(project, ".env"), "w") as f:
        f.write("API_KEY=secret\n")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "initial")
    for k in range(3):
        with open(os.path.join(project, "src", "app.py"), "a") as f:
            f.write("change %d\n" % k)
        _git(project, "commit", "-qam", "change %d" % k)
    _git(project, "branch", "feature/x")
    with open(os.path.join(project, "src", "util.py"), "a") as f:
        f.write("stashed\n")
    _git(project, "stash", "push", "-q", "-m", "wip", "--", "src/util.py")
    with open(os.path.join(project, "src", "app.py"), "a") as f:
        f.write("uncommitted\n")
    for name in extra:
        os.makedirs(os.path.dirname(os.path.join(project, name)), exist_ok=True)
        with open(os.path.join(project, name), "w") as f:
            f.write("x\n")
    guarddir.init_guard_dir(setup.dir, project, 8 * 3600)
    return setup
