#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it: install what the tests need, then build and test every module.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/install-deps.sh
exec mvn -B -ntp install -Dagents.tools.dir="$ROOT/.tools" "$@"
