"""docs/CONTRIBUTING.md's layout table is the map a newcomer reads first: it must name every
module of src/legant_guard/ in the row of its folder, and every file it names must exist.

It drifted before (it named files that were gone and left out most of hook/); this keeps it
honest. The verbs of commands/ follow one pattern (`commands/<verb>.py`, listed in
commands/__init__.py) and are not named one by one.
"""

import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "src", "legant_guard")
CONTRIBUTING = os.path.join(ROOT, "docs", "CONTRIBUTING.md")
NAMED = re.compile(r"`([\w/.\-]+\.(?:py|html))`")


def _layout_rows():
    """[(folder of the row: 'hook', 'shell', ... or '' for the package's top level, names in the row)]."""
    rows = []
    with open(CONTRIBUTING, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("| `src/legant_guard/"):
                continue
            where = line.split("|")[1]
            folder = re.match(r" `src/legant_guard/(\w+)/`", where)
            rows.append((folder.group(1) if folder else "", {os.path.basename(n) for n in NAMED.findall(line)}))
    return rows


def _modules():
    """(folder, file name) of every module and page of the package."""
    for folder, dirs, files in os.walk(PACKAGE):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        rel = os.path.relpath(folder, PACKAGE)
        for name in files:
            if name.endswith((".py", ".html")):
                yield ("" if rel == "." else rel), name


def test_every_module_is_named_in_the_row_of_its_folder():
    named = {}
    for folder, names in _layout_rows():
        named.setdefault(folder, set()).update(names)
    missing = []
    for folder, name in _modules():
        if name == "__main__.py" or (name == "__init__.py" and folder != "agents" and folder != "commands"):
            continue
        if folder == "commands" and name != "__init__.py":
            continue  # one module per verb, registered in commands/__init__.py
        if name not in named.get(folder, ()):
            missing.append(os.path.join(folder, name))
    assert not missing, (f"docs/CONTRIBUTING.md's layout does not name {missing}: add each, with what it is for, "
                         "to the row of its folder")


def test_every_file_the_guide_names_exists():
    with open(CONTRIBUTING, encoding="utf-8") as f:
        text = f.read()
    present = set()
    for top in ("src", "tests", "bench", "scripts", "bin", "hooks", "rules", ".ci"):
        for folder, dirs, files in os.walk(os.path.join(ROOT, top)):
            dirs[:] = [d for d in dirs if d not in ("__pycache__", ".venv")]
            present.update(files)
            present.update(os.path.relpath(os.path.join(folder, f), ROOT) for f in files)
            present.update(os.path.relpath(os.path.join(folder, f), PACKAGE) for f in files)
    gone = sorted({n for n in NAMED.findall(text) if n not in present})
    assert not gone, f"docs/CONTRIBUTING.md names files that do not exist: {gone}"
