"""Runs nestor's connection-building benchmark next to its Brian2 peer and prints one table.

Called by bench/run_connect.sh (which builds the programs and installs Brian2 first):

    /usr/bin/python3 bench/connect.py --build-dir build [--quick]

The network: 10^4 iaf_psc_alpha neurons, fixed_indegree(10^3) from the population onto itself
(autapses and multapses allowed, NEST's defaults): 10^7 static synapses, dt 0.1 ms, one thread.
Two variants: A. fixed weight 20 pA and delay 1.5 ms; B. weight normal(20 pA, 2 pA), delay
uniform(1 ms, 2 ms), one draw per synapse.

  nestor C++     bench/connect_build.cpp    (nestor::Simulator)
  nestor Python  bench/connect_build.py     (nestor.Simulator)
  Brian2         bench/connect_peer_brian2.py --mode runtime|standalone: Synapses.connect(i=, j=) from
                 numpy index arrays of the same kind (see that file)

Build time: nestor builds connections lazily, so the time until they exist is connect() + the first
simulate(dt) (both shown); Brian2's likewise is Synapses.connect + setting w (and delay) + the run(dt)
that prepares its spike queue. Throughput = synapses / build time. Brian2's index arrays are generated
before connect and timed on their own; they are NOT in its build time (a separate row includes them).
Brian2 runtime: the network is run once for dt before connecting (the Synapses object inactive), so
that Brian2's fixed cost of a first run (~6 s of equation analysis and code loading, with or without
synapses) is outside the build time; it is shown on its own row. Brian2 cpp_standalone: the build
time is measured inside the binary (timestamps in its main()); code generation, compilation, loading
the index arrays from disk and writing the results are shown on their own rows.

Memory per synapse: every program is run twice in separate processes, with and without the connect
call (--no-connect; otherwise identical), and (peak RSS with - peak RSS without) / synapses is
reported, the peaks being getrusage(RUSAGE_SELF).ru_maxrss at the end of each process (for the
standalone binary: of the binary). On Linux a process's ru_maxrss starts at the peak of the process
it was forked from (the pre-exec memory's high-water mark is kept), so every measured process is
started through a small shell, `sh -c '"$@"; exit $?' sh CMD...`, which forks it from itself; the
programs also print VmHWM (/proc/self/status) as a cross-check. Brian2's programs generate their
index arrays in both runs, so its difference is what connect adds on top of them (a separate row adds
the arrays' 8 bytes per synapse).

Times are medians over the repetitions (whole processes) made in this invocation.
"""

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time

from benchlib import PY, ROOT, figures, fmt, machine, table

SH = ["sh", "-c", '"$@"; exit $?', "sh"]  # forks the measured process from a small one (see above)
AIM_RATE = 2e7  # synapses/s on one core
AIM_BYTES = 16.0  # bytes per static synapse
N, K = 10000, 1000


def rel(path):
    return os.path.relpath(path, ROOT) if os.path.isabs(path) and path.startswith(ROOT + os.sep) else path


def show(cmd, py_path=False):
    s = shlex.join(rel(x) for x in cmd)
    return ("PYTHONPATH=python " + s) if py_path else s


def run(cmd, env, check=True):
    p = subprocess.run(SH + cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if check and p.returncode != 0:
        sys.stderr.write(p.stderr[-3000:])
        raise SystemExit(f"failed ({p.returncode}): {shlex.join(cmd)}")
    return p











COLS = ("cpp", "py", "rt", "sa")
HEADS = ("nestor C++", "nestor Py", "B2 runtime", "B2 standal.")
RATIOS = (("cpp", "rt", "C++/rt"), ("py", "rt", "Py/rt"), ("cpp", "sa", "C++/sa"), ("py", "sa", "Py/sa"))




def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, no checks (a smoke test)")
    args = ap.parse_args()
    bdir = os.path.abspath(args.build_dir)
    quick = args.quick
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.join(ROOT, "python") + (":" + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["OMP_NUM_THREADS"] = "1"
    env["PYTHONWARNINGS"] = "ignore"
    have_brian = run([PY, "-c", "from brian2 import NeuronGroup"], env, check=False).returncode == 0
    cache = os.path.join(bdir, "bench", "brian2_connect_cache")  # Brian2's compiled code, fresh per invocation
    work = os.path.join(bdir, "bench", "brian2_connect_standalone")
    for d in (cache, work):
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(cache)

    def log(msg):
        print(f"== {msg}", file=sys.stderr, flush=True)

    t_start = time.perf_counter()
    info = machine(env)
    exe = os.path.join(bdir, "bench", "connect_build")
    pyprog = os.path.join(ROOT, "bench", "connect_build.py")
    peer = os.path.join(ROOT, "bench", "connect_peer_brian2.py")
    reps_cpp, reps_py = (2, 1) if quick else (5, 3)
    variants = ("fixed", "random")
    med = statistics.median

    # Every figure: res[column][variant] = {"with": [figure dicts], "without": figure dict, "cmd": ...}
    res = {c: {} for c in COLS}
    checks = []

    def series(col, variant, cmd, reps, py_path=False, check_flag=None):
        log(f"{col} {variant}: {show(cmd, py_path)} (x{reps}, and --no-connect)")
        withs = []
        for r in range(reps):
            extra = [check_flag] if (check_flag and r == 0 and not quick) else []
            f = figures(run(cmd + extra, env).stdout)
            checks.extend(f"{col} {variant}: {c}" for c in f.get("check", []))
            withs.append(f)
        without = figures(run(cmd + ["--no-connect"], env).stdout)
        res[col][variant] = {"with": withs, "without": without, "cmd": show(cmd, py_path),
                             "cmd0": show(cmd + ["--no-connect"], py_path)}

    # nestor, C++ and Python.
    for v in variants:
        series("cpp", v, [exe, "--weights", v], reps_cpp, check_flag="--check")
        series("py", v, [PY, pyprog, "--weights", v], reps_py, py_path=True)
    marginal = None
    if not quick:
        cmd2k = [exe, "--weights", "fixed", "--k", str(2 * K)]
        log("cpp: marginal memory, " + show(cmd2k))
        marginal = (figures(run(cmd2k, env).stdout), show(cmd2k))

    # Brian2.
    if have_brian:
        for v in variants:
            warm = [PY, peer, "--mode", "runtime", "--weights", v, "--n", "100", "--k", "10", "--cache-dir", cache]
            log("Brian2 runtime, compiling into a fresh cache: " + show(warm))
            t0 = time.perf_counter()
            run(warm, env)
            res["rt"].setdefault("_warm", {})[v] = (time.perf_counter() - t0, show(warm))
            series("rt", v, [PY, peer, "--mode", "runtime", "--weights", v, "--cache-dir", cache], 1,
                   check_flag="--check")
        for v in variants:
            cmd = [PY, peer, "--mode", "standalone", "--weights", v, "--work-dir", work]
            log("Brian2 cpp_standalone: " + show(cmd))
            f = figures(run(cmd, env).stdout)
            shutil.rmtree(work, ignore_errors=True)
            res["sa"][v] = {"with": [f], "cmd": show(cmd)}
        cmd0 = [PY, peer, "--mode", "standalone", "--weights", "fixed", "--work-dir", work, "--no-connect"]
        log("Brian2 cpp_standalone without connect: " + show(cmd0))
        f0 = figures(run(cmd0, env).stdout)
        shutil.rmtree(work, ignore_errors=True)
        for v in variants:
            res["sa"][v]["without"] = f0
            res["sa"][v]["cmd0"] = show(cmd0)

    # The table.
    t = table(COLS, HEADS, RATIOS, width=50, cell=11, ratio_cell=7,
              footer="commands (from the repository root; each measured process started as sh -c '\"$@\"; exit $?' sh CMD, see bench/connect.py):")
    aims = []
    titles = {"fixed": "A. fixed_indegree(1000) on 10^4 neurons, 10^7 synapses; fixed weight 20 pA, delay 1.5 ms",
              "random": "B. the same; weight normal(20 pA, 2 pA), delay uniform(1 ms, 2 ms), drawn per synapse"}
    for v in variants:
        t.section(titles[v])
        have = {c: v in res[c] for c in COLS}
        refs = {c: t.cmd(res[c][v]["cmd"]) for c in COLS if have[c]}
        refs0 = {c: t.cmd(res[c][v]["cmd0"]) for c in COLS if have[c]}

        def m(col, key, part="with"):
            if not have[col]:
                return None
            d = res[col][v]
            if part == "with":
                xs = [f[key] for f in d["with"] if key in f]
                return med(xs) if xs else None
            return d["without"].get(key)

        connect = {"cpp": m("cpp", "connect_s"), "py": m("py", "connect_s")}
        first = {"cpp": m("cpp", "first_simulate_s"), "py": m("py", "first_simulate_s")}
        if have["rt"]:
            connect["rt"] = m("rt", "connect_s") + m("rt", "params_s")
            first["rt"] = m("rt", "first_run_s")
        if have["sa"]:
            connect["sa"] = m("sa", "binary_connect_s") + m("sa", "binary_params_s")
            first["sa"] = m("sa", "binary_first_run_s")
        build = {c: connect[c] + first[c] for c in connect}
        syn = {c: m(c, "synapses") for c in COLS if have[c]}
        rate = {c: syn[c] / build[c] for c in build if build[c] > 0}
        best_rate = dict(rate)  # Brian2: one repetition
        for c in ("cpp", "py"):
            best_rate[c] = syn[c] / min(f["connect_s"] + f["first_simulate_s"] for f in res[c][v]["with"])
        arrays_s = {c: m(c, "index_arrays_s") for c in ("rt", "sa") if have[c]}
        rate_arr = {c: syn[c] / (build[c] + arrays_s.get(c, 0.0)) for c in build if build[c] > 0}
        peak_key = {"cpp": "maxrss_bytes", "py": "maxrss_bytes", "rt": "maxrss_bytes", "sa": "binary_maxrss_bytes"}
        hwm_key = {"cpp": "vmhwm_bytes", "py": "vmhwm_bytes", "rt": "vmhwm_bytes", "sa": "binary_vmhwm_bytes"}
        peak = {c: m(c, peak_key[c]) for c in COLS if have[c]}
        peak0 = {c: m(c, peak_key[c], "without") for c in COLS if have[c]}
        per_syn = {c: (peak[c] - peak0[c]) / syn[c] for c in peak if syn[c]}
        hwm = {c: m(c, hwm_key[c]) for c in COLS if have[c]}
        hwm0 = {c: m(c, hwm_key[c], "without") for c in COLS if have[c]}
        per_syn_hwm = {c: (hwm[c] - hwm0[c]) / syn[c] for c in hwm if syn[c] and hwm[c] and hwm0[c]}
        both = tuple(refs[c] for c in COLS if have[c])
        nest_refs = tuple(refs[c] for c in ("cpp", "py"))

        t.row("synapses built", {c: f"{int(syn[c]):,}" for c in syn}, "", both, ratios=False)
        t.row("connect() | Synapses.connect(i, j) + w, delay", connect, "s", both,
              note="nestor: draw, check, count; B2 sa: in the binary")
        if have["rt"]:
            t.row("  of which setting w, delay (Brian2)", {"rt": m("rt", "params_s"), "sa": m("sa", "binary_params_s")},
                  "s", (refs["rt"], refs["sa"]) if have["sa"] else (refs["rt"],))
        t.row("first simulate(dt) | run(dt): places the synapses", first, "s", both,
              note="nestor: draw again, place; B2: spike queue")
        t.row("build time: connect + first simulate", build, "s", both)
        t.row("throughput: synapses / build time", rate, "syn/s", both,
              note="nestor/B2 > 1: nestor faster")
        t.row("  the same, fastest repetition", best_rate, "syn/s", both, note="less sensitive to other load")
        if have["rt"]:
            t.row("index arrays i, j (numpy; Brian2 only, not above)", arrays_s, "s", (refs["rt"], refs["sa"]),
                  note="nestor's rule draws the sources itself")
            t.row("throughput incl. the index arrays", rate_arr, "syn/s", both)
        t.row("peak RSS with the network (ru_maxrss)", {c: peak[c] / 1e6 for c in peak}, "MB", both,
              note="B2 sa: the binary's")
        t.row("peak RSS, same program without connect", {c: peak0[c] / 1e6 for c in peak0}, "MB",
              tuple(refs0[c] for c in COLS if have[c]), ratios=False)
        t.row("memory per synapse: peak difference / synapses", per_syn, "B", both,
              note="nestor/B2 < 1: nestor smaller")
        t.row("  the same from VmHWM (cross-check)", per_syn_hwm, "B", both)
        if have["rt"]:
            arr_b = {c: per_syn[c] + m(c, "index_arrays_bytes") / syn[c] for c in ("rt", "sa") if c in per_syn}
            t.row("  Brian2 incl. its int32 index arrays (+8 B)", {**{c: per_syn[c] for c in ("cpp", "py")}, **arr_b},
                  "B", both)
        t.row("second simulate(dt) | run(dt) (one step)", {c: m(c, "second_simulate_s") for c in ("cpp", "py")} |
              ({"rt": m("rt", "second_run_s")} if have["rt"] else {}), "s",
              nest_refs + ((refs["rt"],) if have["rt"] else ()))
        t.row("first simulate(dt) without connect (baseline)", {c: m(c, "first_simulate_s", "without") for c in ("cpp", "py")}
              | ({"rt": m("rt", "first_run_s", "without")} if have["rt"] else {}), "s",
              tuple(refs0[c] for c in ("cpp", "py")) + ((refs0["rt"],) if have["rt"] else ()), ratios=False)
        if have["rt"]:
            t.row("B2 runtime: first run(dt), Synapses inactive", {"rt": m("rt", "prepare_run_s")}, "s",
                  (refs["rt"],), note="before connect; not in the build time")
            t.row("import nestor | brian2", {"py": m("py", "import_s"), "rt": m("rt", "import_s")}, "s",
                  (refs["py"], refs["rt"]))
        if have["sa"]:
            t.row("B2 standalone: Python connect + run() (codegen)",
                  {"sa": m("sa", "py_connect_s") + m("sa", "py_params_s") + m("sa", "py_run_s")}, "s", (refs["sa"],))
            t.row("B2 standalone: build (write code, compile)", {"sa": m("sa", "build_s")}, "s", (refs["sa"],),
                  note="compile time, separate")
            t.row("B2 standalone: binary start, load index arrays", {"sa": m("sa", "binary_start_s")}, "s",
                  (refs["sa"],))
            t.row("B2 standalone: binary end, write results", {"sa": m("sa", "binary_end_s")}, "s", (refs["sa"],),
                  note="all arrays, the synapses' included")
            t.row("B2 standalone: binary, whole process", {"sa": m("sa", "binary_wall_s")}, "s", (refs["sa"],))
        for c, label in (("cpp", "C++ API"), ("py", "Python")):
            r_ok = rate[c] >= AIM_RATE
            b_ok = per_syn[c] <= AIM_BYTES
            aims.append(f"  {v:<6} {label:<7}  {fmt(rate[c], 'syn/s'):>7} synapses/s (fastest repetition "
                        f"{fmt(best_rate[c], 'syn/s')}), aim >= 2e7: {'met' if r_ok else 'NOT met'};  "
                        f"{per_syn[c]:.2f} bytes per synapse, aim <= 16: {'met' if b_ok else 'NOT met'}")

    if have_brian:
        warm = res["rt"].get("_warm", {})
        t.text("")
        t.text("Brian2 runtime, compiling its code into a fresh cache before the timed runs (not in any figure): " +
               ", ".join(f"{v} {s:.1f} s [{t.cmd(c)}]" for v, (s, c) in warm.items()))
    if marginal:
        f2, c2 = marginal
        one = res["cpp"]["fixed"]
        peak1 = med([f["maxrss_bytes"] for f in one["with"]])
        extra = f2["synapses"] - med([f["synapses"] for f in one["with"]])
        marg = (f2["maxrss_bytes"] - peak1) / extra
        rest = (peak1 - one["without"]["maxrss_bytes"]) - marg * med([f["synapses"] for f in one["with"]])
        t.text(f"nestor C++, marginal memory per synapse: (peak with K = {2 * K} - peak with K = {K}) / {extra:.3g} "
               f"synapses = {marg:.2f} B [{t.cmd(c2)}]; the rest of A's difference, {rest / 1e6:.1f} MB, does not "
               f"grow with the synapses (per-neuron structures, e.g. the ring buffer's rows for the longest delay)")

    head = "\n".join([
        "nestor connection-building benchmark (bench/run_connect.sh)" + (" --quick" if quick else ""),
        f"date     {info['date']}",
        f"machine  {info['cpu']}, nproc {info['nproc']}, {info['mem']}, Linux {info['kernel']}, load average at "
        f"start {info['load']} (other work on the machine shows up as noise)",
        f"software {info['g++']}; Python {info['python']}; Brian2 {info['brian2']}; nestor {info['nestor']}",
        f"network  {N} iaf_psc_alpha, fixed_indegree({K}) onto themselves (autapses, multapses allowed) = "
        f"10^{len(str(N * K)) - 1} static synapses; dt 0.1 ms; 1 thread",
        "peer     Brian2 Synapses (w per synapse) + connect(i=, j=) from numpy index arrays of the same kind, "
        "runtime (cython) and cpp_standalone",
        f"figures  median of {reps_cpp} (C++), {reps_py} (Python), 1 (Brian2) whole processes; ratio = nestor / "
        "Brian2 of the row's figure (rt: runtime, sa: standalone)",
    ])
    print(t.render(head))
    print("\naims of the project (one core: nestor runs one thread; judged on the medians and the peak difference):")
    print("\n".join(aims))
    if checks:
        print("\nchecks (listing the connections after the figures were taken):")
        print("\n".join("  " + c for c in checks))
    print(f"\nre-run all: bash bench/run_connect.sh   (this run took {time.perf_counter() - t_start:.0f} s; "
          f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())})")
    if not have_brian:
        print("note: brian2 is not importable by /usr/bin/python3; the peer columns are empty")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
