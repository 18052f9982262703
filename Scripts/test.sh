#!/usr/bin/env bash
# Runs every test: the ReportKit SDK package, then the host package (unit, conformance, end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."
swift test --package-path ReportKit
# Modules may import ReportKit only: the compiler refuses any import a target does not declare.
swift build --build-tests --explicit-target-dependency-import-check error
swift test
