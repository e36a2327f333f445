#!/usr/bin/env python3
"""Whole-process latency of `legant guard check` on large and adversarial events.

The guard must decide every event within a fixed budget (DESIGN invariant 7): an agent runs
the tool anyway when its hook times out, so a slow hook is an open door. This script sets up
a throwaway guard (temp project + guard dir) and times, as whole processes:

  (a) small calls against `python -c pass` (budget: 2.5x, as bench_check.py);
  (b) a ~120 KiB realistic builder command (hundreds of chained go test / grep / mkdir / cp
      with many path operands) against a small `ls -la` (target: at most 5x);
  (c) adversarial sizes: a 6 KB command with a 3000-component path, a 20k-brace flood, the
      glob /proc/*/*/*/*/*/*/zz, a 60k-file patch, a deep MCP argument tree; each must be
      decided in under 5 s.

    python bench/bench_sizes.py [-n 5] [--write-events DIR]

--write-events DIR also writes each event and an env file there, so the same events can be
timed with any other tool (`/usr/bin/time -v legant guard check < DIR/b-builder.json`).
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

SMALL_BUDGET = 2.5
BUILDER_TARGET = 5.0
ADVERSARIAL_LIMIT = 5.0


def legant_cmd():
    """The hook as `legant guard install` writes it (`/abs/python -IS /abs/legant`): the bare
    script also imports `site`, a constant that would flatter the builder-to-ls ratio."""
    script = os.path.join(os.path.dirname(sys.executable), "legant")
    if not os.path.exists(script):
        return [sys.executable, "-m", "legant_guard"]
    from legant_guard.install.common import hook_argv

    return hook_argv(script)


def builder_command(project, size=120 * 1024):
    """Hundreds of chained build steps, each with many path operands, as a builder agent writes them."""
    steps, n, total = [], 0, 0
    while total < size:
        pkgs = [f"internal/pkg{(n + k) % 40}/sub{k}" for k in range(8)]
        step = " && ".join((
            "mkdir -p " + " ".join(f"{p}/testdata out/run{n}/{k}" for k, p in enumerate(pkgs)),
            "cp " + " ".join(f"{p}/fixture_{n}.json" for p in pkgs) + f" out/run{n}/",
            "grep -n 'func Test' " + " ".join(f"{p}/a_test.go {p}/b_test.go" for p in pkgs),
            "go test -count=1 -run 'TestCase" + str(n) + "$' " + " ".join(f"./{p}/..." for p in pkgs),
        ))
        steps.append(step)
        total += len(step) + 4
        n += 1
    return " ; ".join(steps)


def adversarial_events(project):
    deep = "/".join(["a"] * 3000)
    patch = "*** Begin Patch\n" + "".join(f"*** Add File: gen/f{i}.txt\n+x\n" for i in range(60000)) + "*** End Patch\n"
    links = "; ".join(f"ln -s a{i} l{i}" for i in range(495)) + "; "
    nested = {"k": "leaf"}
    for i in range(200):
        nested = {"k": [nested, f"src/file{i}.txt"]}
    return {
        "c-3000-components": {"tool_name": "Bash", "tool_input": {"command": f"cat {deep}/x"}},
        "c-brace-flood": {"tool_name": "Bash", "tool_input": {"command": "echo " + "{a,b}" * 4000}},
        "c-brace-nest": {"tool_name": "Bash", "tool_input": {"command": "echo " + "{" * 10000 + "x" + "}" * 10000}},
        "c-proc-glob": {"tool_name": "Bash", "tool_input": {"command": "cat /proc/*/*/*/*/*/*/zz"}},
        "c-60k-patch": {"tool_name": "apply_patch", "tool_input": {"command": patch}, "agent": "codex"},
        "c-mcp-deep-args": {"tool_name": "mcp__fs__read_file", "tool_input": nested, "role": "open"},
        "c-double-star-glob": {"tool_name": "Bash", "tool_input": {"command": "ls " + "/**" * 30 + "/zz"}},
        # one command with 20000 operands (each was looked up in a list of the ones before it: 8 s)
        "c-20k-operands": {"tool_name": "Bash", "tool_input": {"command": "cat " + " ".join(f"f{i}" for i in range(20000))}},
        # nested alternatives (re-cut at every level: cubic), a 120 KB word times 256 braces (read
        # back char by char: 10 s), 20k words of braces, a value doubled 30 times (4 GiB)
        "c-brace-alt-nest": {"tool_name": "Bash", "tool_input": {"command": "echo " + "{a," * 20000 + "b" + "}" * 20000}},
        "c-brace-long-word": {"tool_name": "Bash", "tool_input": {"command": "echo " + "x" * 120000 + "{a,b}" * 8}},
        "c-brace-20k-words": {"tool_name": "Bash", "tool_input": {"command": "echo " + " ".join(["{a,b}"] * 20000)}},
        "c-doubled-value": {"tool_name": "Bash", "tool_input": {"command": "x=aaaa; " + "x=$x$x; " * 30 + "cat $x"}},
        # red team 18: links made earlier in the line, then thousands of operands through them
        # (every operand was compared with every link: 22 s), and MCP globs and joins
        "c-links-then-operands": {"tool_name": "Bash", "role": "operator", "tool_input": {"command": links + "tee " + " ".join(
            f"l{i % 495}/o{i}" for i in range(8000)) + " < /dev/null"}},
        "c-links-then-dotdot": {"tool_name": "Bash", "role": "operator", "tool_input": {"command": links + "tee " + " ".join(
            f"l{i % 495}/../o{i}" for i in range(8000))}},
        "c-mcp-many-globs": {"tool_name": "mcp__fs__read_multiple_files", "role": "operator",
                             "tool_input": {"paths": [f"d{i}/*/../*/../*" for i in range(3000)]}},
        "c-mcp-joins": {"tool_name": "mcp__x__y", "role": "operator",
                        "tool_input": {"l": [{"root": f"/r{i}", "path": f"p{i}"} for i in range(3000)]}},
        # one 4 MB argument of braces (counted whole before: 16 s) and of `%25` (decoded byte by byte: 10 s)
        "c-mcp-brace-arg": {"tool_name": "mcp__x__y", "role": "open", "tool_input": {"a": "{a,b}" * 800000}},
        "c-mcp-percent-arg": {"tool_name": "mcp__x__y", "role": "open", "tool_input": {"a": "file:" + "%25" * 1300000}},
        # red team 27: paths of 60,000-100,000 components in file tools and operands (every prefix
        # looked up, the path copied per component, realpath's lstat of every prefix: 18-27 s),
        # a copy of 8,000 folders (7 s), a million-word MCP argument, 200,000 aliases into
        # ~/.bashrc (40 s), a patch naming one file 60,000 times
        "c-read-100k-components": {"tool_name": "Read", "tool_input": {"file_path": "/tmp/" + "a/" * 100000 + "x"}},
        "c-write-60k-components": {"tool_name": "Write", "role": "open",
                                   "tool_input": {"file_path": "/tmp/" + "a/" * 60000 + "x", "content": "x"}},
        "c-grep-tool-long-path": {"tool_name": "Grep", "role": "open", "tool_input": {"pattern": "x", "path": "/tmp/" + "a/" * 100000}},
        "c-cp-8000-folders": {"tool_name": "Bash", "role": "open", "tool_input": {"command": "cp -r " + " ".join(
            f"src{i}" for i in range(8000)) + " /tmp/dest"}},
        "c-mcp-million-words": {"tool_name": "mcp__fs__read", "role": "open",
                                "tool_input": {"path": " ".join(f"f{i}" for i in range(1000000))}},
        "c-bashrc-200k-aliases": {"tool_name": "Write", "role": "open", "tool_input": {
            "file_path": "~/.bashrc", "content": "\n".join(f"alias a{i}='ls -la'" for i in range(200000))}},
        "c-patch-60k-repeats": {"tool_name": "apply_patch", "agent": "codex", "role": "open", "tool_input": {
            "command": "*** Begin Patch\n" + "*** Update File: README.md\n@@\n-hi\n+x\n" * 60000 + "*** End Patch\n"}},
        # red team 33: a line of 499 `cd a || cd b` forks, each into a folder below the last (the
        # command re-analysed per fork choice, every cd listing its folder's ancestors: 6 s)
        "c-cd-forks": {"tool_name": "Bash", "tool_input": {"command": " ; ".join(
            f"cd a{i} || cd b{i}" for i in range(499)) + " ; cat x"}},
        # red team 43: `mv` of 8,000 names not on disk into a folder (each place asked every
        # protected rule whether it could lie below it: 4 s, the deadline)
        "c-mv-8000-missing": {"tool_name": "Bash", "tool_input": {"command": "mv " + " ".join(
            f"src/f{i}" for i in range(8000)) + " sub/"}},
        # an MCP call of 200,000 keys (each read as a path before the count was held: 3.5 s) and a
        # 5 MB input of a tool the guard only summarises (serialised whole to keep 200 characters)
        "c-mcp-200k-keys": {"tool_name": "mcp__fs__write", "role": "open",
                            "tool_input": {f"k{i}": f"./p{i}" for i in range(200000)}},
        "c-todo-50k-items": {"tool_name": "TodoWrite", "tool_input": {"todos": [
            {"content": "x" * 100, "status": "pending", "id": str(i)} for i in range(50000)]}},
    }


def timed(cmd, stdin_bytes, env):
    start = time.perf_counter()
    proc = subprocess.run(cmd, input=stdin_bytes, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return time.perf_counter() - start, proc


def median_of(n, cmd, data, env):
    samples, proc = [], None
    for _ in range(n):
        elapsed, proc = timed(cmd, data, env)
        samples.append(elapsed)
    return statistics.median(samples), max(samples), proc


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--only", help="run only the events whose name starts with this")
    parser.add_argument("--write-events", metavar="DIR", help="also write the events and an env file to DIR")
    opts = parser.parse_args()

    if opts.write_events:
        os.makedirs(opts.write_events, exist_ok=True)
        shutil.rmtree(os.path.join(opts.write_events, "setup"), ignore_errors=True)
        tmp = os.path.join(opts.write_events, "setup")
        os.makedirs(tmp)
    else:
        tmp = tempfile.mkdtemp(prefix="legant-bench-")
    try:
        project = os.path.join(tmp, "proj")
        guard = os.path.join(tmp, "guard")
        os.makedirs(project)
        env = {k: v for k, v in os.environ.items() if not k.startswith("LEGANT_GUARD_")}
        env["HOME"] = tmp
        subprocess.run([sys.executable, "-m", "compileall", "-q", os.path.dirname(__import__("legant_guard").__file__)],
                       stdout=subprocess.DEVNULL)
        subprocess.run(legant_cmd() + ["guard", "init", "--dir", guard, "--project", project],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        hook_env = dict(env)
        hook_env.update({
            "LEGANT_GUARD_TOKEN_FILE": os.path.join(guard, "builder.jwt"),
            "LEGANT_GUARD_JWKS": os.path.join(guard, "jwks.json"),
            "LEGANT_GUARD_FEED": os.path.join(guard, "feed.jwt"),
            "LEGANT_GUARD_AUDIT": os.path.join(guard, "audit.jsonl"),
            "LEGANT_GUARD_PROJECT": project,
        })
        events = {
            "a-read": {"tool_name": "Read", "tool_input": {"file_path": os.path.join(project, "README.md")}},
            "a-shell": {"tool_name": "Bash", "tool_input": {"command": "git status && make test | tail -n 5"}},
            "b-ls": {"tool_name": "Bash", "tool_input": {"command": "ls -la"}},
            "b-builder": {"tool_name": "Bash", "tool_input": {"command": builder_command(project)}},
        }
        events.update(adversarial_events(project))
        encoded = {}
        for name, event in events.items():
            agent = event.pop("agent", "claude-code")
            role = event.pop("role", "builder")
            event.update({"hook_event_name": "PreToolUse", "session_id": "bench", "cwd": project, "tool_use_id": "t"})
            encoded[name] = (agent, role, json.dumps(event).encode())
        if opts.write_events:
            os.makedirs(opts.write_events, exist_ok=True)
            for name, (agent, role, data) in encoded.items():
                with open(os.path.join(opts.write_events, f"{name}.json"), "wb") as f:
                    f.write(data)
            with open(os.path.join(opts.write_events, "env.sh"), "w") as f:
                f.writelines(f"export {k}={v}\n" for k, v in hook_env.items() if k.startswith("LEGANT_") or k == "HOME")

        for _ in range(2):  # warm the page cache
            timed([sys.executable, "-c", "pass"], b"", env)
            timed(legant_cmd() + ["guard", "check"], encoded["b-ls"][2], hook_env)
        base, _, _ = median_of(opts.n, [sys.executable, "-c", "pass"], b"", env)
        results, failures = {}, []
        print(f"{'event':<20} {'bytes':>9} {'p50 ms':>9} {'max ms':>9} {'exit':>5}  ratio")
        print(f"{'python -c pass':<20} {'':>9} {base * 1000:>9.1f}")
        for name, (agent, role, data) in encoded.items():
            if opts.only and not name.startswith(opts.only) and name != "b-ls":
                continue
            role_env = dict(hook_env, LEGANT_GUARD_TOKEN_FILE=os.path.join(guard, f"{role}.jwt"))
            p50, worst, proc = median_of(opts.n, legant_cmd() + ["guard", "check", "--agent", agent], data, role_env)
            results[name] = p50
            if name.startswith("a-"):
                ratio, note = p50 / base, f"{p50 / base:.2f}x python -c pass (budget {SMALL_BUDGET})"
                if ratio > SMALL_BUDGET:
                    failures.append(name)
            elif name == "b-builder":
                ratio = p50 / results["b-ls"]
                note = f"{ratio:.2f}x ls -la (target {BUILDER_TARGET})"
                if ratio > BUILDER_TARGET:
                    failures.append(name)
            elif name.startswith("c-"):
                note = f"limit {ADVERSARIAL_LIMIT:.0f} s"
                if worst > ADVERSARIAL_LIMIT:
                    failures.append(name)
            else:
                note = ""
            print(f"{name:<20} {len(data):>9} {p50 * 1000:>9.1f} {worst * 1000:>9.1f} {proc.returncode:>5}  {note}")
            if proc.returncode == 2:
                print(f"{'':<20} {proc.stderr.decode(errors='replace').strip()[:150]}")
        print("over budget: " + (", ".join(failures) if failures else "none"))
        return 1 if failures else 0
    finally:
        if not opts.write_events:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
