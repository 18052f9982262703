#!/usr/bin/env bash
# Installs the Debian packages planwatch needs to build and test. Safe to run again.
#   libcurl4-openssl-dev  the fetch layer links libcurl (CCurl system library)
#   libxlsxwriter-dev     data-entry templates and xlsx reports are written with libxlsxwriter (CXLSXWriter)
#   python3-pandas        reference readings and the CSV round-trip check in the tests
#   curl                  the fetch benchmark compares with the curl command
#   libsqlite3-dev        the store (GRDB) builds against the system SQLite
#   sqlite3               the store tests read the database file as an administrator would
# With --with-browser (CI uses it) also:
#   chromium fonts-noto-cjk poppler-utils   the real-browser check of the HTML reports (Scripts/screenshot.sh)
#   python3-pil                             decodes the screenshots in C for the blank-page check
#   libreoffice-calc-nogui                  reads the xlsx templates and reports back in the tests
set -euo pipefail
packages=(libcurl4-openssl-dev libxlsxwriter-dev libsqlite3-dev sqlite3 python3-pandas curl pkg-config)
if [ "${1:-}" = "--with-browser" ]; then packages+=(chromium fonts-noto-cjk poppler-utils python3-pil libreoffice-calc-nogui); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
