"""Shared by the synapse-model tests (test_*synapse*.py, test_stdp_*.py, ...) and the Clopath neuron tests
(test_aeif_psc_delta_clopath.py, test_hh_psc_alpha_clopath.py): the networks they build, NEST's stdp_eps
comparisons and traces, the Guetig weight dependence, and recorder readout. Each test file still writes out
its own model's rule; only the pieces that are the same everywhere live here.

- plastic_pair: exact spikes with spike_generator -> parrot_neuron (a parrot repeats its input 1 ms later)
  for a presynaptic and a postsynaptic parrot (created first: node ids 1 and 2); the plastic connection
  enters the postsynaptic parrot at receptor 1, where spikes have no effect (NEST's parrot_neuron port for
  STDP tests), so the post spikes are exactly the generator's.
- plastic_network / threads_identical: parrots driven by a poisson_generator project with the plastic
  synapse onto iaf_psc_alpha neurons (with inhibitory recurrence); 1 and 2 threads must agree bitwise.
- after / strictly_before / in_window, pre_trace / post_trace: NEST's comparisons of spike times with
  stdp_eps (1e-6 ms) and the all-to-all traces, as written out by the rule helpers of the STDP tests."""

import math

import numpy as np

import nestor
from nestor import units as u

DT = 0.1  # ms
EPS = 1e-6  # ms, NEST's stdp_eps: spike times within it count as equal


# ---------------------------------------------------------------- networks


def parrot_pair(sim, pre_times, post_times, lead=0.0):
    """A pre and a post parrot_neuron, each driven by a spike_generator at its times minus `lead` (ms;
    lead = 1 makes the times those of the parrots' spikes)."""
    pre, post = sim.create(nestor.parrot_neuron, 1), sim.create(nestor.parrot_neuron, 1)
    for times, parrot in ((pre_times, pre), (post_times, post)):
        gen_times = list(times) if lead == 0.0 else [t - lead for t in times]
        sim.connect(sim.create(nestor.spike_generator, 1, spike_times=gen_times), parrot)
    return pre, post


def plastic_pair(model, pre_times, post_times, threads=1, lead=0.0, defaults=None, post_params=None,
                 recorder=False, **syn):
    """sim, pre, post (and a weight_recorder if recorder): parrot_pair with a connection of `model` (a nestor
    synapse model or its name, made with **syn) into the post parrot's receptor 1. defaults: the model's
    defaults set first (common parameters); post_params: set on the post parrot (tau_minus, ...)."""
    model = getattr(nestor, model) if isinstance(model, str) else model
    sim = nestor.Simulator(dt=DT * u.ms, threads=threads)
    if defaults:
        sim.set_synapse_defaults(model.name, **defaults)
    pre, post = parrot_pair(sim, pre_times, post_times, lead)
    if post_params:
        post.set(**post_params)
    wr = sim.create(nestor.weight_recorder) if recorder else None
    extra = dict(weight_recorder=wr) if recorder else {}
    sim.connect(pre, post, receptor_type=1, synapse=model(**syn, **extra))
    return (sim, pre, post, wr) if recorder else (sim, pre, post)


def connection_value(sim, pre, post, field="weight"):
    """The value of `field` of the (first) connection pre -> post."""
    return sim.get_connections(pre, post).get(field)[0]


def final_weight(net, pre_times, post_times, t_end=None, **kw):
    """The weight after net(pre_times, post_times, **kw) ran to t_end (5 ms past the last spike if None)."""
    sim, pre, post = net(pre_times, post_times, **kw)
    sim.simulate((t_end or max(list(pre_times) + list(post_times)) + 5.0) * u.ms)
    return connection_value(sim, pre, post)


def plastic_network(synapse, threads, seed, keys, n_src=60, rate=20.0, n_nrn=20, nrn_model=None, nrn_params=None,
                    indegree=15, recurrent=(4, -20.0), recurrent_delay=1.0, t_sim=600.0, setup=None,
                    connect_kw=None):
    """n_src parrots driven by one poisson_generator (rate Hz) -> n_nrn neurons (iaf_psc_alpha with
    I_e = 300 pA unless given) through `synapse` with a fixed indegree; recurrent = (indegree, weight) of the
    neurons onto themselves (delay recurrent_delay ms, or the default if None) or None. setup(sim) runs
    first (defaults, copies). Returns {key: array} of the plastic connections after t_sim ms."""
    sim = nestor.Simulator(dt=DT * u.ms, threads=threads, seed=seed)
    if setup:
        setup(sim)
    src = sim.create(nestor.parrot_neuron, n_src)
    sim.connect(sim.create(nestor.poisson_generator, 1, rate=rate * u.Hz), src)
    nrn = sim.create(nrn_model or nestor.iaf_psc_alpha, n_nrn,
                     **(dict(I_e=300.0 * u.pA) if nrn_params is None else nrn_params))
    sim.connect(src, nrn, nestor.fixed_indegree(indegree), synapse=synapse, **(connect_kw or {}))
    if recurrent:
        delay = {} if recurrent_delay is None else dict(delay=recurrent_delay * u.ms)
        sim.connect(nrn, nrn, nestor.fixed_indegree(recurrent[0]), weight=recurrent[1], **delay)
    sim.simulate(t_sim * u.ms)
    c = sim.get_connections(src, nrn)
    return {k: np.asarray(c.get(k)) for k in keys}


def threads_identical(run):
    """run(threads) -> {name: array}: 1 and 2 threads give bitwise the same arrays; returns the first run's."""
    one, two = run(1), run(2)
    for k in one:
        np.testing.assert_array_equal(one[k], two[k], err_msg=k)
    return one


# ---------------------------------------------------------------- recorders


def recorded(res, recorder):
    """A recorder's events as numpy arrays in NEST's bare units (times in ms)."""
    return {k: np.asarray(v) for k, v in res.events(recorder, units=False).items()}


def traces(res, mm, names):
    """A multimeter's traces of one node: {name: 1-d array of the samples}."""
    return {v: np.asarray(res.trace(mm, v).magnitude).reshape(-1) for v in names}


def spike_times_ms(res, sr):
    return np.asarray(u.get_mantissa(res.spikes(sr)["times"] / u.ms))


def record_neuron(model, record_from, T, inputs=(), **params):
    """One `model` neuron with **params, delta inputs (t, weight) from spike generators (delay dt), run for
    T ms: (traces of record_from, spike times in ms)."""
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(model, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=record_from)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for t, w in inputs:
        sg = sim.create(nestor.spike_generator, spike_times=[t] * u.ms)
        sim.connect(sg, n, weight=w, delay=DT * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    return traces(res, mm, record_from), spike_times_ms(res, sr)


def low_pass(x, tau, x0, y0=None):
    """Exact solution of tau dy/dt = x(t) - y, y(0) = y0 (x0 if None), for x linear between x(0) = x0 and
    the samples x[k] at (k+1) dt: the filtered voltages of the Clopath neurons."""
    a = math.exp(-DT / tau)
    c1 = 1.0 - tau / DT * (1.0 - a)  # weight of the sample at the end of the step
    c0 = 1.0 - a - c1  # weight of the sample at its start
    y, prev, out = (x0 if y0 is None else y0), x0, np.empty_like(x)
    for k, xk in enumerate(x):
        y = a * y + c0 * prev + c1 * xk
        prev = xk
        out[k] = y
    return out


# ---------------------------------------------------------------- NEST's STDP bookkeeping


def strictly_before(t, ref):
    """t is earlier than ref by more than stdp_eps (NEST: ref - t > eps)."""
    return ref - t > EPS


def in_window(t, lo, hi):
    """t in (lo, hi] as NEST compares with stdp_eps: lo - t < -eps and hi - t > -eps."""
    return lo - t < -EPS and hi - t > -EPS


def since_last(q, t_last, t):
    """A postsynaptic spike q (seen at the synapse) between the previous presynaptic spike t_last and t."""
    return t_last + EPS <= q < t + EPS


def pre_trace(pre_seen, q, tau):
    """The presynaptic trace at q: all earlier presynaptic spikes, each adding 1."""
    return sum(math.exp((s - q) / tau) for s in pre_seen)


def post_trace(shifted, t, tau_minus):
    """The postsynaptic trace at t: the (shifted) postsynaptic spikes strictly before t, each adding 1."""
    return sum(math.exp((q - t) / tau_minus) for q in shifted if q < t - EPS)


def guetig(lam=0.01, alpha=1.0, mu_plus=1.0, mu_minus=1.0, Wmax=100.0):
    """(facilitate(w, k), depress(w, k)): NEST's stdp_synapse weight dependence (Guetig et al. 2003),
    facilitation up to Wmax, depression down to 0."""

    def fac(w, k):
        nw = w / Wmax + lam * (1 - w / Wmax) ** mu_plus * k
        return nw * Wmax if nw < 1 else Wmax

    def dep(w, k):
        nw = w / Wmax - alpha * lam * (w / Wmax) ** mu_minus * k
        return nw * Wmax if nw > 0 else 0.0

    return fac, dep
