/**
 * Out-of-fold models: each item gets a model fitted without its own group (a SQuAD article, a
 * seed document, a README). The abstention model is fitted on the ranker's logits of training
 * questions; in-sample, those logits are more sure of the right passage than they will be on a
 * new document, so the confidence (and any threshold set on it) shifts whenever the ranker is
 * refitted. Out-of-fold logits look like the ones the ranker gives unseen questions.
 *
 * Groups, not items, are dealt to folds (sorted by key, round robin), so questions of one
 * document never sit on both sides. Deterministic: no sampling.
 */
export function outOfFold<T, M>(items: readonly T[], groupOf: (item: T) => string, folds: number, fit: (training: readonly T[]) => M): Map<T, M> {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`out-of-fold fitting needs at least 2 folds, got ${folds}`);
  const groups = [...new Set(items.map(groupOf))].sort();
  if (groups.length < folds) throw new Error(`out-of-fold fitting needs at least as many groups as folds (${groups.length} groups, ${folds} folds)`);
  const foldOf = new Map(groups.map((g, i) => [g, i % folds]));
  const models = new Map<T, M>();
  for (let f = 0; f < folds; f++) {
    const model = fit(items.filter((item) => foldOf.get(groupOf(item)) !== f));
    for (const item of items) if (foldOf.get(groupOf(item)) === f) models.set(item, model);
  }
  return models;
}
