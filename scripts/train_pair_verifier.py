"""Train the pair verifier (src/reportedly/fuse/verify.py) on MRPC train, CPU only.

    python scripts/train_pair_verifier.py [--polnear benchmarks/data/polnear_pairs.tsv]
        [--ledger benchmarks/data/ledger_pairs.tsv --ledger-weight 12]
        [--story-pairs benchmarks/data/story_pairs.tsv] [--sweep]

With --ledger the labelled ledger-neighbour pairs join the training (weighted), their 5-fold
out-of-fold ranking is reported (folds by pair, each scored by a model trained on the other four),
and the decision threshold is the one with the best F0.5 on those held-out probabilities. With
--story-pairs those pairs are scored, never trained on. --sweep compares ledger weights and
feature sets without writing weights.

Features per pair come from the same code the ledger runs (facts_of_texts, MiniLM vectors,
verify.features); they are cached under build/. Reports 5-fold cross-validation on MRPC train
for baselines (always yes; MiniLM cosine with a threshold tuned on the training folds; the old
rule-based decision) beside logistic regression and a small MLP, picks the better model and
threshold by cross-validated accuracy, trains it on all of MRPC train (plus the first half of the
PolNeAR pairs when given, weighted, also inside every cross-validation training fold; the second
half is held out and scored) and writes
src/reportedly/data/pair_verifier.npz and benchmarks/results/pair_verifier.json."""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.model_selection import StratifiedKFold
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from reportedly.evaluate.pairs import Pair, polnear_halves, read_pairs, scores
from reportedly.fuse import embed, verify
from reportedly.fuse.facts import facts_of_texts

ROOT = Path(__file__).resolve().parents[1]
MRPC = ROOT.parent / "shared" / "data" / "mrpc" / "train.tsv"
CACHE = ROOT / "build" / "pair_verifier"
OUT = ROOT / "src" / "reportedly" / "data" / verify.WEIGHTS
RESULTS = ROOT / "benchmarks" / "results" / "pair_verifier.json"
SEED = 13


def featurise(pairs: list[Pair], name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(features, labels, old rule decisions), cached by the pairs' content."""
    digest = hashlib.sha256("\n".join(f"{p.text1}\t{p.text2}" for p in pairs).encode()).hexdigest()[:12]
    path = CACHE / f"{name}-{digest}.pkl"
    if path.exists():
        facts, vectors = pickle.loads(path.read_bytes())
    else:
        texts = sorted({t for p in pairs for t in (p.text1, p.text2)})
        t0 = time.time()
        facts = dict(zip(texts, facts_of_texts(texts), strict=True))
        vectors = dict(zip(texts, embed.encode(texts), strict=True))
        print(f"{name}: {len(texts)} texts analysed and embedded in {time.time() - t0:.0f}s", flush=True)
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps((facts, vectors)))
    from reportedly.fuse.match import same_proposition

    x = np.stack(
        [verify.features(facts[p.text1], facts[p.text2], vectors[p.text1], vectors[p.text2]) for p in pairs]
    )
    old = np.array(
        [
            same_proposition(facts[p.text1], facts[p.text2], float(vectors[p.text1] @ vectors[p.text2]))
            for p in pairs
        ]
    )
    return x, np.array([p.label for p in pairs]), old


def models() -> dict:
    return {
        "logistic": lambda: LogisticRegression(C=1.0, max_iter=3000),
        "mlp": lambda: MLPClassifier(
            hidden_layer_sizes=(64,), alpha=1.0, max_iter=300, early_stopping=True, random_state=SEED
        ),
    }


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    grid = np.linspace(0.2, 0.8, 61)
    return float(grid[int(np.argmax([((p >= t) == y).mean() for t in grid]))])


def fit(kind: str, x: np.ndarray, y: np.ndarray, extra=None):
    """Fit on (x, y) plus the weighted extra pairs when given: one (x, y, weight) or a list of them."""
    w = np.ones(len(y))
    extras = [] if extra is None else [extra] if isinstance(extra, tuple) else extra
    for ex in extras:
        if len(ex[1]):
            x, y = np.concatenate([x, ex[0]]), np.concatenate([y, ex[1]])
            w = np.concatenate([w, np.full(len(ex[1]), ex[2])])
    scaler = StandardScaler().fit(x)
    if kind == "mlp":  # MLPClassifier takes no sample weights: repeat the weighted rows instead
        reps = np.maximum(1, np.round(w).astype(int))
        model = models()[kind]().fit(scaler.transform(np.repeat(x, reps, 0)), np.repeat(y, reps))
    else:
        model = models()[kind]().fit(scaler.transform(x), y, sample_weight=w)
    return scaler, model


def proba(scaler, model, x):
    return model.predict_proba(scaler.transform(x))[:, 1]


def cross_validate(x: np.ndarray, y: np.ndarray, old: np.ndarray, extra=None) -> dict:
    folds = StratifiedKFold(5, shuffle=True, random_state=SEED)
    said: dict[str, np.ndarray] = {k: np.zeros(len(y), bool) for k in ("always_yes", "cosine", "rules")}
    said["always_yes"][:] = True
    said["rules"] = old.astype(bool)
    cosine = x[:, verify_index("cosine")]
    for kind in models():
        said[kind] = np.zeros(len(y), bool)
    thresholds: dict[str, list[float]] = {k: [] for k in models()}
    for train, test in folds.split(x, y):
        t = best_threshold(cosine[train], y[train])
        said["cosine"][test] = cosine[test] >= t
        for kind in models():
            # the threshold is tuned on an inner split of the training folds only
            inner = StratifiedKFold(4, shuffle=True, random_state=SEED)
            tr, va = next(inner.split(x[train], y[train]))
            s, m = fit(kind, x[train][tr], y[train][tr], extra)
            th = best_threshold(proba(s, m, x[train][va]), y[train][va])
            thresholds[kind].append(th)
            s, m = fit(kind, x[train], y[train], extra)
            said[kind][test] = proba(s, m, x[test]) >= th
    out = {k: scores(y.tolist(), v.tolist()) for k, v in said.items()}
    for kind, ths in thresholds.items():
        out[kind]["thresholds"] = [round(t, 3) for t in ths]
    return out


def verify_index(name: str) -> int:
    return verify.LEXICAL.index(name)


def export(kind: str, scaler, model, threshold: float) -> verify.Verifier:
    if kind == "logistic":
        layers = [(model.coef_.T.astype(np.float32), model.intercept_.astype(np.float32))]
    else:
        layers = [
            (w.astype(np.float32), b.astype(np.float32))
            for w, b in zip(model.coefs_, model.intercepts_, strict=True)
        ]
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    return verify.Verifier(scaler.mean_.astype(np.float32), scale.astype(np.float32), layers, threshold)


def ranking(p: np.ndarray, y: np.ndarray, thresholds=(0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)) -> dict:
    """Average precision of probabilities p on labels y, and precision / recall at some thresholds."""
    out: dict = {"pairs": len(y), "same": int(y.sum()), "average_precision": None}
    if y.any():
        out["average_precision"] = round(100 * float(average_precision_score(y, p)), 2)
    for t in thresholds:
        s = scores(y.astype(bool).tolist(), (p >= t).tolist())
        out[f"at_{t:.2f}"] = {k: s[k] for k in ("tp", "fp", "fn", "precision", "recall")}
    return out


def ledger_folds(kind: str, x, y, extras: list, xl, yl, weight: float) -> np.ndarray:
    """Out-of-fold probabilities of the ledger pairs: 5 folds by pair, each fold scored by a model
    trained on the other four (weighted) beside MRPC and the other extras."""
    p = np.zeros(len(yl))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=SEED).split(xl, yl):
        s, m = fit(kind, x, y, [*extras, (xl[train], yl[train], weight)])
        p[test] = proba(s, m, xl[test])
    return p


def best_fbeta_threshold(p: np.ndarray, y: np.ndarray, beta: float = 0.5) -> float:
    """The threshold with the best F-beta (beta < 1: precision counts more) on held-out probabilities."""
    grid = np.round(np.linspace(0.3, 0.95, 66), 2)

    def f(t: float) -> float:
        said = p >= t
        tp = float((said & (y == 1)).sum())
        precision, recall = tp / max(1, said.sum()), tp / max(1, (y == 1).sum())
        return (1 + beta**2) * precision * recall / max(1e-9, beta**2 * precision + recall)

    return float(grid[int(np.argmax([f(t) for t in grid]))])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--polnear", type=Path, help="labelled PolNeAR pairs (MRPC format)")
    parser.add_argument("--polnear-weight", type=float, default=8.0, help="weight of a PolNeAR training pair")
    parser.add_argument("--ledger", type=Path, help="labelled ledger-neighbour pairs (MRPC format)")
    parser.add_argument("--ledger-weight", type=float, default=8.0, help="weight of a ledger training pair")
    parser.add_argument("--story-pairs", type=Path, help="labelled pairs scored only, never trained on")
    parser.add_argument("--sweep", action="store_true", help="compare ledger weights and feature sets only")
    args = parser.parse_args()
    torch.set_num_threads(1)
    mrpc = read_pairs(MRPC)
    x, y, old = featurise(mrpc, "mrpc")
    extras: list = []
    held = ledger = story = None
    if args.polnear and args.polnear.exists():
        pol = read_pairs(args.polnear)
        first, second = polnear_halves(pol)
        xf, yf, _ = featurise(first, "polnear-train")
        extras.append((xf, yf, args.polnear_weight))
        held = featurise(second, "polnear-heldout")
    if args.ledger:
        ledger = featurise(read_pairs(args.ledger), "ledger")
    if args.story_pairs:
        story = featurise(read_pairs(args.story_pairs), "story-pairs")
    if args.sweep:
        sweep(x, y, extras, held, ledger, story)
        return
    t0 = time.time()
    trained = [*extras, (ledger[0], ledger[1], args.ledger_weight)] if ledger else extras
    cv = cross_validate(x, y, old, trained)
    for name, s in cv.items():
        print(f"MRPC 5-fold {name:10s} acc {s['accuracy']:5.1f}  F1 {s['f1']:5.1f}", flush=True)
    kind = max(models(), key=lambda k: cv[k]["accuracy"])
    threshold = float(np.median(cv[kind]["thresholds"]))
    results = {
        "mrpc_train_5fold": cv,
        "chosen": kind,
        "polnear_training_pairs": len(extras[0][1]) if extras else 0,
        "polnear_weight": args.polnear_weight if extras else None,
    }
    previous = _shipped()
    if ledger is not None:
        xl, yl, _ = ledger
        oof = ledger_folds(kind, x, y, extras, xl, yl, args.ledger_weight)
        threshold = best_fbeta_threshold(oof, yl)
        results["ledger_pairs_5fold"] = ranking(oof, yl) | {"threshold_best_f05": threshold}
        results["ledger_training_pairs"] = len(yl)
        results["ledger_weight"] = args.ledger_weight
        if previous is not None:
            results["ledger_pairs_previous_verifier"] = ranking(previous(xl), yl)
        print("ledger pairs 5-fold:", json.dumps(results["ledger_pairs_5fold"]), flush=True)
    results["threshold"] = threshold
    scaler, model = fit(kind, x, y, trained)
    verifier = export(kind, scaler, model, threshold)
    if story is not None:
        xs, ys, _ = story
        results["story_pairs_eval_only"] = ranking(verifier.probability(xs), ys)
        if previous is not None:
            results["story_pairs_previous_verifier"] = ranking(previous(xs), ys)
        print("story pairs:", json.dumps(results["story_pairs_eval_only"]), flush=True)
    if held is not None:
        xh, yh, oldh = held
        results["polnear_heldout"] = {
            "verifier": scores(yh.tolist(), (verifier.probability(xh) >= threshold).tolist()),
            "verifier_ranking": ranking(verifier.probability(xh), yh),
            "rules": scores(yh.tolist(), oldh.tolist()),
            "cosine_at_mrpc_threshold": scores(
                yh.tolist(), (xh[:, verify_index("cosine")] >= np.median(_cosine_thresholds(x, y))).tolist()
            ),
            "always_yes": scores(yh.tolist(), [True] * len(yh)),
        }
        if previous is not None:
            results["polnear_heldout"]["previous_verifier_ranking"] = ranking(previous(xh), yh)
        print("PolNeAR held-out:", json.dumps(results["polnear_heldout"]["verifier"]), flush=True)
    info = {
        "model": kind,
        "threshold": threshold,
        "features": f"{embed.MODEL_NAME} cosine + " + ", ".join(verify.LEXICAL[1:]),
        "trained_on": ["MRPC train"]
        + ([f"PolNeAR pairs, first half by #1 ID hash, weight {args.polnear_weight}"] if extras else [])
        + ([f"ledger-neighbour pairs ({args.ledger.name}), weight {args.ledger_weight}"] if ledger else []),
        "mrpc_5fold_accuracy": cv[kind]["accuracy"],
        "mrpc_5fold_f1": cv[kind]["f1"],
    }
    verifier.save(OUT, info)
    results["seconds"] = round(time.time() - t0, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"chose {kind} (threshold {threshold:.2f}); wrote {OUT} and {RESULTS}", file=sys.stderr)


def _shipped():
    """The weights shipped before this run, as a function of the current feature rows (a model
    trained on fewer features reads the first columns, new features being appended), or None."""
    try:
        before = verify.load()
    except verify.VerifierMissing:
        return None
    n = len(before.mean)
    return lambda rows: before.probability(rows[:, :n])


def sweep(x, y, extras: list, held, ledger, story) -> None:
    """Ledger weight x feature set (the first 22 features, all) for the MLP: ledger 5-fold ranking,
    story pairs (eval only) and PolNeAR held-out ranking; written to
    benchmarks/results/pair_verifier_sweep.json."""
    xl, yl, _ = ledger
    rows = []
    for columns in sorted({22, len(verify.LEXICAL)}):
        for weight in (0.0, 4.0, 12.0):
            cut = [(ex[0][:, :columns], ex[1], ex[2]) for ex in extras]
            oof = (
                ledger_folds("mlp", x[:, :columns], y, cut, xl[:, :columns], yl, weight)
                if weight
                else proba(*fit("mlp", x[:, :columns], y, cut), xl[:, :columns])
            )
            s, m = fit("mlp", x[:, :columns], y, [*cut, (xl[:, :columns], yl, weight)] if weight else cut)
            t = best_fbeta_threshold(oof, yl)
            row = {
                "features": columns,
                "ledger_weight": weight,
                "threshold_best_f05": t,
                "ledger_5fold": ranking(oof, yl, (t, 0.65, 0.8)),
                "story_pairs": ranking(proba(s, m, story[0][:, :columns]), story[1], (t, 0.65, 0.8)),
                "polnear_heldout": ranking(proba(s, m, held[0][:, :columns]), held[1], (t, 0.65, 0.8)),
            }
            rows.append(row)
            print(
                columns,
                weight,
                t,
                row["ledger_5fold"]["average_precision"],
                row["ledger_5fold"][f"at_{t:.2f}"],
                row["story_pairs"]["average_precision"],
                row["story_pairs"][f"at_{t:.2f}"],
                row["polnear_heldout"]["average_precision"],
                row["polnear_heldout"][f"at_{t:.2f}"],
                flush=True,
            )
    out = RESULTS.with_name("pair_verifier_sweep.json")
    out.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


def _cosine_thresholds(x: np.ndarray, y: np.ndarray) -> list[float]:
    folds = StratifiedKFold(5, shuffle=True, random_state=SEED)
    cosine = x[:, verify_index("cosine")]
    return [best_threshold(cosine[train], y[train]) for train, _ in folds.split(x, y)]


if __name__ == "__main__":
    main()
