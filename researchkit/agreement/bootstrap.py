"""Bootstrap confidence intervals for the agreement table: units or whole documents resampled.

Replicates are drawn as multinomial weights (vectorised over replicates), so a
thousand replicates of 40,000 units cost a few matrix products, not a thousand loops.

Examples
--------
>>> import numpy as np
>>> _bootstrap_weights(np.random.default_rng(0), 4, 2).sum(axis=1).tolist()
[4.0, 4.0]
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from researchkit.agreement.coefficients import Tallies, binary_coefficients
from researchkit.agreement.presence import Presence, index_of, tallies_from_matrices

__all__ = ["Counts", "bootstrap_intervals", "group_tallies_by_doc", "pool"]


@dataclass
class Counts:
    """What the coefficients are computed from: per-code tallies, any-code counts, resampling groups."""

    tallies: Tallies
    n_units: int
    any_counts: dict[str, int]
    resample: str
    per_doc: np.ndarray | None = None
    matrices: list[np.ndarray] | None = None


def _bootstrap_weights(rng: np.random.Generator, n_groups: int, n_rep: int) -> np.ndarray:
    draws = rng.integers(0, n_groups, size=(n_rep, n_groups))
    flat = draws + (np.arange(n_rep)[:, None] * n_groups)
    return np.bincount(flat.ravel(), minlength=n_rep * n_groups).reshape(n_rep, n_groups).astype(np.float32)


def _replicate_tallies_from_groups(groups: np.ndarray, weights: np.ndarray, m: int) -> Tallies:
    """groups: (G, 1 + m + m + 1, C) per-group tallies; weights (B, G)."""
    rep = np.einsum("bg,gkc->kbc", weights.astype(float), groups)
    return Tallies(n=rep[0], marginals=rep[1 : 1 + m], hist=rep[1 + m :])


def group_tallies_by_doc(presence: Presence, coders: Sequence[str], doc_ids: Sequence[str]) -> np.ndarray:
    units = presence.units
    doc_pos = index_of(units["doc_id"], doc_ids)
    n_docs, m = len(doc_ids), len(coders)
    mats = [presence.matrices[c] for c in coders]
    k = np.zeros(mats[0].shape, dtype=np.int16)
    for mat in mats:
        k += mat

    def per_doc(x: np.ndarray) -> np.ndarray:
        out = np.zeros((n_docs, x.shape[1]))
        np.add.at(out, doc_pos, x)
        return out

    parts = [np.repeat(np.bincount(doc_pos, minlength=n_docs)[:, None].astype(float), mats[0].shape[1], axis=1)]
    parts += [per_doc(mat.astype(float)) for mat in mats]
    parts += [per_doc((k == j).astype(float)) for j in range(m + 1)]
    return np.stack(parts, axis=1)


def pool(t: Tallies) -> Tallies:
    """Sum tallies over the code axis (last axis), keeping a length-1 code axis."""
    return Tallies(
        n=np.asarray(t.n).sum(axis=-1, keepdims=True),
        marginals=np.asarray(t.marginals).sum(axis=-1, keepdims=True),
        hist=np.asarray(t.hist).sum(axis=-1, keepdims=True),
    )


# --------------------------------------------------------------------------- the table


def bootstrap_intervals(frame: pd.DataFrame, overall: dict, counts: Counts, prep: Any, *, kappa_col: str,
                        ci: float, n_boot: int, seed: int) -> pd.DataFrame:
    """Add percentile bootstrap intervals of kappa and alpha to ``frame`` and ``overall`` (in place for ``overall``)."""
    m, n_units, per_doc = len(prep.coders), counts.n_units, counts.per_doc
    rng = np.random.default_rng(seed)
    kappas, alphas, pooled_alpha, mean_kappa = [], [], [], []
    chunk = max(1, min(n_boot, 2_000_000 // max(1, n_units if per_doc is None else len(prep.doc_ids))))
    done = 0
    while done < n_boot:
        b = min(chunk, n_boot - done)
        if per_doc is not None:
            rep = _replicate_tallies_from_groups(per_doc, _bootstrap_weights(rng, len(prep.doc_ids), b), m)
        else:
            rep = tallies_from_matrices(counts.matrices, weights=_bootstrap_weights(rng, n_units, b))
        rc = binary_coefficients(rep)
        rp = binary_coefficients(pool(rep))
        kappas.append(rc[kappa_col])
        alphas.append(rc["alpha"])
        pooled_alpha.append(rp["alpha"][:, 0])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            mean_kappa.append(np.nanmean(rc[kappa_col], axis=1))
        done += b
    tail = (1 - ci) / 2 * 100
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for name, reps, over in (
            (kappa_col, np.concatenate(kappas), np.concatenate(mean_kappa)),
            ("alpha", np.concatenate(alphas), np.concatenate(pooled_alpha)),
        ):
            lo, hi = np.nanpercentile(reps, [tail, 100 - tail], axis=0)
            undefined = frame[name].isna().to_numpy()
            frame[f"{name}_low"] = np.where(undefined, np.nan, lo)
            frame[f"{name}_high"] = np.where(undefined, np.nan, hi)
            olo, ohi = np.nanpercentile(over, [tail, 100 - tail]) if np.isfinite(over).any() else (np.nan, np.nan)
            overall[f"{name}_low"], overall[f"{name}_high"] = float(olo), float(ohi)
    overall["note"] += (f"; {int(ci * 100)}% percentile bootstrap intervals, {n_boot} replicates, "
                        f"{counts.resample} resampled, seed {seed}")
    ordered = [c for c in frame.columns if c != "note"]
    for name in (kappa_col, "alpha"):
        pos = ordered.index(name) + 1
        ordered[pos:pos] = [f"{name}_low", f"{name}_high"]
        ordered = list(dict.fromkeys(ordered))
    return frame[ordered + ["note"]]


