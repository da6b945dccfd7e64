#!/usr/bin/env bash
# Runs a command (e.g. pvpython SCRIPT) where it can render: with the current X display, or else
# on a private Xvfb server started here and stopped afterwards. Debian's ParaView renders through
# GLX, so even `pvpython --force-offscreen-rendering` needs an X server.
# Xvfb picks a free display itself (-displayfd) and reports it once it accepts connections,
# which avoids the display-number races of `xvfb-run -a` when several jobs start at once, and
# -noreset keeps it from resetting (refusing connections) whenever pvpython closes a probe connection.
# Exit code: the command's, or 77 when there is no display and no Xvfb (tests count that as skipped).
set -euo pipefail

if [[ -n "${DISPLAY:-}" ]]; then
  exec "$@"
fi
if ! command -v Xvfb >/dev/null; then
  echo "with_display.sh: no DISPLAY and no Xvfb (apt-get install xvfb)" >&2
  exit 77
fi
tmp=$(mktemp -d)
Xvfb -displayfd 3 -screen 0 1600x1200x24 -nolisten tcp -noreset 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb=$!
cleanup() {
  kill "$xvfb" 2>/dev/null || true
  wait "$xvfb" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
for _ in $(seq 100); do
  [[ -s "$tmp/display" ]] && break
  kill -0 "$xvfb" 2>/dev/null || { echo "with_display.sh: Xvfb failed: $(cat "$tmp/xvfb.log")" >&2; exit 1; }
  sleep 0.1
done
[[ -s "$tmp/display" ]] || { echo "with_display.sh: Xvfb did not start within 10 s" >&2; exit 1; }
status=0
DISPLAY=":$(head -n1 "$tmp/display")" "$@" || status=$?
exit "$status"
