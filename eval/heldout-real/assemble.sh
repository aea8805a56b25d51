#!/usr/bin/env bash
# Builds the held-out corpus of REAL documents for questions.jsonl from Debian packages (bookworm):
# R's manuals as PDF (r-doc-pdf: texinfo -> pdfTeX), gnuplot's manual as PDF (gnuplot-doc: LaTeX,
# cut to its first $GNUPLOT_PAGES pages to keep a build to a few minutes of CPU) and three chapters
# of the Debian Reference as HTML (debian-reference-en: DocBook XSL, XHTML served as .html).
# The widened set (questions-wide.jsonl) goes to a second folder: two two-column conference papers
# (texlive-publishers-doc: acmart's sample-sigconf.pdf, asmeconf-template.pdf) and a Word file made
# with Word (r-cran-officer: doc_examples/example.docx: headings, lists, a table with merged cells).
# Licences vary (GPL, gnuplot's own, GPL-2+, LPPL), so the documents are not committed; this script recreates them.
# Needs apt-get (download only, no install), dpkg-deb and node_modules (pdf-lib, for the page cut).
# Usage: eval/heldout-real/assemble.sh [OUT_DIR [WIDE_OUT_DIR]]
#   (defaults: .eval-corpora/heldout-real and .eval-corpora/heldout-real-wide)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/.eval-corpora/heldout-real}"
wide="${2:-$root/.eval-corpora/heldout-real-wide}"
GNUPLOT_PAGES="${GNUPLOT_PAGES:-80}"
PKGS=(r-doc-pdf=4.2.2.20221110-2 gnuplot-doc=5.4.4+dfsg1-2 debian-reference-en=2.100 texlive-publishers-doc=2022.20230122-4 r-cran-officer=0.6.0+dfsg-1)
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || { echo "heldout-real: needs apt-get and dpkg-deb (a Debian/Ubuntu machine)" >&2; exit 1; }
[ -d "$root/node_modules/pdf-lib" ] || { echo "heldout-real: node_modules/pdf-lib not found: run npm ci first" >&2; exit 1; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
( cd "$work" && apt-get download "${PKGS[@]}" >"$work/apt.log" 2>&1 ) || {
  err="$(grep -m1 '^E:' "$work/apt.log" || tail -n1 "$work/apt.log")"
  echo "heldout-real: could not download the pinned Debian packages (Debian unreachable, or a version is gone): ${err#E: }" >&2; exit 1; }
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/x"; done
rm -rf "$out"; mkdir -p "$out/r-manuals" "$out/gnuplot" "$out/debian-reference"
man="$work/x/usr/share/R/doc/manual"
cp "$man/R-intro.pdf" "$man/R-data.pdf" "$man/R-FAQ.pdf" "$out/r-manuals/"
for ch in ch03 ch04 ch08; do cp "$work/x/usr/share/debian-reference/$ch.en.html" "$out/debian-reference/"; done
rm -rf "$wide"; mkdir -p "$wide/papers" "$wide/docx"
tl="$work/x/usr/share/doc/texlive-doc/latex"
cp "$tl/acmart/samples/sample-sigconf.pdf" "$tl/asmeconf/asmeconf-template.pdf" "$wide/papers/"
cp "$work/x/usr/lib/R/site-library/officer/doc_examples/example.docx" "$wide/docx/"
# Keep the first pages of gnuplot.pdf (311 pages in all): pdf-lib copies pages with their fonts and text layer.
node --input-type=module -e "
import { PDFDocument } from '$root/node_modules/pdf-lib/cjs/index.js';
import { readFileSync, writeFileSync } from 'node:fs';
const src = await PDFDocument.load(readFileSync('$work/x/usr/share/doc/gnuplot/gnuplot.pdf'));
const dst = await PDFDocument.create();
const n = Math.min($GNUPLOT_PAGES, src.getPageCount());
for (const p of await dst.copyPages(src, [...Array(n).keys()])) dst.addPage(p);
dst.setTitle('gnuplot 5.4 (first ' + n + ' pages)');
writeFileSync('$out/gnuplot/gnuplot.pdf', await dst.save());
"
echo "widened set in $wide ($(find "$wide" -type f | wc -l) files)"
echo "held-out real corpus in $out ($(find "$out" -type f | wc -l) files: ${PKGS[*]}; gnuplot.pdf cut to $GNUPLOT_PAGES pages)"
