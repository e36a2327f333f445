#!/usr/bin/env python3
"""Record the agent config files `legant guard install` may touch (content, or null when
absent) as JSON, so an end-to-end test can prove uninstall puts them back byte for byte.

usage: snapshot.py OUT.json     (run in the project dir, with the agent's HOME / CODEX_HOME)
"""
import json
import os
import sys


def config_files(project, env):
    home = env.get("HOME", os.path.expanduser("~"))
    codex_home = env.get("CODEX_HOME") or os.path.join(home, ".codex")
    xdg = env.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    return [
        os.path.join(project, ".claude", "settings.local.json"),
        os.path.join(project, ".claude", "settings.json"),
        os.path.join(home, ".claude", "settings.json"),
        os.path.join(project, ".codex", "hooks.json"),
        os.path.join(codex_home, "hooks.json"),
        os.path.join(codex_home, "config.toml"),
        os.path.join(project, ".opencode", "plugins", "legant-guard.js"),
        os.path.join(xdg, "opencode", "plugins", "legant-guard.js"),
    ]


def snapshot(project, env):
    out = {}
    for path in config_files(project, env):
        try:
            with open(path, "rb") as f:
                out[path] = f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            out[path] = None
    return out


if __name__ == "__main__":
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(snapshot(os.getcwd(), os.environ), f, indent=1)
