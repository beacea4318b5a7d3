#!/usr/bin/env bash
# proxy-profile.sh — where the sidecar pair spends its CPU under one workload: two pods of the shared netns lab
# with real interception, both sidecars (the static release `osm-proxy`) as uid 1500, the harness's echo server and
# load generator; `perf record -g` on each sidecar while the load runs, then the top symbols of each.
#
# Usage: bash bench/proxy-profile.sh [crr|rr1|rrN|bulk] [SECONDS]     (root; needs perf and gcc; bulk needs iperf3)
# Env:   SIDECAR=the sidecar command (default: the static release osm-proxy, see sidecar-pair.sh), OUT=dir to keep perf.data and reports.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/bench}
WL=${1:-crr}; SECS=${2:-5}
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
command -v perf >/dev/null || { echo "perf is not installed" >&2; exit 1; }
W=$(mktemp -d /tmp/osm-profile.XXXXXX); chmod 755 "$W"
OUT=${OUT:-$W/out}; mkdir -p "$OUT"   # OUT, when given, is the caller's and is kept
. "$ROOT/bench/sidecar-pair.sh"
need_sidecar
start_lab "$W" profile-ca
cd "$W"
bash "$SHARED/netns-lab.sh" intercept cli >/dev/null
bash "$SHARED/netns-lab.sh" intercept srv >/dev/null
ip netns exec "$LAB-srv" ./echoload server 0.0.0.0:9000 >/dev/null 2>&1 & PIDS+=($!)
if [ "$WL" = bulk ]; then ip netns exec "$LAB-srv" iperf3 -s -p 5201 >/dev/null 2>&1 & PIDS+=($!); fi
for s in cli srv; do
  ip netns exec "$LAB-$s" setpriv --reuid=1500 --regid=1500 --clear-groups $SIDECAR --config "$W/$s.json" \
    --cert "$W/$s.pem" --key "$W/$s.key" --ca "$W/ca.pem" --no-access-log > "$W/$s.log" 2>&1 &
  PIDS+=($!); eval "PID_$s=$!"
done
sleep 2
case $WL in
  crr) args=(crr 10.244.0.12:9000 -s 64 -d "$SECS" -c 1) ;;
  rr1) args=(rr 10.244.0.12:9000 -s 64 -d "$SECS" -c 1) ;;
  rrN) args=(rr 10.244.0.12:9000 -s 64 -d "$SECS" -c 16) ;;
  bulk) command -v iperf3 >/dev/null || { echo "bulk needs iperf3" >&2; exit 1; } ;;
  *) echo "workload: crr, rr1, rrN or bulk" >&2; exit 2 ;;
esac
perf record ${PERF_CALLGRAPH:--g} -o "$OUT/cli.data" -p "$PID_cli" -- sleep "$SECS" >/dev/null 2>&1 & PC=$!
perf record ${PERF_CALLGRAPH:--g} -o "$OUT/srv.data" -p "$PID_srv" -- sleep "$SECS" >/dev/null 2>&1 & PS=$!
if [ "$WL" = bulk ]; then
  ip netns exec "$LAB-cli" iperf3 -c 10.244.0.12 -p 5201 -t "$SECS" -f g | grep -E 'sender|receiver' | tee "$OUT/load.txt"
else
  ip netns exec "$LAB-cli" ./echoload "${args[@]}" | tee "$OUT/load.json"
fi
wait $PC $PS || true
for s in cli srv; do
  echo "== $s sidecar: top symbols (self) =="
  perf report -i "$OUT/$s.data" --no-children --percent-limit 1.2 --stdio 2>/dev/null | grep -E '^ +[0-9.]+%' | head -30 | tee "$OUT/$s.top"
done
