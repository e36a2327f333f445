#!/bin/sh
# Install the agent versions the end-to-end tests are pinned to (tests/e2e/), into PREFIX.
# usage: scripts/install-agents.sh [PREFIX]   (default: ${XDG_CACHE_HOME:-~/.cache}/legant-e2e/agents)
# Needs node + npm and the npm registry. Skips the download when PREFIX already holds the
# pinned versions. Writes PREFIX/agents.env (claude=…, codex=…, opencode=… executables), which
# the tests read; run them with LEGANT_E2E_AGENTS=PREFIX (the default PREFIX needs nothing).
set -eu
prefix=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/legant-e2e/agents}
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)

CLAUDE=@anthropic-ai/claude-code@2.1.332
CODEX=@openai/codex@0.171.0
OPENCODE=opencode-ai@1.18.33
PLUGIN=@opencode-ai/plugin@1.18.33   # types for opencode plugins only
pins="$CLAUDE $CODEX $OPENCODE $PLUGIN"

if [ -f "$prefix/agents.env" ] && [ "$(cat "$prefix/pins" 2>/dev/null)" = "$pins" ]; then
    cat "$prefix/agents.env"
    exit 0
fi

npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error $pins

nm="$prefix/node_modules"
# If npm skipped install scripts, bin/claude.exe and bin/opencode.exe are stubs that only
# print an error: fall back to the platform packages' binaries.
pick() {  # pick NAME CANDIDATE...
    name=$1; shift
    for c in "$@"; do
        if [ -x "$c" ] && "$c" --version >/dev/null 2>&1; then
            echo "$name=$(cd "$(dirname "$c")" && pwd)/$(basename "$c")"
            return 0
        fi
    done
    echo "$name: no working executable found" >&2
    return 1
}
arch=$(uname -m)
case "$arch" in x86_64) a=x64 ;; aarch64|arm64) a=arm64 ;; *) a=$arch ;; esac
{
    pick claude "$nm/.bin/claude" "$nm/@anthropic-ai/claude-code-linux-$a/claude"
    pick codex "$nm/.bin/codex"
    pick opencode "$nm/.bin/opencode" "$nm/opencode-linux-$a/bin/opencode" \
        "$nm/opencode-linux-$a-baseline/bin/opencode"
} > "$prefix/agents.env.tmp"
mv "$prefix/agents.env.tmp" "$prefix/agents.env"
echo "$pins" > "$prefix/pins"
cat "$prefix/agents.env"
