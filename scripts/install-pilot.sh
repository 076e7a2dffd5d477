#!/usr/bin/env bash
# Real Pilot Protocol binaries for tests and the demo.
#   newest generation: pilot-daemon + pilotctl from the PyPI package pilotprotocol (pinned), in a private venv.
#   rendezvous v0.2.8 and the v1.2.2 generation are Go modules; we try `go install` and record the outcome
#   (the module proxy reachable from here refuses them, see README "Pilot binaries").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${AGENTS_TOOLS_DIR:-$ROOT/.tools}"
PILOT_PY_VERSION="1.18.0"
NEW_BIN="$TOOLS/pilot-newest/bin"
mkdir -p "$NEW_BIN"

if [ "$(cat "$NEW_BIN/.version" 2>/dev/null || true)" != "$PILOT_PY_VERSION" ]; then
  echo "[install-pilot] pilotprotocol==$PILOT_PY_VERSION from PyPI"
  python3 -m venv "$TOOLS/pilot-venv"
  "$TOOLS/pilot-venv/bin/pip" install -q --disable-pip-version-check "pilotprotocol==$PILOT_PY_VERSION"
  pkg_bin="$("$TOOLS/pilot-venv/bin/python" -c 'import os, pilotprotocol; print(os.path.join(os.path.dirname(pilotprotocol.__file__), "bin"))')"
  for b in pilot-daemon pilotctl; do
    install -m 0755 "$pkg_bin/$b" "$NEW_BIN/$b"
  done
  echo "$PILOT_PY_VERSION" > "$NEW_BIN/.version"
fi
"$NEW_BIN/pilotctl" --help >/dev/null 2>&1 || { echo "[install-pilot] pilotctl does not run" >&2; exit 1; }

# Older generation with the daemon-owned task service on port 1003 (as v1.2.2 has), from an older wheel of the
# same PyPI package: the stand-in for v1.2.2, whose Go module the module proxy refuses (see README).
LEGACY_PY_VERSION="1.7.2"
LEGACY_BIN="$TOOLS/pilot-legacy/bin"
mkdir -p "$LEGACY_BIN"
if [ "$(cat "$LEGACY_BIN/.version" 2>/dev/null || true)" != "$LEGACY_PY_VERSION" ]; then
  echo "[install-pilot] pilotprotocol==$LEGACY_PY_VERSION (older generation) from PyPI"
  wheel_dir="$(mktemp -d)"
  "$TOOLS/pilot-venv/bin/pip" download -q --disable-pip-version-check --no-deps -d "$wheel_dir" "pilotprotocol==$LEGACY_PY_VERSION"
  (cd "$wheel_dir" && python3 -m zipfile -e ./*.whl extracted)
  for b in pilot-daemon pilotctl; do
    install -m 0755 "$wheel_dir/extracted/pilotprotocol/bin/$b" "$LEGACY_BIN/$b"
  done
  rm -rf "$wheel_dir"
  echo "$LEGACY_PY_VERSION" > "$LEGACY_BIN/.version"
fi
"$LEGACY_BIN/pilotctl" version >/dev/null 2>&1 || { echo "[install-pilot] legacy pilotctl does not run" >&2; exit 1; }

# Optional Go-built generations. Absent binaries make the generation-specific tests fail loudly only when
# that generation is requested (see PilotBinaries); the newest generation is always required.
try_go_install() { # dir module...
  local dir="$1"; shift
  mkdir -p "$dir"
  if ! GOBIN="$dir" GOFLAGS=-mod=mod go install "$@" >"$dir/.install.log" 2>&1; then
    echo "[install-pilot] go install $* refused: $(grep -m1 -o 'server response:.*\|403.*' "$dir/.install.log" || tail -1 "$dir/.install.log")"
    return 1
  fi
}
if command -v go >/dev/null 2>&1; then
  [ -x "$TOOLS/rendezvous/bin/rendezvous" ] || try_go_install "$TOOLS/rendezvous/bin" \
      github.com/pilot-protocol/rendezvous/cmd/rendezvous@v0.2.8 || true
  [ -x "$TOOLS/pilot-v1.2.2/bin/daemon" ] || try_go_install "$TOOLS/pilot-v1.2.2/bin" \
      github.com/TeoSlayer/pilotprotocol/cmd/daemon@v1.2.2 \
      github.com/TeoSlayer/pilotprotocol/cmd/pilotctl@v1.2.2 \
      github.com/TeoSlayer/pilotprotocol/cmd/rendezvous@v1.2.2 || true
fi
echo "[install-pilot] newest: $NEW_BIN ($(cat "$NEW_BIN/.version")), legacy: $LEGACY_BIN ($(cat "$LEGACY_BIN/.version"))"
