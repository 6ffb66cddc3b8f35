"""The Brian2 peer of bench/plastic_stdp.cpp (Debian's python3-brian): the brunel_alpha network of
bench/peer_networks_brian2.py with 4 order excitatory and order inhibitory neurons (default order 2000:
10^4 neurons) and NEST's stdp_synapse on E->E, in cpp_standalone mode.

    /usr/bin/python3 bench/peer_plastic_brian2.py [--ee stdp|static] [--order 2000] [--T 1000]
        [--seed 12345] [--threads 1] [--reps 1] [--work-dir D]

Prints the figures as key<TAB>value lines with the keys of nestor's program (bench/net_common.hpp,
bench/plastic_stdp.cpp).

The network: iaf_psc_alpha's equations, the external PoissonInput, refractoriness (2.1 ms, see
bench/peer_networks_brian2.py), the fixed in-degree index arrays and the definitions of the figures are
those of peer_networks_brian2.py's brunel_alpha; E->E, E->I and I->all are three Synapses objects (E->I
and I->all with the weight in on_pre, no per-synapse variable, as brunel_alpha's).

E->E with --ee stdp (default): NEST's stdp_synapse (models/stdp_synapse.h) with mu_plus = mu_minus = 1
(multiplicative), tau_plus = tau_minus = 20 ms, lambda 0.01, alpha 1, Wmax = 2 J_ex, w(0) = J_ex,
delay d = 1.5 ms. NEST's synapse sees a presynaptic spike at its time t and a postsynaptic spike t_j at
t_j + d (the dendritic delay), updates the weight at t (facilitation for every postsynaptic spike that
arrived in (t_last, t], with the presynaptic trace K+ at its arrival; depression with the postsynaptic
trace K- of the spikes that arrived before t) and sends the new weight, which arrives at t + d. Here the
same sequence of updates, shifted by d: the pre pathway has delay d, the post pathway 2 d, so that
on_pre runs at t + d and on_post at t_j + 2 d. Facilitation is applied at once in on_post (NEST applies
it lazily at the next presynaptic spike, in the same order); the traces are per synapse, each stored
with the time of its last jump (apre, tpre, apost, tpost). A pre- and a postsynaptic arrival in the same
step do not interact in NEST, which applies that postsynaptic spike's facilitation before the presynaptic
spike's depression: here the post pathway runs before the pre pathway in a step (S.post.order = -2; the
pre pathway's order is -1), so on_post's K+ does not contain the simultaneous presynaptic spike, and on_pre
takes the postsynaptic jump of the same step out of K- (apost - 1). bench/check_plastic_peer.py runs this
code against nestor's stdp_synapse on random trains (equal weights to rounding).
  on_post: w = clip(w + lambda (Wmax - w) K+, 0, Wmax); K- <- K- decayed + 1
  on_pre:  w = clip(w - alpha lambda w K-, 0, Wmax); y_ex_post += e/tau_syn w; K+ <- K+ decayed + 1
The weights at the end therefore include facilitations that NEST would apply at the next presynaptic
spike; the spikes and the weights are different realisations (Brian2's own random numbers).
--ee static: E->E as E->I (on_pre y_ex_post += e/tau_syn J_ex): the same network without plasticity.

Memory (standalone, glibc mallinfo2 inside the binary): heap held after creating the neurons, after each
Synapses object is connected and its variables set (its arrays), and after the first run(0.1 ms) (the
spike queues of all pathways); bytes_per_synapse = (connected - created) / all synapses as the other
peers; ee_array_bytes = the E->E object's arrays / its synapses; ee_queue_bytes = the queues' bytes
(first run) per network synapse, counted once more for the post pathway of the plastic object.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_networks_brian2 import PEAK, STAMP, T_IMPORT, fixed_indegree, out, statistics  # noqa: E402

# peer_networks_brian2's stamp with the process's CPU time (all threads) as a fifth field
STAMP = STAMP.replace("std::cout << \"stamp", "struct timespec _cpu; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &_cpu); "
                      "std::cout << \"stamp").replace(
    "<< (long)(_mi.uordblks + _mi.hblkhd) << std::endl;",
    "<< (long)(_mi.uordblks + _mi.hblkhd) << \"\\t\" << (_cpu.tv_sec + 1e-9 * _cpu.tv_nsec) << std::endl;")

import brian2 as b2  # noqa: E402
from brian2 import ms, mV, pA, pF  # noqa: E402
import numpy as np  # noqa: E402

DT = 0.1 * ms

# NEST's stdp_synapse with mu_plus = mu_minus = 1 (see the head comment): the synapse's variables and its
# code on a presynaptic spike (before the event reaches the target: on_pre adds the target's line) and on
# a postsynaptic spike, with the pre pathway delayed by d and the post pathway by 2 d. Namespace: lam,
# alpha, Wmax, tau_plus, tau_minus. bench/check_plastic_peer.py runs them against nestor's stdp_synapse.
STDP_MODEL = """w : amp
apre : 1
tpre : second
apost : 1
tpost : second"""
STDP_ON_PRE = """Km = (apost - int(tpost == t))*exp(-(t - tpost)/tau_minus)
w = clip(w - alpha*lam*w*Km, 0*pA, Wmax)
apre = apre*exp(-(t - tpre)/tau_plus) + 1
tpre = t"""
STDP_ON_POST = """w = clip(w + lam*(Wmax - w)*apre*exp(-(t - tpre)/tau_plus), 0*pA, Wmax)
apost = apost*exp(-(t - tpost)/tau_minus) + 1
tpost = t"""
POST_ORDER = -2  # S.post.order: the post pathway runs before the pre pathway (order -1) in a step


def stdp_synapses(source, target, d, namespace, on_pre_extra="", **kw):
    """A Synapses object with NEST's stdp_synapse (the code above; pathway delays d and 2 d, post first)."""
    on_pre = STDP_ON_PRE + ("\n" + on_pre_extra if on_pre_extra else "")
    S = b2.Synapses(source, target, model=STDP_MODEL, on_pre=on_pre, on_post=STDP_ON_POST,
                    delay={"pre": d, "post": 2 * d}, namespace=namespace, **kw)
    S.post.order = POST_ORDER
    return S


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ee", choices=("stdp", "static"), default="stdp")
    ap.add_argument("--order", type=int, default=2000)
    ap.add_argument("--T", type=float, default=1000.0, help="ms")
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--threads", type=int, default=1, help="OpenMP threads")
    ap.add_argument("--reps", type=int, default=1, help="runs of the compiled binary (medians)")
    ap.add_argument("--work-dir", help="the project directory (kept); default a fresh temporary one")
    a = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")

    work = a.work_dir or tempfile.mkdtemp(prefix="brian2_plastic_")
    b2.set_device("cpp_standalone", directory=work, build_on_run=False)
    b2.prefs.codegen.cpp.headers = ["<malloc.h>", "<fstream>", "<time.h>", "<iostream>", "<string>"]
    if a.threads > 1:
        b2.prefs.devices.cpp_standalone.openmp_threads = a.threads
    b2.defaultclock.dt = DT
    b2.seed(a.seed)

    def stamp(name):
        b2.device.insert_code("main", STAMP.format(name=name))

    NE, NI = 4 * a.order, a.order
    N, CE, CI = NE + NI, NE // 10, NI // 10
    g, eta, theta, tau_m = 5.0, 2.0, 20.0 * mV, 20.0 * ms
    C_m, tau_syn, d = 250.0 * pF, 0.5 * ms, 1.5 * ms
    J_ex = 20.68015524367846 * pA
    nu_th = theta * C_m / (J_ex * CE * np.e * tau_m * tau_syn)
    ns = dict(tau_m=tau_m, tau_syn=tau_syn, C_m=C_m, theta=theta, J_ex=J_ex, g=g, tau_plus=20.0 * ms,
              tau_minus=20.0 * ms, lam=0.01, alpha=1.0, Wmax=2 * J_ex)
    t = {}
    t0 = time.perf_counter()
    rng = np.random.default_rng(a.seed)
    idx_ee = fixed_indegree(rng, NE, NE, CE)
    idx_ei = fixed_indegree(rng, NE, NI, CE)
    idx_i = fixed_indegree(rng, NI, N, CI)
    t["index_arrays_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    stamp("begin")
    eqs = """
    dv/dt = -v/tau_m + (I_ex + I_in)/C_m : volt (unless refractory)
    dI_ex/dt = -I_ex/tau_syn + y_ex : amp
    dy_ex/dt = -y_ex/tau_syn : amp/second
    dI_in/dt = -I_in/tau_syn + y_in : amp
    dy_in/dt = -y_in/tau_syn : amp/second
    """
    P = b2.NeuronGroup(N, eqs, threshold="v >= theta", reset="v = 0*mV", refractory=2 * ms + DT, method="exact",
                       namespace=ns, name="P")
    P.v = 0 * mV
    E, I = P[:NE], P[NE:]
    stamp("created")
    static_ex = "y_ex_post += exp(1)/tau_syn*J_ex"
    if a.ee == "stdp":
        Cee = stdp_synapses(E, E, d, ns, "y_ex_post += exp(1)/tau_syn*w", name="Cee")
    else:
        Cee = b2.Synapses(E, E, on_pre=static_ex, delay=d, namespace=ns, name="Cee")
    Cei = b2.Synapses(E, I, on_pre=static_ex, delay=d, namespace=ns, name="Cei")
    Ci = b2.Synapses(I, P, on_pre="y_in_post += -g*exp(1)/tau_syn*J_ex", delay=d, namespace=ns, name="Ci")
    Cee.connect(i=idx_ee[0], j=idx_ee[1])
    if a.ee == "stdp":
        Cee.w = J_ex
        Cee.tpre = -1 * b2.second  # no earlier spike (0 would be a spike time)
        Cee.tpost = -1 * b2.second
    stamp("conn_ee")
    Cei.connect(i=idx_ei[0], j=idx_ei[1])
    Ci.connect(i=idx_i[0], j=idx_i[1])
    stamp("conn_rest")
    ext = b2.PoissonInput(P, target_var="y_ex", N=CE, rate=eta * nu_th, weight=np.e / tau_syn * J_ex)
    mon = b2.SpikeMonitor(P)
    network = b2.Network(P, Cee, Cei, Ci, ext, mon)
    network.run(0.1 * ms)
    stamp("connected")
    network.run(a.T * ms - 0.1 * ms)
    stamp("simulated")
    b2.device.insert_code("after_end", PEAK)
    t["codegen_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    b2.device.build(directory=work, compile=True, run=False, with_output=False)
    t["compile_s"] = time.perf_counter() - t0
    runs = []
    for _ in range(a.reps):
        t_spawn = time.monotonic()
        b2.device.run(directory=work, with_output=False, run_args=[])
        t_exit = time.monotonic()
        with open(os.path.join(work, "results", "stdout.txt")) as f:
            lines = [ln.rstrip("\n").split("\t") for ln in f if "\t" in ln]
        st = {r[1]: (float(r[2]), int(r[3]), int(r[4]), float(r[5])) for r in lines if r[0] == "stamp"}
        vmhwm = next((int(r[1]) for r in lines if r[0] == "binary_vmhwm_bytes"), 0)
        runs.append(dict(build_s=st["created"][0] - st["begin"][0], connect_s=st["connected"][0] - st["created"][0],
                         simulate_s=st["simulated"][0] - st["connected"][0],
                         simulate_cpu_s=st["simulated"][3] - st["connected"][3], peak_mib=vmhwm / 2**20,
                         binary_start_s=st["begin"][0] - t_spawn, binary_end_s=t_exit - st["simulated"][0],
                         binary_wall_s=t_exit - t_spawn, st=st))
    st = runs[-1].pop("st")
    for r in runs[:-1]:
        r.pop("st")
    n_ee, n_syn = len(Cee), len(Cee) + len(Cei) + len(Ci)
    stats = statistics(mon.i[:], mon.t[:] / ms, N, 0.1, a.T)
    keep = (mon.i[:] < NE) & (mon.t[:] / ms > 0.1 + 1e-9)
    f = {k: float(np.median([r[k] for r in runs])) if k.endswith("_s") else runs[-1][k] for k in runs[0]}
    f["simulate_min_s"] = min(r["simulate_s"] for r in runs)
    f["sim_T_s"] = (a.T - 0.1) / 1000.0
    f["rtf"] = f["simulate_s"] / f["sim_T_s"]
    heap = {k: v[2] for k, v in st.items()}
    rss = {k: v[1] for k, v in st.items()}
    per_neuron = n_syn / N
    events = stats["spikes"] * per_neuron
    queue = heap["connected"] - heap["conn_rest"]
    f.update(synapses=n_syn, net_synapses=n_syn, ee_synapses=n_ee, neurons=N, **stats,
             rate_E_hz=int(keep.sum()) / NE / ((a.T - 0.1) / 1000.0),
             mem_nodes_mib=rss["created"] / 2**20, mem_net_mib=rss["connected"] / 2**20,
             bytes_per_synapse=(heap["connected"] - heap["created"]) / n_syn,
             bytes_per_synapse_rss=(rss["connected"] - rss["created"]) / n_syn,
             ee_array_bytes=(heap["conn_ee"] - heap["created"]) / n_ee,
             rest_array_bytes=(heap["conn_rest"] - heap["conn_ee"]) / (n_syn - n_ee),
             queue_bytes_per_synapse=queue / (n_syn + (n_ee if a.ee == "stdp" else 0)),
             events=events, ns_per_event=f["simulate_s"] * 1e9 / events if events else 0.0)
    if a.ee == "stdp":
        w = np.asarray(Cee.w[:] / pA)
        f.update(w0_mean=float(J_ex / pA), w0_std=0.0, w1_mean=float(w.mean()), w1_std=float(w.std()),
                 w1_min=float(w.min()), w1_max=float(w.max()))
    f.update(t)
    f["reps"] = len(runs)
    f["import_s"] = T_IMPORT
    print(f"# brian2 {b2.__version__} standalone plastic ee={a.ee} order {a.order} threads {a.threads} T {a.T} "
          f"seed {a.seed}", flush=True)
    for k, v in f.items():
        out(k, float(v))
    if not a.work_dir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
