#!/usr/bin/python3
"""
Reference values for the estimators of libs/research-methods, computed independently with the
libraries researchers use (statsmodels, scikit-learn, NumPy; Debian packages python3-statsmodels
and python3-sklearn). The output is checked in as
libs/research-methods/src/__fixtures__/reference-values.json and the unit tests compare our
TypeScript against it; run this again only to add a case:

    /usr/bin/python3 tools/research/reference-values.py > libs/research-methods/src/__fixtures__/reference-values.json
"""
import json

import numpy as np
import statsmodels.api as sm
from sklearn.metrics import roc_auc_score

out = {"generatedBy": f"statsmodels {sm.__version__ if hasattr(sm, '__version__') else ''}"}
import statsmodels
import sklearn

out["generatedBy"] = f"statsmodels {statsmodels.__version__}, scikit-learn {sklearn.__version__}, numpy {np.__version__}"

# 1. Standardised coefficients: OLS of z-scored y on z-scored predictors (sample SD, ddof=1).
rng = np.random.default_rng(7)
n = 60
x1 = rng.normal(10, 3, n)
x2 = 0.5 * x1 + rng.normal(0, 2, n)
x3 = rng.uniform(0, 1, n)
y = 2 + 0.8 * x1 - 1.5 * x2 + 4 * x3 + rng.normal(0, 1.5, n)
X = np.column_stack([x1, x2, x3])
z = lambda v: (v - v.mean(axis=0)) / v.std(axis=0, ddof=1)
fit = sm.OLS(z(y), sm.add_constant(z(X))).fit()
out["standardised"] = {
    "x": X.tolist(),
    "y": y.tolist(),
    "coefficients": fit.params[1:].tolist(),
    "rSquared": float(fit.rsquared),
}

# 2. Segmented regression with Newey-West (Bartlett, small-sample corrected) errors, t intervals.
T = 30
t = np.arange(T, dtype=float)
t0 = 14
post = (t >= t0).astype(float)
e = np.zeros(T)
shock = rng.normal(0, 0.04, T)
for i in range(T):
    e[i] = shock[i] + (0.4 * e[i - 1] if i > 0 else 0.0)
series = 0.70 + 0.002 * t + 0.15 * post - 0.004 * (t - t0) * post + e
D = np.column_stack([np.ones(T), t, post, (t - t0) * post])
lags = int(np.floor(4 * (T / 100) ** (2 / 9)))
seg = sm.OLS(series, D).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True)
ci = seg.conf_int(0.05)
out["segmented"] = {
    "t0": t0,
    "points": [{"t": float(a), "y": float(b)} for a, b in zip(t, series)],
    "lags": lags,
    "coefficients": seg.params.tolist(),
    "standardErrors": seg.bse.tolist(),
    "lower": ci[:, 0].tolist(),
    "upper": ci[:, 1].tolist(),
    "durbinWatson": float(sm.stats.stattools.durbin_watson(seg.resid)),
}

# 3. ROC AUC with ties.
scores = np.round(rng.uniform(0, 1, 200), 1)
labels = (rng.uniform(0, 1, 200) < 0.2 + 0.6 * scores).astype(int)
out["auc"] = {"scores": scores.tolist(), "outcomes": labels.tolist(), "auc": float(roc_auc_score(labels, scores))}

# 4. Expected calibration error over 10 equal-width bins (last bin closed), written out longhand.
p = rng.uniform(0, 1, 300)
o = (rng.uniform(0, 1, 300) < p ** 1.5).astype(int)
bins = np.minimum((p * 10).astype(int), 9)
ece = sum((bins == b).sum() / len(p) * abs(o[bins == b].mean() - p[bins == b].mean()) for b in range(10) if (bins == b).any())
out["calibration"] = {
    "forecasts": p.tolist(),
    "outcomes": o.tolist(),
    "ece": float(ece),
    "brier": float(np.mean((p - o) ** 2)),
}

print(json.dumps(out, indent=1))
