#!/usr/bin/env bash
# Install what octavo needs that is missing: system packages (the book typeface,
# fontconfig, the libraries WeasyPrint uses, poppler, Ghostscript's CMYK profile,
# Java for EPUBCheck) and a Python virtual environment with pinned dependencies.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}

need_pkgs=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in fonts-ebgaramond fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
           poppler-utils libgs-common; do
  have_pkg "$pkg" || need_pkgs+=("$pkg")
done
command -v java >/dev/null 2>&1 || need_pkgs+=(default-jre-headless)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${need_pkgs[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need_pkgs[@]}"
  fc-cache -f >/dev/null 2>&1 || true
fi

# Python: 3.11 or newer
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: octavo needs Python 3.11 or newer (found $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi
stamp="$VENV/.octavo-installed"
if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating the virtual environment in $VENV"
  "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing Python dependencies"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e ".[test]"
  touch "$stamp"
fi
touch "$stamp"
