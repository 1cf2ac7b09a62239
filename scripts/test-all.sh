#!/bin/sh
# One command: system packages, dependencies, then every check and test.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-system-packages.sh
npm ci --no-audit --no-fund
npm test
