#!/usr/bin/env bash
# Builds swift-osm and runs every test (unit tests, and integration tests that drive the real kubectl).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
swift test --skip-build
