#!/usr/bin/env bash
# Make sure the system packages the portal needs are here: Python 3.11+ with venv,
# the Pango/HarfBuzz libraries WeasyPrint loads, Liberation fonts 2.x, and (for the tests,
# `--browser`) Chromium and LibreOffice Writer (the tests open each DOCX as an office would).
# As root with apt they are installed; otherwise this names what is missing and stops.
set -euo pipefail

want_browser="${1:-}"
missing=()

python3 -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || missing+=(python3 python3-venv)
for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz.so.0 libharfbuzz-subset.so.0 libfontconfig.so.1; do
  if ! ldconfig -p 2>/dev/null | grep -q "$lib"; then
    case "$lib" in
      libpango-1.0.so.0) missing+=(libpango-1.0-0) ;;
      libpangoft2-1.0.so.0) missing+=(libpangoft2-1.0-0) ;;
      libharfbuzz.so.0) missing+=(libharfbuzz0b) ;;
      libharfbuzz-subset.so.0) missing+=(libharfbuzz-subset0) ;;
      libfontconfig.so.1) missing+=(libfontconfig1) ;;
    esac
  fi
done
# Liberation Serif 2.x: Vietnamese letters with the metrics of Times New Roman.
dpkg -s fonts-liberation2 >/dev/null 2>&1 || missing+=(fonts-liberation2)
# For the tests only (`--browser`, which make test passes): Chromium, and LibreOffice
# Writer, which converts each DOCX twin as an office opens it.
if [ "$want_browser" = "--browser" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Cài gói hệ thống còn thiếu: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # .ci/run has already refreshed the package lists once (APT_UPDATED=1).
  [ "${APT_UPDATED:-0}" = "1" ] || apt-get update -qq
  # --no-install-recommends: chromium's recommends pull fonts-liberation 1.x, which has no Vietnamese.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "Thiếu gói hệ thống: ${missing[*]}" >&2
echo "Hãy cài bằng quyền quản trị, ví dụ: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
exit 1
