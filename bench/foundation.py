"""Runs nestor's foundation benchmarks next to their Brian2 peer and prints one table.

Called by bench/run_foundation.sh (which builds the programs and installs Brian2 first):

    /usr/bin/python3 bench/foundation.py --build-dir build [--quick]

Every figure is a median over repetitions made in this invocation; ratios are nestor / peer (below 1:
nestor takes less time). Whole-process times are wall-clock from spawn to exit (subprocess, output
captured), so they include the interpreter's start and imports.
"""

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time

from benchlib import machine

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = "/usr/bin/python3"


def rel(path):
    return os.path.relpath(path, ROOT) if os.path.isabs(path) and path.startswith(ROOT) else path


def run(cmd, env=None, check=True):
    p = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if check and p.returncode != 0:
        sys.stderr.write(p.stderr[-3000:])
        raise SystemExit(f"failed ({p.returncode}): {shlex.join(cmd)}")
    return p


def tsv(text):
    rows = [line.split("\t") for line in text.splitlines() if "\t" in line]
    head, body = rows[0], rows[1:]
    return [dict(zip(head, r)) for r in body]


def timings(text):
    return {r[1]: float(r[2]) for r in (ln.split("\t") for ln in text.splitlines()) if r[0] == "timing"}


def result_line(text):
    return next((ln for ln in text.splitlines() if ln.startswith("V_m:")), "")


def process_times(cmd, reps, env=None):
    """Wall-clock seconds of `reps` whole runs of cmd, and the first run's stdout."""
    out, secs = None, []
    for _ in range(reps):
        t0 = time.perf_counter()
        p = run(cmd, env=env)
        secs.append(time.perf_counter() - t0)
        out = out if out is not None else p.stdout
    return secs, out




class table:
    def __init__(self):
        self.rows, self.cmds, self.results = [], [], []

    def cmd(self, c):
        s = c if isinstance(c, str) else shlex.join(rel(x) for x in c)
        if s not in self.cmds:
            self.cmds.append(s)
        return self.cmds.index(s) + 1

    def section(self, title):
        self.rows.append(("section", title))

    def row(self, what, nestor=None, peer=None, unit="", ratio=None, refs=(), note=""):
        if ratio is None and nestor is not None and peer is not None and peer > 0:
            ratio = nestor / peer
        self.rows.append(("row", what, nestor, peer, unit, ratio, refs, note))

    def render(self, head):
        def num(x):
            if x is None:
                return "-"
            if x == 0:
                return "0"
            return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"

        w = [52, 11, 11, 6, 11, 7]
        lines = [head, ""]
        hdr = (f"{'figure':<{w[0]}} {'nestor':>{w[1]}} {'Brian2':>{w[2]}} {'unit':<{w[3]}} "
               f"{'nestor/peer':>{w[4]}} {'cmd':<{w[5]}} note")
        lines += [hdr, "-" * len(hdr)]
        for r in self.rows:
            if r[0] == "section":
                lines.append(f"[{r[1]}]")
                continue
            _, what, n, p, unit, ratio, refs, note = r
            ratio_s = "-" if ratio is None else (f"{ratio:.3g}" if ratio >= 0.001 else f"{ratio:.1e}")
            lines.append(f"{what:<{w[0]}} {num(n):>{w[1]}} {num(p):>{w[2]}} {unit:<{w[3]}} {ratio_s:>{w[4]}} "
                         f"{','.join(str(x) for x in refs):<{w[5]}} {note}".rstrip())
        if self.results:
            lines += ["", "the tutorial's result line (same model; nestor's first sample is at 0.1 ms, Brian2's at 0):"]
            lines += ["  " + r for r in self.results]
        lines += ["", "commands (from the repository root, PYTHONPATH=python):"]
        lines += [f"  [{k + 1}] {c}" for k, c in enumerate(self.cmds)]
        return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke test)")
    args = ap.parse_args()
    bdir = os.path.abspath(args.build_dir)
    quick = args.quick
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.join(ROOT, "python") + (":" + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["OMP_NUM_THREADS"] = "1"
    have_brian = run([PY, "-c", "from brian2 import NeuronGroup"], env=env, check=False).returncode == 0
    cache = os.path.join(bdir, "bench", "brian2_cache")  # Brian2's compiled-code cache, fresh per invocation
    shutil.rmtree(cache, ignore_errors=True)
    os.makedirs(cache)

    def log(msg):
        print(f"== {msg}", file=sys.stderr, flush=True)

    t = table()
    t_start = time.perf_counter()
    info = machine(os.environ)
    micro_exe = os.path.join(bdir, "bench", "micro_neuron_step")
    ovh_exe = os.path.join(bdir, "bench", "one_neuron_overhead")
    cpp_example = os.path.join(bdir, "examples", "cpp", "one_neuron")
    peer = os.path.join(ROOT, "bench", "peer_brian2.py")
    part1 = os.path.join(ROOT, "bench", "one_neuron_part1.py")

    # 1. Neuron-step cost on 10^5 neurons.
    reps = "3" if quick else "5"
    micro_cmd = [micro_exe, "--reps", reps, "--tsv"]
    log("neuron-step cost: " + shlex.join(rel(x) for x in micro_cmd))
    micro = {r["case"]: r for r in tsv(run(micro_cmd, env=env).stdout)}
    peer_micro = {}
    peer_micro_cmd = [PY, peer, "micro", "--reps", reps, "--cache-dir", cache]
    if have_brian:
        log("neuron-step cost, Brian2: " + shlex.join(rel(x) for x in peer_micro_cmd))
        for r in tsv(run(peer_micro_cmd, env=env).stdout):
            peer_micro[r["case"].split("/", 1)[1]] = r

    t.section("1. cost of one neuron-step, N = 10^5, dt 0.1 ms, 1 thread (median of %s calls)" % reps)
    ref_m = t.cmd(micro_cmd[:-1])
    ref_pm = t.cmd(peer_micro_cmd) if have_brian else None
    labels = {
        "iaf_psc_alpha/I_e": "iaf_psc_alpha, I_e 376 pA",
        "iaf_psc_alpha/poisson": "iaf_psc_alpha, Poisson 80 kHz exc + 15 kHz inh",
        "iaf_psc_alpha/quiet": "iaf_psc_alpha, no input (bare update)",
        "iaf_psc_alpha/I_e_hetero": "iaf_psc_alpha, I_e per neuron (heterogeneous)",
        "iaf_psc_exp/I_e": "iaf_psc_exp, I_e 376 pA",
        "iaf_psc_exp/poisson": "iaf_psc_exp, Poisson (weights x e)",
        "parrot_neuron/quiet": "parrot_neuron, no input",
        "parrot_neuron/poisson": "parrot_neuron, Poisson 10 Hz",
    }
    for case, label in labels.items():
        r = micro.get(case)
        if r is None:
            continue
        short = case.split("/", 1)[1] if case.startswith("iaf_psc_alpha/") else None
        pr = peer_micro.get(short) if short else None
        note = f"rate {float(r['rate_hz']):.1f} Hz"
        refs = (ref_m,)
        if pr:
            note += f" (Brian2 {float(pr['rate_hz']):.1f} Hz)"
            refs = (ref_m, ref_pm)
        t.row(label, float(r["ns_median"]), float(pr["ns_median"]) if pr else None, "ns", refs=refs, note=note)

    # 2. The tutorial's fixed cost.
    # (a) in-process
    ovh_cmd = [ovh_exe, "--reps", "31" if quick else "101", "--tsv"]
    log("one neuron, in-process: " + shlex.join(rel(x) for x in ovh_cmd))
    ovh = {r["what"]: r for r in tsv(run(ovh_cmd, env=env).stdout)}
    n_fast = 5 if quick else 11
    n_b2 = 1 if quick else 3

    # (b) whole processes
    log("whole processes: nestor")
    cpp_secs, cpp_out = process_times([cpp_example], n_fast, env)
    py_cmd = [PY, part1, "--timing"]
    py_secs, py_out = process_times(py_cmd, n_fast, env)
    base_secs, _ = process_times([PY, "-c", "pass"], n_fast, env)
    imp_n_secs, _ = process_times([PY, "-c", "import nestor"], n_fast, env)

    b2 = {}
    if have_brian:
        rt_cmd = [PY, peer, "tutorial", "--mode", "runtime", "--cache-dir", cache]
        # A cache of its own for the cold run: the micro run above has already compiled the same
        # state updater into `cache`.
        cold_cache = cache + "_cold"
        shutil.rmtree(cold_cache, ignore_errors=True)
        cold_cmd = [PY, peer, "tutorial", "--mode", "runtime", "--cache-dir", cold_cache]
        log("whole processes: Brian2 runtime, cold cache then warm: " + shlex.join(rel(x) for x in rt_cmd))
        b2["cold"], cold_out = process_times(cold_cmd, 1, env)
        shutil.rmtree(cold_cache, ignore_errors=True)
        process_times(rt_cmd, 1, env)  # makes sure `cache` holds everything the timed runs need
        b2["runtime"], rt_out = process_times(rt_cmd + ["--again"], n_b2, env)
        b2["rt_timing"] = timings(rt_out)
        b2["rt_line"] = result_line(rt_out)
        eu_cmd = rt_cmd + ["--method", "euler"]
        process_times(eu_cmd, 1, env)  # compiles the euler code into the cache
        b2["euler"], eu_out = process_times(eu_cmd, n_b2, env)
        b2["eu_line"] = result_line(eu_out)
        sa_cmd = [PY, peer, "tutorial", "--mode", "standalone"]
        log("whole processes: Brian2 cpp_standalone: " + shlex.join(rel(x) for x in sa_cmd))
        b2["standalone"], sa_out = process_times(sa_cmd, 1, env)
        b2["sa_timing"] = timings(sa_out)
        b2["sa_line"] = result_line(sa_out)
        b2["import"], _ = process_times([PY, "-c", "import brian2"], n_b2 + 2, env)
        b2["rt_cmd"], b2["eu_cmd"], b2["sa_cmd"], b2["cold_cmd"] = rt_cmd, eu_cmd, sa_cmd, cold_cmd

    med = statistics.median
    ref_o = t.cmd(ovh_cmd[:-1])
    ref_rt = t.cmd(b2["rt_cmd"] + ["--again"]) if b2 else None
    t.section("2a. one neuron + voltmeter, 1000 ms at dt 0.1 ms, in-process (nestor: median of %s)" % ovh_cmd[2])
    t.row("build the network (Simulator, create, connect)", float(ovh["build"]["median_us"]) * 1e-3, None, "ms",
          refs=(ref_o,))
    rt = b2.get("rt_timing", {})
    t.row("first simulate() / run(): fresh network", float(ovh["simulate"]["median_us"]) * 1e-3,
          rt.get("run_call_s", 0) * 1e3 if rt else None, "ms", refs=(ref_o, ref_rt) if rt else (ref_o,),
          note="Brian2: equation analysis (sympy), codegen, cached compile" if rt else "")
    t.row("a further simulate() / run() of 1000 ms", float(ovh["simulate_again"]["median_us"]) * 1e-3,
          rt.get("run_again_s", 0) * 1e3 if rt else None, "ms", refs=(ref_o, ref_rt) if rt else (ref_o,))
    if b2:
        sa = b2["sa_timing"]
        ref_sa = t.cmd(b2["sa_cmd"])
        t.row("cpp_standalone: run() (equation analysis, codegen)", None, sa.get("run_call_s", 0) * 1e3, "ms",
              refs=(ref_sa,))
        t.row("cpp_standalone: build (write code, compile)", None, sa.get("codegen_compile_s", 0) * 1e3, "ms",
              refs=(ref_sa,), note="fresh build directory")
        t.row("compiled program, whole process: one_neuron / binary", med(cpp_secs) * 1e3,
              sa.get("binary_run_s", 0) * 1e3, "ms", refs=(t.cmd([cpp_example]), ref_sa),
              note="nestor: examples/cpp/one_neuron; Brian2: the standalone binary, writing its results")

    t.section("2b/c. whole process, start to exit, wall clock (median of %d; Brian2 median of %d)" % (n_fast, n_b2))
    ref_cpp = t.cmd([cpp_example])
    ref_py = t.cmd(py_cmd)
    t.row("python3 -c pass (interpreter start, for reference)", med(base_secs) * 1e3, None, "ms",
          refs=(t.cmd([PY, "-c", "pass"]),))
    if b2:
        t.row("import nestor / import brian2", med(imp_n_secs) * 1e3, med(b2["import"]) * 1e3, "ms",
              refs=(t.cmd([PY, "-c", "import nestor"]), t.cmd([PY, "-c", "import brian2"])))
        peer_rt = med(b2["runtime"])
        peer_sa = med(b2["standalone"])
        t.row("nestor C++ one_neuron vs Brian2 runtime (warm cache)", med(cpp_secs) * 1e3, peer_rt * 1e3, "ms",
              refs=(ref_cpp, ref_rt))
        t.row("nestor Python part 1 vs Brian2 runtime (warm cache)", med(py_secs) * 1e3, peer_rt * 1e3, "ms",
              refs=(ref_py, ref_rt))
        t.row("nestor C++ one_neuron vs Brian2 cpp_standalone", med(cpp_secs) * 1e3, peer_sa * 1e3, "ms",
              refs=(ref_cpp, ref_sa), note="Brian2 incl. a fresh compile")
        t.row("nestor Python part 1 vs Brian2 cpp_standalone", med(py_secs) * 1e3, peer_sa * 1e3, "ms",
              refs=(ref_py, ref_sa), note="Brian2 incl. a fresh compile")
        t.row("nestor Python part 1 vs Brian2 runtime, cold cache", med(py_secs) * 1e3, b2["cold"][0] * 1e3, "ms",
              refs=(ref_py, t.cmd(b2["cold_cmd"])), note="one run, empty Brian2 cache: compiles its code")
        t.row("nestor Python part 1 vs Brian2 runtime, method euler", med(py_secs) * 1e3, med(b2["euler"]) * 1e3,
              "ms", refs=(ref_py, t.cmd(b2["eu_cmd"])), note="no sympy propagators; not the same numerics")
    else:
        t.row("nestor C++ examples/cpp/one_neuron", med(cpp_secs) * 1e3, None, "ms", refs=(ref_cpp,))
        t.row("nestor Python part 1", med(py_secs) * 1e3, None, "ms", refs=(ref_py,))
        t.row("import nestor", med(imp_n_secs) * 1e3, None, "ms", refs=(t.cmd([PY, "-c", "import nestor"]),))

    t.results.append(f"nestor C++         [{ref_cpp}]  {result_line(cpp_out)}")
    t.results.append(f"nestor Python      [{ref_py}]  {result_line(py_out)}")
    if b2:
        t.results.append(f"Brian2 runtime     [{ref_rt}]  {b2['rt_line']}")
        t.results.append(f"Brian2 standalone  [{ref_sa}]  {b2['sa_line']}")
        t.results.append(f"Brian2 euler       [{t.cmd(b2['eu_cmd'])}]  {b2['eu_line']}")

    head = "\n".join([
        "nestor foundation benchmarks (bench/run_foundation.sh)" + (" --quick" if quick else ""),
        f"date     {info['date']}",
        f"machine  {info['cpu']}, nproc {info['nproc']}, Linux {info['kernel']}, load average at start "
        f"{info['load']} (other work on the machine shows up as noise)",
        f"software {info['g++']}; Python {info['python']}; Brian2 {info['brian2']}; nestor {info['nestor']}",
        "peer     Brian2, same equations (iaf_psc_alpha's), dt 0.1 ms; runtime = cython target; "
        "ratio = nestor / Brian2 (< 1: nestor faster)",
    ])
    print(t.render(head))
    print(f"\nre-run all: bash bench/run_foundation.sh   (this run took {time.perf_counter() - t_start:.0f} s)")
    if not have_brian:
        print("note: brian2 is not importable by /usr/bin/python3; the peer columns are empty")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
