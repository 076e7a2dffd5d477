#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it: install what the tests need, then build and test every module on the
# Camel 4.18 LTS baseline, stage the artifacts a release would publish and check them, and test the two components
# again on Camel 4.22 (the newest line in the supported range).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/install-deps.sh
STAGING="$ROOT/target/staging-repo"
rm -rf "$STAGING"
# deploy = install + a copy into a local staging folder (nothing leaves the machine)
mvn -B -ntp deploy -Dagents.tools.dir="$ROOT/.tools" -DaltDeploymentRepository="staging::file://$STAGING" "$@"
python3 scripts/check-publishable.py "$STAGING"
mvn -B -ntp -Pcamel-4.22 -pl camel-pilot-component,camel-mcp-component test -Dagents.tools.dir="$ROOT/.tools" "$@"
