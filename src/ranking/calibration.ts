/**
 * The abstain threshold, calibrated on data (not picked by hand): `npm run bench -- quality
 * --data DIR… --calibrate` sweeps the threshold over the fit confidence of each question's best candidate and reports, per
 * threshold, the abstain rate on unanswerable questions and the false-abstain rate on answerable ones. The
 * value below maximises (abstain rate − 2 × false-abstain rate) over the pooled questions of the three
 * hand-made communities in test/fixtures/bench (ranking-village, written with this engine; makers-guild and
 * mixed-community, written independently by another engineer). Re-run 2026-11-25 after word-vector neighbours were
 * discounted in the fit (common question words, one word of a longer skill): still 0.375, now pooled abstain 0.82,
 * false abstain 0.04 (objective 0.745, was 0.725). Per community the best thresholds were 0.5, 0.325 and 0.225
 * (see BENCHMARKS.md, Matching).
 */
export const ABSTAIN_THRESHOLD = 0.375;
