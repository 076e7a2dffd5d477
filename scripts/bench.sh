#!/usr/bin/env bash
# Runs one benchmark on this machine (not part of the tests):
#   bash scripts/bench.sh driver [MiB]               Java driver vs pilotctl: stream throughput, Info round trips, daemon restart
#   bash scripts/bench.sh component [events] [tasks] pilot: events/s and task latency vs pilotctl per operation
#   bash scripts/bench.sh publish [seconds]          one pilot:events route with publishConnections 1/2/4/8 vs N routes (~3 min)
#   bash scripts/bench.sh mcp [--server=everything|memory|java] [--calls=2000]   mcp: producer vs raw MCP SDK client
#   bash scripts/bench.sh mcp --bench=lifecycle [--rounds=20]   dead MCP server detection, timeout accuracy
#   bash scripts/bench.sh bridge [-Dbench.seconds=20 ...]     Pilot <-> Kafka bridges with 1-32 publishers / instances vs subscriber alone and plain kafka-clients; heap after 1M events (~14 min)
#   bash scripts/bench.sh hostile [N] [--trickle] [--linger=40] [--scenarios=1,2,4,5]   victim heap/threads while N hostile connections are held
#   bash scripts/bench.sh connect [--only=ceiling,sink,routes,source,heap] [--heap-records=1000000] ...   Pilot Kafka Connect
#        connectors on a real worker vs kafka-to-pilot routes and raw connections; broker ceiling; worker heap (~25 min)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
which="${1:-}"; shift || true
case "$which" in
  driver)    module=camel-pilot-component; main=io.camelagents.pilot.bench.DriverBenchmark ;;
  component) module=camel-pilot-component; main=io.camelagents.pilot.bench.ComponentBenchmark ;;
  publish)   module=camel-pilot-component; main=io.camelagents.pilot.bench.PublishConnectionsBenchmark ;;
  mcp)       module=camel-mcp-component;   main=io.camelagents.mcp.bench.McpProducerBenchmark ;;
  bridge)    module=bridge-kafka;          main=io.camelagents.bridge.kafka.bench.BridgeBenchmark ;;
  hostile)   module=camel-pilot-component; main=io.camelagents.pilot.bench.HostileConnectionsBenchmark ;;
  connect)   module=pilot-kafka-connect;   main=io.camelagents.pilot.connect.bench.ConnectBenchmark ;;
  *) echo "usage: bash scripts/bench.sh driver|component|publish|mcp|bridge|hostile|connect [args]" >&2; exit 2 ;;
esac
# -Dname=value arguments become system properties (exec:java runs in Maven's JVM); the rest go to main().
props=(); margs=()
for a in "$@"; do case "$a" in -D*) props+=("$a") ;; *) margs+=("$a") ;; esac; done
if [ "$which" = connect ]; then
  # the Connect worker (a child JVM) loads the packaged plugin and gets the classpath the module's build resolved
  props+=("-Dit.plugin.path=$ROOT/pilot-kafka-connect/target/connect-plugin"
          "-Dit.worker.classpath.file=$ROOT/pilot-kafka-connect/target/it-worker.classpath")
fi
bash scripts/install-deps.sh
mvn -B -q -ntp install -DskipTests
exec mvn -B -q -ntp -pl "$module" test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass="$main" \
  -Dexec.args="${margs[*]:-}" -Dagents.tools.dir="$ROOT/.tools" "${props[@]}"
