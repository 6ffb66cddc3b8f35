"""Every deterministic NEST 3.9.0 reference case whose models nestor has: recorded state variables
equal NEST's within the case's tolerance (|a - b| <= max(atol, rtol |b|)) at every sample, and
identical spike times (within the tolerance: precise models spike off the grid) and senders."""

import numpy as np
import pytest

import nest_cases

CASES = nest_cases.case_names()


@pytest.mark.parametrize("name", CASES)
def test_case_matches_nest(name):
    case = nest_cases.load(name)
    missing = nest_cases.missing_models(case)
    if missing:
        pytest.skip(f"models not in nestor yet: {', '.join(missing)}")
    if case["stochastic"]:
        pytest.skip("stochastic case: compared in distribution by its model's own tests")
    got = nest_cases.run(case)
    dt = case["dt"]
    atol, rtol = case["tolerance"]["atol"], case["tolerance"]["rtol"]
    for rid, exp in case["expect"].items():
        g = got[rid]
        assert len(g["times"]) == len(exp["times"]), f"{rid}: {len(g['times'])} events, NEST has {len(exp['times'])}"
        oe, og = nest_cases.order(exp), nest_cases.order(g)
        t_exp = np.asarray(exp["times"], dtype=float)[oe]
        steps_exp = np.rint(t_exp / dt).astype(np.int64)
        # On the grid, or off it for precise spikes: equal within the case's tolerance either way.
        t_err = np.abs(g["times"][og] - t_exp)
        assert np.all(t_err <= np.maximum(atol, rtol * np.abs(t_exp))), (
            f"{rid}: event times differ, worst by {t_err.max():.3g} ms at {t_exp[np.argmax(t_err)]:.6f} ms"
        )
        np.testing.assert_array_equal(
            g["senders"][og], np.asarray(exp["senders"])[oe], err_msg=f"{rid}: senders differ"
        )
        for var in exp:
            if var in ("times", "senders"):
                continue
            a = g[var][og]
            b = np.asarray(exp[var], dtype=float)[oe]
            err = np.abs(a - b)
            bound = np.maximum(atol, rtol * np.abs(b))
            worst = int(np.argmax(err - bound))
            assert np.all(err <= bound), (
                f"{rid}.{var}: {int(np.sum(err > bound))} samples off; worst at t = "
                f"{steps_exp[worst] * dt:.4f} ms: nestor {a[worst]!r}, NEST {b[worst]!r}"
            )
