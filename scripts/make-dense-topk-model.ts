/**
 * Writes src/engine/stores/dense-topk.onnx, the two-node graph the embedded vector store runs
 * its exact top-k search with: scores = Gemm(query[1, d], vectors[n, d], transB) and
 * TopK(scores, k). onnxruntime's Gemm uses the CPU's SIMD units, which a JavaScript loop cannot.
 *
 * The file is committed (a few hundred bytes); this script documents how it was made and
 * re-creates it: `npx tsx scripts/make-dense-topk-model.ts`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;
const INT = onnx.AttributeProto.AttributeType.INT;

const valueInfo = (name: string, elemType: number, dims: (string | number)[]) =>
  onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  });

const graph = onnx.GraphProto.create({
  name: 'dense_topk',
  node: [
    onnx.NodeProto.create({ opType: 'Gemm', input: ['query', 'vectors'], output: ['scores'], attribute: [{ name: 'transB', i: 1, type: INT }] }),
    onnx.NodeProto.create({ opType: 'TopK', input: ['scores', 'k'], output: ['top_scores', 'top_ids'], attribute: [{ name: 'axis', i: -1, type: INT }] }),
  ],
  input: [valueInfo('query', T.FLOAT, [1, 'd']), valueInfo('vectors', T.FLOAT, ['n', 'd']), valueInfo('k', T.INT64, [1])],
  output: [valueInfo('top_scores', T.FLOAT, [1, 'k']), valueInfo('top_ids', T.INT64, [1, 'k'])],
});

const model = onnx.ModelProto.create({ irVersion: 8, producerName: 'doc-quote-bot', opsetImport: [{ domain: '', version: 13 }], graph });
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'engine', 'stores', 'dense-topk.onnx');
writeFileSync(out, onnx.ModelProto.encode(model).finish());
process.stdout.write(`wrote ${out}\n`);
