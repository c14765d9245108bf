#!/bin/sh
# Makes sure the end-to-end tests have a Chromium: Debian's where apt-get is available (CI, this
# project's machines), else Playwright's own build (a laptop).
set -eu
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing Debian's chromium for the browser tests"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
else
  npx playwright install chromium
fi
