"""The project behind tests/shell_corpus/must_allow_trust*.json: everyday work next to the trust base.

The "polyglot+agents" repository (tests/polyglot.py) as a developer really keeps it: the
PROJECT's own virtual environment (`.venv`, a real venv, with a `pip` script in its `bin/`),
`node_modules` with a package and its `.bin`, the archives, patches and trees that everyday
unpacking, patching and copying reads (built for real, so the guard lists their members), a
second work tree's branch, and a home holding the agents' user configurations and start-up
files. The guard itself stays installed in the venv that runs the tests, outside the project.
"""

import io
import os
import subprocess
import sys
import tarfile
import zipfile

from polyglot import polyglot_project

# Files of ordinary trees the commands copy, sync, install and unpack into.
TREE_FILES = (
    "templates/base.html", "templates/pages/index.html", "static/css/site.css", "third_party/README",
    "script.sh", "tools/gen.sh", "build/app.js", "build/app.css", "build/sub/x.js", "out/.keep",
    "dist/.keep", "assets/logo.svg", "vendor/lib/util.py", "migrations/0001_init.sql", "config/app.yaml",
    "conf/nginx.conf", "setup.cfg", "Makefile.local", "docs/api.md", "stage/index.html", "stage/js/app.js",
    "stage/.htaccess", "bin/.keep", "tools/bin/.keep", "patches/.keep",
)

HOME_FILES = {
    "~/.claude/settings.json": '{"hooks": {}}\n',
    "~/.claude/CLAUDE.md": "# my notes\n",
    "~/.codex/config.toml": 'model = "gpt-5"\n',
    "~/.bashrc": "# bashrc\nalias ll='ls -l'\n",
    "~/.zshrc": "# zshrc\n",
    "~/.profile": "# profile\n",
    "~/.gitconfig": "[user]\n\tname = dev\n",
    "~/.config/opencode/opencode.json": "{}\n",
    "~/notes/todo.md": "- x\n",
    "~/Downloads/dataset.tar.gz": None,  # an archive outside the project, built below
}

PATCH = """diff --git a/src/util.py b/src/util.py
--- a/src/util.py
+++ b/src/util.py
@@ -1 +1,2 @@
 x
+y
"""

DIFF = """--- a/docs/index.md
+++ b/docs/index.md
@@ -1 +1,2 @@
 x
+more docs
"""


def _write(path, text="x\n"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def _tar(path, members, mode="w:gz"):
    """A tar archive holding `members` ({name: text}, a name ending in `/` is a folder)."""
    with tarfile.open(path, mode) as tar:
        for name, text in members.items():
            info = tarfile.TarInfo(name.rstrip("/"))
            if name.endswith("/"):
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            else:
                data = text.encode()
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as z:
        for name, text in members.items():
            z.writestr(name, text)


def _cpio_newc(path, members):
    """A cpio archive in the newc format (`cpio -o -H newc`), which the guard lists."""
    out = bytearray()
    for ino, (name, text) in enumerate(list(members.items()) + [("TRAILER!!!", "")], start=1):
        data, raw = text.encode(), name.encode() + b"\0"
        mode = 0o100644 if name != "TRAILER!!!" else 0
        fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(raw), 0]
        out += b"070701" + b"".join(b"%08X" % v for v in fields) + raw
        out += b"\0" * (-len(out) % 4) + data
        out += b"\0" * (-len(out) % 4)
    with open(path, "wb") as f:
        f.write(bytes(out))


def trust_project(root):
    """A GuardSetup whose project is the polyglot+agents repository with a project venv,
    node_modules, archives, patches and trees, and a home with the agents' user configs."""
    from legant_guard import guarddir

    setup = polyglot_project(root, agents=True)
    project, home = setup.project, setup.home
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", os.path.join(project, ".venv")], check=True)
    _write(os.path.join(project, ".venv", "bin", "pip"),
           "#!%s\nfrom pip._internal.cli.main import main\nmain()\n" % os.path.join(project, ".venv", "bin", "python"))
    os.chmod(os.path.join(project, ".venv", "bin", "pip"), 0o755)
    for name in ("node_modules/left-pad/package.json", "node_modules/left-pad/index.js",
                 "node_modules/.bin/eslint", "node_modules/.package-lock.json", "package-lock.json", "yarn.lock"):
        _write(os.path.join(project, name))
    for name in TREE_FILES:
        _write(os.path.join(project, name))
    _write(os.path.join(project, "fix.patch"), PATCH)
    _write(os.path.join(project, "fix.diff"), DIFF)
    _write(os.path.join(project, "patches", "0001-more-docs.patch"), "From 1 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] docs\n\n---\n" + DIFF)
    _tar(os.path.join(project, "vendor.tgz"), {"pkg/": "", "pkg/mod.py": "x\n", "pkg/data/v.json": "{}\n"})
    _tar(os.path.join(project, "x.tar"), {"src/gen/": "", "src/gen/out.py": "x\n", "docs/gen.md": "x\n"}, "w")
    _tar(os.path.join(project, "release.tar.bz2"), {"release/": "", "release/bin/tool": "x\n"}, "w:bz2")
    _tar(os.path.join(project, "fixtures.tar.xz"), {"fixtures/a.json": "{}\n"}, "w:xz")
    _tar(os.path.join(project, "node-v20.tar.gz"), {"node-v20/": "", "node-v20/bin/node": "x\n",
                                                    "node-v20/README.md": "x\n"})
    # trees whose names look like the trust base's without being it: an app's `hooks/` and
    # `.vscode/settings.json`, a crate's `.cargo/config.toml`, a `config.toml` of the app's own
    template = ("app/.vscode/settings.json", "app/.devcontainer/devcontainer.json", "app/.cargo/config.toml",
                "app/src/hooks/useAuth.ts", "app/hooks/pre-commit", "app/.github/workflows/ci.yml", "app/.editorconfig",
                "app/rules/lint.json", "app/config.toml", "app/settings.json", "app/.gitignore", "app/package.json")
    _tar(os.path.join(project, "template.tgz"), dict.fromkeys(template, "x\n"))
    _tar(os.path.join(project, "flat.tgz"), dict.fromkeys((n[4:] for n in template), "x\n"))
    for name in template:
        _write(os.path.join(project, "tpl", name[4:]))
    _zip(os.path.join(project, "assets.zip"), {"logo.png": "x", "fonts/a.woff2": "x"})
    _zip(os.path.join(project, "dataset.zip"), {"dataset/train.csv": "a,b\n", "dataset/test.csv": "a,b\n"})
    _cpio_newc(os.path.join(project, "a.cpio"), {"initrd/init": "x\n", "initrd/etc/fstab": "x\n"})
    with open(os.path.join(project, "data.csv.gz"), "wb") as f:
        import gzip

        f.write(gzip.compress(b"a,b\n"))
    subprocess.run(["zstd", "-q", "-o", os.path.join(project, "dump.sql.zst"), os.path.join(project, "migrations/0001_init.sql")],
                   check=False, capture_output=True)
    for name, text in HOME_FILES.items():
        if text is not None:
            _write(os.path.join(home, name[2:]), text)
    os.makedirs(os.path.join(home, "Downloads"), exist_ok=True)
    _tar(os.path.join(home, "Downloads", "dataset.tar.gz"), {"dataset/": "", "dataset/rows.csv": "a\n"})
    guarddir.init_guard_dir(setup.dir, project, 8 * 3600)
    return setup
