#!/bin/sh
# System packages HallQ's tests and devices need on Debian: chromium (browser tests), redis-server
# (the Redis store), libusb-1.0-0 (USB card readers), fonts-noto-cjk (Chinese on pages and tickets),
# espeak-ng (renders the boards' voice clips: scripts/make-voice-clips.ts), socat (a pseudo-terminal
# standing in for a serial printer in tests), postgresql (the archive on PostgreSQL: tests start private
# servers from its binaries).
# Installs only what is missing; safe to run again.
set -eu
PACKAGES="chromium redis-server libusb-1.0-0 fonts-noto-cjk espeak-ng socat postgresql"
missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "system packages: all present ($PACKAGES)"
	exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "system packages: installing$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
