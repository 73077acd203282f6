#!/usr/bin/env bash
# Install what octavo needs that is missing: system packages (fontconfig, the
# libraries WeasyPrint uses, poppler, Ghostscript's CMYK profile,
# Java for EPUBCheck, Chromium and DAISY Ace for accessibility checks) and a Python
# virtual environment with pinned dependencies (the book and code typefaces
# come from PyPI as fontpkg packages; their static faces are made here once).
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}

need_pkgs=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
# fonts-vollkorn: the modern theme's face (OFL, with true bold and italics)
for pkg in fonts-ebgaramond fonts-vollkorn fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
           poppler-utils libgs-common; do
  have_pkg "$pkg" || need_pkgs+=("$pkg")
done
command -v java >/dev/null 2>&1 || need_pkgs+=(default-jre-headless)
# DAISY Ace runs in Node.js against a headless Chromium
[ -x /usr/bin/chromium ] || need_pkgs+=(chromium)
command -v npm >/dev/null 2>&1 || need_pkgs+=(nodejs npm)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${need_pkgs[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need_pkgs[@]}"
  fc-cache -f >/dev/null 2>&1 || true
fi

# DAISY Ace, the EPUB accessibility checker, from npm; its own browser download is skipped
# (--ignore-scripts): it runs against Debian's Chromium through PUPPETEER_EXECUTABLE_PATH.
ACE_VERSION=${ACE_VERSION:-1.4.6}
if [ ! -x .tools/ace/node_modules/.bin/ace-puppeteer ]; then
  echo "setup: installing DAISY Ace $ACE_VERSION"
  mkdir -p .tools/ace
  (cd .tools/ace && npm install --ignore-scripts --no-audit --no-fund --loglevel=error "@daisy/ace@$ACE_VERSION" >/dev/null)
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
# the book and code faces: static faces made once from the packaged variable fonts (cached per user)
"$VENV/bin/python" -m octavo.fonts >/dev/null
touch "$stamp"
