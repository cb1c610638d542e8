#!/usr/bin/env bash
# Builds the Layers DocC catalog (`swift package generate-documentation --target Layers`) and fails when DocC warns
# about the project's own sources (a parameter left undocumented, a stale name, a broken symbol link). Warnings that
# SwiftPM prints about dependencies' packaging are not the project's and are ignored.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift package generate-documentation --target Layers >"$log" 2>&1 || { cat "$log"; exit 1; }
if grep "warning:" "$log" | grep -v "'zipfoundation'" >/dev/null; then
    grep -A6 "warning:" "$log" | grep -v "'zipfoundation'"
    echo "check-docs: DocC warnings in the Layers documentation" >&2
    exit 1
fi
echo "check-docs: the Layers documentation builds without warnings"
