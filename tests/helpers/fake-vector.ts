/** Deterministic stand-in for the model: a hashed bag of words, unit length (no ONNX in unit tests). */
export function fakeVector(text: string, dim = 64): Float32Array {
  const v = new Float32Array(dim);
  for (const w of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let h = 2166136261;
    for (const ch of w) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    v[(h >>> 0) % dim]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}
