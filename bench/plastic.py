"""Runs nestor's plastic network benchmark next to its Brian2 peer and prints one table.

Called by bench/run_plastic.sh (which builds the program and installs Brian2 first):

    /usr/bin/python3 bench/plastic.py --build-dir build [--quick] [--reps N] [--save FILE]

The network (bench/plastic_stdp.cpp has the full description): brunel_alpha (iaf_psc_alpha, NEST's
brunel_alpha_nest.py) with NE = 4 order, NI = order neurons (order 2000: 10^4 neurons, 8000 E, 2000 I;
--quick: order 400), fixed in-degree 10 %, delay 1.5 ms, Poisson drive, stdp_synapse on E->E
(multiplicative, NEST's defaults except Wmax = 2 J_ex), 1 s (--quick: 200 ms).

  nestor  build/bench/plastic_stdp with 1 and 2 threads; E->E parameters per connection (syn_spec.params);
          the same with the parameters as the model's defaults (--defaults: connect time only, T 10 ms);
          the same network with static E->E (--model static_synapse), and with tsodyks2_synapse on E->E
          when the build has it
  peer    bench/peer_plastic_brian2.py: Brian2 cpp_standalone, 1 and 2 OpenMP threads, the same STDP rule
          with pre/post traces; and with static E->E (1 thread)

Every figure is the median over --reps whole nestor processes / runs of one compiled Brian2 binary.
Ratios are nestor / Brian2 (< 1: nestor is faster / smaller). Memory per plastic synapse: nestor's
Simulator::connection_memory() (the store's bytes / connections) and, on both sides, the heap held
(glibc mallinfo2) with STDP on E->E minus with static E->E, per E->E synapse: what a plastic synapse
costs over a static one, everything included.
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

COLS = ("n1", "n2", "sa1", "sa2")
HEADS = ("nestor 1t", "nestor 2t", "B2 sa 1t", "B2 sa 2t")
RATIOS = (("n1", "sa1", "n1/sa1"), ("n2", "sa2", "n2/sa2"))
BDIR = os.path.join(ROOT, "build")


def rel(path):
    if os.path.isabs(path) and path.startswith(BDIR + os.sep):
        return "build" + path[len(BDIR):]
    return os.path.relpath(path, ROOT) if os.path.isabs(path) and path.startswith(ROOT + os.sep) else path


def show(cmd):
    return shlex.join(rel(x) for x in cmd)


def run(cmd, env, may_fail=False):
    p = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        if may_fail:
            return None
        sys.stderr.write(p.stdout[-2000:] + p.stderr[-3000:])
        raise SystemExit(f"failed ({p.returncode}): {show(cmd)}")
    return p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--quick", action="store_true", help="order 400 (2000 neurons), 200 ms")
    ap.add_argument("--reps", type=int, default=1, help="nestor processes / Brian2 binary runs per figure")
    ap.add_argument("--save", help="also write the table to this file")
    args = ap.parse_args()
    global BDIR
    bdir = BDIR = os.path.abspath(args.build_dir)
    order, T = ("400", "200") if args.quick else ("2000", "1000")
    reps = args.reps
    env = dict(os.environ)
    env["PYTHONWARNINGS"] = "ignore"
    have_brian = subprocess.run([PY, "-c", "from brian2 import NeuronGroup"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL).returncode == 0
    work = os.path.join(bdir, "bench", "brian2_plastic")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    exe = os.path.join(bdir, "bench", "plastic_stdp")
    peer = os.path.join(ROOT, "bench", "peer_plastic_brian2.py")
    med = statistics.median
    t_start = time.perf_counter()
    info = machine(env)
    t = table(COLS, HEADS, RATIOS, width=46,
              footer="commands (from the repository root; PYTHONPATH=python for the peer):")

    def log(msg):
        print(f"== {msg}", file=sys.stderr, flush=True)

    def nestor(extra, th, n=reps, T=T):
        cmd = [exe, "--order", order, "--T", T, "--threads", str(th)] + extra
        log(f"{show(cmd)} (x{n})")
        fs = []
        for _ in range(n):
            o = run(cmd + ["--tsv"], env, may_fail=True)
            if o is None:
                return None, cmd
            fs.append(figures(o))
        r = {k: med([f[k] for f in fs]) for k in fs[0]}
        r["simulate_min_s"] = min(f["simulate_s"] for f in fs)
        return r, t.cmd(show(cmd) + (f"   (x{n}, medians)" if n > 1 else ""))

    def brian(ee, th):
        proj = os.path.join(work, f"{ee}_{th}")
        cmd = [PY, peer, "--ee", ee, "--order", order, "--T", T, "--threads", str(th), "--reps", str(reps),
               "--work-dir", proj]
        log(show(cmd))
        t0 = time.perf_counter()
        r = figures(run(cmd, env))
        r["wall_s"] = time.perf_counter() - t0
        shutil.rmtree(proj, ignore_errors=True)
        return r, t.cmd("PYTHONPATH=python " + show(cmd).replace(rel(proj), "DIR"))

    res, refs = {}, {}
    res["n1"], refs["n1"] = nestor([], 1)
    res["n2"], refs["n2"] = nestor([], 2)
    if have_brian:
        res["sa1"], refs["sa1"] = brian("stdp", 1)
        res["sa2"], refs["sa2"] = brian("stdp", 2)
    st, st_refs = {}, {}
    st["n1"], st_refs["n1"] = nestor(["--model", "static_synapse"], 1)
    if have_brian:
        st["sa1"], st_refs["sa1"] = brian("static", 1)
    dflt, dflt_ref = nestor(["--defaults"], 1, T="10")
    tso, tso_ref = nestor(["--model", "tsodyks2_synapse"], 1, n=1)

    def vals(d, key):
        return {c: d[c][key] for c in COLS if c in d and d[c] is not None and key in d[c]}

    def r(d, *cols):
        return tuple(d[c] for c in cols if c in d)

    allr = r(refs, *COLS)
    NE = 4 * int(order)
    t.section(f"stdp_synapse on E->E: order {order} ({5 * int(order):,} iaf_psc_alpha, {NE:,} E), CE {NE // 10}, "
              f"CI {int(order) // 10}, {T} ms")
    t.text("same model: NEST's stdp_synapse (mu_plus = mu_minus = 1, lambda 0.01, alpha 1, "
           "tau_plus = tau_minus = 20 ms,")
    t.text("  Wmax = 2 J_ex = 41.36 pA, w(0) = J_ex, dendritic delay 1.5 ms) vs Brian2 on_pre/on_post with per-synapse")
    t.text("  traces (pre pathway delay d, post 2 d: NEST's update sequence; see bench/peer_plastic_brian2.py);")
    t.text("  Poisson drive: poisson_generator vs PoissonInput; connectivity drawn by each side")
    t.row("synapses (E->E plastic)", {c: f"{int(res[c]['synapses']):,} ({int(res[c]['ee_synapses']):,})"
                                      for c in COLS if c in res}, "", allr, ratios=False,
          note="nestor: + one per neuron from the poisson_generator")
    t.row("build (create neurons)", vals(res, "build_s"), "s", allr)
    t.row("connect (connect calls + first 0.1 ms step)", vals(res, "connect_s"), "s", allr,
          note="nestor: parameters per connection (syn_spec.params)")
    if dflt:
        t.row("  nestor: parameters as the model's defaults", {"n1": dflt["connect_s"]}, "s", (dflt_ref,),
              note="set_synapse_defaults; T 10 ms")
    t.row("simulate (0.1 ms .. T)", vals(res, "simulate_s"), "s", allr, note="median" if reps > 1 else "one run")
    t.row("simulate, CPU time of the process", vals(res, "simulate_cpu_s"), "s", allr,
          note="all threads; not counting other work on the machine")
    if reps > 1:
        t.row("  the same, fastest run", vals(res, "simulate_min_s"), "s", allr)
    t.row("  nestor phases: update", vals(res, "update_s"), "s", r(refs, "n1", "n2"))
    t.row("  nestor phases: deliver (incl. STDP updates)", vals(res, "deliver_s"), "s", r(refs, "n1", "n2"))
    t.row("real-time factor", vals(res, "rtf"), "", allr)
    t.row("mean rate (all / E)", {c: f"{res[c]['rate_hz']:.2f}/{res[c]['rate_E_hz']:.2f}" for c in COLS if c in res},
          "Hz", allr, ratios=False, note="same model: near equal")
    t.row("mean rate", vals(res, "rate_hz"), "Hz", allr)
    t.row("mean CV of ISIs", vals(res, "cv"), "", allr)
    t.row("E->E weight mean before", vals(res, "w0_mean"), "pA", allr)
    t.row("E->E weight mean after", vals(res, "w1_mean"), "pA", allr,
          note="B2 includes facilitations NEST applies lazily")
    t.row("E->E weight std after", vals(res, "w1_std"), "pA", allr)
    t.row("ns per synaptic event (simulate)", vals(res, "ns_per_event"), "ns", allr,
          note="network spikes x synapses per neuron")
    pk = {c: res[c]["peak_net_mib" if c.startswith("n") else "peak_mib"] for c in COLS if c in res}
    t.row("peak memory (VmHWM)", pk, "MiB", allr,
          note="nestor: network built, before listing weights; B2 sa: the binary")
    t.row("  nestor: after listing the E->E weights", vals(res, "peak_listed_mib"), "MiB", r(refs, "n1", "n2"),
          note=f"get_connections + get('weight') of all E->E: {res['n1']['listing_s']:.2f} s")
    t.row("memory per synapse, all (heap held)", vals(res, "bytes_per_synapse"), "B", allr,
          note="(connected - neurons) / all synapses")
    t.row("bytes per stdp_synapse (connection_memory)", vals(res, "conn_bytes_stdp_synapse"), "B",
          r(refs, "n1", "n2"), note="the store (40 B) and the copy of its time-0 weight and state kept for reset() (24 B)")
    t.row("bytes per static_synapse (connection_memory)", vals(res, "conn_bytes_static_synapse"), "B",
          r(refs, "n1", "n2"), note="E->I, I->all, generator")
    t.row("B2: E->E Synapses arrays per synapse", vals(res, "ee_array_bytes"), "B", r(refs, "sa1", "sa2"),
          note="heap after its connect + initial values")
    t.row("B2: spike queues per pathway synapse", vals(res, "queue_bytes_per_synapse"), "B", r(refs, "sa1", "sa2"),
          note="first run(0.1 ms)")

    t.section("the same network with static E->E (no plasticity), 1 thread")
    sr = r(st_refs, "n1", "sa1")
    t.row("connect", vals(st, "connect_s"), "s", sr)
    t.row("simulate", vals(st, "simulate_s"), "s", sr)
    t.row("simulate, CPU time of the process", vals(st, "simulate_cpu_s"), "s", sr)
    t.row("mean rate", vals(st, "rate_hz"), "Hz", sr)
    t.row("memory per synapse, all (heap held)", vals(st, "bytes_per_synapse"), "B", sr)
    t.row("peak memory (VmHWM)", {c: st[c]["peak_net_mib" if c.startswith("n") else "peak_mib"] for c in ("n1", "sa1")
                                  if c in st}, "MiB", sr, note="nestor: before listing weights")
    extra = {}
    for c in ("n1", "sa1"):
        if c in st and c in res:
            n_ee = res[c]["ee_synapses"]
            if c == "n1":  # heap held with the network, MiB -> per E->E synapse
                extra[c] = (res[c]["heap_net_mib"] - st[c]["heap_net_mib"]) * 2**20 / n_ee
            else:
                extra[c] = (res[c]["bytes_per_synapse"] - st[c]["bytes_per_synapse"]) * res[c]["synapses"] / n_ee
    t.row("plastic - static heap, per E->E synapse", extra, "B", sr + r(refs, "n1", "sa1"),
          note="what STDP adds to a synapse, all included")
    slow = {c: res[c]["simulate_s"] / st[c]["simulate_s"] for c in ("n1", "sa1") if c in st and c in res}
    t.row("simulate STDP / simulate static", slow, "x", sr + r(refs, "n1", "sa1"))
    slow = {c: res[c]["simulate_cpu_s"] / st[c]["simulate_cpu_s"] for c in ("n1", "sa1") if c in st and c in res}
    t.row("  the same, CPU times", slow, "x", sr + r(refs, "n1", "sa1"))
    if tso:
        t.section("tsodyks2_synapse on E->E (its defaults: the E->E PSCs are w u x, the network is another one)")
        t.row("bytes per tsodyks2_synapse (connection_memory)", {"n1": tso["conn_bytes_tsodyks2_synapse"]}, "B",
              (tso_ref,))
        t.row("simulate", {"n1": tso["simulate_s"]}, "s", (tso_ref,))
        t.row("mean rate", {"n1": tso["rate_hz"]}, "Hz", (tso_ref,))
    else:
        t.text("tsodyks2_synapse: not in this build (plastic_stdp --model tsodyks2_synapse fails); bytes for "
               "stdp_synapse only")

    head = "\n".join([
        "nestor plastic network benchmark (bench/run_plastic.sh)" + (" --quick" if args.quick else ""),
        f"date     {info['date']}",
        f"machine  {info['cpu']}, nproc {info['nproc']}, {info['mem']}, Linux {info['kernel']}, load average at "
        f"start {info['load']} (other work on the machine shows up as noise, 2-thread runs suffer most)",
        f"software {info['g++']}; Python {info['python']}; Brian2 {info['brian2']}; nestor {info['nestor']}",
        "compile  nestor -O3 -march=native -ffp-contract=off (IEEE, NEST parity); Brian2 standalone its defaults "
        "(-O3 -ffast-math -march=native)",
        f"columns  nestor 1 / 2 threads; Brian2 cpp_standalone 1 / 2 OpenMP threads; ratios nestor/Brian2; "
        f"{reps} run(s) per figure (medians)",
        f"paths    build = {bdir}; DIR = a fresh Brian2 project directory",
    ])
    text = t.render(head)
    text += (f"\n\nre-run: bash bench/run_plastic.sh{'   (QUICK=1)' if args.quick else ''}   (this run took "
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
