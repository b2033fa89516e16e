#!/usr/bin/env sh
# Installs Prism (the OpenAPI mock/validating proxy used by the contract tests) into <repo>/.tools/prism.
# The tests do the same on demand (PrismTool.EnsureInstalled); this script is for CI images and offline prep.
set -eu
VERSION=5.16.0
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR="$ROOT/.tools/prism"
command -v node >/dev/null 2>&1 || { echo "install.sh: node is not on PATH; install Node.js 18+ (with npm)." >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "install.sh: npm is not on PATH; install Node.js 18+ with npm." >&2; exit 1; }
if [ -x "$DIR/node_modules/.bin/prism" ] && grep -q "\"version\": \"$VERSION\"" "$DIR/node_modules/@stoplight/prism-cli/package.json" 2>/dev/null; then
  echo "Prism $VERSION already installed in $DIR"; exit 0
fi
mkdir -p "$DIR"
npm install --prefix "$DIR" "@stoplight/prism-cli@$VERSION" --no-audit --no-fund
echo "Prism $VERSION installed: $DIR/node_modules/.bin/prism"
