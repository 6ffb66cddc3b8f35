"""Random synapse parameters with NEST's names (nest.random.*): one value drawn per connection from
the Simulator's counter-based streams, so the same seed gives the same network for any thread count.

    sim.connect(a, b, rule=nestor.fixed_indegree(100),
                weight=nestor.random.normal(20. * u.pA, 2. * u.pA).redraw(0. * u.pA, 40. * u.pA),
                delay=nestor.random.uniform(1. * u.ms, 3. * u.ms))
"""

import math

from . import _core, units


class Distribution:
    def __init__(self, kind, a, b=0.0, lo=-math.inf, hi=math.inf, mode="none"):
        self.kind, self.a, self.b, self.lo, self.hi, self.mode = kind, a, b, lo, hi, mode

    def clip(self, min=-math.inf, max=math.inf):
        """Values below min or above max are set to the bound."""
        return Distribution(self.kind, self.a, self.b, min, max, "clip")

    def redraw(self, min=-math.inf, max=math.inf):
        """Values outside [min, max] are drawn again."""
        return Distribution(self.kind, self.a, self.b, min, max, "redraw")

    def __repr__(self):
        bounds = "" if self.mode == "none" else f".{self.mode}({self.lo}, {self.hi})"
        return f"nestor.random.{self.kind}({self.a}, {self.b}){bounds}"

    def _core(self, unit_name, what):
        """The engine's distribution with every number in NEST unit `unit_name`."""
        conv_unit = "1" if self.kind == "lognormal" else unit_name

        def num(x, label):
            if isinstance(x, float) and math.isinf(x):
                return x
            return float(units.to_nest(x, conv_unit if label in ("a", "b") else unit_name, "connect", f"{what} {label}"))

        return _core.Distribution(self.kind, num(self.a, "a"), num(self.b, "b"), num(self.lo, "min"),
                                  num(self.hi, "max"), self.mode)


def uniform(min=0.0, max=1.0):
    return Distribution("uniform", min, max)


def normal(mean=0.0, std=1.0):
    return Distribution("normal", mean, std)


def lognormal(mean=0.0, std=1.0):
    """exp(N(mean, std)): mean and std of the underlying normal (dimensionless, as in NEST); the values
    are in the parameter's NEST unit."""
    return Distribution("lognormal", mean, std)


def exponential(beta=1.0):
    """Exponential with scale (mean) beta."""
    return Distribution("exponential", beta)
