#!/usr/bin/env bash
# Refreshes the vendored KaTeX files from npm and records their SHA-256 sums. Run it from anywhere after changing
# VERSION and TARBALL_SHA256 (sha256sum of the `npm pack katex@VERSION` tarball, checked before anything is copied).
# Only what the pages embed is kept: katex.min.js, katex.min.css, the .woff2 fonts and the licence; the build embeds
# them in tg-notebook, and a test checks them against SHA256SUMS.
set -euo pipefail
VERSION=0.19.1
TARBALL_SHA256=24da5a599eb2fcede2e270b99a6ff48bca816beecc95feeb84e8cccbd1bb34fd
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "katex@$VERSION" --silent >/dev/null)
echo "$TARBALL_SHA256  $work/katex-$VERSION.tgz" | sha256sum -c --quiet
tar -xzf "$work/katex-$VERSION.tgz" -C "$work"
rm -rf "$here/fonts"
mkdir -p "$here/fonts"
cp "$work/package/dist/katex.min.js" "$work/package/dist/katex.min.css" "$work/package/LICENSE" "$here/"
cp "$work/package/dist/fonts/"*.woff2 "$here/fonts/"
(cd "$here" && { echo "# katex@$VERSION from npm (tarball sha256 $TARBALL_SHA256)"; sha256sum LICENSE katex.min.css katex.min.js fonts/*.woff2; } > SHA256SUMS)
echo "KaTeX $VERSION vendored in $here"
