#!/bin/sh
# One command: install, build and run the sample halls (city, county, township) on SQLite.
set -eu
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm run build
exec npm start
