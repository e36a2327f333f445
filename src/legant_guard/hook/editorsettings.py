"""Editors whose settings give every terminal they open its environment and its shell.

VS Code (and Cursor, VSCodium, Windsurf: the same code) reads `terminal.integrated.env.linux`
(`.osx`, `.windows`) from the user's `settings.json` (and from a trusted workspace's
`.vscode/settings.json`: not checked, project templates carry that file and are copied and
unpacked whole), and sets those variables in every terminal it opens; `terminal.integrated.profiles.*` and the older `terminal.integrated.shell.*` pick the
program a terminal starts. An agent started from such a terminal inherits `CLAUDE_CONFIG_DIR=/x`
or `PATH=/x:…` (a `claude` there is a wrapper). Those files are content-checked like the shell
start-up files (hook/trustbase.py): a write whose text holds such a key is refused for every
role, anything else in them stays writable. Standard library only, loaded only for those files.
"""

# the user settings of VS Code and its forks, relative to the home folder (Linux and macOS)
_PRODUCTS = ("Code", "Code - OSS", "Code - Insiders", "VSCodium", "Cursor", "Windsurf")
USER_SETTINGS = tuple(f".config/{p}/User/settings.json" for p in _PRODUCTS) + \
    tuple(f"Library/Application Support/{p}/User/settings.json" for p in _PRODUCTS)
_KEYS = ("terminal.integrated.env", "terminal.integrated.profiles", "terminal.integrated.shell",
         "terminal.integrated.automationprofile", "terminal.integrated.automationshell")


def text_problem(text):
    """Why `text` may not go into an editor's settings, or None."""
    lowered = text.lower().replace("\\u002e", ".").replace("\\u002E", ".")
    for key in _KEYS:
        if key in lowered:
            return (f"it sets `{key}…`, the environment or the program of every terminal the editor opens (an "
                    "agent started there inherits it, hooks switched off included)")
    if "\\u" in lowered:
        return "it holds \\u escapes in a key the guard would have to decode; write the text plainly"
    return None
