#!/usr/bin/env bash
# Builds the held-out documentation corpus for questions.jsonl from Markdown that ships inside
# installed npm packages (run `npm ci` first): undici 6.x API docs (MIT), commander's README (MIT),
# dotenv's README (BSD-2-Clause). The texts are not committed; this script recreates them.
# Usage: eval/heldout-docs/assemble.sh [OUT_DIR]   (default: .eval-corpora/heldout-docs)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/.eval-corpora/heldout-docs}"
nm="$root/node_modules"
for p in undici commander dotenv; do
  [ -d "$nm/$p" ] || { echo "node_modules/$p not found: run npm ci first" >&2; exit 1; }
done
rm -rf "$out"; mkdir -p "$out/undici" "$out/commander"
cp -r "$nm/undici/docs/docs/api" "$nm/undici/docs/docs/best-practices" "$out/undici/"
cp "$nm/commander/Readme.md" "$out/commander/README.md"
cp "$nm/dotenv/README.md" "$out/dotenv.md"
echo "held-out docs corpus in $out ($(find "$out" -name '*.md' | wc -l) files; undici $(node -p "require('$nm/undici/package.json').version"), commander $(node -p "require('$nm/commander/package.json').version"), dotenv $(node -p "require('$nm/dotenv/package.json').version"))"
