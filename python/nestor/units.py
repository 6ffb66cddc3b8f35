"""Physical units for nestor, on pint (Debian's python3-pint).

    from nestor import units as u
    dt = 0.1 * u.ms
    rates = [80000., 15000.] * u.Hz          # quantities over numpy arrays
    u.get_mantissa(res.times / u.ms)         # the bare numbers

A bare number given to a parameter means that parameter's NEST unit (ms, mV, pA, pF, nS, Hz, MOhm).
"""

import sys

import numpy as np

from .errors import DimensionError

# pint's compatibility layer imports pandas, xarray and dask when they are installed (about 0.15 s, the
# larger part of `import nestor`); nestor needs none of pint's integrations with them, so they are
# hidden while pint loads unless the user has imported them already.
_hidden = [m for m in ("pandas", "xarray", "dask") if m not in sys.modules]
for _m in _hidden:
    sys.modules[_m] = None
try:
    import pint
finally:
    for _m in _hidden:
        sys.modules.pop(_m, None)


def _registry():
    try:  # pint caches its parsed definitions (a few ms instead of ~50 ms) where it can write
        return pint.UnitRegistry(cache_folder=":auto:")
    except Exception:  # pragma: no cover - an unwritable cache directory
        return pint.UnitRegistry()


ureg = _registry()
ureg.define("MOhm = megaohm")
Quantity = ureg.Quantity

ms = ureg.ms
second = ureg.second
s = ureg.second
mV = ureg.mV
V = ureg.volt
pA = ureg.pA
nA = ureg.nA
pF = ureg.pF
nS = ureg.nS
Hz = ureg.Hz
kHz = ureg.kHz
MOhm = ureg.MOhm
dimensionless = ureg.dimensionless

# NEST's unit names as the engine reports them, as pint units.
_NEST_UNITS = {"ms": ms, "mV": mV, "pA": pA, "pF": pF, "nS": nS, "Hz": Hz, "MOhm": MOhm, "1": dimensionless}


def nest_unit(name):
    """The pint unit for a NEST unit name ("ms", "mV", ..., "1")."""
    return _NEST_UNITS[name]


def is_quantity(x):
    return isinstance(x, pint.Quantity)


def get_mantissa(q):
    """The bare number(s) of a quantity; a dimensionless ratio (e.g. t / u.ms) is reduced first.
    Anything that is not a quantity is returned unchanged."""
    if isinstance(q, pint.Quantity):
        if q.dimensionless:
            return q.to(dimensionless).magnitude
        return q.magnitude
    return q


def to_nest(value, unit_name, owner, param):
    """Converts a user's value to the bare number(s) in NEST unit `unit_name`, refusing a quantity of
    the wrong dimension with an error that names the parameter and the expected unit."""
    if isinstance(value, pint.Quantity):
        target = _NEST_UNITS[unit_name]
        try:
            return value.to(target).magnitude
        except pint.DimensionalityError:
            expected = "a dimensionless number" if unit_name == "1" else f"a quantity in {unit_name}"
            raise DimensionError(
                f"{owner} parameter {param}: expected {expected}, got {value:~} ({value.dimensionality})"
            ) from None
    if isinstance(value, (list, tuple)) and any(isinstance(v, pint.Quantity) for v in value):
        return np.array([to_nest(v, unit_name, owner, param) for v in value], dtype=float)
    return value
