#!/usr/bin/env bash
# Builds swift-osm, starts the embedded cluster and runs the TCP routing guide's applications on it
# with the real kubectl, printing each step. (The mesh control plane comes next: the steps that
# install it and apply SMI policies are not part of this build yet.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build
OSM="$PWD/.build/debug/osm"
DATA="${OSM_DATA_DIR:-/var/lib/swift-osm}"
"$OSM" cluster status --data-dir "$DATA" >/dev/null 2>&1 || "$OSM" cluster up --data-dir "$DATA" --detach
export KUBECONFIG="$DATA/admin.kubeconfig"
step() { echo; echo "\$ $*"; "$@"; }
step kubectl version
step kubectl get nodes -o wide
for ns in tcp-demo curl; do
  kubectl get namespace "$ns" >/dev/null 2>&1 && { kubectl delete namespace "$ns" --wait=true >/dev/null; }
  step kubectl create namespace "$ns"
done
step kubectl apply -f docs/example/manifests/apps/tcp-echo.yaml
step kubectl apply -n curl -f docs/example/manifests/samples/curl/curl.yaml
step kubectl rollout status deployment/tcp-echo -n tcp-demo --timeout=120s
step kubectl rollout status deployment/curl -n curl --timeout=120s
step kubectl get pods -A -o wide
echo
echo "expected: echo response: hello"
step kubectl exec -n curl deploy/curl -- sh -c 'echo hello | nc tcp-echo.tcp-demo 9000'
echo
echo "The cluster keeps running; stop it with: $OSM cluster down --data-dir $DATA"
