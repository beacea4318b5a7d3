#!/usr/bin/env bash
# proxy-bench.sh — the sidecar pair ("swift-mtls": two static release `osm-proxy` processes, mTLS tunnel) measured
# beside direct, HAProxy and nginx on identical netns paths, in one run of the shared harness
# (../shared/bench/peer-bench.sh, or PEER_BENCH=path). Then the sidecar's memory: RSS idle and
# with 100 connections at 2k requests/s (bench/proxy-rss.py).
#
# Usage: bash bench/proxy-bench.sh [-r REPS] [-c "CASES"]     (root; Debian packages installed by it)
# Env:   BULK_SECS RR_SECS RR_CONNS MSG PROXY_THREADS as in the harness; OUT=dir for results; SIDECAR as in
#        sidecar-pair.sh (default: the static release osm-proxy, built from the working tree).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEER_BENCH=${PEER_BENCH:-$ROOT/../shared/bench/peer-bench.sh}
REPS=3
CASES="direct haproxy-tcp haproxy-mtls nginx-mtls ours"
while getopts "r:c:" o; do
  case $o in r) REPS=$OPTARG ;; c) CASES=$OPTARG ;; *) sed -n '2,10p' "$0"; exit 2 ;; esac
done
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
[ -x "$PEER_BENCH" ] || [ -f "$PEER_BENCH" ] || { echo "peer-bench.sh not found at $PEER_BENCH (set PEER_BENCH)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
need=()
for p in haproxy nginx-light libnginx-mod-stream socat iperf3 nftables openssl gcc python3; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
[ ${#need[@]} = 0 ] || { apt-get update -q && apt-get install -y -q "${need[@]}"; }

. "$ROOT/bench/sidecar-pair.sh"
build_sidecar
need_sidecar
CFG=$(mktemp -d /tmp/osm-proxy-bench.XXXXXX)
chmod 755 "$CFG"
trap 'rm -rf "$CFG"' EXIT

# The harness's pods: client 10.244.0.11 (identity cli.default), server 10.244.0.12 (srv.default);
# apps on 9000 (echo) and 5201 (iperf3), reached by pod IP (a headless Service's route).
make_sidecar_configs "$CFG" 9000 5201

common="--outbound 127.0.0.1:15001 --inbound 0.0.0.0:15003 --ca {PKI}/ca.pem --threads {THREADS} --no-access-log"
export OUR_PROXY_CLI_CMD="$SIDECAR --config $CFG/cli.json --cert {PKI}/cli.pem --key {PKI}/cli.key $common"
export OUR_PROXY_SRV_CMD="$SIDECAR --config $CFG/srv.json --cert {PKI}/srv.pem --key {PKI}/srv.key $common"
export OUR_LABEL=swift-mtls
OUT=${OUT:-$ROOT/bench/results-proxy-$(date +%Y%m%d-%H%M%S)}
bash "$PEER_BENCH" -r "$REPS" -c "$CASES" -o "$OUT"
echo
SIDECAR=$SIDECAR bash "$ROOT/bench/proxy-rss.sh" | tee "$OUT/rss.txt"
