#!/usr/bin/env bash
# MCP servers used by camel-mcp-component's tests, its benchmark and the examples.
#
# - npm servers, pinned, into ${AGENTS_TOOLS_DIR:-<root>/.tools}/mcp-servers (git-ignored):
#     @modelcontextprotocol/server-everything, @modelcontextprotocol/server-filesystem,
#     @modelcontextprotocol/server-memory (knowledge graph; camel-mcp-component's allow-list test and benchmark),
#     @bytebase/dbhub (SQL) + pg (its PostgreSQL driver).
#   Installed with --omit=optional --ignore-scripts: dbhub's optional better-sqlite3 would otherwise
#   compile from source for minutes; we use PostgreSQL through the pure-JS `pg` driver instead.
# - PostgreSQL server binaries from Debian packages (initdb, pg_ctl, postgres). The tests create
#   their own throw-away cluster on a loopback port; nothing is started here.
#
# Idempotent: does nothing when the pinned versions are already installed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${AGENTS_TOOLS_DIR:-$ROOT/.tools}"
MCP_DIR="$TOOLS_DIR/mcp-servers"

# name@version pairs; keep in sync with embedded-brokers/src/main/java/io/camelagents/brokers/McpServerPackages.java
PACKAGES=(
  "@modelcontextprotocol/server-everything@2026.8.31"
  "@modelcontextprotocol/server-filesystem@2026.8.31"
  "@modelcontextprotocol/server-memory@2026.8.31"
  "@bytebase/dbhub@0.21.2"
  "pg@8.23.1"
)

log() { echo "[install-mcp-servers] $*"; }

installed_version() { # $1 = package name
  local pj="$MCP_DIR/node_modules/$1/package.json"
  [ -f "$pj" ] && node -p "require(process.argv[1]).version" "$pj" 2>/dev/null || true
}

install_npm_servers() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    log "node and npm are required (Node >= 20)"; exit 1
  fi
  local missing=()
  for spec in "${PACKAGES[@]}"; do
    local name="${spec%@*}" version="${spec##*@}"
    if [ "$(installed_version "$name")" != "$version" ]; then missing+=("$spec"); fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "npm servers already installed in $MCP_DIR"; return
  fi
  log "installing ${missing[*]} into $MCP_DIR"
  mkdir -p "$MCP_DIR"
  [ -f "$MCP_DIR/package.json" ] || echo '{"name":"camel-agents-mcp-servers","private":true}' > "$MCP_DIR/package.json"
  local start=$SECONDS
  # All packages in one command so npm resolves one consistent tree.
  (cd "$MCP_DIR" && npm install --no-audit --no-fund --omit=optional --ignore-scripts --save-exact "${PACKAGES[@]}")
  log "npm install took $((SECONDS - start)) s"
  for spec in "${PACKAGES[@]}"; do
    local name="${spec%@*}" version="${spec##*@}"
    if [ "$(installed_version "$name")" != "$version" ]; then log "FAILED: $name is not at $version"; exit 1; fi
  done
}

find_pg_bin() {
  if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

install_postgresql() {
  local bin; bin="$(find_pg_bin || true)"
  if [ -n "$bin" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then
    log "PostgreSQL binaries present in $bin"; return
  fi
  if ! command -v apt-get >/dev/null; then
    log "PostgreSQL server binaries (initdb, pg_ctl) not found and apt-get is unavailable: install PostgreSQL >= 13"; exit 1
  fi
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "installing PostgreSQL from Debian packages"
  local start=$SECONDS
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  # The Debian package starts a default cluster; the tests use their own, so stop it to save memory.
  if command -v pg_ctlcluster >/dev/null; then
    for cluster in $(ls /etc/postgresql 2>/dev/null); do $sudo pg_ctlcluster "$cluster" main stop 2>/dev/null || true; done
  fi
  log "apt-get install postgresql took $((SECONDS - start)) s"
  bin="$(find_pg_bin)"
  [ -x "$bin/initdb" ] || { log "FAILED: initdb not found after install"; exit 1; }
}

install_npm_servers
install_postgresql
