#!/usr/bin/env bash
# Builds the TRAINING documentation corpus for questions.jsonl from Markdown READMEs that ship
# inside installed npm packages (run `npm ci` first): proper-lockfile, chokidar, ws, cli-progress,
# piscina (MIT) and minisearch (MIT). Other packages than eval/heldout-docs' (undici, commander,
# dotenv), which stay validation-only. The texts are not committed; this script recreates them.
# Usage: eval/train-docs/assemble.sh [OUT_DIR]   (default: .eval-corpora/train-docs)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/.eval-corpora/train-docs}"
nm="$root/node_modules"
pkgs="proper-lockfile chokidar ws cli-progress piscina minisearch"
rm -rf "$out"; mkdir -p "$out"
for p in $pkgs; do
  [ -f "$nm/$p/README.md" ] || { echo "node_modules/$p/README.md not found: run npm ci first" >&2; exit 1; }
  cp "$nm/$p/README.md" "$out/$p.md"
done
echo "training docs corpus in $out ($(ls "$out" | wc -l) files: $(for p in $pkgs; do printf '%s@%s ' "$p" "$(node -p "require('$nm/$p/package.json').version")"; done))"
