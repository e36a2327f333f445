#!/usr/bin/env python3
"""Whole-process latency of `legant guard check` for adversarial searches (issue 9, class 7).

A search, an archive or a find makes the guard walk a tree and test every entry against the
command's own filters; an attacker controls both the tree (files written by earlier calls) and
the filters. This script builds a throwaway project shaped for that and times each event as a
whole process; every one must be decided (allowed or denied) in under 5 s.

    python bench/bench_reach.py [-n 3] [--only PREFIX]
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

LIMIT = 5.0


def legant_cmd():
    script = os.path.join(os.path.dirname(sys.executable), "legant")
    return [script] if os.path.exists(script) else [sys.executable, "-m", "legant_guard"]


def build(project):
    """4000 files in 40 folders of 100, each folder with a 64 KB .gitignore of patterns that
    never match; 4 folders of 511 entries (the walk's bulk spends); a .env deep down."""
    rules = "".join(f"*zz{i}q*w*e*r*t*y/\n" for i in range(3000))[:65000]
    for d in range(40):
        folder = os.path.join(project, "src", f"d{d}")
        os.makedirs(folder)
        with open(os.path.join(folder, ".gitignore"), "w") as f:
            f.write(rules)
        for i in range(100):
            with open(os.path.join(folder, f"f{i}.txt"), "w"):
                pass
    for d in range(4):
        folder = os.path.join(project, "wide", f"w{d}")
        os.makedirs(folder)
        for i in range(511):
            open(os.path.join(folder, f"x{i}"), "w").close()
    os.makedirs(os.path.join(project, "deep", "a", "b"))
    with open(os.path.join(project, "deep", "a", "b", ".env"), "w") as f:
        f.write("KEY=1\n")


def events():
    star = "*a" * 40000 + "*b"
    many = " ".join(f"--include=*.x{i}" for i in range(8000))
    globs = " ".join(f"-g '!*.y{i}'" for i in range(8000))
    ors = " -o ".join(f"-name n{i}" for i in range(9000))
    parens = "\\( " * 5000 + "-name x" + " \\)" * 5000
    return {
        "long-exclude-pattern": f"grep -r --exclude='{star}' KEY .",
        "long-include-pattern": f"grep -r --include='{star}' KEY .",
        "many-includes": f"grep -r {many} KEY .",
        "many-rg-globs": f"rg {globs} KEY",
        "rg-long-glob": f"rg -g '!{star}' KEY",
        "rg-ignore-files": "rg KEY src",
        "find-many-or": f"find . {ors} -exec cat {{}} +",
        "find-deep-parens": f"find . {parens} -exec cat {{}} +",
        "find-long-name": f"find . -name '{star}' -exec cat {{}} +",
        "find-long-regex": "find . -regex '" + ".*a" * 30000 + "' -exec cat {} +",
        "tar-long-exclude": f"tar czf /tmp/o.tgz --exclude='{star}' .",
        "zip-long-exclude": f"zip -r /tmp/o.zip . -x '{star}'",
        "git-grep-no-index-spec": f"git grep --no-index KEY -- . ':!{star}'",
        "many-roots": "grep -r KEY " + " ".join(["src"] * 5000),
        "grep-tool-brace-glob": {"tool_name": "Grep", "tool_input": {"pattern": "KEY", "glob": "{a,b}" * 30}},
        "grep-tool-long-glob": {"tool_name": "Grep", "tool_input": {"pattern": "KEY", "glob": "!" + star}},
        "cat-long-glob": "cat src/d1/" + "*a" * 3000 + "*",
        "cat-class-glob": "cat src/*/" + "[[:alpha:]]" * 2000,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=3)
    parser.add_argument("--only")
    opts = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="legant-bench-reach-")
    try:
        project, guard = os.path.join(tmp, "proj"), os.path.join(tmp, "guard")
        os.makedirs(project)
        build(project)
        env = {k: v for k, v in os.environ.items() if not k.startswith("LEGANT_GUARD_")}
        env["HOME"] = tmp
        subprocess.run(legant_cmd() + ["guard", "init", "--dir", guard, "--project", project], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        failures = []
        for name, spec in events().items():
            if opts.only and not name.startswith(opts.only):
                continue
            event = spec if isinstance(spec, dict) else {"tool_name": "Bash", "tool_input": {"command": spec}}
            role = "open" if name.startswith(("tar", "zip")) else "builder"
            event = dict(event, hook_event_name="PreToolUse", session_id="b", cwd=project, tool_use_id="t")
            hook_env = dict(env, LEGANT_GUARD_TOKEN_FILE=os.path.join(guard, f"{role}.jwt"),
                            LEGANT_GUARD_JWKS=os.path.join(guard, "jwks.json"),
                            LEGANT_GUARD_FEED=os.path.join(guard, "feed.jwt"),
                            LEGANT_GUARD_AUDIT=os.path.join(guard, "audit.jsonl"), LEGANT_GUARD_PROJECT=project)
            data = json.dumps(event).encode()
            samples, proc = [], None
            for _ in range(opts.n):
                start = time.perf_counter()
                try:
                    proc = subprocess.run(legant_cmd() + ["guard", "check"], input=data, env=hook_env,
                                          capture_output=True, timeout=60)
                    samples.append(time.perf_counter() - start)
                except subprocess.TimeoutExpired:
                    samples.append(60.0)
                    proc = None
                    break
            worst = max(samples)
            if worst > LIMIT:
                failures.append(name)
            code = proc.returncode if proc else "T/O"
            reason = proc.stderr.decode(errors="replace").strip()[:110] if proc else "timed out after 60 s"
            print(f"{name:<24} {len(data):>8} B  p50 {statistics.median(samples) * 1000:>8.0f} ms  "
                  f"max {worst * 1000:>8.0f} ms  exit {code}  {reason}")
        print("over the limit: " + (", ".join(failures) if failures else "none"))
        return 1 if failures else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
