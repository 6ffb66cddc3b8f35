"""The Brian2 peer of bench/connect_build.cpp (Debian's python3-brian): the same network built with a
Synapses object from index arrays, in runtime (cython) or cpp_standalone mode.

    /usr/bin/python3 bench/connect_peer_brian2.py --mode runtime|standalone [--weights fixed|random]
        [--no-connect] [--n 10000] [--k 1000] [--seed 1] [--cache-dir D] [--work-dir D] [--check]

The network: N neurons with iaf_psc_alpha's equations and NEST's defaults (as bench/peer_brian2.py),
dt 0.1 ms, and a Synapses object from the group onto itself with a per-synapse weight `w : amp
(constant)` (a static synapse: one weight per synapse, as NEST's static_synapse), on_pre adding the
alpha kernel's jump to y_ex, connected with connect(i=i, j=j) from index arrays of the same kind as
nestor's fixed_indegree(K) (autapses and multapses allowed, NEST's defaults):

    j = repeat(arange(N), K)                   each target K times
    i = default_rng(seed).integers(0, N, N*K)  K sources per target, uniform with replacement (int32)

(b2.seed(seed) seeds Brian2's rand()/randn() as well.)

Generating i and j is timed on its own (index_arrays_s) and is NOT part of connect_s; the arrays are
generated (and held) with --no-connect too, so the difference in peak memory between the two runs is
what the connect call adds on top of the program's own index arrays (index_arrays_bytes, 8 per synapse).

  fixed:  S.w = 20 pA (one value for all), delay=1.5 ms given to Synapses (Brian2's scalar delay)
  random: S.w = '20*pA + 2*pA*randn()', S.delay = '1*ms + 1*ms*rand()' (a delay per synapse)

The Synapses object is inactive until connected (Brian2 refuses to run one without synapses); with
--no-connect it stays inactive. Connections in Brian2 too are ready only once a run() has prepared
the spike queue, so the build time is connect_s + params_s (setting w, delay) + first_run_s, as for
nestor connect() + the first simulate(dt).

runtime: before connecting, the network is run once for dt with the Synapses object inactive
(prepare_run_s, not part of the build time): the first run() of a network costs Brian2 about 6 s on
its own (equation analysis with sympy, code generation, loading the compiled code), with or without
synapses, and would otherwise hide the connections' share. Prints (seconds, bytes): synapses,
import_s, create_s, index_arrays_s, index_arrays_bytes, prepare_run_s, connect_s, params_s,
first_run_s (the run() after connecting), second_run_s, maxrss_bytes (this process, getrusage
ru_maxrss) and vmhwm_bytes (VmHWM of /proc/self/status, a cross-check).

standalone: connect(), the assignments and run(dt) only record what the binary will do (py_connect_s,
py_params_s, py_run_s: code generation); the Python process then writes the code and compiles it
(build_s) and starts the binary through `sh -c '"$@"; exit $?'` (see bench/connect.py: a child's
ru_maxrss on Linux starts at its parent's peak), timing it from spawn to exit (binary_wall_s).
Timestamps put into the binary's main() (device.insert_code) split its run into binary_start_s
(process start and loading the index arrays, which the build wrote to static_arrays/, from disk),
binary_connect_s (creating the synapses from the arrays), binary_params_s (w, delay),
binary_first_run_s (run(dt): spike queue and one step) and binary_end_s (writing every array, the
synapses' included, to results/, and exit); the binary prints its own peak (binary_maxrss_bytes,
binary_vmhwm_bytes) last. synapses: counted from the result files.
"""

import argparse
import glob
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

T0 = time.perf_counter()
import brian2 as b2  # noqa: E402
from brian2 import ms, mV, pA, pF  # noqa: E402
import numpy as np  # noqa: E402

T_IMPORT = time.perf_counter() - T0

# iaf_psc_alpha with NEST's defaults, as in bench/peer_brian2.py.
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
ON_PRE = "y_ex += exp(1)/tau_syn_ex*w"  # the alpha PSC peaks at w

# C++ put into the standalone binary's main().
STAMP = ("{{ struct timespec _ts; clock_gettime(CLOCK_MONOTONIC, &_ts); "
         "std::cout << \"stamp\\t{name}\\t\" << std::fixed << (_ts.tv_sec + 1e-9 * _ts.tv_nsec) << std::endl; }}")
PEAK = ("{ struct rusage _ru; getrusage(RUSAGE_SELF, &_ru); "
        "std::cout << \"binary_maxrss_bytes\\t\" << (long long)_ru.ru_maxrss * 1024 << std::endl; "
        "std::ifstream _st(\"/proc/self/status\"); std::string _ln; "
        "while (std::getline(_st, _ln)) if (_ln.rfind(\"VmHWM:\", 0) == 0) "
        "std::cout << \"binary_vmhwm_bytes\\t\" << std::stoll(_ln.substr(6)) * 1024 << std::endl; }")


def out(key, value):
    print(f"{key}\t{value:.6f}" if isinstance(value, float) else f"{key}\t{value}", flush=True)


def vmhwm_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def make_objects(args, t):
    b2.seed(args.seed)  # Brian2's rand()/randn(), for reproducible weights and delays
    t0 = time.perf_counter()
    g = b2.NeuronGroup(args.n, EQS, threshold="v >= V_th", reset="v = V_reset", refractory=2.0 * ms,
                       method="exact", namespace=NS)
    g.v = NS["E_L"]
    if args.weights == "fixed":
        S = b2.Synapses(g, g, "w : amp (constant)", on_pre=ON_PRE, delay=1.5 * ms, namespace=NS)
    else:
        S = b2.Synapses(g, g, "w : amp (constant)", on_pre=ON_PRE, namespace=NS)
    S.active = False
    t["create_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    i = rng.integers(0, args.n, size=args.n * args.k, dtype=np.int32)
    j = np.repeat(np.arange(args.n, dtype=np.int32), args.k)
    t["index_arrays_s"] = time.perf_counter() - t0
    t["index_arrays_bytes"] = int(i.nbytes + j.nbytes)
    return g, S, i, j


def connect(args, S, i, j, t, stamp=lambda name: None):
    """connect(i, j) and the synapse parameters, unless --no-connect."""
    t["connect_s"] = t["params_s"] = 0.0
    if args.no_connect:
        return
    S.active = True
    stamp("connect_begin")
    t0 = time.perf_counter()
    S.connect(i=i, j=j)
    t["connect_s"] = time.perf_counter() - t0
    stamp("connect_end")
    t0 = time.perf_counter()
    if args.weights == "fixed":
        S.w = 20.0 * pA
    else:
        S.w = "20*pA + 2*pA*randn()"
        S.delay = "1*ms + 1*ms*rand()"
    t["params_s"] = time.perf_counter() - t0


def runtime(args):
    if args.cache_dir:
        b2.prefs.codegen.runtime.cython.cache_dir = args.cache_dir
    b2.prefs.codegen.target = "cython"
    b2.defaultclock.dt = 0.1 * ms
    t = {}
    g, S, i, j = make_objects(args, t)
    net = b2.Network(g, S)
    t0 = time.perf_counter()
    net.run(0.1 * ms)  # Brian2's fixed cost of a first run, Synapses inactive
    t["prepare_run_s"] = time.perf_counter() - t0
    connect(args, S, i, j, t)
    t0 = time.perf_counter()
    net.run(0.1 * ms)  # code for the synapses, the spike queue (the connections' delays), one step
    t["first_run_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    net.run(0.1 * ms)
    t["second_run_s"] = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    hwm = vmhwm_bytes()
    n_syn = len(S) if not args.no_connect else 0
    out("synapses", n_syn)
    out("import_s", T_IMPORT)
    for k, v in t.items():
        out(k, v)
    out("maxrss_bytes", rss)
    out("vmhwm_bytes", hwm)
    if args.check and n_syn:
        w = np.asarray(S.w / pA)
        d = np.asarray(S.delay / ms) * np.ones(n_syn)
        indeg = np.bincount(np.asarray(S.j), minlength=args.n)
        print(f"check\tconnections {n_syn}, in-degree min {indeg.min()} max {indeg.max()}; weight mean "
              f"{w.mean():.4g} std {w.std():.4g} [{w.min():.4g}, {w.max():.4g}] pA; delay mean {d.mean():.4g} "
              f"std {d.std():.4g} [{d.min():.4g}, {d.max():.4g}] ms")


def standalone(args):
    work = args.work_dir or tempfile.mkdtemp(prefix="brian2_connect_")
    b2.set_device("cpp_standalone", directory=work, build_on_run=False)
    b2.prefs.codegen.cpp.headers = ["<sys/resource.h>"]
    b2.defaultclock.dt = 0.1 * ms

    def stamp(name):
        b2.device.insert_code("main", STAMP.format(name=name))

    t = {}
    g, S, i, j = make_objects(args, t)
    net = b2.Network(g, S)
    connect(args, S, i, j, t, stamp)
    stamp("params_end")
    t0 = time.perf_counter()
    net.run(0.1 * ms)  # records the run; code generation (equations, templates)
    t["py_run_s"] = time.perf_counter() - t0
    stamp("run_end")
    b2.device.insert_code("after_end", PEAK)
    t["py_connect_s"], t["py_params_s"] = t.pop("connect_s"), t.pop("params_s")
    t0 = time.perf_counter()
    b2.device.build(directory=work, compile=True, run=False, with_output=False)
    t["build_s"] = time.perf_counter() - t0
    del i, j

    t_spawn = time.monotonic()  # CLOCK_MONOTONIC, as the stamps
    p = subprocess.run(["sh", "-c", '"$@"; exit $?', "sh", "./main"], cwd=work, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    t_exit = time.monotonic()
    if p.returncode != 0:
        sys.stderr.write(p.stderr[-3000:])
        sys.exit(f"the standalone binary failed ({p.returncode})")
    lines = [ln.split("\t") for ln in p.stdout.splitlines() if "\t" in ln]
    stamps = {r[1]: float(r[2]) for r in lines if r[0] == "stamp"}
    peak = {r[0]: int(r[1]) for r in lines if r[0].startswith("binary_") and r[0].endswith("_bytes")}
    first = stamps.get("connect_begin", stamps["params_end"])
    t["binary_wall_s"] = t_exit - t_spawn
    t["binary_start_s"] = first - t_spawn
    t["binary_connect_s"] = stamps["connect_end"] - stamps["connect_begin"] if "connect_begin" in stamps else 0.0
    t["binary_params_s"] = stamps["params_end"] - stamps["connect_end"] if "connect_end" in stamps else 0.0
    t["binary_first_run_s"] = stamps["run_end"] - stamps["params_end"]
    t["binary_end_s"] = t_exit - stamps["run_end"]
    pre = glob.glob(os.path.join(work, "results", "_dynamic_array_synapses__synaptic_pre_*"))
    n_syn = os.path.getsize(pre[0]) // 4 if pre else 0  # int32 per synapse

    out("synapses", n_syn)
    out("import_s", T_IMPORT)
    for k, v in t.items():
        out(k, v)
    for k, v in peak.items():
        out(k, v)
    out("maxrss_bytes", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    if not args.work_dir:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=("runtime", "standalone"), required=True)
    ap.add_argument("--weights", choices=("fixed", "random"), default="fixed")
    ap.add_argument("--no-connect", action="store_true")
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--k", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cache-dir", help="runtime: Brian2's cython cache")
    ap.add_argument("--work-dir", help="standalone: the project directory (kept); default a fresh temporary one")
    ap.add_argument("--check", action="store_true", help="runtime: verify in-degrees, weights and delays")
    args = ap.parse_args()
    runtime(args) if args.mode == "runtime" else standalone(args)


if __name__ == "__main__":
    main()
