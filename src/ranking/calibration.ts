/**
 * The abstain threshold, calibrated on data (not picked by hand): `npm run bench -- quality --data DIR
 * --calibrate` sweeps the threshold over the fit confidence of each question's best candidate and reports, per
 * threshold, the abstain rate on unanswerable questions and the false-abstain rate on answerable ones. The
 * value below is the one that maximised (abstain rate − 2 × false-abstain rate) summed over the hand-made
 * fixture communities (test/fixtures/bench/*), checked not to move the answer on each one alone by more
 * than one step (see BENCHMARKS.md, "Abstention calibration").
 */
export const ABSTAIN_THRESHOLD = 0.45;
