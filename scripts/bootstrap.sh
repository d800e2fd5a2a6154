#!/usr/bin/env bash
# Installs what is missing for APL on a Debian machine with Python 3.11: Debian's
# libraries for PDF rendering (and Chromium for browser tests when asked), a .venv, and
# the Python packages. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

WANT_BROWSER="${1:-}"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"

apt_install() {
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "bootstrap: please install Debian packages: $*" >&2
    return 1
  fi
  local SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "bootstrap: installing Debian packages: $*"
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
  missing+=("python3-venv")
fi
if [ "$WANT_BROWSER" = "browser" ] && [ ! -x /usr/bin/chromium ]; then
  missing+=("chromium")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}" || echo "bootstrap: could not install ${missing[*]}; continuing" >&2
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
STAMP=.venv/.installed
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  # Install the project's dependencies (the code itself runs from the checkout).
  .venv/bin/python - <<'PY' > .venv/requirements.txt
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["dev"]))
PY
  .venv/bin/python -m pip install --quiet -r .venv/requirements.txt
  touch "$STAMP"
fi
