"""Text that sets a hook variable, written to a file the guard cannot name (trustbase's part, loaded
only for a command whose write target is built at run time).

`echo export OPENCODE_PURE=1 >> ~/.bash${X}rc` (X unset), `f=$(ls -a ~ | grep bashrc); echo … >>
~/$f`, `echo ~/.bashrc | xargs -I{} sh -c 'echo export CODEX_HOME=/x >> {}'`: the target is known
only at run time, which the `operator` role allows, and it may be a shell start-up file, whose text
is held to the start-up rules (a line that sets CODEX_HOME, CLAUDE_CONFIG_DIR, OPENCODE_PURE, PATH
... switches the agents' hooks off in the next session). Such a write is refused when the text it
carries sets one of those variables; other text to such a target stays as the role decides.
"""

import re

from legant_guard.hook.model import deny

_ASSIGNED = re.compile(r"(?<![A-Za-z0-9_$])([A-Za-z_][A-Za-z0-9_]*)\s*\+?=")
_EXPORTED = re.compile(r"\b(?:export|setenv|set\s+-[A-Za-z]*[xU][A-Za-z]*|declare\s+-[A-Za-z]*x[A-Za-z]*|"
                       r"typeset\s+-[A-Za-z]*x[A-Za-z]*|fish_add_path|launchctl\s+setenv)\s+(?:-\S+\s+)*"
                       r"['\"]?([A-Za-z_][A-Za-z0-9_]*)")


def hook_variable_set(text):
    """The first hook variable `text` assigns or exports, or None."""
    from legant_guard.hook.startuptext import HOOK_VARIABLE_PREFIXES, HOOK_VARIABLES

    for pattern in (_ASSIGNED, _EXPORTED):
        for m in pattern.finditer(text):
            name = m.group(1)
            if name in HOOK_VARIABLES or name.startswith(HOOK_VARIABLE_PREFIXES):
                return name
    return None


def check(cmd):
    """A deny when `cmd` writes text setting a hook variable to a place built at run time, else None."""
    from legant_guard.hook.trustbase import UNKNOWN_WRITES

    places = [u for u in cmd.undetermined if u.startswith(UNKNOWN_WRITES)]
    if not places:
        return None
    name = hook_variable_set(" ".join(cmd.argv[1:]) + " " + " ".join(places))
    if name is None:
        return None
    who = cmd.executable or (cmd.via[-1] if cmd.via else "a command")
    return deny(f"`{who}` writes text that sets {name} to a "
                f"file the guard cannot name ({places[0]}), which could be a shell start-up file: the next session "
                "would start with its hooks switched off or moved; name the file", "trust-base:startup")
