"""ConnectionCollection: connections listed by Simulator.get_connections."""

import numpy as np

from . import units
from .errors import BadArgumentError, NestorError, UnknownParameterError

_FIELDS = ("source", "target", "weight", "delay", "receptor", "synapse_model")


class ConnectionCollection:
    def __init__(self, core, weight_unit):
        self._c = core
        self._weight_unit = weight_unit

    def __len__(self):
        return len(self._c)

    def _one(self, name):
        if name not in _FIELDS:
            raise UnknownParameterError(f"connections have no '{name}'; they have: {', '.join(_FIELDS)}")
        if name == "synapse_model":
            rate = self._c.get("rate_connection")  # refuses a stale listing, as every other field does
            return np.where(np.asarray(rate) > 0, "rate_connection_delayed", "static_synapse").astype(object)
        v = self._c.get(name)
        if name in ("source", "target", "receptor"):
            return v.astype(np.int64)
        return v

    def get(self, keys=None, output=None):
        """One field (a numpy array, in NEST units) or several (a dict of arrays, or a pandas DataFrame
        with output="pandas"). No keys: every field."""
        if keys is None:
            keys = list(_FIELDS)
        if isinstance(keys, str) and output is None:
            return self._one(keys)
        names = [keys] if isinstance(keys, str) else list(keys)
        data = {k: self._one(k) for k in names}
        if output == "pandas":
            import pandas as pd

            return pd.DataFrame(data)
        if output is not None:
            raise BadArgumentError(f"get: output = {output!r}: expected None or 'pandas'")
        return data

    def set(self, **params):
        """weight=... and/or delay=...: one value for all or one per connection. All or nothing: a
        refused value leaves every parameter unchanged."""
        values = {}
        for name, v in params.items():
            if name not in ("weight", "delay"):
                raise UnknownParameterError(f"static_synapse: cannot set '{name}'; settable: weight, delay")
            unit = "ms" if name == "delay" else self._weight_unit
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
