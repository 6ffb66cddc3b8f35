"""Simulator: create, connect, simulate, in NEST's vocabulary; the time loop runs in C++."""

import numbers
import os

import numpy as np

from . import _core, units
from .errors import ArgumentTypeError, BadValueError, IllegalConnectionError, UnknownModelError
from .gap_junctions import WaveformRelaxation, connect_gap
from .models import get_model
from .node_collection import NodeCollection, convert_params
from .connections import ConnectionCollection
from .random import Distribution
from .result import Result
from .rules import RULES, Rule, all_to_all


_PARAMETRIC = ("fixed_indegree", "fixed_outdegree", "fixed_total_number", "pairwise_bernoulli",
               "symmetric_pairwise_bernoulli", "pairwise_poisson", "explicit")


def _syn_value(v, unit_name, what):
    if isinstance(v, Distribution):
        return v._core(unit_name, what)
    return np.asarray(units.to_nest(v, unit_name, "connect", what), dtype=float)


def _time_ms(value, owner, param):
    v = units.to_nest(value, "ms", owner, param)
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        raise ArgumentTypeError(f"{owner} parameter {param}: expected a time, got {type(value).__name__}")
    return float(v)


_DEFAULT_DELAY = 1.0 * units.ms


class Simulator(WaveformRelaxation):
    """One network and its clock.

    dt: resolution (a time; a bare number is in ms). seed: seeds every random stream. threads: 1.
    data_path, data_prefix, overwrite_files: where recorders with record_to="ascii" or "sonata" write
    their files (NEST's kernel properties of these names): files go to data_path (an existing directory;
    default: the working directory) as <data_prefix><label or model>-<node id>-<vp>.<extension>; an
    existing file is refused (nestor.FileError) unless overwrite_files is True. They can be changed later
    (sim.data_path = ...) and take effect at the next simulate().
    use_wfr, wfr_comm_interval, wfr_tol, wfr_max_iterations, wfr_interpolation_order: NEST's kernel
    properties of the waveform relaxation for gap junctions (nestor.gap_junctions.WaveformRelaxation).
    """

    def __init__(self, dt=0.1 * units.ms, seed=0, threads=1, data_path="", data_prefix="",
                 overwrite_files=False, use_wfr=True, wfr_comm_interval=None, wfr_tol=1e-4,
                 wfr_max_iterations=15, wfr_interpolation_order=3):
        dt_ms = _time_ms(dt, "Simulator", "dt")
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
            raise BadValueError(f"Simulator parameter seed = {seed!r}: expected a non-negative integer")
        if isinstance(threads, bool) or not isinstance(threads, numbers.Integral):
            raise ArgumentTypeError(f"Simulator parameter threads = {threads!r}: expected an integer")
        self._core = _core.Simulator(dt_ms, int(seed), int(threads))
        self.data_path = data_path
        self.data_prefix = data_prefix
        self.overwrite_files = overwrite_files
        self._set_wfr(use_wfr, wfr_comm_interval, wfr_tol, wfr_max_iterations, wfr_interpolation_order)

    @property
    def data_path(self):
        """Directory of the recorders' files ("" is the working directory)."""
        return self._core.data_path

    @data_path.setter
    def data_path(self, path):
        if not isinstance(path, (str, os.PathLike)):
            raise ArgumentTypeError(f"Simulator parameter data_path = {path!r}: expected a directory name")
        self._core.data_path = os.fspath(path)

    @property
    def data_prefix(self):
        """Put before the name of every file the recorders write."""
        return self._core.data_prefix

    @data_prefix.setter
    def data_prefix(self, prefix):
        if not isinstance(prefix, str):
            raise ArgumentTypeError(f"Simulator parameter data_prefix = {prefix!r}: expected a string")
        self._core.data_prefix = prefix

    @property
    def overwrite_files(self):
        """Whether recorders may overwrite existing files."""
        return self._core.overwrite_files

    @overwrite_files.setter
    def overwrite_files(self, flag):
        if not isinstance(flag, (bool, np.bool_)):
            raise ArgumentTypeError(f"Simulator parameter overwrite_files = {flag!r}: expected True or False")
        self._core.overwrite_files = bool(flag)

    @property
    def dt(self):
        return self._core.dt * units.ms

    @property
    def time(self):
        """The current time of the network."""
        return self._core.time * units.ms

    @property
    def num_connections(self):
        """The number of connections in the network."""
        return self._core.num_connections

    def create(self, model, n=1, **params):
        """Creates n nodes of `model` (a nestor model or its NEST name) with the given parameters
        (scalars, or one value per node)."""
        m = get_model(model)
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise ArgumentTypeError(f"create: n = {n!r}: expected an integer number of nodes")
        if n < 1:
            raise BadValueError(f"create: n = {n}: expected at least one node")
        return NodeCollection(self._core.create(m.name, int(n), convert_params(m, params)))

    def connect(self, pre, post, rule=all_to_all, weight=1.0, delay=_DEFAULT_DELAY, receptor_type=0,
                allow_autapses=True, allow_multapses=True, synapse_model="static_synapse", weight_recorder=None,
                make_symmetric=False):
        """Connects pre to post by a NEST rule (nestor.all_to_all, one_to_one, fixed_indegree(K), ...).
        weight and delay: a scalar, one value per source node, an (n_post x n_pre) array (all_to_all),
        one value per edge (explicit), or a nestor.random distribution; delays are rounded to the grid
        and must be at least dt. Recorders: connect(voltmeter, neurons), connect(neurons, spike_recorder);
        detectors like the spike_recorder, receptor_type choosing the input pool:
        connect(neurons, correlation_detector, receptor_type=1).
        weight_recorder: a weight_recorder node the new connections report every delivered event to
        (NEST's synapse property weight_recorder); read with Result.events(wr).
        synapse_model="gap_junction": gap junctions (weight in nS, no delay) between hh_psc_alpha_gap /
        hh_cond_beta_gap_traub nodes, with make_symmetric=True (NEST's conn_spec flag) and one_to_one, or
        all_to_all of a population with itself (nestor.gap_junctions)."""
        for which, nc in (("pre", pre), ("post", post)):
            if not isinstance(nc, NodeCollection):
                raise ArgumentTypeError(f"connect: {which} must be a NodeCollection, got {type(nc).__name__}")
        if isinstance(rule, str):
            if rule not in RULES:
                raise BadValueError(
                    f"connect: rule '{rule}' needs its parameters; use nestor.{rule}(...)"
                    if rule in _PARAMETRIC else f"connect: unknown rule '{rule}'"
                )
            rule = RULES[rule]
        if not isinstance(rule, Rule):
            raise ArgumentTypeError(f"connect: rule must be a nestor rule, got {type(rule).__name__}")
        if not isinstance(make_symmetric, (bool, np.bool_)):
            raise ArgumentTypeError(f"connect: make_symmetric = {make_symmetric!r}: expected True or False")
        if synapse_model == "gap_junction":
            return connect_gap(self, pre, post, rule, weight, delay is not _DEFAULT_DELAY, make_symmetric,
                               receptor_type, allow_autapses, allow_multapses, weight_recorder)
        if make_symmetric and rule.name != "symmetric_pairwise_bernoulli":  # that rule is symmetric anyway
            raise IllegalConnectionError("connect: make_symmetric is supported for synapse_model gap_junction only")
        if synapse_model == "rate_connection_instantaneous":
            raise IllegalConnectionError(
                "connect: synapse_model 'rate_connection_instantaneous' (NEST's waveform relaxation) is not "
                "supported by nestor; use 'rate_connection_delayed' (delay >= dt)")
        if synapse_model not in ("static_synapse", "rate_connection_delayed"):
            raise UnknownModelError(
                f"connect: unknown synapse_model '{synapse_model}'; known: static_synapse, rate_connection_delayed, gap_junction")
        for flag, v in (("allow_autapses", allow_autapses), ("allow_multapses", allow_multapses)):
            if not isinstance(v, (bool, np.bool_)):
                raise ArgumentTypeError(f"connect: {flag} = {v!r}: expected True or False")
        if isinstance(receptor_type, bool) or not isinstance(receptor_type, numbers.Integral):
            raise ArgumentTypeError(f"connect: receptor_type = {receptor_type!r}: expected an integer port")
        wr = 0
        if weight_recorder is not None:
            if not isinstance(weight_recorder, NodeCollection) or len(weight_recorder) != 1:
                raise ArgumentTypeError("connect: weight_recorder must be one weight_recorder node (a NodeCollection)")
            wr = int(weight_recorder.global_ids[0])
        wunit = self._core.weight_unit(pre._nc, post._nc)
        w = _syn_value(weight, wunit, "weight")
        d = _syn_value(delay, "ms", "delay")
        self._core.connect(pre._nc, post._nc, rule.name, rule.n, rule.p, rule.sources, rule.targets,
                           bool(allow_autapses), bool(allow_multapses), w, d, int(receptor_type), wr,
                           synapse_model == "rate_connection_delayed")

    def get_connections(self, source=None, target=None, synapse_model=None):
        """The connections from `source` and/or to `target` (NodeCollections; None: any)."""
        for which, nc in (("source", source), ("target", target)):
            if nc is not None and not isinstance(nc, NodeCollection):
                raise ArgumentTypeError(f"get_connections: {which} must be a NodeCollection or None")
        core = self._core.get_connections(source._nc if source is not None else None,
                                          target._nc if target is not None else None, synapse_model or "")
        wunit = "1"
        if len(core):
            src = self._core.nodes([int(core.get("source")[0])])
            wunit = self._core.weight_unit(src, self._core.nodes([int(core.get("target")[0])]))
        return ConnectionCollection(core, wunit)

    def simulate(self, T, progress=True):
        """Runs for T (continuing from where the network stands) and returns what was recorded."""
        return Result(self._core.simulate(_time_ms(T, "simulate", "T"), bool(progress)))

    def reset(self):
        """Brings time back to 0 and every state to its initial value, keeping the network."""
        self._core.reset()
