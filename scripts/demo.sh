#!/usr/bin/env bash
# The main job on embedded defaults: installs what it needs, builds, and runs the research-agent demo
# (local Pilot network, embedded Kafka, PostgreSQL behind a real MCP server, the agent routes, one sample task).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/install-deps.sh
mvn -B -q -ntp install -DskipTests
exec mvn -B -q -ntp -pl examples exec:java -Dagents.tools.dir="$ROOT/.tools" "$@"
