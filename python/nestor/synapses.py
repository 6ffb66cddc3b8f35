"""Synapse models as Python objects: nestor.stdp_synapse, nestor.tsodyks2_synapse, ... (one SynapseModel per
built-in synapse model, made from the engine's own tables). Calling one gives a SynapseSpec for connect:

    sim.connect(pre, post, nestor.all_to_all,
                synapse=nestor.stdp_synapse(weight=20.0, delay=1.5 * u.ms, tau_plus=15 * u.ms, lambda_=0.005))

Names that are Python keywords take a trailing underscore (lambda_ is NEST's lambda)."""

import numbers

from . import _core, units
from .errors import ArgumentTypeError, DimensionError, UnknownModelError, UnknownParameterError
from .random import Distribution


def _nest_name(name):
    return name[:-1] if name.endswith("_") and name[:-1] in ("lambda",) else name


class SynapseModel:
    """A synapse model: pass it (or its name) to connect's `synapse`, or call it with parameters."""

    def __init__(self, info):
        self.name = info["name"]
        self.doc = info["doc"]
        self.params = {p["name"]: p for p in info["params"]}
        self.common_weight = bool(info.get("common_weight", False))  # set with set_defaults / copy_model

    def __call__(self, weight=None, delay=None, receptor_type=None, weight_recorder=None, **params):
        return SynapseSpec(self, weight, delay, receptor_type, weight_recorder,
                           {_nest_name(k): v for k, v in params.items()})

    def __repr__(self):
        return f"<nestor synapse model {self.name}>"

    def defaults(self):
        """{name: (default, unit)} of the per-connection parameters, state and common parameters."""
        return {n: (p["default"], p["unit"]) for n, p in self.params.items()}


class SynapseSpec:
    """A synapse model with values for connect(): weight, delay, receptor_type, weight_recorder and
    the model's parameters (scalars, arrays as weights take them, or nestor.random distributions)."""

    def __init__(self, model, weight, delay, receptor_type, weight_recorder, params):
        self.model = model
        self.weight, self.delay = weight, delay
        self.receptor_type, self.weight_recorder = receptor_type, weight_recorder
        for name in params:
            if name not in model.params:
                raise UnknownParameterError(
                    f"{model.name} has no parameter '{name}'; it has: weight, delay, {', '.join(model.params)}")
            if model.params[name]["scope"] == "common":
                raise ArgumentTypeError(
                    f"{model.name} parameter {name} is common to all its connections: set it with "
                    f"sim.set_defaults({model.name}, {name}=...) or sim.copy_model")
        self.params = params

    def __repr__(self):
        return f"<nestor synapse {self.model.name} {self.params}>"


_cache = {}


def builtin_synapse(name):
    if name not in _cache:
        _cache[name] = SynapseModel(_core.describe_synapse_model(name))
    return _cache[name]


def all_synapse_models():
    return {name: builtin_synapse(name) for name in _core.synapse_model_names()}


def weight_like(v, owner, param):
    """A weight-valued default without a target: a number (the target's NEST unit) or pA, nS, mV."""
    if not units.is_quantity(v):
        return units.to_nest(v, "1", owner, param)
    for u in ("pA", "nS", "mV"):
        try:
            return units.to_nest(v, u, owner, param)
        except DimensionError:
            pass
    raise DimensionError(f"{owner} parameter {param}: expected a weight (a number, or a quantity in pA, nS or mV)")


def convert_defaults(model, params):
    """Strips units from set_defaults / copy_model values of a synapse model."""
    out = {}
    for name, v in params.items():
        name = _nest_name(name)
        if name == "weight_recorder":  # NEST's common property: the node id of a weight_recorder
            if hasattr(v, "global_ids"):
                if len(v) != 1:
                    raise ArgumentTypeError(f"{model.name} parameter weight_recorder: expected one weight_recorder node")
                v = int(v.global_ids[0])
            if isinstance(v, bool) or not isinstance(v, numbers.Integral):
                raise ArgumentTypeError(f"{model.name} parameter weight_recorder: expected a weight_recorder node")
            out[name] = int(v)
        elif name == "weight":
            out[name] = weight_like(v, model.name, name)
        elif name == "delay":
            out[name] = units.to_nest(v, "ms", model.name, name)
        elif name in model.params and hasattr(v, "global_ids"):
            # a node as a parameter (NEST's vt: the volume_transmitter): a NodeCollection of one node
            if len(v) != 1:
                raise ArgumentTypeError(f"{model.name} parameter {name}: expected one node, got {len(v)}")
            out[name] = float(v.global_ids[0])
        elif name in model.params:
            unit = model.params[name]["unit"]
            out[name] = weight_like(v, model.name, name) if unit == "weight" else units.to_nest(v, unit, model.name, name)
        else:
            raise UnknownParameterError(
                f"{model.name} has no parameter '{name}'; it has: weight, delay, {', '.join(model.params)}")
    return out


def convert_for_connect(model, params, weight_unit, syn_value):
    """The per-connection values of a SynapseSpec in NEST units (weight-valued ones in weight_unit)."""
    out = {}
    for name, v in params.items():
        unit = model.params[name]["unit"]
        out[name] = syn_value(v, weight_unit if unit == "weight" else unit, name)
    return out
