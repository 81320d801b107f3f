/** One evaluated question: ranked member ids (empty when the matcher abstained) and its gold ids. */
export interface Judged {
  ranked: readonly string[];
  gold: readonly string[];
}

export interface QualityMetrics {
  mrr10: number;
  p1: number;
  p3: number;
  r5: number;
  ndcg10: number;
  /** Over questions without gold: share answered with no suggestion (null when there are none). */
  abstainRate: number | null;
  /** Over questions with gold: share answered with no suggestion. */
  falseAbstainRate: number;
  questions: number;
}

/**
 * Metrics as ../shared/bench/README.md defines them, averaged over questions with gold: MRR@10, P@1, P@3 (a
 * gold member in the top 3), Recall@5, nDCG@10 (binary gains); abstain rate over questions without gold;
 * false-abstain rate over questions with gold. An abstention scores 0 on every ranking metric.
 */
export function computeMetrics(judged: readonly Judged[]): QualityMetrics {
  const withGold = judged.filter((j) => j.gold.length > 0);
  const noGold = judged.filter((j) => j.gold.length === 0);
  let mrr = 0, p1 = 0, p3 = 0, r5 = 0, ndcg = 0, falseAbstain = 0;
  for (const j of withGold) {
    const gold = new Set(j.gold);
    const top = j.ranked.slice(0, 10);
    const first = top.findIndex((id) => gold.has(id));
    if (first >= 0) mrr += 1 / (first + 1);
    if (top[0] !== undefined && gold.has(top[0])) p1++;
    if (top.slice(0, 3).some((id) => gold.has(id))) p3++;
    r5 += top.slice(0, 5).filter((id) => gold.has(id)).length / gold.size;
    let dcg = 0;
    top.forEach((id, i) => {
      if (gold.has(id)) dcg += 1 / Math.log2(i + 2);
    });
    let idcg = 0;
    for (let i = 0; i < Math.min(gold.size, 10); i++) idcg += 1 / Math.log2(i + 2);
    ndcg += dcg / idcg;
    if (j.ranked.length === 0) falseAbstain++;
  }
  const n = Math.max(1, withGold.length);
  return {
    mrr10: mrr / n,
    p1: p1 / n,
    p3: p3 / n,
    r5: r5 / n,
    ndcg10: ndcg / n,
    abstainRate: noGold.length > 0 ? noGold.filter((j) => j.ranked.length === 0).length / noGold.length : null,
    falseAbstainRate: falseAbstain / n,
    questions: judged.length,
  };
}
