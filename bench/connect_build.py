"""Connection-building throughput and memory per static synapse through nestor's Python package: the
same network and figures as bench/connect_build.cpp (see there), built with nestor.Simulator.

    PYTHONPATH=python /usr/bin/python3 bench/connect_build.py [--n 10000] [--k 1000]
        [--weights fixed|random] [--no-connect]

fixed: weight 20 pA, delay 1.5 ms; random: weight nestor.random.normal(20 pA, 2 pA), delay
nestor.random.uniform(1 ms, 2 ms). Prints tab-separated `key<TAB>value` lines (seconds, bytes):
synapses, import_s, create_s, connect_s, first_simulate_s, second_simulate_s, maxrss_bytes (peak RSS of
this process, ru_maxrss, interpreter and imports included; bench/run_connect.sh subtracts the peak of
the same program run with --no-connect) and vmhwm_bytes (VmHWM of /proc/self/status, a cross-check).
"""

import argparse
import resource
import time

T0 = time.perf_counter()
import nestor  # noqa: E402
from nestor import units as u  # noqa: E402

T_IMPORT = time.perf_counter() - T0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--k", type=int, default=1000)
    ap.add_argument("--weights", choices=("fixed", "random"), default="fixed")
    ap.add_argument("--no-connect", action="store_true")
    args = ap.parse_args()

    t0 = time.perf_counter()
    sim = nestor.Simulator(dt=0.1 * u.ms)
    neurons = sim.create(nestor.iaf_psc_alpha, args.n)
    create_s = time.perf_counter() - t0

    connect_s = 0.0
    if not args.no_connect:
        if args.weights == "random":
            w = nestor.random.normal(20.0 * u.pA, 2.0 * u.pA)
            d = nestor.random.uniform(1.0 * u.ms, 2.0 * u.ms)
        else:
            w, d = 20.0 * u.pA, 1.5 * u.ms
        t0 = time.perf_counter()
        sim.connect(neurons, neurons, rule=nestor.fixed_indegree(args.k), weight=w, delay=d)
        connect_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    sim.simulate(0.1 * u.ms, progress=False)  # builds the connections, then one step
    first_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    sim.simulate(0.1 * u.ms, progress=False)
    second_s = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: kilobytes
    hwm = 0
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) * 1024

    print(f"synapses\t{sim.num_connections}")
    print(f"import_s\t{T_IMPORT:.6f}")
    print(f"create_s\t{create_s:.6f}")
    print(f"connect_s\t{connect_s:.6f}")
    print(f"first_simulate_s\t{first_s:.6f}")
    print(f"second_simulate_s\t{second_s:.6f}")
    print(f"maxrss_bytes\t{rss}")
    print(f"vmhwm_bytes\t{hwm}")


if __name__ == "__main__":
    main()
