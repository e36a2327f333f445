"""An agent run or installed at a version the command line picks (part of the trust base).

The hooks the guard lives in are a feature of each agent's recent versions; an older Claude
Code, Codex or opencode reads no PreToolUse hook or plugin and runs every tool call unjudged.
So, for every role (red team #34):
- a package runner pinning the agent's package (`npx @anthropic-ai/claude-code@0.2.0 -p …`,
  `bunx opencode-ai@0.0.5 run …`, `npm exec --package=@openai/codex@0.1.0 -- codex …`, a git URL
  or tarball) starts a nested agent the guard cannot vouch for: refused (`@latest`, or no
  version, is the version the user's own install runs today);
- a global install, update or removal of the agent's package (`npm i -g
  @anthropic-ai/claude-code@0.2.0`, `pnpm add -g`, `yarn global add`, `bun add -g`, `npm
  uninstall -g opencode-ai`) replaces the program the user's next session starts (the package's
  own folder is write-protected: trustderivation.installation);
- the agents' own installers asked for a version (`claude install 1.0.0`, `opencode upgrade
  0.1.0`) do the same; `claude update`, `opencode upgrade` (the newest) stay allowed.
Loaded only for a command trustbase.agent_behind finds an agent behind.
"""

from legant_guard import agents
from legant_guard.hook.model import deny

_GLOBAL = frozenset(("-g", "--global", "--location=global", "global"))
_CHANGING = frozenset(("install", "i", "add", "isntall", "in", "ins", "inst", "insta", "instal", "uninstall", "un",
                       "unlink", "remove", "rm", "r", "update", "up", "upgrade", "udpate", "link", "ln"))
# The agents' own commands that install a version they are told (the newest when told none).
_SELF_INSTALL = {"claude": ("install",), "opencode": ("upgrade",)}
_NEWEST = ("", "latest", "stable")


def check(cmd, agent):
    """A deny when `cmd` (behind which trustbase.agent_behind found `agent`, the program) runs or
    installs the agent at a version it names, or changes its global installation; else None."""
    for label in cmd.via:  # `npm exec --package=@openai/codex@0.1.0 -- codex …` runs codex through it
        pinned = next((w.rpartition("=")[2] if w.startswith("--package=") else w
                       for w in label.lower().split()[1:] if _names_agent(w) and _pinned(w)), None)
        if pinned:
            return _denied(f"`{label.split()[0]}` would start {pinned}, a version of {agent} the command line picks")
    argv = [w.lower() for w in cmd.argv]
    exe = argv[0].rsplit("/", 1)[-1] if argv else ""
    if exe in agents.CLIS:  # (its own words are a prompt, a subcommand: no package)
        words = [w for w in argv[1:] if not w.startswith("-")]
        if words and words[0] in _SELF_INSTALL.get(exe, ()) and len(words) > 1 and words[1] not in _NEWEST:
            return _denied(f"`{exe} {words[0]} {words[1]}` installs that version of {exe}")
        return None
    packages = [w for w in argv if _names_agent(w)]  # (`npx "PKG@>=0.1 <1"`: the runner's word is the program)
    if not packages:
        return None
    if _GLOBAL.intersection(argv) and _CHANGING.intersection(argv):
        return _denied(f"`{exe}` would install, update or remove {packages[0]} globally: the program the user's "
                       "next session starts")
    pinned = next((w for w in packages if _pinned(w)), None)
    if pinned:
        return _denied(f"`{exe}` would start {pinned}, a version of {agent} the command line picks")
    return None


def _names_agent(word):
    from legant_guard.hook.trustbase import _package_name

    value = word.partition("=")[2] if word.startswith("--package=") else word
    return not value.startswith("-") and agents.PACKAGES.get(_package_name(value)) is not None


def _pinned(word):
    """Does the package word name a version, tag, URL or file (anything but the newest)?"""
    from legant_guard.hook.trustbase import _package_name

    word = word.partition("=")[2] if word.startswith("--package=") else word
    for prefix in ("npm:", "jsr:", "pypi:"):
        if word.startswith(prefix):
            word = word[len(prefix):]
    name = _package_name(word)
    rest = word[len(name):] if word.startswith(name) else word
    return rest.lstrip("@=").strip() not in _NEWEST


def _denied(why):
    return deny(f"{why}, which may be one that predates the hooks the guard relies on (the guard's trust base); "
                "ask the user to install or upgrade the agent", "trust-base:agent-version")
