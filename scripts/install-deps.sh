#!/usr/bin/env bash
# Installs everything the demo and the test suite need, idempotently, into .tools/ (git-ignored).
# Used by both README commands and by .ci/run. Safe to run again: each step checks what is already there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export AGENTS_TOOLS_DIR="${AGENTS_TOOLS_DIR:-$ROOT/.tools}"
mkdir -p "$AGENTS_TOOLS_DIR"

bash "$ROOT/scripts/install-pilot.sh"
bash "$ROOT/scripts/install-mcp-servers.sh"
