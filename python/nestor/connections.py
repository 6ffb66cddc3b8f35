"""ConnectionCollection: connections listed by Simulator.get_connections."""

import numpy as np

from . import units
from .errors import BadArgumentError, NestorError, UnknownParameterError
from .synapses import _nest_name

_FIELDS = ("source", "target", "weight", "delay", "receptor", "synapse_model")


class ConnectionCollection:
    def __init__(self, core, weight_unit, synapse_model):
        self._c = core
        self._weight_unit = weight_unit
        self._model = synapse_model  # name -> SynapseModel (this simulator's)
        self._present = None  # the models of these connections, once asked for

    def __len__(self):
        return len(self._c)

    def _models(self):
        """The synapse models of these connections (fixed for a listing: read once)."""
        if self._present is None:
            self._present = {m: self._model(m) for m in set(self._c.synapse_models())}
        return self._present

    def _fields(self):
        """The fields of these connections: the common ones and their synapse models' parameters."""
        names = list(_FIELDS)
        for m in self._models().values():
            names += [n for n in m.params if n not in names]
        return names

    def _unit(self, name):
        if name == "weight":
            return self._weight_unit
        if name == "delay":
            return "ms"
        for m in self._models().values():
            if name in m.params:
                u = m.params[name]["unit"]
                return self._weight_unit if u == "weight" else u
        raise UnknownParameterError(f"connections have no '{name}'; they have: {', '.join(self._fields())}")

    def _one(self, name):
        if name == "synapse_model":
            return np.asarray(self._c.synapse_models(), dtype=object)
        if name not in _FIELDS and name not in self._fields():
            raise UnknownParameterError(f"connections have no '{name}'; they have: {', '.join(self._fields())}")
        v = self._c.get(name)
        if name in ("source", "target", "receptor"):
            return v.astype(np.int64)
        return v

    def get(self, keys=None, output=None):
        """One field (a numpy array, in NEST units) or several (a dict of arrays, or a pandas DataFrame
        with output="pandas"). No keys: the common fields (source, target, weight, delay, receptor,
        synapse_model); a synapse model's parameters and state by name (lambda_ for NEST's lambda)."""
        if keys is None:
            keys = list(_FIELDS)
        if isinstance(keys, str) and output is None:
            return self._one(_nest_name(keys))
        names = [keys] if isinstance(keys, str) else list(keys)
        data = {k: self._one(_nest_name(k)) for k in names}
        if output == "pandas":
            import pandas as pd

            return pd.DataFrame(data)
        if output is not None:
            raise BadArgumentError(f"get: output = {output!r}: expected None or 'pandas'")
        return data

    def set(self, **params):
        """weight=..., delay=... and the synapse model's per-connection parameters and state: one value
        for all or one per connection. All or nothing: a refused value leaves every parameter unchanged."""
        values = {}
        for name, v in params.items():
            name = _nest_name(name)
            if name in ("source", "target", "receptor", "synapse_model"):
                raise UnknownParameterError(f"connections: cannot set '{name}'")
            unit = self._unit(name)
            values[name] = np.asarray(units.to_nest(v, unit, "connections", name), dtype=float)
        done = []  # (name, previous values) of the parameters already set
        try:
            for name, v in values.items():
                previous = self._c.get(name)
                self._c.set(name, v)  # the engine sets one parameter all or nothing
                done.append((name, previous))
        except NestorError:
            for name, previous in reversed(done):
                self._c.set(name, previous)
            raise

    def disconnect(self):
        """Removes these connections from the network."""
        self._c.disconnect()

    def __repr__(self):
        return f"ConnectionCollection({len(self)} connections)"
