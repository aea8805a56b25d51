#!/usr/bin/env bash
# Builds the TRAINING corpus of real documents for eval/train-real/questions.jsonl from Debian packages (bookworm),
# other documents of the same packages as eval/heldout-real (never the same files): R's language definition and
# installation manual as PDF (r-doc-pdf: texinfo -> pdfTeX) and the Debian Reference's package management chapter
# as HTML (debian-reference-en: DocBook XSL). Licences GPL / GPL-2+, so the documents are not committed.
# Needs apt-get (download only, no install) and dpkg-deb.
# Usage: eval/train-real/assemble.sh [OUT_DIR]   (default: .eval-corpora/train-real)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/.eval-corpora/train-real}"
PKGS=(r-doc-pdf=4.2.2.20221110-2 debian-reference-en=2.100)
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || { echo "train-real: needs apt-get and dpkg-deb (a Debian/Ubuntu machine)" >&2; exit 1; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
( cd "$work" && apt-get download "${PKGS[@]}" >"$work/apt.log" 2>&1 ) || {
  err="$(grep -m1 '^E:' "$work/apt.log" || tail -n1 "$work/apt.log")"
  echo "train-real: could not download the pinned Debian packages (Debian unreachable, or a version is gone): ${err#E: }" >&2; exit 1; }
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/x"; done
rm -rf "$out"; mkdir -p "$out/r-manuals" "$out/debian-reference"
cp "$work/x/usr/share/R/doc/manual/R-admin.pdf" "$work/x/usr/share/R/doc/manual/R-lang.pdf" "$out/r-manuals/"
cp "$work/x/usr/share/debian-reference/ch02.en.html" "$out/debian-reference/"
echo "training real corpus in $out ($(find "$out" -type f | wc -l) files: ${PKGS[*]})"
