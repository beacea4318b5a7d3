#!/usr/bin/env bash
# mesh-bench.sh — the control plane's figures (not a test), on the embedded cluster with the mesh:
#   1. policy → first allowed connection: from the start of `kubectl apply` of the guide's
#      TrafficTarget (and of the permissive-mode patch) to the first `echo response` seen by a
#      client looping inside the curl pod; N rounds, the policy removed (and refusal seen) between
#      rounds; p50 / p99 / max, also measured from the moment kubectl returned;
#   2. meshed pod create → 2/2 Running (kubectl wait Ready): median and p90 over N pods;
#   3. controller scale: `osm bench-controller` (1,000 proxies, 100 services, full push, RSS).
# Runs its own cluster in a temporary data dir with the pod bridge in a namespace it makes, and
# removes everything at the end.
#
# Usage: bash bench/mesh-bench.sh [N=20]     (root; builds osm in release mode)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${1:-20}
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
. "$ROOT/bench/embedded-cluster.sh"
start_bench_cluster mesh-bench
"$OSM" install --kubeconfig "$KUBECONFIG" >/dev/null
for ns in tcp-demo curl; do $K create namespace $ns >/dev/null; "$OSM" namespace add $ns --kubeconfig "$KUBECONFIG" >/dev/null; done
$K apply -f "$ROOT/docs/example/manifests/apps/tcp-echo.yaml" >/dev/null
$K apply -n curl -f "$ROOT/docs/example/manifests/samples/curl/curl.yaml" >/dev/null
$K rollout status deploy/tcp-echo -n tcp-demo --timeout=120s >/dev/null
$K rollout status deploy/curl -n curl --timeout=120s >/dev/null
CURL=$($K get pod -n curl -l app=curl -o jsonpath='{.items[0].metadata.name}')
now_ns() { date +%s%N; }
works() { $K exec -n curl "$CURL" -c curl -- sh -c 'echo x | nc tcp-echo.tcp-demo 9000' 2>/dev/null | grep -q response; }
wait_refused() { for _ in $(seq 200); do works || return 0; sleep 0.05; done; echo "still allowed" >&2; exit 1; }
stats() { sort -n | awk '{a[NR]=$1} END {printf "p50 %.0f ms, p99 %.0f ms, max %.0f ms (n=%d)", a[int((NR+1)/2)], a[int(NR*0.99+0.999)], a[NR], NR}'; }
cat > "$DIR/policy.yaml" <<'YAML'
apiVersion: specs.smi-spec.io/v1alpha4
kind: TCPRoute
metadata: {name: tcp-echo-route, namespace: tcp-demo}
spec:
  matches:
    ports: [9000]
---
kind: TrafficTarget
apiVersion: access.smi-spec.io/v1alpha3
metadata: {name: tcp-access, namespace: tcp-demo}
spec:
  destination: {kind: ServiceAccount, name: tcp-echo, namespace: tcp-demo}
  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
  rules: [{kind: TCPRoute, name: tcp-echo-route}]
YAML
# One round: start a client looping in the curl pod, run the change, report when the first echo came.
round() {  # $1: the change command, $2: the undo command
  $K exec -n curl "$CURL" -c curl -- sh -c 'while ! echo x | nc tcp-echo.tcp-demo 9000 2>/dev/null | grep -q response; do :; done; /usr/bin/date +%s%N' > "$DIR/seen" &
  local prober=$!
  sleep 1
  local start; start=$(now_ns)
  eval "$1" >/dev/null
  local returned; returned=$(now_ns)
  wait $prober
  local seen; seen=$(cat "$DIR/seen")
  echo "$(( (seen - start) / 1000000 )) $(( (seen - returned) / 1000000 ))"
  eval "$2" >/dev/null
  wait_refused
}
SMI='{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":false}}}'
PERM='{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}'
$K patch meshconfig osm-mesh-config -n osm-system --type=merge -p "$SMI" >/dev/null
$K apply -f <(sed -n '1,/^---/p' "$DIR/policy.yaml" | sed '$d') >/dev/null   # the TCPRoute stays
wait_refused
echo "# mesh control plane: $(nproc) cores, osm release binary, N=$N"
: > "$DIR/tt"; : > "$DIR/perm"
for _ in $(seq "$N"); do round "$K apply -f $DIR/policy.yaml" "$K delete traffictarget tcp-access -n tcp-demo" >> "$DIR/tt"; done
for _ in $(seq "$N"); do round "$K patch meshconfig osm-mesh-config -n osm-system --type=merge -p '$PERM'" \
                              "$K patch meshconfig osm-mesh-config -n osm-system --type=merge -p '$SMI'" >> "$DIR/perm"; done
echo "TrafficTarget apply → first allowed connection: from kubectl start $(cut -d' ' -f1 "$DIR/tt" | stats); from kubectl's return $(cut -d' ' -f2 "$DIR/tt" | stats)"
echo "permissive patch → first allowed connection: from kubectl start $(cut -d' ' -f1 "$DIR/perm" | stats); from kubectl's return $(cut -d' ' -f2 "$DIR/perm" | stats)"
: > "$DIR/pod-times"
for i in $(seq "$N"); do
  start=$(now_ns)
  $K run "meshed-$i" -n curl --image=busybox -- sleep 3600 >/dev/null
  $K wait --for=condition=Ready "pod/meshed-$i" -n curl --timeout=60s >/dev/null
  echo $(( ($(now_ns) - start) / 1000000 )) >> "$DIR/pod-times"
  ready=$($K get pod "meshed-$i" -n curl --no-headers | awk '{print $2}')
  [ "$ready" = 2/2 ] || { echo "meshed-$i is $ready, not 2/2" >&2; exit 1; }
  $K delete pod "meshed-$i" -n curl --wait=false >/dev/null
done
echo "meshed pod create → 2/2 Running: $(stats < "$DIR/pod-times")"
"$OSM" bench-controller --proxies 1000 --services 100 --namespaces 10
