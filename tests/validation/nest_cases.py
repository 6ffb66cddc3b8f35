"""Builds a NEST 3.9.0 reference case (tests/validation/nest_reference/*.json.gz, made by NEST itself;
format in INDEX.md there) on nestor and compares what it records with what NEST recorded."""

import gzip
import json
from pathlib import Path

import numpy as np

import nestor

REFERENCE = Path(__file__).parent / "nest_reference"


def case_names():
    return sorted(p.name[: -len(".json.gz")] for p in REFERENCE.glob("*.json.gz"))


def load(name):
    with gzip.open(REFERENCE / f"{name}.json.gz", "rt") as f:
        return json.load(f)


def missing_models(case):
    known = set(nestor.models.all_models())
    return sorted({n["model"] for n in case["nodes"]} - known)


def run(case):
    """Runs the case; returns {recorder id: {"times", "senders", var...}} in NEST's flat event layout."""
    sim = nestor.Simulator(dt=case["dt"])
    nodes = {}
    for n in case["nodes"]:
        nodes[n["id"]] = sim.create(n["model"], n["n"], **n["params"])
    for c in case["connections"]:
        pre, post = nodes[c["pre"]], nodes[c["post"]]
        kw = {}
        if "weight" in c:
            kw = dict(weight=c["weight"], delay=c["delay"], receptor_type=c.get("receptor_type", 0))
            assert c.get("synapse_model", "static_synapse") == "static_synapse"
            assert not c.get("syn_params")
        rule = c.get("rule", "all_to_all")
        sim.connect(pre, post, rule=rule, **kw)
    out = {rid: {} for rid in case["expect"]}
    for seg in case["segments"]:
        res = sim.simulate(seg)
        for rid, exp in case["expect"].items():
            rec = nodes[rid]
            if "V_m" in exp or any(k not in ("times", "senders") for k in exp):
                t = np.asarray(res.sample_times(rec).magnitude)
                senders = np.asarray(res.senders(rec))
                flat = {"times": np.repeat(t, len(senders)), "senders": np.tile(senders, len(t))}
                for var in exp:
                    if var not in ("times", "senders"):
                        flat[var] = np.asarray(res.trace(rec, var).magnitude).reshape(-1)
            else:
                sp = res.spikes(rec)
                flat = {"times": np.asarray(sp["times"].magnitude), "senders": np.asarray(sp["senders"])}
            for k, v in flat.items():
                out[rid].setdefault(k, []).append(np.array(v))
    return {rid: {k: np.concatenate(v) for k, v in d.items()} for rid, d in out.items()}


def order(d):
    """NEST's events sorted by (time, sender)."""
    return np.lexsort((np.asarray(d["senders"]), np.round(np.asarray(d["times"], dtype=float) * 1e6)))
