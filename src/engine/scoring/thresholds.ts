/**
 * Rules that set the answer tier's threshold from training questions' confidences. Each example
 * carries its set's weight (every training set weighs the same in total, see train-scorer).
 *
 * - `youden`: the threshold maximising answered (share of answerable questions at or above it)
 *   minus not abstained (share of unanswerable ones at or above it): both rates the eval reports,
 *   balanced, with no target.
 * - `answered:<target>`: the highest threshold at which the training answered rate stays at or
 *   above the target. Issue 12 measured that a threshold carried from training articles to new
 *   ones undershoots the answered rate by 3–4 points, so the target a caller passes is the
 *   product's answered rate plus that margin.
 */
export interface Scored {
  score: number;
  weight: number;
}

export type ThresholdRule = { kind: 'youden' } | { kind: 'answered'; target: number };

/** `youden` or `answered:0.94`; one clear line for anything else. */
export function parseThresholdRule(text: string): ThresholdRule {
  if (text === 'youden') return { kind: 'youden' };
  const m = /^answered:(0(?:\.\d+)?|1(?:\.0+)?)$/.exec(text);
  if (m) return { kind: 'answered', target: Number(m[1]) };
  throw new Error(`unknown threshold rule "${text}": use youden or answered:<share between 0 and 1>, e.g. answered:0.94`);
}

/** Distinct scores, highest first: the only places a threshold can split the examples. */
function cutPoints(xs: readonly Scored[]): number[] {
  return [...new Set(xs.map((x) => x.score))].sort((a, b) => b - a);
}

/** Weighted share of `xs` scoring at or above `t` (0 when there are none). */
export function shareAtOrAbove(xs: readonly Scored[], t: number): number {
  const total = xs.reduce((a, x) => a + x.weight, 0);
  return total > 0 ? xs.filter((x) => x.score >= t).reduce((a, x) => a + x.weight, 0) / total : 0;
}

/** The threshold maximising (share of positives at or above it) − (share of negatives at or above it), by weight. */
export function youdenThreshold(pos: readonly Scored[], neg: readonly Scored[]): number {
  const all = [...pos.map((p) => ({ ...p, pos: true })), ...neg.map((n) => ({ ...n, pos: false }))].sort((a, b) => b.score - a.score);
  const totalPos = pos.reduce((a, p) => a + p.weight, 0);
  const totalNeg = neg.reduce((a, n) => a + n.weight, 0);
  let tp = 0;
  let fp = 0;
  let best = { j: -Infinity, t: all[0]?.score ?? 0 };
  for (const [k, x] of all.entries()) {
    if (x.pos) tp += x.weight;
    else fp += x.weight;
    // Only between distinct scores: a threshold cannot split equal confidences.
    if (all[k + 1]?.score === x.score) continue;
    const j = tp / totalPos - fp / totalNeg;
    if (j > best.j) best = { j, t: x.score };
  }
  return best.t;
}

/** The highest threshold keeping the weighted share of `answerable` at or above it >= target (0 if none does: answer everything). */
export function answeredTargetThreshold(answerable: readonly Scored[], target: number): number {
  return cutPoints(answerable).find((t) => shareAtOrAbove(answerable, t) >= target) ?? 0;
}

/**
 * A threshold cut to `decimals` places for the profile, never above the value it was cut at: a
 * rounded-up threshold would drop the training question it was set on (and every question tied
 * with it) below the line, so the stored threshold would no longer mean what the rule chose.
 */
export function floorTo(x: number, decimals = 4): number {
  const f = 10 ** decimals;
  const down = Math.floor(x * f) / f;
  // x * f can land a hair above an integer it is not (floating point); never return more than x.
  return down > x ? (Math.floor(x * f) - 1) / f : down;
}

/** The answer threshold a rule gives for answerable and unanswerable training questions. */
export function answerThreshold(rule: ThresholdRule, answerable: readonly Scored[], unanswerable: readonly Scored[]): number {
  return rule.kind === 'youden' ? youdenThreshold(answerable, unanswerable) : answeredTargetThreshold(answerable, rule.target);
}
