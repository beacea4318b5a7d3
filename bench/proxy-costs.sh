#!/usr/bin/env bash
# proxy-costs.sh — what one request or connection costs each sidecar under one workload, without a profiler:
# the netns lab's two pods with real interception, both sidecars (the static release `osm-proxy`) as uid 1500, the
# harness's echo server and load generator; user and system CPU, voluntary context switches (sleeps in
# epoll_wait) and involuntary ones, read from /proc around the run and divided by the operations done.
# Use it to compare variants interleaved (two SIDECAR binaries, or an env toggle) — the VM's noise between
# runs minutes apart is larger than most single changes.
#
# Usage: bash bench/proxy-costs.sh [crr|rr1|rrN|bulk] [SECONDS] [REPS]     (root; needs gcc; bulk needs iperf3,
#        and counts one operation per MiB)
# Env:   SIDECAR=the sidecar command (default: the static release osm-proxy, see sidecar-pair.sh); PROXY_ARGS=extra flags;
#        SYSCALLS=1 also counts each sidecar's system calls per operation (strace -c; slows the run, so its
#        CPU figures are not comparable with runs without it); SETTLE=seconds between the sidecars' start and the
#        load (default 2; the shared harness starts its load as soon as they listen).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/bench}
WL=${1:-crr}; SECS=${2:-5}; REPS=${3:-1}
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
W=$(mktemp -d /tmp/osm-costs.XXXXXX); chmod 755 "$W"
. "$ROOT/bench/sidecar-pair.sh"
need_sidecar
start_lab "$W" costs-ca
cd "$W"
ip netns exec "$LAB-srv" ./echoload server 0.0.0.0:9000 >/dev/null 2>&1 & PIDS+=($!); PID_app=$!
case $WL in
  crr) args=(./echoload crr 10.244.0.12:9000 -s 64 -d "$SECS" -c 1) ;;
  rr1) args=(./echoload rr 10.244.0.12:9000 -s 64 -d "$SECS" -c 1) ;;
  rrN) args=(./echoload rr 10.244.0.12:9000 -s 64 -d "$SECS" -c 16) ;;
  # bulk: iperf3 for SECS, its result in echoload's JSON shape with one operation per MiB.
  bulk) command -v iperf3 >/dev/null || { echo "bulk needs iperf3" >&2; exit 1; }
        ip netns exec "$LAB-srv" iperf3 -s -p 5201 >/dev/null 2>&1 & PIDS+=($!); PID_app=$!
        cat > "$W/bulk" <<EOB
#!/bin/sh
iperf3 -c 10.244.0.12 -p 5201 -t $SECS -J | python3 -c 'import json,sys; e=json.load(sys.stdin)["end"]["sum_received"]; m=e["bytes"]/1048576; print(json.dumps({"mode":"bulk","conns":1,"size":0,"secs":e["seconds"],"count":round(m),"rate":m/e["seconds"],"p50_us":0}))'
EOB
        chmod 755 "$W/bulk"; args=("$W/bulk"); sleep 0.5 ;;
  *) echo "workload: crr, rr1, rrN or bulk" >&2; exit 2 ;;
esac
# The apps alone first (no interception, no sidecars): what the same workload costs them, and how busy
# the two CPUs are — the budget the sidecars share with them.
sleep 0.5
python3 - "$LAB-cli" "$PID_app" "${args[@]}" <<'PY'
import json, os, resource, subprocess, sys, time
ns, app, args = sys.argv[1], sys.argv[2], sys.argv[3:]
tck = os.sysconf("SC_CLK_TCK")
def app_ticks():
    f = open(f"/proc/{app}/stat").read().rsplit(")", 1)[1].split()
    return int(f[11]) + int(f[12])
def idle():
    f = open("/proc/stat").readline().split()[1:]
    return int(f[3]) + int(f[4]), sum(map(int, f))
a0, (i0, t0) = app_ticks(), idle()
out = subprocess.run(["ip", "netns", "exec", ns, *args], capture_output=True, text=True, check=True).stdout
a1, (i1, t1) = app_ticks(), idle()
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
load = json.loads(out)
ops = max(load["count"], 1)
print(f'direct {load["mode"]} c={load["conns"]}: {load["rate"]:,.0f}/s p50 {load["p50_us"]:.0f} us, per op: '
      f'client app {(ru.ru_utime + ru.ru_stime) * 1e6 / ops:.1f} us  server app {(a1 - a0) * 1e6 / tck / ops:.1f} us  '
      f'CPUs idle {100 * (i1 - i0) / max(t1 - t0, 1):.0f} %')
PY
bash "$SHARED/netns-lab.sh" intercept cli >/dev/null
bash "$SHARED/netns-lab.sh" intercept srv >/dev/null
for s in cli srv; do
  # shellcheck disable=SC2086
  ip netns exec "$LAB-$s" setpriv --reuid=1500 --regid=1500 --clear-groups $SIDECAR --config "$W/$s.json" \
    --cert "$W/$s.pem" --key "$W/$s.key" --ca "$W/ca.pem" --no-access-log ${PROXY_ARGS:-} > "$W/$s.log" 2>&1 &
  PIDS+=($!); eval "PID_$s=$!"
done
sleep "${SETTLE:-2}"
# utime stime (clock ticks) and context switches of every thread of a pid, summed.
sample() {
  local pid=$1 u=0 s=0 v=0 n=0 t f
  for t in /proc/"$pid"/task/*; do
    read -r -a f < <(sed 's/.*) //' "$t/stat")
    u=$((u + f[11])); s=$((s + f[12]))
    v=$((v + $(awk '/^voluntary_ctxt_switches/ {print $2}' "$t/status")))
    n=$((n + $(awk '/^nonvoluntary_ctxt_switches/ {print $2}' "$t/status")))
  done
  echo "$u $s $v $n"
}
TCK=$(getconf CLK_TCK)
for rep in $(seq "$REPS"); do
  read -r cu0 cs0 cv0 cn0 < <(sample "$PID_cli"); read -r su0 ss0 sv0 sn0 < <(sample "$PID_srv")
  read -r au0 as0 av0 an0 < <(sample "$PID_app")
  if [ "${SYSCALLS:-0}" = 1 ]; then
    strace -f -c -o "$W/cli.strace" -p "$PID_cli" 2>/dev/null & ST1=$!
    strace -f -c -o "$W/srv.strace" -p "$PID_srv" 2>/dev/null & ST2=$!
    sleep 0.5
  fi
  read -r -a st0 < <(head -1 /proc/stat)
  load=$(ip netns exec "$LAB-cli" "${args[@]}")
  read -r -a st1 < <(head -1 /proc/stat)
  read -r cu1 cs1 cv1 cn1 < <(sample "$PID_cli"); read -r su1 ss1 sv1 sn1 < <(sample "$PID_srv")
  read -r au1 as1 av1 an1 < <(sample "$PID_app")
  python3 - "$load" "$TCK" "$cu1 $cs1 $cv1 $cn1 $cu0 $cs0 $cv0 $cn0" "$su1 $ss1 $sv1 $sn1 $su0 $ss0 $sv0 $sn0" \
    "${st0[*]:1}" "${st1[*]:1}" "$av1 $av0" <<'PY'
import json, sys
load, tck = json.loads(sys.argv[1]), int(sys.argv[2])
c0, c1 = (list(map(int, a.split())) for a in sys.argv[5:7])
av1, av0 = map(int, sys.argv[7].split())
idle = (c1[3] + c1[4] - c0[3] - c0[4]) / max(sum(c1) - sum(c0), 1)
ops = max(load["count"], 1)
out = [f'{load["mode"]} c={load["conns"]}: {load["rate"]:,.0f}/s p50 {load["p50_us"]:.0f} us, per op:']
for side, raw in (("cli", sys.argv[3]), ("srv", sys.argv[4])):
    a = list(map(int, raw.split()))
    u, s, v, n = (a[i] - a[i + 4] for i in range(4))
    out.append(f'{side} user {u * 1e6 / tck / ops:.1f} us sys {s * 1e6 / tck / ops:.1f} us wakeups {v / ops:.2f} preempted {n / ops:.2f}')
out.append(f'server app wakeups {(av1 - av0) / ops:.2f}  CPUs idle {100 * idle:.0f} %')
print("  ".join(out))
PY
  if [ "${SYSCALLS:-0}" = 1 ]; then
    kill -INT $ST1 $ST2; wait $ST1 $ST2 2>/dev/null || true
    ops=$(python3 -c 'import json,sys; print(max(json.loads(sys.argv[1])["count"], 1))' "$load")
    for s in cli srv; do
      echo "  $s system calls per operation:"
      awk -v ops="$ops" '$1 ~ /^[0-9.]+$/ && NF >= 5 { printf "    %-16s %6.2f\n", $NF, $4 / ops }' "$W/$s.strace" | sort -k2 -nr | head -25
    done
  fi
done
