# embedded-cluster.sh — sourced by node-bench.sh and mesh-bench.sh: builds the release `osm`, starts an embedded
# cluster in a temporary data dir with its pod bridge in a network namespace of its own, and removes both on exit.
# start_bench_cluster NAME: sets OSM, DIR, HUB, KUBECONFIG (exported) and K (kubectl with a private cache dir).
start_bench_cluster() {
  local name=$1
  (cd "$ROOT" && swift build -c release --product osm >&2)
  OSM=$ROOT/.build/release/osm
  DIR=$(mktemp -d "/tmp/osm-$name.XXXXXX")
  HUB=${name:0:2}$$
  ip netns add "$HUB"
  trap 'bench_cluster_down' EXIT
  "$OSM" cluster up --data-dir "$DIR" --port 0 --detach --no-kubeconfig-merge --pod-bridge-namespace "$HUB" >/dev/null
  export KUBECONFIG=$DIR/admin.kubeconfig
  K="kubectl --cache-dir $DIR/cache"
}

bench_cluster_down() {
  "$OSM" cluster down --data-dir "$DIR" >/dev/null 2>&1 || true
  ip netns del "$HUB" 2>/dev/null || true
  rm -rf "$DIR"
}
