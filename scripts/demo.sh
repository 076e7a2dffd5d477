#!/usr/bin/env bash
# The main job on embedded defaults: installs what it needs, builds, and runs a demo.
#   bash scripts/demo.sh [options]            the research-agent demo (local Pilot network, embedded Kafka,
#                                             PostgreSQL behind a real MCP server, the agent routes, one sample task)
#   bash scripts/demo.sh pipeline [options]   the data pipeline across three agents (two PostgreSQL databases behind
#                                             dbhub, a 6 MB dataset over Pilot data exchange, the outcome in Kafka)
# Options are passed to Maven, e.g. -Ddemo.dsl=yaml.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MAIN=()
if [[ "${1:-}" == "pipeline" ]]; then
  MAIN=(-Ddemo.main=io.camelagents.examples.pipeline.PipelineDemo)
  shift
fi
bash scripts/install-deps.sh
mvn -B -q -ntp install -DskipTests
exec mvn -B -q -ntp -pl examples exec:java -Dagents.tools.dir="$ROOT/.tools" ${MAIN[@]+"${MAIN[@]}"} "$@"
