#!/usr/bin/env bash
# Installs the independent credential verifier (the Digital Credentials Consortium's
# verifier-core, tests/credentials/verifier) exactly as its package-lock.json pins it,
# with `npm ci`; again only when the lock changes. Without node/npm it says so and stops:
# the test that needs it then skips (fails under CI=true).
set -euo pipefail
cd "$(dirname "$0")/../tests/credentials/verifier"
if ! command -v npm >/dev/null 2>&1; then
  echo "verifier: npm is missing; the verifier-core test will skip (fail under CI=true)" >&2
  exit 0
fi
stamp=node_modules/.apl-lock-sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
echo "verifier: verifier-core installed from package-lock.json"
