#!/usr/bin/env python3
"""Whole-process latency of `legant guard check` for recursive content searches of big trees.

A recursive search (`grep -r`, `rg`, the agents' Grep tools) reaches every file below its
root, so the hook walks the tree the search would read to find secrets in it (hook/reach.py).
This script builds a throwaway project of about N files in a git work tree (a source tree, a
gitignored node_modules and target/, a .git folder), then times, as whole processes, the
searches (and git's tracked-file and revision reads) an agent runs there, under builder (which has wildcard secret rules) and reports
the verdict of each. A search the guard cannot decide within its budget is denied: the goal is
that everyday searches of big repositories are decided, not refused, in bounded time.

    python bench/bench_search.py [-n 3] [--files 100000]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

LIMIT = 5.0  # every event decided in under 5 s (issue 9, class 7)


def legant_cmd():
    script = os.path.join(os.path.dirname(sys.executable), "legant")
    return [script] if os.path.exists(script) else [sys.executable, "-m", "legant_guard"]


def build_tree(project, files):
    """~60 % source files, ~40 % below gitignored node_modules/ and target/."""
    per_dir = 50
    dirs = max(1, files // per_dir)
    for k in range(dirs):
        if k % 10 < 6:
            folder = os.path.join(project, "src", f"m{k % 97}", f"p{k}")
        elif k % 10 < 9:
            folder = os.path.join(project, "node_modules", f"pkg{k % 89}", f"lib{k}")
        else:
            folder = os.path.join(project, "target", f"debug{k % 7}", f"d{k}")
        os.makedirs(folder, exist_ok=True)
        for i in range(per_dir):
            with open(os.path.join(folder, f"f{i}.txt"), "w"):
                pass
    with open(os.path.join(project, ".gitignore"), "w") as f:
        f.write("node_modules/\ntarget/\n")
    with open(os.path.join(project, "README.md"), "w") as f:
        f.write("TODO\n")
    subprocess.run(["git", "init", "-q", project], check=True)
    git = ["git", "-C", project, "-c", "user.email=b@b", "-c", "user.name=b"]
    subprocess.run(git + ["add", "src", "README.md", ".gitignore"], check=True)
    subprocess.run(git + ["commit", "-qm", "tree"], check=True)


def timed(cmd, data, env):
    start = time.perf_counter()
    proc = subprocess.run(cmd, input=data, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return time.perf_counter() - start, proc


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=3, help="runs of each command (default 3)")
    parser.add_argument("--files", type=int, default=100000, help="files in the project (default 100000)")
    opts = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="legant-bench-search-")
    try:
        project = os.path.join(tmp, "proj")
        guard = os.path.join(tmp, "guard")
        os.makedirs(project)
        t0 = time.perf_counter()
        build_tree(project, opts.files)
        count = sum(len(d) + len(f) for _, d, f in os.walk(project))
        print(f"tree: {count} entries ({time.perf_counter() - t0:.1f} s to build)")
        env = {k: v for k, v in os.environ.items() if not k.startswith("LEGANT_GUARD_")}
        env["HOME"] = tmp
        subprocess.run(legant_cmd() + ["guard", "init", "--dir", guard, "--project", project],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        hook_env = dict(env, LEGANT_GUARD_JWKS=os.path.join(guard, "jwks.json"),
                        LEGANT_GUARD_FEED=os.path.join(guard, "feed.jwt"),
                        LEGANT_GUARD_AUDIT=os.path.join(guard, "audit.jsonl"), LEGANT_GUARD_PROJECT=project,
                        LEGANT_GUARD_TOKEN_FILE=os.path.join(guard, "builder.jwt"))
        calls = {
            "ls -la": ("Bash", {"command": "ls -la"}),
            "grep -rn TODO src": ("Bash", {"command": "grep -rn TODO src"}),
            "rg TODO": ("Bash", {"command": "rg TODO"}),
            "rg -n TODO src": ("Bash", {"command": "rg -n TODO src"}),
            "grep -rn TODO . (ex)": ("Bash", {"command": "grep -rn --exclude-dir=node_modules --exclude-dir=target "
                                                       "--exclude-dir=.git TODO ."}),
            "grep -rn TODO .": ("Bash", {"command": "grep -rn TODO ."}),
            "Grep tool": ("Grep", {"pattern": "TODO", "path": project}),
            "git grep -n TODO": ("Bash", {"command": "git grep -n TODO"}),
            "git grep TODO HEAD": ("Bash", {"command": "git grep TODO HEAD"}),
            "git diff": ("Bash", {"command": "git diff"}),
            "git show": ("Bash", {"command": "git show"}),
        }
        print(f"{'call':<22} {'p50 ms':>8} {'max ms':>8} {'exit':>5}  verdict")
        worst_all = 0.0
        for name, (tool, tool_input) in calls.items():
            event = json.dumps({"hook_event_name": "PreToolUse", "session_id": "bench", "cwd": project,
                                "tool_use_id": "t", "tool_name": tool, "tool_input": tool_input}).encode()
            samples = []
            for _ in range(opts.n):
                elapsed, proc = timed(legant_cmd() + ["guard", "check"], event, hook_env)
                samples.append(elapsed)
            worst_all = max(worst_all, max(samples))
            verdict = "allow" if proc.returncode == 0 else proc.stderr.decode(errors="replace").strip()[:110]
            print(f"{name:<22} {statistics.median(samples) * 1000:>8.0f} {max(samples) * 1000:>8.0f} "
                  f"{proc.returncode:>5}  {verdict}")
        print(f"slowest: {worst_all:.2f} s (limit {LIMIT:.0f} s)")
        return 1 if worst_all > LIMIT else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
