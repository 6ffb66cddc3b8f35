"""Gap junctions (NEST's gap_junction synapse) and the waveform-relaxation properties of a Simulator.

sim.connect(a, b, nestor.one_to_one, weight=w, synapse_model="gap_junction", make_symmetric=True)
couples a[k] and b[k] both ways with conductance w (nS): I_gap = w (V_other - V_self). As NEST, gap
junctions need symmetric connections (one_to_one with make_symmetric=True, all_to_all of a
population with itself and a scalar weight, or symmetric_pairwise_bernoulli(p) with make_symmetric=True), connect hh_psc_alpha_gap / hh_cond_beta_gap_traub nodes
only and have no delay. The engine side is src/core/gap_junctions.hpp.
"""

import numbers

import numpy as np

from . import units
from .errors import ArgumentTypeError, BadValueError, IllegalConnectionError
from .random import Distribution


def connect_gap(sim, pre, post, rule, weight, delay_given, make_symmetric, receptor_type, allow_autapses,
                allow_multapses, weight_recorder):
    """Simulator.connect for synapse_model="gap_junction" (checked and made by the engine)."""
    if delay_given:
        raise IllegalConnectionError("connect: synapse_model gap_junction: a gap junction has no delay "
                                     "(NEST: 'gap_junction connection has no delay')")
    if weight_recorder is not None:
        raise IllegalConnectionError("connect: synapse_model gap_junction: gap junctions do not report to a "
                                     "weight_recorder")
    if isinstance(weight, Distribution):
        raise BadValueError("connect: synapse_model gap_junction: the weight is a number or one number per "
                            "pair, not a random distribution")
    if rule.name not in ("one_to_one", "all_to_all", "symmetric_pairwise_bernoulli"):
        if make_symmetric:
            raise IllegalConnectionError(f"connect: make_symmetric: the rule {rule.name} does not support "
                                         "symmetric connections (NEST: one_to_one and symmetric_pairwise_bernoulli only)")
        raise IllegalConnectionError(
            "connect: synapse_model gap_junction requires symmetric connections: connect with one_to_one and "
            "make_symmetric=True, or all_to_all with the same nodes as sources and targets and a scalar "
            f"weight (NEST's rule for gap junctions; rule {rule.name} given)")
    w = np.asarray(units.to_nest(weight, "nS", "connect", "weight"), dtype=float)
    sim._core.connect_gap(pre._nc, post._nc, rule.name, rule.p, bool(allow_autapses), bool(allow_multapses),
                          bool(make_symmetric), w, int(receptor_type))


def _flag(value, name):
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"Simulator parameter {name} = {value!r}: expected True or False")
    return bool(value)


def _integer(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentTypeError(f"Simulator parameter {name} = {value!r}: expected an integer")
    return int(value)


def _real(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"Simulator parameter {name} = {value!r}: expected a number")
    return float(value)


class WaveformRelaxation:
    """NEST's kernel properties of the waveform relaxation that gap junctions are solved with (a part of
    Simulator): use_wfr (default True; only before nodes are created), wfr_comm_interval (1 ms; only with
    use_wfr, before connections are made, >= dt), wfr_tol (1e-4 mV, >= 0), wfr_max_iterations (15, > 0),
    wfr_interpolation_order (3; 0, 1 or 3). A value NEST refuses raises nestor.BadValueError."""

    def _set_wfr(self, use_wfr, wfr_comm_interval, wfr_tol, wfr_max_iterations, wfr_interpolation_order):
        self.use_wfr = use_wfr
        if wfr_comm_interval is not None:
            self.wfr_comm_interval = wfr_comm_interval
        self.wfr_tol = wfr_tol
        self.wfr_max_iterations = wfr_max_iterations
        self.wfr_interpolation_order = wfr_interpolation_order

    @property
    def use_wfr(self):
        """Whether gap junctions are iterated to convergence within each slice (NEST's use_wfr)."""
        return self._core.use_wfr

    @use_wfr.setter
    def use_wfr(self, flag):
        self._core.use_wfr = _flag(flag, "use_wfr")

    @property
    def wfr_comm_interval(self):
        """The interval at which gap junctions communicate with use_wfr (NEST's wfr_comm_interval)."""
        return self._core.wfr_comm_interval * units.ms

    @wfr_comm_interval.setter
    def wfr_comm_interval(self, interval):
        v = units.to_nest(interval, "ms", "Simulator", "wfr_comm_interval")
        self._core.wfr_comm_interval = _real(v, "wfr_comm_interval")

    @property
    def wfr_tol(self):
        """Convergence tolerance of the waveform relaxation in mV (NEST's wfr_tol)."""
        return self._core.wfr_tol

    @wfr_tol.setter
    def wfr_tol(self, tol):
        v = units.to_nest(tol, "mV", "Simulator", "wfr_tol")
        self._core.wfr_tol = _real(v, "wfr_tol")

    @property
    def wfr_max_iterations(self):
        """At most this many iterations per slice (NEST's wfr_max_iterations)."""
        return self._core.wfr_max_iterations

    @wfr_max_iterations.setter
    def wfr_max_iterations(self, n):
        n = _integer(n, "wfr_max_iterations")
        if n <= 0:
            raise BadValueError(f"Simulator parameter wfr_max_iterations = {n}: expected a positive integer")
        self._core.wfr_max_iterations = n

    @property
    def wfr_interpolation_order(self):
        """Order of the waveform polynomials: 0, 1 or 3 (NEST's wfr_interpolation_order)."""
        return self._core.wfr_interpolation_order

    @wfr_interpolation_order.setter
    def wfr_interpolation_order(self, order):
        self._core.wfr_interpolation_order = _integer(order, "wfr_interpolation_order")
