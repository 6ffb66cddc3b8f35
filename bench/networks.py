"""Runs nestor's network benchmarks next to their Brian2 peer and prints one table.

Called by bench/run_networks.sh (which builds the programs and installs Brian2 first):

    /usr/bin/python3 bench/networks.py --build-dir build [--quick] [--only PROGRAM ...] [--save FILE]

The networks (each program's head comment has the full description):

  coba          bench/vogels_abbott.cpp built as coba: the COBA benchmark (benchmark 1 of Brette et al. 2007),
                the same network with iaf_cond_exp (GSL RKF45), next to Brian2 with exponential_euler and
                with gsl_rkf45
  cuba          bench/vogels_abbott.cpp: the CUBA benchmark of Brette et al. (2007) as Brian2's examples/CUBA.py,
                4000 iaf_psc_exp, pairwise_bernoulli(0.02), no external input, 1 s
  brunel_delta  bench/brunel_delta.cpp: NEST's brunel_delta_nest.py (iaf_psc_delta, fixed in-degree,
                Poisson input), full scale (order 2500: 12,500 neurons, 15.6 million synapses) and 1/5;
                at 1/5 also with V_reset 10 mV (Brunel 2000, Brian2's Brunel_2000.py) instead of NEST's 0
  brunel_alpha  bench/brunel.cpp: NEST's brunel_alpha_nest.py (iaf_psc_alpha), full scale and 1/5; next to
                NEST 3.9.0's figures for the same network on this machine kind (NEST is not installable
                here: tests/validation/nest_reference/brunel_nest.txt)

  peer          bench/peer_networks_brian2.py: the same networks in Brian2, cpp_standalone with 1 and 2
                OpenMP threads (and runtime mode for cuba)

nestor runs with 1 and 2 threads; every nestor figure is the median of several whole processes, every
Brian2 standalone time the median of several runs of the compiled binary (one compilation); Brian2
runtime: one process after a warm-up process that compiles its code into a fresh cache. Ratios are
nestor / Brian2 (times: < 1 means nestor is faster). The figures (bench/net_common.hpp and the
peer's head comment): build = creating the neurons (and their initial values); connect = the connect
calls + the first step of 0.1 ms, which builds the connections (nestor's rows, Brian2's spike queue);
simulate = the rest of the 1000 ms; real-time factor = simulate / simulated time; memory per synapse
= heap held after the first step minus after creating the neurons (glibc mallinfo2) / synapses;
synaptic events = network spikes x network synapses per neuron (external input not counted).
"""

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time

from benchlib import PY, ROOT, figures, machine, table


COLS = ("n1", "n2", "sa1", "sa2", "rt")
# NEST 3.9.0 on the same network and machine kind (tests/validation/nest_reference/brunel_nest.txt, medians):
# order -> (simulate 1 thread, simulate 2 threads, peak memory 1 thread), in s and MiB.
NEST_BRUNEL_ALPHA = {"500": (2.869, 1.703, 229.1), "2500": (38.998, 17.824, 1178.4)}
HEADS = ("nestor 1t", "nestor 2t", "B2 sa 1t", "B2 sa 2t", "B2 runtime")
RATIOS = (("n1", "sa1", "n1/sa1"), ("n2", "sa2", "n2/sa2"), ("n1", "rt", "n1/rt"))


BDIR = os.path.join(ROOT, "build")  # set in main(); shown as "build" in the commands


def rel(path):
    if os.path.isabs(path) and path.startswith(BDIR + os.sep):
        return "build" + path[len(BDIR):]
    return os.path.relpath(path, ROOT) if os.path.isabs(path) and path.startswith(ROOT + os.sep) else path


def show(cmd):
    return shlex.join(rel(x) for x in cmd)


def run(cmd, env):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.stderr.write(p.stdout[-2000:] + p.stderr[-3000:])
        raise SystemExit(f"failed ({p.returncode}): {show(cmd)}")
    return p.stdout, wall













def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--quick", action="store_true", help="1/5 scale only, fewer repetitions (a smoke test)")
    ap.add_argument("--save", help="also write the table to this file")
    ap.add_argument("--only", nargs="+", metavar="PROGRAM",
                    help="run only the cases of these programs (cuba, coba, brunel_delta, brunel)")
    args = ap.parse_args()
    global BDIR
    bdir = BDIR = os.path.abspath(args.build_dir)
    quick = args.quick
    env = dict(os.environ)
    env["PYTHONWARNINGS"] = "ignore"
    have_brian = subprocess.run([PY, "-c", "from brian2 import NeuronGroup"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL).returncode == 0
    work = os.path.join(bdir, "bench", "brian2_networks")  # Brian2's projects and cache, fresh per invocation
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    cache = os.path.join(work, "cython_cache")
    peer = os.path.join(ROOT, "bench", "peer_networks_brian2.py")
    med = statistics.median

    def log(msg):
        print(f"== {msg}", file=sys.stderr, flush=True)

    t_start = time.perf_counter()
    info = machine(env)
    t = table(COLS, HEADS, RATIOS, footer="commands (from the repository root; PYTHONPATH=python for the peer):")

    # What makes the two sides the same model (the programs' head comments have the details).
    same = {
        "cuba": ["same model: Brian2's dv/dt = (ge + gi - (v - El))/taum is iaf_psc_exp's equation with",
                 "  I = g C_m / taum, so J = w C_m / tau_m (C_m 200 pF: J_ex 16.2 pA, J_in -90 pA); delay 0.1 ms on",
                 "  both sides (the example has none; NEST's shortest is one step); Brian2 refractory 5.1 ms = NEST's",
                 "  t_ref 5 ms (see the peer); connectivity and V_m(0) drawn by each side: different realisations"],
        "coba": ["same model: iaf_cond_exp's equation, Brian2's dv/dt = (ge*(Ee-v) + gi*(Ei-v) - (v-El))/taum with",
                 "  ge, gi in units of g_L = 10 nS (jumps 6 nS, 67 nS); nestor integrates with GSL's adaptive RKF45 (as",
                 "  NEST), Brian2 with the method named in the title; delay 0.1 ms on both sides; Brette et al.'s",
                 "  initial state; connectivity and initial state drawn by each side: different realisations"],
        "brunel_delta": ["same model: iaf_psc_delta (V_reset 0 mV: NEST's example) vs Brian2's on_pre",
                         "  v_post += J*int(not_refractory_post) (NEST drops input during refractoriness); fixed",
                         "  in-degree from index arrays of the same kind; input: poisson_generator (eta nu_th CE per",
                         "  target) vs PoissonInput(N=CE, rate=eta nu_th); Brian2 refractory 2.1 ms = NEST's 2 ms"],
        "brunel": ["same model: iaf_psc_alpha's equations in Brian2 (as bench/peer_brian2.py), the same connectivity",
                   "  and input as brunel_delta (PoissonInput onto y_ex)"],
    }

    # (title, nestor program, its arguments, peer arguments, reps nestor, reps Brian2 binary, runtime too
    # [, standalone too: default True])
    full = [] if quick else [
        ("brunel_delta, full scale: order 2500, 12,500 iaf_psc_delta, CE 1000, CI 250, 1000 ms",
         "brunel_delta", ["--order", "2500"], ["brunel_delta", "--order", "2500"], 3, 3, False),
        ("brunel_alpha, full scale: order 2500, 12,500 iaf_psc_alpha, CE 1000, CI 250, 1000 ms",
         "brunel", ["--order", "2500"], ["brunel_alpha", "--order", "2500"], 3, 3, False),
    ]
    cases = [
        ("cuba: 4000 iaf_psc_exp (3200 E, 800 I), pairwise_bernoulli 0.02, no input, 1000 ms",
         "cuba", [], ["cuba"], 3 if quick else 5, 3 if quick else 5, True),
        ("coba: 4000 iaf_cond_exp (3200 E, 800 I), pairwise_bernoulli 0.02, no input, 1000 ms; Brian2 "
         "exponential_euler", "coba", [], ["coba"], 3, 3, False),
        ("coba, Brian2 runtime with GSL's RKF45 (gsl_rkf45, NEST's error control): the integrator nestor uses "
         "(Debian's Brian2 2.5.1 cannot generate GSL code for standalone: NotImplementedError compile_block)",
         "coba", [], ["coba", "--method", "gsl_rkf45"], 3, 3, True, False),
        ("brunel_delta, 1/5 scale: order 500, 2500 iaf_psc_delta, CE 200, CI 50, 1000 ms",
         "brunel_delta", ["--order", "500"], ["brunel_delta", "--order", "500"], 3 if quick else 5,
         3 if quick else 5, False),
        ("brunel_delta, 1/5 scale, V_reset 10 mV (Brunel 2000 and Brian2's Brunel_2000.py; NEST's example: 0 mV)",
         "brunel_delta", ["--order", "500", "--V_reset", "10"], ["brunel_delta", "--order", "500", "--V_reset", "10"],
         3 if quick else 5, 3 if quick else 5, False),
        ("brunel_alpha, 1/5 scale: order 500, 2500 iaf_psc_alpha, CE 200, CI 50, 1000 ms",
         "brunel", ["--order", "500"], ["brunel_alpha", "--order", "500"], 3 if quick else 5, 3 if quick else 5,
         False),
    ] + full
    if args.only:
        cases = [c for c in cases if c[1] in args.only]

    for title, prog, nargs, pargs, reps_n, reps_b, with_rt, *opt in cases:
        with_sa = opt[0] if opt else True
        res, refs, walls = {}, {}, {}
        exe = os.path.join(bdir, "bench", prog)
        for th, col in ((1, "n1"), (2, "n2")):
            cmd = [exe] + nargs + ["--threads", str(th)]
            log(f"{title.split(':')[0]}: {show(cmd)} (x{reps_n})")
            runs = [run(cmd + ["--tsv"], env) for _ in range(reps_n)]
            fs = [figures(o) for o, _ in runs]
            res[col] = {k: med([f[k] for f in fs]) for k in fs[0]}
            res[col]["simulate_min_s"] = min(f["simulate_s"] for f in fs)
            walls[col] = med([w for _, w in runs])
            refs[col] = t.cmd(show(cmd) + f"   (x{reps_n}, medians)")
        if have_brian:
            for th, col in ((1, "sa1"), (2, "sa2")) if with_sa else ():
                proj = os.path.join(work, f"{pargs[0]}_{th}")
                cmd = [PY, peer] + pargs + ["--mode", "standalone", "--threads", str(th), "--reps", str(reps_b),
                                            "--work-dir", proj]
                log(f"{title.split(':')[0]}: {show(cmd)}")
                o, wall = run(cmd, env)
                res[col] = figures(o)
                walls[col] = wall - (reps_b - 1) * res[col]["binary_wall_s"]  # as if the binary had run once
                shutil.rmtree(proj, ignore_errors=True)
                refs[col] = t.cmd("PYTHONPATH=python " + show(cmd).replace(rel(proj), "DIR"))
            if with_rt:
                warm = [PY, peer] + pargs + ["--mode", "runtime", "--cache-dir", cache, "--T", "1"]
                log(f"{title.split(':')[0]}: Brian2 runtime, compiling into a fresh cache: {show(warm)}")
                _, w_warm = run(warm, env)
                cmd = [PY, peer] + pargs + ["--mode", "runtime", "--cache-dir", cache]
                log(f"{title.split(':')[0]}: {show(cmd)}")
                o, wall = run(cmd, env)
                res["rt"] = figures(o)
                res["rt"]["warm_s"] = w_warm
                walls["rt"] = wall
                refs["rt"] = t.cmd("PYTHONPATH=python " + show(cmd).replace(rel(cache), "CACHE"))
                refs["rt_warm"] = t.cmd("PYTHONPATH=python " + show(warm).replace(rel(cache), "CACHE") +
                                        "   (fresh CACHE: compiles the code)")

        def vals(key, cols=COLS):
            return {c: res[c][key] for c in cols if c in res and key in res[c]}

        def r(*cols):
            return tuple(refs[c] for c in cols if c in refs)

        allr = r(*COLS)
        n_syn = {c: f"{int(res[c]['synapses']):,}" for c in COLS if c in res}
        t.section(title)
        for line in same[prog]:
            t.text(line.replace("V_reset 0 mV: NEST's example", "here V_reset 10 mV") if "--V_reset" in nargs
                   else line)
        t.row("synapses", n_syn, "", allr, ratios=False, note="nestor: + one per neuron from the poisson_generator"
              if prog not in ("cuba", "coba") else "drawn: different realisations")
        t.row("build (create neurons, initial values)", vals("build_s"), "s", allr,
              note="B2 sa: arrays allocated before (binary start)")
        t.row("connect (connect calls + first 0.1 ms step)", vals("connect_s"), "s", allr,
              note="B2 sa: in the binary, from loaded index arrays" if prog not in ("cuba", "coba") else
              "B2 sa: in the binary; B2 rt: after a warm run()")
        t.row("simulate (0.1 ms .. 1000 ms)", vals("simulate_s"), "s", allr, note="median")
        t.row("  the same, fastest run", vals("simulate_min_s"), "s", r("n1", "n2", "sa1", "sa2"))
        t.row("real-time factor (simulate / simulated time)", vals("rtf"), "", allr)
        t.row("spikes", vals("spikes"), "", allr)
        t.row("mean rate", vals("rate_hz"), "Hz", allr, note="same model: ratios near 1")
        t.row("mean CV of inter-spike intervals", vals("cv"), "", allr)
        t.row("synchrony (var/mean of spikes per 1 ms)", vals("synchrony"), "", allr)
        t.row("ns per synaptic event (simulate)", vals("ns_per_event"), "ns", allr,
              note="every step's neuron updates included")
        t.row("peak memory (VmHWM)", vals("peak_mib"), "MiB", allr,
              note="B2 sa: the binary, incl. its index arrays; B2 rt: the Python process")
        t.row("memory per synapse (heap held)", vals("bytes_per_synapse"), "B", allr, note="mallinfo2 difference")
        t.row("  the same from the resident set", vals("bytes_per_synapse_rss"), "B", allr,
              note="nestor: the rows reuse pages create() freed" if prog in ("cuba", "coba") else "")
        if "simulate_s" in res.get("n2", {}):
            t.text(f"nestor 2 threads vs 1: simulate {res['n1']['simulate_s'] / res['n2']['simulate_s']:.2f}x faster "
                   f"(medians; fastest runs {res['n1']['simulate_min_s'] / res['n2']['simulate_min_s']:.2f}x)")
        if prog == "brunel":
            nest1, nest2, nest_mib = NEST_BRUNEL_ALPHA[nargs[1]]
            t.text(f"NEST 3.9.0 (nest_reference/brunel_nest.txt, this machine kind): simulate {nest1:.3g} s (1t), "
                   f"{nest2:.3g} s (2t), peak {nest_mib:.0f} MiB; nestor/NEST: simulate "
                   f"{res['n1']['simulate_s'] / nest1:.3f} (1t), {res['n2']['simulate_s'] / nest2:.3f} (2t), "
                   f"peak memory {res['n1']['peak_mib'] / nest_mib:.3f}")
        t.row("whole process, start to exit (wall)", walls, "s", allr,
              note="B2 sa: Python + codegen + compile + one binary run")
        if have_brian and with_sa:
            sa = ("sa1", "sa2")
            t.row("B2 sa: import brian2", vals("import_s", sa), "s", r(*sa))
            if prog not in ("cuba", "coba"):
                t.row("B2 sa: index arrays, fixed in-degree (numpy)", vals("index_arrays_s", sa), "s", r(*sa),
                      note="not in connect")
            t.row("B2 sa: Python (objects, run(): codegen)", vals("codegen_s", sa), "s", r(*sa))
            t.row("B2 sa: write project + compile", vals("compile_s", sa), "s", r(*sa), note="compile time")
            t.row("B2 sa: binary start (load arrays)", vals("binary_start_s", sa), "s", r(*sa))
            t.row("B2 sa: binary end (write results, exit)", vals("binary_end_s", sa), "s", r(*sa))
        if have_brian:
            if "rt" in res:
                t.row("B2 rt: compiling into a fresh cache", {"rt": res["rt"]["warm_s"]}, "s",
                      (refs["rt_warm"],), note="warm-up process (T = 1 ms), whole")
                t.row("B2 rt: first run(0.1 ms), synapses inactive", vals("prepare_run_s", ("rt",)), "s", r("rt"),
                      note="fixed cost; in no figure above")

    head = "\n".join([
        "nestor network benchmarks (bench/run_networks.sh)" + (" --quick" if quick else ""),
        f"date     {info['date']}",
        f"machine  {info['cpu']}, nproc {info['nproc']}, {info['mem']}, Linux {info['kernel']}, load average at "
        f"start {info['load']} (other work on the machine shows up as noise, 2-thread runs suffer most)",
        f"software {info['g++']}; Python {info['python']}; Brian2 {info['brian2']}; nestor {info['nestor']}",
        "compile  nestor -O3 -march=native -ffp-contract=off (IEEE arithmetic, no fast-math: NEST parity); "
        "Brian2 standalone its defaults "
        "(-O3 -ffast-math -march=native)",
        "columns  nestor with 1 and 2 threads; Brian2 cpp_standalone (sa) with 1 and 2 OpenMP threads; Brian2 "
        "runtime (cython); ratios nestor/Brian2",
        "figures  nestor: median of whole processes; B2 sa: median of runs of one compiled binary; B2 rt: one "
        "process after a warm-up; definitions: bench/networks.py",
        f"paths    build = {bdir}; DIR = a fresh Brian2 project directory; CACHE = a fresh Brian2 cython cache",
    ])
    text = t.render(head)
    text += ("\n\nre-run all: bash bench/run_networks.sh   (this run took "
             f"{time.perf_counter() - t_start:.0f} s; load average at the end "
             f"{' '.join(f'{x:.2f}' for x in os.getloadavg())})")
    if not have_brian:
        text += "\nnote: brian2 is not importable by /usr/bin/python3; the peer columns are empty"
    print(text)
    if args.save:
        os.makedirs(os.path.dirname(os.path.abspath(args.save)), exist_ok=True)
        with open(args.save, "w") as f:
            f.write(text + "\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
