/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) on standardised features.
 * Our own rather than `ml-logistic-regression` (2.0.0): that package runs fixed-step gradient
 * descent with no regularisation and no standardisation, so its weights depend on a learning
 * rate and step count; with ~15 features Newton converges exactly in a handful of iterations,
 * deterministically, in ~40 lines.
 */
import { z } from 'zod';

export interface LogisticModel {
  /** Per-feature mean and scale used to standardise inputs before the weights apply. */
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

/** A fitted model as stored in a profile: named features, one mean, scale and weight each. */
export function logisticModelSchema<F extends z.ZodType<string>>(feature: F) {
  return z
    .object({
      features: z.array(feature).min(1),
      mean: z.array(z.number()),
      scale: z.array(z.number().positive()),
      weights: z.array(z.number()),
      bias: z.number(),
    })
    .refine((m) => m.mean.length === m.features.length && m.scale.length === m.features.length && m.weights.length === m.features.length, {
      message: 'mean, scale and weights need one entry per feature',
    });
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Log-odds of the positive class. */
export function logit(m: LogisticModel, x: readonly number[]): number {
  let z = m.bias;
  for (let j = 0; j < m.weights.length; j++) z += (m.weights[j]! * (x[j]! - m.mean[j]!)) / m.scale[j]!;
  return z;
}

/** Solves A·x = b in place (Gaussian elimination with partial pivoting; A is small and positive definite). */
export function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    [b[c], b[p]] = [b[p]!, b[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < n; k++) a[r]![k]! -= f * a[c]![k]!;
      b[r]! -= f * b[c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= a[r]![k]! * x[k]!;
    x[r] = s / a[r]![r]!;
  }
  return x;
}

/**
 * Fits P(y=1|x). `l2` is the penalty on the (standardised) weights, summed over examples the way
 * the log-likelihood is, so it means the same at any data size: loss/n + l2/2·|w|².
 */
export function fitLogistic(
  xs: readonly (readonly number[])[],
  ys: readonly number[],
  opts: { l2: number; iterations?: number; /** Per-example weights (default 1): balance data from several sources. */ weights?: readonly number[] },
): LogisticModel {
  const d = xs[0]?.length ?? 0;
  if (xs.length === 0 || ys.length !== xs.length) throw new Error('fitLogistic needs as many labels as examples, and at least one');
  if (opts.weights && opts.weights.length !== xs.length) throw new Error('fitLogistic needs one weight per example');
  const sw = opts.weights ?? xs.map(() => 1);
  // The weight total plays the role of the example count everywhere below.
  const n = sw.reduce((a, b) => a + b, 0);
  const mean = Array.from({ length: d }, (_, j) => xs.reduce((s, x, i) => s + sw[i]! * x[j]!, 0) / n);
  // A constant feature keeps scale 1 (its standardised value is 0 everywhere).
  const scale = mean.map((m, j) => Math.sqrt(xs.reduce((s, x, i) => s + sw[i]! * (x[j]! - m) ** 2, 0) / n) || 1);
  const z = xs.map((x) => [1, ...x.map((v, j) => (v - mean[j]!) / scale[j]!)]);
  const w = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < (opts.iterations ?? 50); it++) {
    const grad = w.map((wj, j) => (j === 0 ? 0 : opts.l2 * n * wj));
    // A constant feature (standardised to all zeros) would make the Hessian singular: a tiny ridge keeps it solvable.
    const hess = Array.from({ length: d + 1 }, (_, r) => Array.from({ length: d + 1 }, (_, c) => (r === c && r > 0 ? (opts.l2 + 1e-9) * n : 0)));
    for (let i = 0; i < xs.length; i++) {
      const zi = z[i]!;
      const p = sigmoid(zi.reduce((s, v, j) => s + v * w[j]!, 0));
      const r = sw[i]! * p * (1 - p);
      const g = sw[i]! * (p - ys[i]!);
      for (let a = 0; a <= d; a++) {
        grad[a]! += g * zi[a]!;
        for (let b = 0; b <= d; b++) hess[a]![b]! += r * zi[a]! * zi[b]!;
      }
    }
    const step = solve(hess, grad);
    let moved = 0;
    for (let j = 0; j <= d; j++) {
      w[j]! -= step[j]!;
      moved = Math.max(moved, Math.abs(step[j]!));
    }
    if (moved < 1e-9) break;
  }
  return { mean, scale, weights: w.slice(1), bias: w[0]! };
}
