"""Simulator: create, connect, simulate, in NEST's vocabulary; the time loop runs in C++."""

import numbers

import numpy as np

from . import _core, units
from .errors import ArgumentTypeError, BadValueError
from .models import get_model
from .node_collection import NodeCollection, convert_params
from .result import Result


class Rule:
    """A connection rule (nestor.all_to_all, nestor.one_to_one)."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"nestor.{self.name}"


all_to_all = Rule("all_to_all")
one_to_one = Rule("one_to_one")
_RULES = {"all_to_all": all_to_all, "one_to_one": one_to_one}


def _time_ms(value, owner, param):
    v = units.to_nest(value, "ms", owner, param)
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        raise ArgumentTypeError(f"{owner} parameter {param}: expected a time, got {type(value).__name__}")
    return float(v)


class Simulator:
    """One network and its clock.

    dt: resolution (a time; a bare number is in ms). seed: seeds every random stream. threads: 1.
    """

    def __init__(self, dt=0.1 * units.ms, seed=0, threads=1):
        dt_ms = _time_ms(dt, "Simulator", "dt")
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
            raise BadValueError(f"Simulator parameter seed = {seed!r}: expected a non-negative integer")
        if isinstance(threads, bool) or not isinstance(threads, numbers.Integral):
            raise ArgumentTypeError(f"Simulator parameter threads = {threads!r}: expected an integer")
        self._core = _core.Simulator(dt_ms, int(seed), int(threads))

    @property
    def dt(self):
        return self._core.dt * units.ms

    @property
    def time(self):
        """The current time of the network."""
        return self._core.time * units.ms

    @property
    def num_connections(self):
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

    def connect(self, pre, post, rule=all_to_all, weight=1.0, delay=1.0 * units.ms, receptor_type=0):
        """Connects pre to post. weight: a scalar, one value per source node, or a (len(post) x
        len(pre)) array; delay likewise (rounded to the grid, at least dt). Recorders: connect(voltmeter,
        neurons) and connect(neurons, spike_recorder)."""
        for which, nc in (("pre", pre), ("post", post)):
            if not isinstance(nc, NodeCollection):
                raise ArgumentTypeError(f"connect: {which} must be a NodeCollection, got {type(nc).__name__}")
        if isinstance(rule, str):
            if rule not in _RULES:
                raise BadValueError(f"connect: unknown rule '{rule}'; known rules: {', '.join(_RULES)}")
            rule = _RULES[rule]
        if not isinstance(rule, Rule):
            raise ArgumentTypeError(f"connect: rule must be a nestor rule, got {type(rule).__name__}")
        wunit = self._core.weight_unit(pre._nc, post._nc)
        w = units.to_nest(weight, wunit, "connect", "weight")
        d = units.to_nest(delay, "ms", "connect", "delay")
        if isinstance(receptor_type, bool) or not isinstance(receptor_type, numbers.Integral):
            raise ArgumentTypeError(f"connect: receptor_type = {receptor_type!r}: expected an integer port")
        self._core.connect(pre._nc, post._nc, rule.name, np.asarray(w, dtype=float), np.asarray(d, dtype=float),
                           int(receptor_type))

    def simulate(self, T, progress=True):
        """Runs for T (continuing from where the network stands) and returns what was recorded."""
        return Result(self._core.simulate(_time_ms(T, "simulate", "T"), bool(progress)))

    def reset(self):
        """Brings time back to 0 and every state to its initial value, keeping the network."""
        self._core.reset()
