# sidecar-pair.sh — sourced by proxy-rss.sh, proxy-profile.sh, proxy-costs.sh and proxy-bench.sh: the mesh PKI and ProxyConfigs
# of the netns lab's two pods, client 10.244.0.11 (identity cli.default) reaching the server 10.244.0.12
# (srv.default) on 9000.
# make_sidecar_pair DIR CA_NAME: writes ca.pem, cli.pem/cli.key, srv.pem/srv.key, cli.json and srv.json into DIR.
# make_sidecar_configs DIR PORT...: only cli.json and srv.json, routing and admitting each PORT (also used by
# proxy-bench.sh, whose harness brings its own PKI).
# start_lab DIR CA_NAME: the lab itself with all of that, for proxy-profile.sh and proxy-costs.sh (see below).
# SIDECAR: the sidecar command every script runs, followed by `osm proxy`'s arguments. By default the static release
# `osm-proxy`, the binary a pod runs (build_sidecar builds it); set SIDECAR to measure another build, e.g.
# SIDECAR="/path/osm proxy" (the same command inside `osm`).
SIDECAR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIDECAR_DEFAULT=$SIDECAR_ROOT/.build-static/release/osm-proxy
SIDECAR=${SIDECAR:-$SIDECAR_DEFAULT}
SIDECAR_BUILD="swift build -c release --product osm-proxy --static-swift-stdlib --scratch-path .build-static"

# build_sidecar: builds the default SIDECAR from the working tree (nothing when SIDECAR was given).
build_sidecar() {
  [ "$SIDECAR" = "$SIDECAR_DEFAULT" ] || return 0
  (cd "$SIDECAR_ROOT" && $SIDECAR_BUILD >&2)
}

# need_sidecar: exits with the build command when SIDECAR's binary is missing.
need_sidecar() {
  local bin
  read -r bin _ <<< "$SIDECAR"
  [ -x "$bin" ] || { echo "build the sidecar first: $SIDECAR_BUILD (or set SIDECAR)" >&2; exit 1; }
}

make_sidecar_pair() {
  local dir=$1 ca_name=$2 n
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/ca.key" 2>/dev/null
  openssl req -x509 -new -key "$dir/ca.key" -sha256 -days 1 -subj "/CN=$ca_name" -out "$dir/ca.pem" 2>/dev/null
  for n in cli srv; do
    openssl ecparam -name prime256v1 -genkey -noout -out "$dir/$n.key"
    openssl req -new -key "$dir/$n.key" -subj "/CN=$n" -out "$dir/$n.csr" 2>/dev/null
    printf 'subjectAltName=URI:spiffe://cluster.local/ns/default/sa/%s\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n' $n > "$dir/$n.ext"
    openssl x509 -req -in "$dir/$n.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 1 -sha256 \
      -extfile "$dir/$n.ext" -out "$dir/$n.pem" 2>/dev/null
  done
  make_sidecar_configs "$dir" 9000
  chmod 644 "$dir"/*
}

make_sidecar_configs() {
  local dir=$1; shift
  python3 - "$dir" "$@" <<'PY'
import json, sys
def base(identity):
    return {"schema": 1, "version": 1, "meshName": "osm", "identity": identity, "trustDomain": "cluster.local",
            "permissive": False, "egressPassthrough": False,
            "tls": {"minVersion": "TLSv1_3", "maxVersion": "TLSv1_3", "cipherSuites": [], "ecdhCurves": []},
            "timeouts": {"connectTimeoutMillis": 5000, "idleTimeoutMillis": 600000},
            "outbound": [], "clusters": [], "inbound": []}
svc = {"namespace": "default", "name": "srv"}
cli, srv = base("cli.default"), base("srv.default")
for port in map(int, sys.argv[2:]):
    name = "default/srv|%d" % port
    cli["outbound"].append({"name": "outbound_default/srv_%d_tcp" % port, "service": svc, "protocol": "tcp",
                            "addresses": ["10.244.0.12"], "port": port, "backends": [{"cluster": name, "weight": 1}]})
    cli["clusters"].append({"name": name, "service": svc, "sni": "srv.default.svc.cluster.local",
                            "serverIdentities": ["srv.default"],
                            "endpoints": [{"address": "10.244.0.12", "port": port, "weight": 1}]})
    srv["inbound"].append({"port": port, "localPort": port, "protocol": "tcp",
                           "serverNames": ["srv.default.svc.cluster.local"],
                           "authorization": {"mode": "identities", "identities": ["cli.default"]}})
for side, doc in (("cli", cli), ("srv", srv)):
    with open("%s/%s.json" % (sys.argv[1], side), "w") as f: json.dump(doc, f)
PY
  chmod 644 "$dir"/*.json
}

# start_lab DIR CA_NAME: the shared netns lab's two pods (cli 10.244.0.11, srv 10.244.0.12) without interception,
# echoload built in DIR, the mesh PKI and the configs for 9000 and 5201 written there. Sets LAB, LAB_STATE and
# PIDS (append the pids to stop); at exit they are killed, the lab is taken down and DIR removed. Needs SHARED.
start_lab() {
  local dir=$1 ca_name=$2
  export LAB=lab$$ LAB_STATE=$dir/lab
  PIDS=()
  LAB_DIR=$dir
  trap lab_cleanup EXIT
  make_sidecar_pair "$dir" "$ca_name"
  make_sidecar_configs "$dir" 9000 5201
  gcc -O2 -o "$dir/echoload" "$SHARED/echoload.c" -lpthread
  chmod 755 "$dir/echoload"
  bash "$SHARED/netns-lab.sh" up cli srv >/dev/null
}

lab_cleanup() {
  local p
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  sleep 0.3; bash "$SHARED/netns-lab.sh" down >/dev/null 2>&1 || true
  rm -rf "$LAB_DIR"
}
