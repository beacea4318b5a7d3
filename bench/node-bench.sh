#!/usr/bin/env bash
# node-bench.sh — the embedded node's figures (not a test): time from `kubectl apply` of a
# one-container pod to Ready (median and p90 over N pods, one at a time), 50 pods at once (time
# until all are Ready), and the node process's memory (VmRSS) idle, with 50 pods, and after.
# Runs its own cluster in a temporary data dir, the pod bridge in a namespace it makes, and
# removes everything at the end.
#
# Usage: bash bench/node-bench.sh [N=20]     (root; builds osm in release mode)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${1:-20}
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
. "$ROOT/bench/embedded-cluster.sh"
start_bench_cluster node-bench
PID=$(cat "$DIR/apiserver.pid")
rss() { awk '/^VmRSS/{print $2}' "/proc/$PID/status"; }
pod() { printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: %s}\nspec:\n  containers:\n  - {name: main, image: busybox, command: ["sleep", "3600"]}\n' "$1"; }
now_ms() { date +%s%3N; }
sleep 2
echo "# embedded node: $(nproc) cores, osm $(stat -c %s "$OSM" | awk '{printf "%.0f MB", $1/1e6}') release binary"
echo "node process RSS idle: $(rss) kB"
times=()
for i in $(seq "$N"); do
  start=$(now_ms)
  pod "single-$i" | $K apply -f - >/dev/null
  $K wait --for=condition=Ready "pod/single-$i" --timeout=60s >/dev/null
  times+=($(( $(now_ms) - start )))
  $K delete pod "single-$i" --wait=false >/dev/null
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$N" '{a[NR]=$1} END {printf "kubectl apply -> Ready, one pod at a time (%d pods): median %d ms, p90 %d ms, max %d ms (kubectl apply + kubectl wait process starts included)\n", n, a[int((n+1)/2)], a[int(n*0.9+0.5)], a[n]}'
sleep 3
start=$(now_ms)
for i in $(seq 50); do pod "many-$i"; echo "---"; done | $K apply -f - >/dev/null
for _ in $(seq 600); do
  ready=$($K get pods --no-headers 2>/dev/null | grep -c "^many-.* 1/1 .*Running" || true)
  [ "$ready" -ge 50 ] && break
  sleep 0.2
done
echo "50 pods applied at once -> all Ready: $(( $(now_ms) - start )) ms ($ready ready)"
echo "node process RSS with 50 pods: $(rss) kB; sandboxes: $(ip netns list | grep -c '^osm-')"
$K delete pods --all --wait=true --timeout=180s >/dev/null
sleep 2
echo "node process RSS after deleting them: $(rss) kB; sandboxes left: $(ip netns list | grep -c '^osm-' || true)"
