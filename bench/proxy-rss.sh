#!/usr/bin/env bash
# proxy-rss.sh — the sidecar's memory: two pods (the shared netns lab), both sidecars running the
# static release `osm-proxy` as uid 1500 behind real interception, an echo app; RSS (VmRSS) and
# private memory (RssAnon) of each sidecar idle, then with 100 connections at 2,000 requests/s
# (64-byte ping-pong) for 10 s: the peak of samples every 0.2 s, and the steady value (median of the
# second half's samples).
#
# Usage: bash bench/proxy-rss.sh    (root; run by bench/proxy-bench.sh, or alone)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LAB_SH=${LAB_SH:-$ROOT/../shared/bench/netns-lab.sh}
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
. "$ROOT/bench/sidecar-pair.sh"
build_sidecar
need_sidecar
read -r BIN _ <<< "$SIDECAR"
W=$(mktemp -d /tmp/osm-rss.XXXXXX); chmod 755 "$W"
export LAB=rss$$ LAB_STATE=$W/lab
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  sleep 0.3; bash "$LAB_SH" down >/dev/null 2>&1 || true; rm -rf "$W"
}
trap cleanup EXIT
[ -n "${KEEP_LOGS:-}" ] && trap 'sleep 2; cp $W/*.log $W/load.out /tmp/ 2>/dev/null; cleanup' EXIT
cd "$W"
make_sidecar_pair "$W" rss-ca
bash "$LAB_SH" up cli srv >/dev/null
bash "$LAB_SH" intercept cli >/dev/null
bash "$LAB_SH" intercept srv >/dev/null
cat > echo.py <<'PY'
import socket, threading
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", 9000)); s.listen(256)
def serve(c):
    while True:
        b = c.recv(65536)
        if not b: break
        c.sendall(b)
    c.close()
while True:
    c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
cat > load.py <<'PY'
import asyncio, sys, time
CONNS, RATE, SECS = 100, 2000, 10
async def one(i, stats, start):
    r, w = await asyncio.open_connection("10.244.0.12", 9000)
    period, msg = CONNS / RATE, b"x" * 64
    await asyncio.sleep(period * i / CONNS)
    end = time.monotonic() + SECS
    try:
        while time.monotonic() < end:
            t = time.monotonic()
            w.write(msg); await w.drain(); await r.readexactly(64); stats[0] += 1
            await asyncio.sleep(max(0, period - (time.monotonic() - t)))
    except (OSError, asyncio.IncompleteReadError) as e:
        stats[1] += 1
        print("connection %d failed after %.2fs: %s" % (i, time.monotonic() - start, type(e).__name__), file=sys.stderr)
    w.close()
async def main():
    stats, start = [0, 0], time.monotonic()
    await asyncio.gather(*(one(i, stats, start) for i in range(CONNS)))
    print("%d connections, %d requests in %ds (%.0f/s), %d errors" % (CONNS, stats[0], SECS, stats[0] / SECS, stats[1]))
asyncio.run(main())
PY
ip netns exec "$LAB-srv" python3 echo.py & PIDS+=($!)
for s in cli srv; do
  ip netns exec "$LAB-$s" setpriv --reuid=1500 --regid=1500 --clear-groups $SIDECAR --config "$W/$s.json" \
    --cert "$W/$s.pem" --key "$W/$s.key" --ca "$W/ca.pem" ${ACCESS_LOG:---no-access-log} > "$W/$s.log" 2>&1 &
  PIDS+=($!); eval "PID_$s=$!"
done
sleep 2
mem() { awk '/^VmRSS|^RssAnon/{printf "%s %s ", $1, $2}' "/proc/$1/status"; }
echo "# sidecar memory ($SIDECAR: $(stat -c %s "$BIN" | awk '{printf "%.0f MB file", $1/1e6}'))"
echo "idle:            client: $(mem $PID_cli)  server: $(mem $PID_srv)"
ip netns exec "$LAB-cli" python3 load.py > "$W/load.out" & LOAD=$!
peak_c=0; peak_s=0; anon_c=0; anon_s=0; rss_c=(); rss_s=()
sample() { awk '/^VmRSS/{r=$2} /^RssAnon/{a=$2} END{print r+0, a+0}' "/proc/$1/status"; }
while kill -0 $LOAD 2>/dev/null; do
  read -r r a < <(sample "$PID_cli"); rss_c+=("$r")
  if [ "$r" -gt "$peak_c" ]; then peak_c=$r; fi
  if [ "$a" -gt "$anon_c" ]; then anon_c=$a; fi
  read -r r a < <(sample "$PID_srv"); rss_s+=("$r")
  if [ "$r" -gt "$peak_s" ]; then peak_s=$r; fi
  if [ "$a" -gt "$anon_s" ]; then anon_s=$a; fi
  sleep 0.2
done
wait $LOAD || true
# Steady: the median of the samples of the load's second half (the first tunnel's handshake and
# its pages are behind by then).
steady() { printf '%s\n' "$@" | tail -n +$(( $# / 2 + 1 )) | sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
echo "load:            $(cat "$W/load.out")"
echo "peak under load: client: VmRSS: $peak_c kB RssAnon: $anon_c kB  server: VmRSS: $peak_s kB RssAnon: $anon_s kB"
echo "steady (2nd half median): client: VmRSS: $(steady "${rss_c[@]}") kB  server: VmRSS: $(steady "${rss_s[@]}") kB"
echo "after load:      client: $(mem $PID_cli)  server: $(mem $PID_srv)"
