#!/usr/bin/env bash
# Debian packages the real VS Code suite needs (chromium renders VS Code; libkrb5-dev lets
# code-server's kerberos addon build). Idempotent; a machine without root skips this and the
# suite's own set-up reports what is missing.
set -euo pipefail
missing=()
for pkg in chromium libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=(sudo -n)
else echo "debian-packages: not root; skipping ${missing[*]}"; exit 0; fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq >/dev/null
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
