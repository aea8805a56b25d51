// Worker threads do not get tsx's loader hooks from `node --import tsx` on Node 20 (nor from
// vitest), so the TypeScript worker is loaded through tsx's API, registered in this thread.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./onnx-worker.ts');
export default worker.default;
