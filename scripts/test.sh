#!/usr/bin/env bash
# Builds swift-osm and runs every test (unit tests, and integration tests that drive the real kubectl).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
# Every call of the swift driver leaves an empty TemporaryDirectory.* in $TMPDIR (five per `swift test`), and the
# tests make their folders there too: the run gets a folder of its own, removed when it ends. Pods' sidecars run as
# uid 1500 and must reach their folders in it.
run_tmp=$(mktemp -d /tmp/osm-tests.XXXXXX)
chmod 755 "$run_tmp"
trap 'rm -rf "$run_tmp"' EXIT
export TMPDIR="$run_tmp"
swift build --build-tests
# Separate passes, each its own process, so the kubectl and network-namespace suites (which run servers and
# subprocesses) never compete with CPU-heavy unit suites for the small cooperative thread pool of a 2-core machine.
swift test --skip-build --skip KubeAPIServerTests --skip NetnsTests --skip HeapMemoryTests
# The heap tests hand the whole process's free heap back to the kernel: a process of their own, so
# no other suite runs while its allocator is trimmed under it.
swift test --skip-build --filter MeshProxyTests.HeapMemoryTests
# The kubectl suites run one per process: each starts API servers and many kubectl processes.
for suite in NamespaceTests ApplyTests BadInputTests CoverageTests CustomResourceTests MeshManifestTests WatchTests ExecTests \
    WebhookTests ClusterCLITests NamespaceCLITests ControllerProcessTests PolicyCLITests PortForwardTests UpgradeHeaderFilterTests BoundedFeedTests WatchBacklogTests; do
    swift test --skip-build --filter "KubeAPIServerTests.$suite"
done
# The network-namespace suites also run one per process, one after another: each starts clusters,
# pods and proxies, and on 2 cores running them side by side starves them.
for suite in ProxyInitTests SidecarPairTests PodNetworkTests EmbeddedNodeTests RolloutTests NodeRestartTests GuideAppsTests InstallTests MeshGuideTests MeshProbeTests; do
    swift test --skip-build --filter "NetnsTests.$suite"
done
