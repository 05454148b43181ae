#!/usr/bin/env bash
# The Debian/Ubuntu packages the portal needs outside its virtual environment, installed only
# when something is missing. The Makefile runs it before `make run` and `make test`:
#
#   scripts/system-packages.sh run    msgfmt (compilemessages), Pango, PangoFT2 and DejaVu
#                                     (WeasyPrint's PDFs), Python 3.11's venv while there is none
#   scripts/system-packages.sh test   the same, and Chromium at /usr/bin/chromium (or
#                                     $E2E_CHROMIUM) for the browser tests in tests/e2e,
#                                     with npm to fetch their axe-core (package-lock.json)
#
# As root it runs apt-get itself, otherwise through `sudo -n` where that works without a
# password; when it can do neither it prints the command to run and fails. Nothing is
# downloaded when everything is there.
set -euo pipefail

mode="${1:-run}"
case "$mode" in
  run | test) ;;
  *) echo "usage: $0 [run|test]" >&2; exit 2 ;;
esac

PYTHON="${PYTHON:-python3.11}"
VENV="${VENV:-.venv}"
CHROMIUM="${E2E_CHROMIUM:-/usr/bin/chromium}"

missing=()
need() { missing+=("$@"); }

has_library() {
  local ldconfig
  ldconfig="$(command -v ldconfig || echo /sbin/ldconfig)"
  # grep reads to the end (no -q): under pipefail, an early exit would fail the pipe.
  "$ldconfig" -p 2>/dev/null | grep "$1" >/dev/null
}

check() {
  missing=()
  command -v msgfmt >/dev/null || need gettext
  if ! command -v fc-list >/dev/null; then
    need fontconfig fonts-dejavu-core
  elif ! fc-list | grep -i dejavu >/dev/null; then
    need fonts-dejavu-core
  fi
  has_library 'libpango-1.0\.so\.0' || need libpango-1.0-0
  has_library 'libpangoft2-1.0\.so\.0' || need libpangoft2-1.0-0
  # The venv is made once by `python3.11 -m venv`, which Debian's python3.11 can do only with
  # python3.11-venv (ensurepip).
  if [ ! -x "$VENV/bin/python" ]; then
    if ! command -v "$PYTHON" >/dev/null; then
      need python3.11 python3.11-venv
    elif ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
      need python3.11-venv
    fi
  fi
  if [ "$mode" = test ] && [ ! -x "$CHROMIUM" ]; then
    need chromium
  fi
  if [ "$mode" = test ] && ! command -v npm >/dev/null; then
    need npm
  fi
}

check
[ ${#missing[@]} -eq 0 ] && exit 0

wanted=("${missing[@]}")
echo "system packages missing: ${wanted[*]}" >&2
install=(apt-get install -y -qq "${wanted[@]}")
if ! command -v apt-get >/dev/null; then
  echo "no apt-get here: install the equivalents of ${missing[*]} by hand" >&2
  exit 1
elif [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${install[@]}" >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo -n apt-get update -qq
  sudo -n env DEBIAN_FRONTEND=noninteractive "${install[@]}" >/dev/null
else
  echo "not root and no password-less sudo; run this, then make again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

check
if [ ${#missing[@]} -ne 0 ]; then
  echo "still missing after apt-get install: ${missing[*]}" >&2
  [ "$mode" = test ] && [ ! -x "$CHROMIUM" ] \
    && echo "the browser tests want a Chromium binary at $CHROMIUM (set E2E_CHROMIUM to another)" >&2
  exit 1
fi
echo "system packages installed: ${wanted[*]}" >&2
