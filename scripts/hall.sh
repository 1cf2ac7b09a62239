#!/bin/sh
# One command: install, build and run the sample halls (city, county, township) on SQLite.
set -eu
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm run build
# A month of past, archived days for the reports (idempotent: a second run adds nothing).
npm run demo:history
# The demo issues tickets at any hour; `npm start` alone keeps each hall's real issuing hours.
# It also lets kiosks without a card-reader agent simulate an ID card read (a demo button).
HALLQ_HOURS=${HALLQ_HOURS:-always} HALLQ_READER_SIM=${HALLQ_READER_SIM:-on} exec npm start
