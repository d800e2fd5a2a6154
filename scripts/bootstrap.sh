#!/usr/bin/env bash
# Installs what is missing for APL on a Debian machine with Python 3.11: Debian's
# libraries for PDF rendering (and Chromium for browser tests when asked), a .venv, and
# the Python packages pinned with hashes in requirements/dev.txt. Safe to run again: it
# only does what is missing, and reinstalls Python packages only when the lock changed.
set -euo pipefail
cd "$(dirname "$0")/.."

WANT_BROWSER="${1:-}"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
LOCK=requirements/dev.txt

say() { echo "bootstrap: $*"; }

apt_install() {
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "bootstrap: please install Debian packages: $*" >&2
    return 1
  fi
  local SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  say "installing Debian packages: $*"
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
else
  say "Debian packages present"
fi

if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi

# The stamp holds the lock's checksum: a changed lock (a pull, `make lock`) reinstalls.
STAMP=.venv/.installed
want="$(sha256sum "$LOCK" | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  say "installing Python packages from $LOCK (hash-checked; a minute or two, quietly)..."
  .venv/bin/python -m pip install --quiet --disable-pip-version-check \
    --require-hashes -r "$LOCK"
  echo "$want" > "$STAMP"
  say "Python packages installed"
else
  say "Python packages match $LOCK"
fi
