#!/usr/bin/env bash
# Refresh the front-end assets that are committed to the repository.
#
# The application runs on a closed network and its servers may have no
# node/npm, so the runtime files are copied out of the npm packages into
# static/ (and the accessibility checker into tests/browser/vendor/) and
# committed. Run this on a machine with npm, review the diff, commit it,
# and update the versions in static/vendor/README.md.
#
# Usage: scripts/vendor_assets.sh
# Override a version:  USWDS_VERSION=3.14.0 HTMX_VERSION=2.0.11 \
#                      AXE_VERSION=4.14.1 scripts/vendor_assets.sh
set -euo pipefail

USWDS_VERSION="${USWDS_VERSION:-3.14.0}"
HTMX_VERSION="${HTMX_VERSION:-2.0.11}"
AXE_VERSION="${AXE_VERSION:-4.14.1}"
FONTSOURCE_PUBLIC_SANS_VERSION="${FONTSOURCE_PUBLIC_SANS_VERSION:-5.3.0}"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

unpack() {  # unpack <npm spec> <dir name>
    local spec="$1" name="$2" tgz
    tgz="$(cd "$TMP" && npm pack --silent "$spec" | tail -n 1)"
    mkdir -p "$TMP/$name"
    tar -xzf "$TMP/$tgz" -C "$TMP/$name" --strip-components=1
}

echo "Fetching @uswds/uswds@$USWDS_VERSION htmx.org@$HTMX_VERSION axe-core@$AXE_VERSION" \
     "@fontsource/public-sans@$FONTSOURCE_PUBLIC_SANS_VERSION"
unpack "@uswds/uswds@$USWDS_VERSION" uswds
unpack "htmx.org@$HTMX_VERSION" htmx
unpack "axe-core@$AXE_VERSION" axe
unpack "@fontsource/public-sans@$FONTSOURCE_PUBLIC_SANS_VERSION" public-sans

# --- U.S. Web Design System -------------------------------------------------
SRC="$TMP/uswds/dist"
DEST="$REPO/static/vendor/uswds"
rm -rf "$DEST"
mkdir -p "$DEST/css" "$DEST/js"
cp "$TMP/uswds/LICENSE.md" "$DEST/LICENSE.md"
# Source maps are kept: the minified files name them, and Django's manifest
# static storage (collectstatic) fails on a missing referenced file.
cp "$SRC/css/uswds.min.css" "$SRC/css/uswds.min.css.map" "$DEST/css/"
cp "$SRC/js/uswds.min.js" "$SRC/js/uswds.min.js.map" \
   "$SRC/js/uswds-init.min.js" "$SRC/js/uswds-init.min.js.map" "$DEST/js/"

# Every font and image the stylesheet refers to with url(...), so nothing 404s.
grep -o 'url([^)]*)' "$SRC/css/uswds.min.css" \
    | sed -e 's/^url(//' -e 's/)$//' -e 's/^["'\'']//' -e 's/["'\'']$//' \
    | grep '^\.\./' | sed -e 's/[?#].*$//' -e 's#^\.\./##' | sort -u \
    > "$TMP/css-refs.txt"
# Images the templates use directly: the government banner, the icon sprite
# for <svg class="usa-icon"><use href="...sprite.svg#name">, and favicons.
cat >> "$TMP/css-refs.txt" <<'LIST'
img/us_flag_small.png
img/icon-dot-gov.svg
img/icon-https.svg
img/lock.svg
img/sprite.svg
img/favicons/favicon.ico
img/favicons/favicon.png
img/favicons/favicon-57.png
img/favicons/favicon-192.png
LIST
sort -u "$TMP/css-refs.txt" | while read -r rel; do
    [ -n "$rel" ] || continue
    if [ ! -f "$SRC/$rel" ]; then
        echo "missing in package: $rel" >&2
        exit 1
    fi
    mkdir -p "$DEST/$(dirname "$rel")"
    cp "$SRC/$rel" "$DEST/$rel"
done

# --- Public Sans TrueType for PDF generation (WeasyPrint) ---------------------
FONTS="$REPO/static/fonts"
mkdir -p "$FONTS"
cp "$SRC/fonts/public-sans/PublicSans-Regular.ttf" \
   "$SRC/fonts/public-sans/PublicSans-Bold.ttf" \
   "$SRC/fonts/public-sans/PublicSans-Italic.ttf" \
   "$SRC/fonts/public-sans/PublicSans-BoldItalic.ttf" "$FONTS/"
# The Public Sans Open Font License text, as shipped by @fontsource/public-sans.
cp "$TMP/public-sans/LICENSE" "$FONTS/OFL-PublicSans.txt"

# --- htmx ---------------------------------------------------------------------
mkdir -p "$REPO/static/vendor/htmx"
cp "$TMP/htmx/dist/htmx.min.js" "$REPO/static/vendor/htmx/htmx.min.js"
cp "$TMP/htmx/LICENSE" "$REPO/static/vendor/htmx/LICENSE"

# --- axe-core (browser tests only; not served) ---------------------------------
mkdir -p "$REPO/tests/browser/vendor"
cp "$TMP/axe/axe.min.js" "$REPO/tests/browser/vendor/axe.min.js"
cp "$TMP/axe/LICENSE" "$REPO/tests/browser/vendor/LICENSE-axe-core"
cp "$TMP/axe/LICENSE-3RD-PARTY.txt" "$REPO/tests/browser/vendor/LICENSE-3RD-PARTY-axe-core.txt"

echo "Done. Versions: @uswds/uswds $USWDS_VERSION, htmx.org $HTMX_VERSION," \
     "axe-core $AXE_VERSION, @fontsource/public-sans $FONTSOURCE_PUBLIC_SANS_VERSION"
du -sh "$REPO/static/vendor" "$REPO/static/fonts" "$REPO/tests/browser/vendor"
