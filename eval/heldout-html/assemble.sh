#!/usr/bin/env bash
# Builds the held-out HTML documentation corpus for questions.jsonl: chapters 3–16 of "The Rust Programming
# Language" as the rust-doc package (bookworm, 1.63.0+dfsg1-2) ships them, rendered by mdBook (70 pages).
# The book is MIT OR Apache-2.0; it is still not committed (17 MB package, recreated here).
# Needs apt-get (download only, no install) and dpkg-deb.
# Usage: eval/heldout-html/assemble.sh [OUT_DIR]   (default: .eval-corpora/heldout-html)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/.eval-corpora/heldout-html}"
PKG=rust-doc=1.63.0+dfsg1-2
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || { echo "heldout-html: needs apt-get and dpkg-deb (a Debian/Ubuntu machine)" >&2; exit 1; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
( cd "$work" && apt-get download "$PKG" >"$work/apt.log" 2>&1 ) || {
  err="$(grep -m1 '^E:' "$work/apt.log" || tail -n1 "$work/apt.log")"
  echo "heldout-html: could not download $PKG (Debian unreachable, or the version is gone): ${err#E: }" >&2; exit 1; }
dpkg-deb -x "$work"/*.deb "$work/x"
rm -rf "$out"; mkdir -p "$out"
book="$work/x/usr/share/doc/rust-doc/html/book"
cp "$book"/ch0[3-9]-*.html "$book"/ch1[0-6]-*.html "$out/"
echo "held-out HTML corpus in $out ($(find "$out" -type f | wc -l) pages of the Rust book, $PKG)"
