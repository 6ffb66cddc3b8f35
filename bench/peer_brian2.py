"""The Brian2 peer of nestor's foundation benchmarks (Debian's python3-brian).

The model is iaf_psc_alpha written as Brian2 equations, with NEST's defaults:

    dv/dt    = -(v - E_L)/tau_m + (I_ex + I_in + I_e)/C_m   (unless refractory)
    dI_x/dt  = -I_x/tau_syn + y_x ;  dy_x/dt = -y_x/tau_syn  (alpha current; a spike adds e/tau_syn * w
                                                              to y_x, so that the PSC peaks at w)
    threshold v >= V_th, reset v = V_reset, refractory 2 ms, method 'exact', dt 0.1 ms.

Two commands:

  tutorial --mode runtime|standalone [--cache-dir D] [--build-dir D] [--method exact] [--again]
      The tutorial's first part: one neuron, I_e = 376 pA, a StateMonitor on v (NEST's voltmeter),
      1000 ms. Prints the same result line as examples/cpp/one_neuron and tab-separated timing lines
      (in-process seconds): run() for runtime mode; code generation + compilation and the binary's run
      for cpp_standalone (a fresh build directory unless --build-dir is given). Most of the first run()
      is Brian2 deriving the exact propagators with sympy, redone in every process; --method euler
      shows the process without it (not the same numerics).

  micro [--case I_e,poisson] [--n 100000] [--reps 5] [--target 0.25] [--cache-dir D]
      ns per neuron-step in runtime mode, as bench/micro_neuron_step measures nestor: a warm-up run
      (which also generates and compiles the code), then `reps` timed run() calls sized to about
      `target` seconds each. I_e: 376 pA, v spread over [E_L, V_th). poisson: PoissonInput onto y_ex and
      y_in, 80 kHz at +1.2 pA and 15 kHz at -1.0 pA (1000 sources at 80 Hz, 1000 at 15 Hz: binomial
      counts per neuron and step; Brian2 approximates a binomial with n*p > 5 by a normal draw, nestor
      draws exact Poisson counts by inversion).

    /usr/bin/python3 bench/peer_brian2.py tutorial --mode runtime
"""

import argparse
import os
import shutil
import sys
import tempfile
import time

T0 = time.perf_counter()
import brian2 as b2  # noqa: E402
from brian2 import ms, mV, pA, pF  # noqa: E402
import numpy as np  # noqa: E402

T_IMPORT = time.perf_counter() - T0

EQS = """
dv/dt = -(v - E_L)/tau_m + (I_ex + I_in + I_e)/C_m : volt (unless refractory)
dI_ex/dt = -I_ex/tau_syn_ex + y_ex : amp
dy_ex/dt = -y_ex/tau_syn_ex : amp/second
dI_in/dt = -I_in/tau_syn_in + y_in : amp
dy_in/dt = -y_in/tau_syn_in : amp/second
I_e : amp
"""
NS = dict(E_L=-70.0 * mV, C_m=250.0 * pF, tau_m=10.0 * ms, tau_syn_ex=2.0 * ms, tau_syn_in=2.0 * ms,
          V_th=-55.0 * mV, V_reset=-70.0 * mV)


def neurons(n, method="exact"):
    g = b2.NeuronGroup(n, EQS, threshold="v >= V_th", reset="v = V_reset", refractory=2.0 * ms,
                       method=method, namespace=NS)
    g.v = NS["E_L"]
    return g


def set_cache(cache_dir):
    if cache_dir:
        b2.prefs.codegen.runtime.cython.cache_dir = cache_dir


def tutorial(args):
    b2.defaultclock.dt = 0.1 * ms
    build_dir = None
    if args.mode == "standalone":
        build_dir = args.build_dir or tempfile.mkdtemp(prefix="brian2_standalone_")
        b2.set_device("cpp_standalone", directory=build_dir, build_on_run=False)
    else:
        set_cache(args.cache_dir)
        b2.prefs.codegen.target = "cython"
    g = neurons(1, args.method)
    g.I_e = 376.0 * pA
    mon = b2.StateMonitor(g, "v", record=True)
    net = b2.Network(g, mon)
    timing = {"import_brian2_s": T_IMPORT}
    t0 = time.perf_counter()
    net.run(1000.0 * ms)
    timing["run_call_s"] = time.perf_counter() - t0
    if args.mode == "runtime" and args.again:
        t0 = time.perf_counter()
        net.run(1000.0 * ms)  # continues to 2000 ms; the monitor keeps growing
        timing["run_again_s"] = time.perf_counter() - t0
    if args.mode == "standalone":
        t0 = time.perf_counter()
        b2.device.build(directory=build_dir, compile=True, run=False, with_output=False)
        timing["codegen_compile_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        b2.device.run(directory=build_dir, with_output=False, run_args=[])
        timing["binary_run_s"] = time.perf_counter() - t0
        timers = getattr(b2.device, "timers", {})
        if timers.get("run_binary") is not None:
            timing["binary_run_reported_s"] = timers["run_binary"]
        if timers.get("compile", {}).get("make") is not None:
            timing["make_s"] = timers["compile"]["make"]
    v = np.asarray(mon.v[0] / mV)[:10000]  # the first 1000 ms
    n_spikes = int((np.diff(v) < -10.0).sum())
    print(f"V_m: start {v[0]:.2f} mV, max {v.max():.2f} mV, {n_spikes} spikes in 1000 ms")
    for k, x in timing.items():
        print(f"timing\t{k}\t{x:.6f}")
    if build_dir and not args.build_dir:
        shutil.rmtree(build_dir, ignore_errors=True)


def micro_case(case, n, reps, target):
    b2.start_scope()
    g = neurons(n)
    rng = np.random.default_rng(7)
    g.v = (-70.0 + 15.0 * rng.random(n)) * mV
    objs = [g]
    if case == "I_e":
        g.I_e = 376.0 * pA
    elif case == "poisson":
        e = np.exp(1.0)
        objs.append(b2.PoissonInput(g, "y_ex", 1000, 80.0 * b2.Hz, weight=e / NS["tau_syn_ex"] * 1.2 * pA))
        objs.append(b2.PoissonInput(g, "y_in", 1000, 15.0 * b2.Hz, weight=-e / NS["tau_syn_in"] * 1.0 * pA))
    else:
        sys.exit(f"unknown case {case}")
    spikes = b2.SpikeMonitor(g[: min(n, 1000)])
    net = b2.Network(*objs, spikes)
    warm_ms = 20.0
    t0 = time.perf_counter()
    net.run(warm_ms * ms)  # analyses the equations, generates and compiles the code
    t_warm = time.perf_counter() - t0
    t0 = time.perf_counter()
    net.run(warm_ms * ms)
    per_step = (time.perf_counter() - t0) / (warm_ms / 0.1)
    steps = int(min(100000, max(200, round(target / per_step / 100.0) * 100)))
    ns = []
    n0 = spikes.num_spikes
    for _ in range(reps):
        t0 = time.perf_counter()
        net.run(steps * 0.1 * ms)
        ns.append((time.perf_counter() - t0) * 1e9 / (n * steps))
    rate = (spikes.num_spikes - n0) / (min(n, 1000) * reps * steps * 1e-4)
    print(f"brian2-runtime/{case}\t{n}\t{steps}\t{reps}\t{np.median(ns):.4f}\t{min(ns):.4f}\t"
          f"{max(ns):.4f}\t{rate:.2f}\t{t_warm:.3f}", flush=True)


def micro(args):
    set_cache(args.cache_dir)
    b2.prefs.codegen.target = "cython"
    b2.defaultclock.dt = 0.1 * ms
    print("case\tN\tsteps_per_rep\treps\tns_median\tns_min\tns_max\trate_hz\twarmup_s")
    for case in args.case.split(","):
        micro_case(case, args.n, args.reps, args.target)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("tutorial")
    t.add_argument("--mode", choices=["runtime", "standalone"], default="runtime")
    t.add_argument("--cache-dir")
    t.add_argument("--build-dir")
    t.add_argument("--method", default="exact", help="Brian2 integration method (default exact)")
    t.add_argument("--again", action="store_true", help="runtime: time a second run() of 1000 ms")
    m = sub.add_parser("micro")
    m.add_argument("--case", default="I_e,poisson", help="comma-separated: I_e, poisson")
    m.add_argument("--n", type=int, default=100000)
    m.add_argument("--reps", type=int, default=5)
    m.add_argument("--target", type=float, default=0.25)
    m.add_argument("--cache-dir")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    tutorial(args) if args.cmd == "tutorial" else micro(args)


if __name__ == "__main__":
    main()
