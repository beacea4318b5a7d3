#!/usr/bin/env bash
# Builds swift-osm and runs every test (unit tests, and integration tests that drive the real kubectl).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
swift test --skip-build --parallel --num-workers 2 2>&1 | tee .build/test-output.txt | grep -Ev '^\[[0-9]+/[0-9]+\]'
status=${PIPESTATUS[0]}
exit "$status"
