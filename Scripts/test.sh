#!/usr/bin/env bash
# Runs every test: the ReportKit SDK package, then the host package (unit, conformance, end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."
swift test --package-path ReportKit
swift test
