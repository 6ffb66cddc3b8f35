"""The Brunel network's statistics (mean rate, mean CV of inter-spike intervals, synchrony = variance / mean
of the population's spike counts in 1 ms bins) over several seeds, nestor next to Brian2 (cpp_standalone)
on the same network: brunel_alpha (NEST's brunel_alpha_nest.py) at the given order. NEST's reference
(tests/validation/nest_reference/brunel_nest.txt) gives rates and, at order 500, the CV, but no synchrony
figure; Brian2, an independent simulator of the same equations, supplies the comparison for that one.

    /usr/bin/python3 bench/brunel_statistics.py [--order 500] [--seeds 1-10] [--build-dir build] [--save FILE]

Prints one line per seed and simulator, then mean +- standard deviation over the seeds, and the
difference of the means in units of its standard error."""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from benchlib import PY, ROOT, figures, machine

KEYS = (("rate_hz", "rate Hz"), ("cv", "CV"), ("synchrony", "synchrony"))


def seeds_of(text):
    lo, _, hi = text.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--order", type=int, default=500)
    ap.add_argument("--seeds", default="1-10")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--save")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    env["PYTHONPATH"] = os.path.join(ROOT, "python") + (":" + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    exe = os.path.join(os.path.abspath(args.build_dir), "bench", "brunel")
    peer = os.path.join(ROOT, "bench", "peer_networks_brian2.py")
    work = tempfile.mkdtemp(prefix="brunel_stats_")
    rows = {"nestor": [], "Brian2": []}
    lines = []

    def out(s):
        print(s, flush=True)
        lines.append(s)

    info = machine(env)
    out(f"brunel_alpha statistics over seeds, order {args.order} (NE {4 * args.order}, NI {args.order}), 1000 ms")
    out(f"date {info['date']}; machine {info['cpu']}; nestor {info['nestor']}; Brian2 {info['brian2']}")
    for seed in seeds_of(args.seeds):
        cmds = {
            "nestor": [exe, "--order", str(args.order), "--seed", str(seed), "--tsv"],
            "Brian2": [PY, peer, "brunel_alpha", "--order", str(args.order), "--seed", str(seed), "--mode",
                       "standalone", "--work-dir", os.path.join(work, f"s{seed}")],
        }
        for who, cmd in cmds.items():
            p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if p.returncode:
                sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-2000:]}")
            f = figures(p.stdout)
            rows[who].append(f)
            out(f"seed {seed:3d} {who:7s} " + "  ".join(f"{name} {f[k]:8.4g}" for k, name in KEYS))
            shutil.rmtree(os.path.join(work, f"s{seed}"), ignore_errors=True)
    out("")
    for k, name in KEYS:
        a = [f[k] for f in rows["nestor"]]
        b = [f[k] for f in rows["Brian2"]]
        ma, mb, sa, sb = statistics.mean(a), statistics.mean(b), statistics.stdev(a), statistics.stdev(b)
        se = (sa**2 / len(a) + sb**2 / len(b)) ** 0.5
        out(f"{name:10s} nestor {ma:8.4g} +- {sa:.3g}   Brian2 {mb:8.4g} +- {sb:.3g}   difference "
            f"{(ma - mb) / se if se else 0.0:+.2f} standard errors")
    out("")
    out(f"command: /usr/bin/python3 bench/brunel_statistics.py --order {args.order} --seeds {args.seeds}")
    shutil.rmtree(work, ignore_errors=True)
    if args.save:
        with open(args.save, "w") as fh:
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
