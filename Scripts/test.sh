#!/usr/bin/env bash
# Runs every test: the ReportKit SDK package, the example module package, then the host package (unit,
# conformance, end-to-end; the end-to-end tests build Examples/WaterQualityModule and load it).
set -euo pipefail
cd "$(dirname "$0")/.."
swift test --package-path ReportKit
# The SDK's DocC reference and "Write a report module" article must build (about 35-55 s on the
# two-core machine once ReportKit is built; the article's module is compiled by ReportKitTests).
swift package --package-path ReportKit generate-documentation --target ReportKit --target ReportKitTesting
# The out-of-tree example module's own tests, in the scratch folder the end-to-end tests build it in.
swift test --package-path Examples/WaterQualityModule --scratch-path .build-examples
# Modules may import ReportKit only: the compiler refuses any import a target does not declare.
swift build --build-tests --explicit-target-dependency-import-check error
swift test
