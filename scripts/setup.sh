#!/usr/bin/env bash
# Installs what swift-osm needs on a fresh Debian machine (Swift itself is expected at /opt/swift or on PATH).
set -euo pipefail
need=()
for pkg in libsqlite3-dev iptables iproute2 busybox sqlite3 python3; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
command -v swift >/dev/null 2>&1 || { echo "swift not found (expected /opt/swift/usr/bin)"; exit 1; }
command -v kubectl >/dev/null 2>&1 || { echo "kubectl not found: install kubectl 1.32 and retry"; exit 1; }
