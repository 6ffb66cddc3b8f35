"""Simulator: create, connect, simulate, in NEST's vocabulary; the time loop runs in C++."""

import numbers
import os

import numpy as np

from . import _core, units
from .errors import (ArgumentTypeError, BadValueError, IllegalConnectionError, UnknownModelError,
                     UnknownParameterError)
from .gap_junctions import WaveformRelaxation, connect_gap
from .models import CopiedModel, get_model
from .node_collection import NodeCollection, convert_params, to_quantity
from .connections import ConnectionCollection
from .random import Distribution
from .result import Result
from .rules import RULES, Rule, all_to_all
from .synapses import (SynapseModel, SynapseSpec, _nest_name, builtin_synapse, convert_defaults,
                       convert_for_connect)


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
        self._synapse_copies = {}  # name -> SynapseModel made by copy_synapse_model
        self._copies = {}  # name -> CopiedModel made by copy_model
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

    def _is_synapse(self, model):
        if isinstance(model, (SynapseModel, SynapseSpec)):
            return True
        return isinstance(model, str) and (model in self._synapse_copies or model in _core.synapse_model_names())

    def _model(self, model):
        """The Model for a handle or a name, this Simulator's copies included."""
        if isinstance(model, CopiedModel):
            if model._owner is not self._core:
                raise UnknownModelError(
                    f"model '{model.name}' is a copy made by another Simulator; a copy belongs to the "
                    "Simulator whose copy_model made it")
            return model
        if isinstance(model, str) and model in self._copies:
            return self._copies[model]
        try:
            return get_model(model)
        except UnknownModelError:
            self._core.base_model(model)  # raises the engine's message: close names, this Simulator's copies
            raise

    def copy_model(self, model, new_name, **params):
        """NEST's CopyModel: a new model `new_name` whose nodes are those of `model` (a nestor model, a
        copy, or a name) with its current defaults changed by `params` (one value each; units as for
        create). Returns the new model's handle, usable in create, set_defaults and get_defaults of this
        Simulator (and by its name); nodes created from it report new_name as their model."""
        if self._is_synapse(model):
            return self.copy_synapse_model(model, new_name, **params)
        m = self._model(model)
        if not isinstance(new_name, str):
            raise ArgumentTypeError(f"copy_model: new_name = {new_name!r}: expected a model name (a string)")
        self._core.copy_model(m.name, new_name, convert_params(m, params))
        copy = CopiedModel(m.base if isinstance(m, CopiedModel) else m, new_name, self._core)
        self._copies[new_name] = copy
        return copy

    def set_defaults(self, model, **params):
        """NEST's SetDefaults: later create() calls of `model` (a nestor model, a copy, or a name) start
        from these values; nodes that exist keep theirs. Checked now, with units as for create().
        Synapse models: later connect() calls start from these values; common parameters change for
        existing connections too (as NEST's)."""
        if self._is_synapse(model):
            return self.set_synapse_defaults(model, **params)
        m = self._model(model)
        self._core.set_defaults(m.name, convert_params(m, params))

    def get_defaults(self, model, name=None):
        """NEST's GetDefaults: the values a new node of `model` starts from, as {parameter: value} (NEST
        units, as NodeCollection.get gives them), or the value of one parameter `name`. Synapse models:
        their weight, delay and parameters (plain numbers in NEST units)."""
        if self._is_synapse(model):
            return self.get_synapse_defaults(model, name)
        m = self._model(model)
        if name is not None:
            if name not in m.params:
                raise UnknownParameterError(
                    f"{m.name} has no parameter '{name}'; it has: {', '.join(m.params) or 'none'}")
            return to_quantity(m.params[name], self._core.get_defaults(m.name, name))
        return {n: to_quantity(p, self._core.get_defaults(m.name, n)) for n, p in m.params.items()}

    def create(self, model, n=1, **params):
        """Creates n nodes of `model` (a nestor model, a copy made by copy_model, or a name) with the given
        parameters (scalars, or one value per node), starting from the model's defaults."""
        m = self._model(model)
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise ArgumentTypeError(f"create: n = {n!r}: expected an integer number of nodes")
        if n < 1:
            raise BadValueError(f"create: n = {n}: expected at least one node")
        return NodeCollection(self._core.create(m.name, int(n), convert_params(m, params)))

    def connect(self, pre, post, rule=all_to_all, weight=None, delay=None, receptor_type=None,
                allow_autapses=True, allow_multapses=True, synapse_model=None, weight_recorder=None, synapse=None,
                make_symmetric=False):
        """Connects pre to post by a NEST rule (nestor.all_to_all, one_to_one, fixed_indegree(K), ...).
        weight and delay: a scalar, one value per source node, an (n_post x n_pre) array (all_to_all),
        one value per edge (explicit), or a nestor.random distribution; delays are rounded to the grid
        and must be at least dt. Not given: the synapse model's defaults (static_synapse: 1 and 1 ms).
        synapse: the synapse model, a model with parameters (nestor.stdp_synapse(tau_plus=..., ...)) or a
        model name; synapse_model: the same by name (NEST's syn_spec key). Recorders:
        connect(voltmeter, neurons), connect(neurons, spike_recorder); detectors like the spike_recorder,
        receptor_type choosing the input pool: connect(neurons, correlation_detector, receptor_type=1).
        weight_recorder: a weight_recorder node the new connections report every delivered event to
        (NEST's synapse property weight_recorder), with the weight each event carries; read with
        Result.events(wr).
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
        spec = self._synapse_spec(synapse, synapse_model)
        name = spec.model.name if spec is not None else "static_synapse"
        syn_params = {}
        if spec is not None:
            for key, mine, theirs in (("weight", weight, spec.weight), ("delay", delay, spec.delay),
                                      ("receptor_type", receptor_type, spec.receptor_type),
                                      ("weight_recorder", weight_recorder, spec.weight_recorder)):
                if mine is not None and theirs is not None:
                    raise ArgumentTypeError(f"connect: {key} is given twice (to connect and to the synapse)")
            weight = weight if weight is not None else spec.weight
            delay = delay if delay is not None else spec.delay
            receptor_type = receptor_type if receptor_type is not None else spec.receptor_type
            weight_recorder = weight_recorder if weight_recorder is not None else spec.weight_recorder
            syn_params = spec.params
        if name == "gap_junction":
            if syn_params:
                raise UnknownParameterError(f"gap_junction has no parameter '{next(iter(syn_params))}'; it has: weight")
            return connect_gap(self, pre, post, rule, 1.0 if weight is None else weight, delay is not None,
                               make_symmetric, 0 if receptor_type is None else receptor_type, allow_autapses,
                               allow_multapses, weight_recorder)
        if make_symmetric and rule.name != "symmetric_pairwise_bernoulli":  # that rule is symmetric anyway
            raise IllegalConnectionError("connect: make_symmetric is supported for synapse_model gap_junction only")
        if name == "rate_connection_instantaneous":
            raise IllegalConnectionError(
                "connect: synapse_model 'rate_connection_instantaneous' (NEST's waveform relaxation) is not "
                "supported by nestor; use 'rate_connection_delayed' (delay >= dt)")
        if receptor_type is None:
            receptor_type = 0
        if weight is None:
            weight = self._core.synapse_default(name, "weight")
        if delay is None:
            delay = self._core.synapse_default(name, "delay") * units.ms
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
        extra = convert_for_connect(spec.model, syn_params, wunit, _syn_value) if syn_params else {}
        self._core.connect(pre._nc, post._nc, rule.name, rule.n, rule.p, rule.sources, rule.targets,
                           bool(allow_autapses), bool(allow_multapses), w, d, int(receptor_type), wr,
                           name == "rate_connection_delayed", name, extra)

    def _synapse_spec(self, synapse, synapse_model):
        """The SynapseSpec of connect's synapse / synapse_model arguments (None: static_synapse)."""
        if synapse is not None and synapse_model is not None:
            raise ArgumentTypeError("connect: give synapse or synapse_model, not both")
        s = synapse if synapse is not None else synapse_model
        if s is None:
            return None
        if isinstance(s, SynapseSpec):
            return s
        if isinstance(s, SynapseModel):
            return s()
        if isinstance(s, str):
            return self.synapse_model(s)()
        raise ArgumentTypeError(f"connect: synapse must be a nestor synapse model or its name, got {type(s).__name__}")

    def synapse_model(self, name):
        """The synapse model of this name here (built-in or made by copy_model)."""
        if name in self._synapse_copies:
            return self._synapse_copies[name]
        if name == "rate_connection_instantaneous":
            return SynapseModel({"name": name, "doc": "", "params": []})
        if name not in _core.synapse_model_names():
            raise UnknownModelError(f"unknown synapse model '{name}'; known: "
                                    f"{', '.join(sorted(set(_core.synapse_model_names()) | set(self._synapse_copies)))}")
        return builtin_synapse(name)

    def copy_synapse_model(self, existing, new_name, **params):
        """NEST's CopyModel for a synapse model: a new name with changed defaults; returns the model."""
        base = self.synapse_model(existing.name if isinstance(existing, SynapseModel) else existing)
        self._core.copy_synapse_model(base.name, new_name, convert_defaults(base, params))
        info = {"name": new_name, "doc": base.doc, "params": list(base.params.values())}
        self._synapse_copies[new_name] = SynapseModel(info)
        return self._synapse_copies[new_name]

    def set_synapse_defaults(self, model, **params):
        """NEST's SetDefaults for a synapse model (common parameters change for existing connections)."""
        m = self.synapse_model(model.name if isinstance(model, SynapseModel) else model)
        self._core.set_synapse_defaults(m.name, convert_defaults(m, params))

    def get_synapse_defaults(self, model, name=None):
        """The defaults of a synapse model here (NEST units): one value, or a dict of all."""
        m = self.synapse_model(model.name if isinstance(model, SynapseModel) else model)
        if name is not None:
            return self._core.synapse_default(m.name, _nest_name(name))
        names = ["weight", "delay"] + list(m.params)
        return {n: self._core.synapse_default(m.name, n) for n in names}

    def connection_memory(self):
        """Bytes held by the connections of each synapse model in use: {model: (bytes, connections)}."""
        return {name: (b, n) for name, b, n in self._core.connection_memory()}

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
        return ConnectionCollection(core, wunit, self.synapse_model)

    def simulate(self, T, progress=True):
        """Runs for T (continuing from where the network stands) and returns what was recorded."""
        return Result(self._core.simulate(_time_ms(T, "simulate", "T"), bool(progress)))

    def reset(self):
        """Brings time back to 0 and every state to its initial value, keeping the network."""
        self._core.reset()
