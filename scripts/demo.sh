#!/usr/bin/env bash
# Builds swift-osm, starts the embedded cluster and walks through what it serves with the real kubectl.
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
step kubectl get ns
step kubectl get nodes -o wide
kubectl get namespace tcp-demo >/dev/null 2>&1 || step kubectl create namespace tcp-demo
step kubectl apply -n tcp-demo -f manifests/demo/tcp-echo.yaml
sleep 2
step kubectl get svc,deploy,rs,pods -n tcp-demo -o wide
step kubectl delete namespace tcp-demo
echo
echo "(the node schedules pods and runs the Deployment/ReplicaSet/Endpoints controllers; running containers"
echo " and the mesh control plane are not part of this build yet, so pods stay Pending)"
echo
echo "The cluster keeps running; stop it with: $OSM cluster down --data-dir $DATA"
