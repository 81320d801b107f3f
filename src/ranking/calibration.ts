/**
 * The abstain threshold, calibrated on data (not picked by hand): `npm run bench -- quality
 * --data DIR… --calibrate` sweeps the threshold over the fit confidence of each question's best candidate and reports, per
 * threshold, the abstain rate on unanswerable questions and the false-abstain rate on answerable ones. The
 * value below maximises (abstain rate − 2 × false-abstain rate) over the pooled questions of the three
 * hand-made communities in test/fixtures/bench (ranking-village, written with this engine; makers-guild and
 * mixed-community, written independently by another engineer): pooled abstain 0.75, false abstain 0.01.
 * Per community the best thresholds were 0.375, 0.375 and 0.625 (see BENCHMARKS.md, Matching).
 */
export const ABSTAIN_THRESHOLD = 0.375;
