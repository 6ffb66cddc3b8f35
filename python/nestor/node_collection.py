"""NodeCollection: the nodes returned by Simulator.create, with NEST's get/set, slicing and joining."""

import numpy as np

from . import units
from .errors import ArgumentTypeError, UnknownParameterError
from .models import get_model


class NodeCollection:
    """Node ids (starting at 1, in creation order) of one Simulator."""

    def __init__(self, core_nc):
        self._nc = core_nc

    def __len__(self):
        return len(self._nc)

    @property
    def global_ids(self):
        return self._nc.global_ids

    def __iter__(self):
        for k in range(len(self)):
            yield self[k]

    def __getitem__(self, key):
        if isinstance(key, slice):
            n = len(self)
            picked = range(*key.indices(n))
            if len(picked) == 0:
                return NodeCollection(self._nc.slice(0, 0, 1))
            # The core takes Python's raw slice bounds, where a negative stop counts from the end; a
            # descending slice that runs down to index 0 therefore needs a stop before the first node.
            stop = picked[-1] + picked.step
            if stop < 0:
                stop = -n - 1
            return NodeCollection(self._nc.slice(picked[0], stop, picked.step))
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
            n = len(self)
            if not -n <= key < n:
                raise IndexError(f"NodeCollection index {key} out of range for {n} nodes")
            k = int(key) % n
            return NodeCollection(self._nc.slice(k, k + 1, 1))
        raise ArgumentTypeError(f"NodeCollection indices must be integers or slices, not {type(key).__name__}")

    def __add__(self, other):
        if not isinstance(other, NodeCollection):
            raise ArgumentTypeError(f"can only join a NodeCollection with another, not {type(other).__name__}")
        return NodeCollection(self._nc + other._nc)

    def __eq__(self, other):
        return (
            isinstance(other, NodeCollection)
            and self._nc.same_simulator(other._nc)
            and np.array_equal(self.global_ids, other.global_ids)
        )

    def __hash__(self):
        return hash(tuple(self.global_ids))

    @property
    def model(self):
        return self._nc.model()

    def __repr__(self):
        if len(self) == 0:
            return "NodeCollection(empty)"
        ids = self.global_ids
        span = f"{ids[0]}..{ids[-1]}" if len(ids) > 1 else (str(ids[0]) if len(ids) else "")
        return f"NodeCollection({self.model}, {len(ids)} node(s), ids {span})"

    def _param(self, name):
        m = get_model(self._nc.base_model())
        if name not in m.params:
            raise UnknownParameterError(
                f"{m.name} has no parameter '{name}'; it has: {', '.join(m.params) or 'none'}"
            )
        return m.params[name]

    def get(self, name):
        """One value per node of parameter or state variable `name`, as a quantity in its NEST unit
        (arrays and names as lists). An empty collection gives an empty array."""
        if len(self) == 0:
            return np.zeros(0)
        p = self._param(name)
        vals = self._nc.get(name)
        if p["is_array"]:
            if p["unit"] in ("1",) or (vals and isinstance(vals[0], list)):
                return vals
            return [np.asarray(v) * units.nest_unit(p["unit"]) for v in vals]
        if vals and isinstance(vals[0], str):  # names such as record_to and label
            return vals
        if vals and isinstance(vals[0], bool):  # switches such as refractory_input
            return np.asarray(vals, dtype=bool)
        arr = np.asarray(vals, dtype=float)
        if p["unit"] == "1":
            return arr
        return arr * units.nest_unit(p["unit"])

    def set(self, **params):
        """Sets parameters: a scalar for every node, or one value per node."""
        if len(self) == 0:
            return
        self._nc.set(convert_params(get_model(self._nc.base_model()), params))


def convert_params(model, params):
    """Strips units from user parameters (checking each against its NEST unit)."""
    out = {}
    for name, v in params.items():
        if name not in model.params:
            raise UnknownParameterError(
                f"{model.name} has no parameter '{name}'; it has: {', '.join(model.params) or 'none'}"
            )
        out[name] = units.to_nest(v, model.params[name]["unit"], model.name, name)
    return out


def to_quantity(p, v):
    """One value from the engine (in the NEST unit of parameter description p) as the user sees it: a
    quantity, a plain number for dimensionless parameters, names and switches as they are."""
    if isinstance(v, (str, bool)) or (isinstance(v, list) and v and isinstance(v[0], str)):
        return v
    if isinstance(v, (list, tuple, np.ndarray)):
        v = np.asarray(v, dtype=float)
    if p["unit"] == "1":
        return v
    return (v if isinstance(v, np.ndarray) else float(v)) * units.nest_unit(p["unit"])
