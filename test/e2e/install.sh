#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, skipping whatever is already there:
#   - Debian packages: chromium (the browser that shows the workbench), ripgrep (stands in for
#     @vscode/ripgrep's GitHub download), and the headers code-server's native modules build against;
#   - code-server 4.100.3 (= VS Code 1.100.3; the last release that runs on Node 20) in its own folder,
#     never in the project's package.json.
# Prints the code-server binary path on its last line. Safe to run again; cached under $GROK_E2E_HOME.
set -euo pipefail
E2E_HOME=${GROK_E2E_HOME:-$HOME/.cache/grok-context-e2e}
CS_VERSION=4.100.3
# @vscode/ripgrep as pinned by code-server 4.100.3, and the asset its postinstall would download
RG_PKG_VERSION=1.15.11
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
export DEBIAN_FRONTEND=noninteractive

log() { printf '[e2e-install] %s\n' "$*" >&2; }

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
for pkg in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config make g++; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

CS_BIN=$E2E_HOME/code-server/node_modules/.bin/code-server
if ! "$CS_BIN" --version 2>/dev/null | grep -q "^$CS_VERSION"; then
  log "installing code-server@$CS_VERSION into $E2E_HOME/code-server (builds native modules, ~2 min)"
  mkdir -p "$E2E_HOME/code-server" "$E2E_HOME/tmp/vscode-ripgrep-cache-$RG_PKG_VERSION"
  # @vscode/ripgrep looks in $TMPDIR/vscode-ripgrep-cache-<version>/ before downloading from GitHub
  tar czf "$E2E_HOME/tmp/vscode-ripgrep-cache-$RG_PKG_VERSION/$RG_ASSET" -C "$(dirname "$(command -v rg)")" rg
  [ -f "$E2E_HOME/code-server/package.json" ] || echo '{"name":"grok-context-code-server","private":true}' > "$E2E_HOME/code-server/package.json"
  if ! ( cd "$E2E_HOME/code-server" && TMPDIR=$E2E_HOME/tmp npm_config_yes=true npm_config_unsafe_perm=true \
        npm install "code-server@$CS_VERSION" --foreground-scripts --no-audit --no-fund --loglevel=error \
        > "$E2E_HOME/code-server-install.log" 2>&1 ); then
    tail -40 "$E2E_HOME/code-server-install.log" >&2
    log "code-server install failed; full log: $E2E_HOME/code-server-install.log"
    exit 1
  fi
fi
echo "$CS_BIN"
