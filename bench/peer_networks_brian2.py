"""The Brian2 peer of nestor's network benchmarks (Debian's python3-brian): the same networks as
bench/cuba.cpp, bench/brunel_delta.cpp and bench/brunel.cpp, in cpp_standalone or runtime (cython) mode.

    /usr/bin/python3 bench/peer_networks_brian2.py cuba|coba|brunel_delta|brunel_alpha
        [--mode standalone|runtime] [--order 2500] [--T 1000] [--seed 12345] [--threads 1]
        [--V_reset 0] [--delay0] [--method exponential_euler|gsl_rkf45] [--reps 1] [--work-dir D]
        [--cache-dir D]

Prints the figures as key<TAB>value lines with the keys of nestor's programs (bench/net_common.hpp).

The networks (see the nestor programs for the full descriptions):

  cuba          Brian2's examples/CUBA.py: 4000 neurons, dv/dt = (ge + gi - (v - El))/taum (unless
                refractory), dge/dt = -ge/taue, dgi/dt = -gi/taui, threshold v > Vt, reset v = Vr,
                refractory 5 ms (5.1 ms here, see below), v(0) = Vr + rand()*(Vt - Vr),
                Ce.connect('i<3200', p=0.02) with on_pre ge += we, Ci.connect('i>=3200', p=0.02) with
                gi += wi. One change: a delay of 0.1 ms (nestor's shortest, one step) instead of none,
                so that a spike of step n reaches the membrane in step n + 2 in both; --delay0 runs the
                example's delay of 0. (bench/cuba.cpp explains why its iaf_psc_exp network, with
                J = w C_m / tau_m, is the same system of equations.)
  coba          benchmark 1 of Brette et al. (2007), the conductance-based version of cuba (as
                bench/vogels_abbott.cpp with iaf_cond_exp): dv/dt = (ge*(Ee-v) + gi*(Ei-v) - (v-El))/taum
                (unless refractory), ge and gi in units of the leak conductance (10 nS) jumping by 0.6 and
                6.7, El -60 mV, Ee 0 mV, Ei -80 mV, the rest as cuba; the initial state of Brette et
                al.'s script: v(0) = El - 5 mV + 5 mV randn(), ge(0) = 4 + 1.5 randn(),
                gi(0) = 20 + 12 randn(), clipped at 0 as on nestor's side. The equations are not linear
                (ge * v): --method exponential_euler (default; Brian2's usual choice for conductance
                models, one fixed step per dt) or gsl_rkf45 (GSL's adaptive RKF45, the integrator nestor
                and NEST use: the same accuracy class; Brian2 drives it through gsl_odeiv2).
  brunel_delta  NEST's brunel_delta_nest.py: NE = 4 order, NI = order neurons, dv/dt = -v/tau_m (unless
                refractory), threshold v >= V_th, reset v = V_reset, refractory 2 ms (2.1, below); on_pre
                v_post += J*int(not_refractory_post) (and -g J from I): NEST's iaf_psc_delta discards
                spikes that arrive during the refractory period (refractory_input false), which Brian2's
                examples/frompapers/Brunel_2000.py (a plain v += J) does not; delay 1.5 ms; fixed
                in-degree CE from E and CI from I onto every neuron (see below); external input:
                PoissonInput(target_var v, N = CE, rate = eta nu_th, weight J*int(not_refractory)).
                Left as it is: Brian2 adds a step's input after its threshold test (NEST before), so
                a jump across the threshold fires one step later (after one step's decay, x 0.995).
  brunel_alpha  NEST's brunel_alpha_nest.py: iaf_psc_alpha's equations (as bench/peer_brian2.py) with
                C_m 250 pF, tau_m 20 ms, tau_syn 0.5 ms, E_L = V_reset = 0, V_th 20 mV, t_ref 2 ms;
                on_pre y_ex_post += e/tau_syn J_ex (y_in for -g J_ex); PoissonInput onto y_ex.

Refractory period: NEST's t_ref clamps V_m for t_ref/dt steps after the step of the spike (and
iaf_psc_delta ignores input in them); Brian2's refractory=t_ref clamps one step fewer (not_refractory =
timestep(t - lastspike, dt) >= timestep(refractory, dt), lastspike being the spike step's start),
so every network here gives Brian2 refractory = t_ref + dt (5.1 ms for cuba, 2.1 ms for brunel_*),
the same dead time as nestor's (and NEST's) t_ref. With refractory = t_ref the rates are higher by
about dt/ISI (0.8 % at 50 Hz).

Fixed in-degree (brunel_*): Brian2 has no such rule; connect(i=, j=) takes index arrays of the same kind
as NEST's fixed_indegree with autapses and multapses allowed: j = repeat(arange(N), K), i uniform in
the source population with replacement (numpy default_rng(seed)). Making them is timed on its own
(index_arrays_s), not in the connect time; in standalone mode they are written to the project and
loaded by the binary when it starts (binary_start_s), before the first timestamp.

External input (brunel_*): NEST's poisson_generator sends every target its own Poisson train of rate
eta nu_th CE. PoissonInput adds, per neuron and step, a binomial(CE, eta nu_th dt) count: the
superposition of CE independent Poisson trains of rate eta nu_th, i.e. again a Poisson train of rate
eta nu_th CE, up to the binomial's variance (mean 2 per step, variance 1.996 instead of 2 for
brunel_delta); no synapses, no delay (an independent stationary input: a delay only shifts it).
A PoissonGroup of CE sources with Synapses would do the same with 10^3 times more work.

Figures, as nestor's: build = creating the groups and the initial values; connect = connect() and
the synapse parameters + the first run(0.1 ms) (which builds the spike queue, as nestor's first
simulate(0.1 ms) builds the rows); simulate = run(T - 0.1 ms); statistics over (0.1 ms, T] (spikes
in the first step are left out, as nestor's). standalone: these are timestamps inside the binary
(device.insert_code into main()), with memory readings (VmRSS; heap held from glibc's mallinfo2);
code generation (Python), writing + compiling the project, the binary's start (loading arrays) and end
(writing results) are separate figures; --reps runs the compiled binary again (times: medians).
peak_mib: the binary's VmHWM. runtime: timed in-process;
before connecting, the network is run once for 0.1 ms with the Synapses inactive (prepare_run_s, not
in any figure): Brian2's fixed cost of a first run() (sympy, code generation, loading compiled code)
would otherwise dominate the connect time; the three runs then cover 0.1 + 0.1 + (T - 0.2) ms and the
statistics (0.2 ms, T]. Synaptic events = network spikes x network synapses / neurons.
"""

import argparse
import ctypes
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
DT = 0.1 * ms

STAMP = ("{{ struct timespec _ts; clock_gettime(CLOCK_MONOTONIC, &_ts); std::ifstream _sm(\"/proc/self/statm\"); "
         "long _pg = 0, _rs = 0; _sm >> _pg >> _rs; struct mallinfo2 _mi = mallinfo2(); "
         "std::cout << \"stamp\\t{name}\\t\" << std::fixed << (_ts.tv_sec + 1e-9 * _ts.tv_nsec) << \"\\t\" "
         "<< _rs * 4096L << \"\\t\" << (long)(_mi.uordblks + _mi.hblkhd) << std::endl; }}")
PEAK = ("{ std::ifstream _st(\"/proc/self/status\"); std::string _ln; "
        "while (std::getline(_st, _ln)) if (_ln.rfind(\"VmHWM:\", 0) == 0) "
        "std::cout << \"binary_vmhwm_bytes\\t\" << std::stoll(_ln.substr(6)) * 1024 << std::endl; }")


def out(key, value):
    print(f"{key}\t{value:.9g}" if isinstance(value, float) else f"{key}\t{value}", flush=True)


def statistics(i, t, N, t_from, t_to):
    """The statistics of bench/net_common.hpp: rate, mean CV of ISIs (>= 3 spikes), synchrony."""
    keep = t > t_from + 1e-9
    i, t = np.asarray(i)[keep], np.asarray(t)[keep]
    order = np.lexsort((t, i))
    i, t = i[order], t[order]
    cvs = []
    bounds = np.flatnonzero(np.diff(i)) + 1
    for ts in np.split(t, bounds):
        if len(ts) >= 3:
            isi = np.diff(ts)
            cvs.append(isi.std() / isi.mean())
    nb = int(np.ceil(t_to))
    bins = np.bincount(np.minimum(nb - 1, np.maximum(0, t).astype(int)), minlength=nb).astype(float)
    return dict(spikes=len(i), rate_hz=len(i) / N / ((t_to - t_from) / 1000.0), cv=float(np.mean(cvs)) if cvs else 0.0,
                synchrony=float(bins.var() / bins.mean()) if bins.mean() > 0 else 0.0)


def fixed_indegree(rng, n_src, n_tgt, K):
    i = rng.integers(0, n_src, size=n_tgt * K, dtype=np.int32)
    j = np.repeat(np.arange(n_tgt, dtype=np.int32), K)
    return i, j


class Net:
    """Builds one of the networks in steps (create, connect), so that each step can be timed."""

    def __init__(self, args):
        self.args = args
        self.syn = []
        self.extra = []
        self.index = {}
        if args.net in ("cuba", "coba"):
            self.N = 4000
        else:
            self.NE, self.NI = 4 * args.order, args.order
            self.N = self.NE + self.NI
            self.CE, self.CI = self.NE // 10, self.NI // 10

    def create(self):
        a = self.args
        if a.net == "cuba":
            ns = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms, Vt=-50 * mV, Vr=-60 * mV, El=-49 * mV)
            eqs = """
            dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
            dge/dt = -ge/taue : volt
            dgi/dt = -gi/taui : volt
            """
            self.P = b2.NeuronGroup(self.N, eqs, threshold="v>Vt", reset="v = Vr", refractory=5 * ms + DT,
                                    method="exact", namespace=ns, name="P")
            self.P.v = "Vr + rand() * (Vt - Vr)"
            self.P.ge = 0 * mV
            self.P.gi = 0 * mV
            self.ns = ns
            return
        if a.net == "coba":
            ns = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms, Vt=-50 * mV, Vr=-60 * mV, El=-60 * mV, Ee=0 * mV,
                      Ei=-80 * mV)
            eqs = """
            dv/dt  = (ge*(Ee-v)+gi*(Ei-v)-(v-El))/taum : volt (unless refractory)
            dge/dt = -ge/taue : 1
            dgi/dt = -gi/taui : 1
            """
            # gsl_rkf45: NEST's error control for iaf_cond_exp (absolute 1e-3 in mV and nS, relative 0)
            opts = ({"absolute_error_per_variable": {"v": 1e-3 * mV, "ge": 1e-4, "gi": 1e-4}}
                    if a.method == "gsl_rkf45" else None)
            self.P = b2.NeuronGroup(self.N, eqs, threshold="v>Vt", reset="v = Vr", refractory=5 * ms + DT,
                                    method=a.method, method_options=opts, namespace=ns, name="P")
            self.P.v = "El - 5*mV + 5*mV * randn()"
            self.P.ge = "clip(4 + 1.5 * randn(), 0, inf)"
            self.P.gi = "clip(20 + 12 * randn(), 0, inf)"
            self.ns = ns
            return
        g, eta, theta, tau_m = 5.0, 2.0, 20.0 * mV, 20.0 * ms
        if a.net == "brunel_delta":
            J = 0.1 * mV
            nu_th = theta / (J * self.CE * tau_m)
            ns = dict(tau_m=tau_m, theta=theta, V_r=a.V_reset * mV, J=J, g=g)
            self.P = b2.NeuronGroup(self.N, "dv/dt = -v/tau_m : volt (unless refractory)", threshold="v >= theta",
                                    reset="v = V_r", refractory=2 * ms + DT, method="exact", namespace=ns, name="P")
            self.P.v = 0 * mV
            self.ext = dict(target_var="v", N=self.CE, rate=eta * nu_th, weight="J*int(not_refractory)")
            self.on_pre = ("v_post += J*int(not_refractory_post)", "v_post += -g*J*int(not_refractory_post)")
        else:  # brunel_alpha
            C_m, tau_syn = 250.0 * pF, 0.5 * ms
            J_ex = 20.68015524367846 * pA
            nu_th = theta * C_m / (J_ex * self.CE * np.e * tau_m * tau_syn)
            ns = dict(tau_m=tau_m, tau_syn=tau_syn, C_m=C_m, theta=theta, J_ex=J_ex, g=g)
            eqs = """
            dv/dt = -v/tau_m + (I_ex + I_in)/C_m : volt (unless refractory)
            dI_ex/dt = -I_ex/tau_syn + y_ex : amp
            dy_ex/dt = -y_ex/tau_syn : amp/second
            dI_in/dt = -I_in/tau_syn + y_in : amp
            dy_in/dt = -y_in/tau_syn : amp/second
            """
            self.P = b2.NeuronGroup(self.N, eqs, threshold="v >= theta", reset="v = 0*mV", refractory=2 * ms + DT,
                                    method="exact", namespace=ns, name="P")
            self.P.v = 0 * mV
            self.ext = dict(target_var="y_ex", N=self.CE, rate=eta * nu_th, weight=np.e / tau_syn * J_ex)
            self.on_pre = ("y_ex_post += exp(1)/tau_syn*J_ex", "y_in_post += -g*exp(1)/tau_syn*J_ex")
        self.ns = ns

    def index_arrays(self):
        """brunel_*: the fixed in-degree index arrays (timed on their own)."""
        if self.args.net in ("cuba", "coba"):
            return
        rng = np.random.default_rng(self.args.seed)
        self.index["E"] = fixed_indegree(rng, self.NE, self.N, self.CE)
        self.index["I"] = fixed_indegree(rng, self.NI, self.N, self.CI)

    def synapses(self):
        """The Synapses objects (and the external input), not yet connected."""
        a = self.args
        if a.net in ("cuba", "coba"):
            d = {} if a.delay0 else {"delay": 0.1 * ms}
            we, wi = ((60 * 0.27 / 10) * mV, (-20 * 4.5 / 10) * mV) if a.net == "cuba" else (6.0 / 10.0, 67.0 / 10.0)
            self.syn = [b2.Synapses(self.P, self.P, on_pre="ge += we", namespace={"we": we}, name="Ce", **d),
                        b2.Synapses(self.P, self.P, on_pre="gi += wi", namespace={"wi": wi}, name="Ci", **d)]
        else:
            E, I = self.P[: self.NE], self.P[self.NE:]
            self.syn = [b2.Synapses(E, self.P, on_pre=self.on_pre[0], delay=1.5 * ms, namespace=self.ns, name="Ce"),
                        b2.Synapses(I, self.P, on_pre=self.on_pre[1], delay=1.5 * ms, namespace=self.ns, name="Ci")]
            self.extra = [b2.PoissonInput(self.P, **self.ext)]

    def connect(self):
        if self.args.net in ("cuba", "coba"):
            self.syn[0].connect("i<3200", p=0.02)
            self.syn[1].connect("i>=3200", p=0.02)
        else:
            for S, key in zip(self.syn, ("E", "I")):
                i, j = self.index[key]
                S.connect(i=i, j=j)


def standalone(args):
    work = args.work_dir or tempfile.mkdtemp(prefix="brian2_net_")
    b2.set_device("cpp_standalone", directory=work, build_on_run=False)
    b2.prefs.codegen.cpp.headers = ["<malloc.h>", "<fstream>", "<time.h>", "<iostream>", "<string>"]
    if args.threads > 1:
        b2.prefs.devices.cpp_standalone.openmp_threads = args.threads
    b2.defaultclock.dt = DT
    b2.seed(args.seed)

    def stamp(name):
        b2.device.insert_code("main", STAMP.format(name=name))

    t = {}
    net = Net(args)
    t0 = time.perf_counter()
    net.index_arrays()
    t["index_arrays_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    stamp("begin")
    net.create()
    stamp("created")
    net.synapses()
    net.connect()
    mon = b2.SpikeMonitor(net.P)
    network = b2.Network(net.P, *net.syn, *net.extra, mon)
    network.run(0.1 * ms)
    stamp("connected")
    network.run(args.T * ms - 0.1 * ms)
    stamp("simulated")
    b2.device.insert_code("after_end", PEAK)
    t["codegen_s"] = time.perf_counter() - t0  # Python: objects, run() = equation analysis, code generation
    t0 = time.perf_counter()
    b2.device.build(directory=work, compile=True, run=False, with_output=False)
    t["compile_s"] = time.perf_counter() - t0  # writing the project and compiling it (make)
    runs = []
    for _ in range(args.reps):  # the same binary again: the same network and spikes (seeded)
        t_spawn = time.monotonic()  # CLOCK_MONOTONIC, as the stamps
        b2.device.run(directory=work, with_output=False, run_args=[])
        t_exit = time.monotonic()
        with open(os.path.join(work, "results", "stdout.txt")) as f:
            lines = [ln.rstrip("\n").split("\t") for ln in f if "\t" in ln]
        st = {r[1]: (float(r[2]), int(r[3]), int(r[4])) for r in lines if r[0] == "stamp"}
        vmhwm = next((int(r[1]) for r in lines if r[0] == "binary_vmhwm_bytes"), 0)
        runs.append(dict(build_s=st["created"][0] - st["begin"][0], connect_s=st["connected"][0] - st["created"][0],
                         simulate_s=st["simulated"][0] - st["connected"][0], mem_nodes=st["created"],
                         mem_net=st["connected"], peak_mib=vmhwm / 2**20, binary_start_s=st["begin"][0] - t_spawn,
                         binary_end_s=t_exit - st["simulated"][0], binary_wall_s=t_exit - t_spawn))
    n_syn = int(sum(len(S) for S in net.syn))
    stats = statistics(mon.i[:], mon.t[:] / ms, net.N, 0.1, args.T)
    # Medians over the binary's runs (memory readings: the last run's).
    f = {k: (float(np.median([r[k] for r in runs])) if k.endswith("_s") else runs[-1][k]) for k in runs[0]}
    f["simulate_min_s"] = min(r["simulate_s"] for r in runs)
    f["sim_T_s"] = (args.T - 0.1) / 1000.0
    t["reps"] = len(runs)
    t["import_s"] = T_IMPORT
    report(args, net, n_syn, stats, f, t)
    if not args.work_dir:
        shutil.rmtree(work, ignore_errors=True)


class _mallinfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]


def memory():
    """(VmRSS bytes, heap bytes held by malloc) of this process."""
    with open("/proc/self/statm") as f:
        rss = int(f.read().split()[1]) * 4096
    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = _mallinfo2
    m = libc.mallinfo2()
    return rss, m.uordblks + m.hblkhd


def runtime(args):
    if args.cache_dir:
        b2.prefs.codegen.runtime.cython.cache_dir = args.cache_dir
    b2.prefs.codegen.target = "cython"
    b2.defaultclock.dt = DT
    b2.seed(args.seed)
    t = {}
    net = Net(args)
    t0 = time.perf_counter()
    net.index_arrays()
    t["index_arrays_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    net.create()
    t_build = time.perf_counter() - t0
    net.synapses()
    for S in net.syn:
        S.active = False
    mon = b2.SpikeMonitor(net.P)
    network = b2.Network(net.P, *net.syn, *net.extra, mon)
    t0 = time.perf_counter()
    network.run(0.1 * ms)  # Brian2's fixed cost of a first run, the Synapses inactive
    t["prepare_run_s"] = time.perf_counter() - t0
    mem_nodes = (time.perf_counter(),) + memory()
    t0 = time.perf_counter()
    net.connect()
    for S in net.syn:
        S.active = True
    network.run(0.1 * ms)  # the synapses' code, the spike queue
    t_connect = time.perf_counter() - t0
    mem_net = (time.perf_counter(),) + memory()
    t0 = time.perf_counter()
    network.run(args.T * ms - 0.2 * ms)
    t_sim = time.perf_counter() - t0
    with open("/proc/self/status") as fs:
        hwm = next(int(ln.split()[1]) * 1024 for ln in fs if ln.startswith("VmHWM:"))
    n_syn = int(sum(len(S) for S in net.syn))
    stats = statistics(mon.i[:], mon.t[:] / ms, net.N, 0.2, args.T)
    f = dict(build_s=t_build, connect_s=t_connect, simulate_s=t_sim, sim_T_s=(args.T - 0.2) / 1000.0,
             mem_nodes=mem_nodes, mem_net=mem_net, peak_mib=hwm / 2**20)
    t["import_s"] = T_IMPORT
    report(args, net, n_syn, stats, f, t)


def report(args, net, n_syn, stats, f, extra):
    (_, rss0, heap0), (_, rss1, heap1) = f.pop("mem_nodes"), f.pop("mem_net")
    per_neuron = n_syn / net.N
    events = stats["spikes"] * per_neuron
    f.update(rtf=f["simulate_s"] / f["sim_T_s"], synapses=n_syn, net_synapses=n_syn, neurons=net.N, **stats,
             mem_nodes_mib=rss0 / 2**20, mem_net_mib=rss1 / 2**20,
             bytes_per_synapse=(heap1 - heap0) / n_syn if n_syn else 0.0,
             bytes_per_synapse_rss=(rss1 - rss0) / n_syn if n_syn else 0.0, events=events,
             ns_per_event=f["simulate_s"] * 1e9 / events if events else 0.0)
    f.update(extra)
    print(f"# brian2 {b2.__version__} {args.mode} {args.net} order {args.order} threads {args.threads} T {args.T} "
          f"seed {args.seed}", flush=True)
    for k, v in f.items():
        out(k, float(v))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("net", choices=("cuba", "coba", "brunel_delta", "brunel_alpha"))
    ap.add_argument("--mode", choices=("standalone", "runtime"), default="standalone")
    ap.add_argument("--order", type=int, default=2500, help="brunel_*: NE = 4 order, NI = order")
    ap.add_argument("--T", type=float, default=1000.0, help="ms")
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--threads", type=int, default=1, help="standalone: OpenMP threads")
    ap.add_argument("--reps", type=int, default=1, help="standalone: runs of the compiled binary (medians)")
    ap.add_argument("--V_reset", type=float, default=0.0, help="brunel_delta: mV (NEST's example: 0)")
    ap.add_argument("--delay0", action="store_true", help="cuba, coba: no delay, as Brian2's examples")
    ap.add_argument("--method", choices=("exponential_euler", "gsl_rkf45"), default="exponential_euler",
                    help="coba: Brian2's integration method")
    ap.add_argument("--work-dir", help="standalone: the project directory (kept); default a fresh temporary one")
    ap.add_argument("--cache-dir", help="runtime: Brian2's cython cache")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    standalone(args) if args.mode == "standalone" else runtime(args)


if __name__ == "__main__":
    sys.exit(main())
