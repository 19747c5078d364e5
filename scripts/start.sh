#!/usr/bin/env bash
# The README's first command: install, build, package the .vsix, and open VS Code with the extension on a folder.
#   bash scripts/start.sh [FOLDER]      FOLDER defaults to the current directory
# Desktop VS Code (`code` on PATH) gets the .vsix installed and opens FOLDER. Without it (or with
# GROK_USE_CODE_SERVER=1) the browser VS Code, code-server 4.100.3, is installed in ~/.cache, started on
# 127.0.0.1:${PORT:-8080} and its URL printed; Ctrl+C stops it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FOLDER=$(cd "${1:-$PWD}" && pwd)
PORT=${PORT:-8080}
cd "$ROOT"

[ -d node_modules ] || npm ci --no-audit --no-fund
node scripts/package.js >/dev/null
VSIX=$ROOT/dist/grok-context.vsix
echo "Packaged $VSIX"

if command -v code >/dev/null && [ "${GROK_USE_CODE_SERVER:-0}" != 1 ]; then
  code --install-extension "$VSIX" --force
  code "$FOLDER"
  echo "Opened $FOLDER in VS Code. Click the Grok Context icon in the activity bar, then run \"Grok Context: Set API Key\"."
  exit 0
fi

CS_BIN=$(bash "$ROOT/test/e2e/install.sh" | tail -n 1)
DATA=${GROK_E2E_HOME:-$HOME/.cache/grok-context-e2e}/start   # kept between runs: settings and the stored key survive
mkdir -p "$DATA/user/User" "$DATA/extensions"
[ -f "$DATA/user/User/settings.json" ] || echo '{"workbench.startupEditor":"none","extensions.autoCheckUpdates":false,"extensions.autoUpdate":false}' > "$DATA/user/User/settings.json"
echo 'auth: none' > "$DATA/config.yaml"
COMMON=(--config "$DATA/config.yaml" --user-data-dir "$DATA/user" --extensions-dir "$DATA/extensions")
"$CS_BIN" "${COMMON[@]}" --install-extension "$VSIX" --force >/dev/null

URL="http://127.0.0.1:$PORT/?folder=$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$FOLDER")"
echo
echo "Grok Context is running in VS Code (code-server 4.100.3) at:"
echo "  $URL"
echo "Open it in a browser, click the Grok Context icon in the activity bar, and run \"Grok Context: Set API Key\""
echo "(or start this script with XAI_API_KEY set). Only this machine can connect (127.0.0.1, no password). Ctrl+C stops it."
echo
exec "$CS_BIN" "${COMMON[@]}" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override "$FOLDER"
