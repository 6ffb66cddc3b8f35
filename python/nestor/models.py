"""The model directory as Python objects: nestor.iaf_psc_alpha, nestor.voltmeter, ... (one Model per
registered model, made from the engine's own parameter tables)."""

from . import _core


class Model:
    """A model of the directory; pass it to Simulator.create (or pass its name)."""

    def __init__(self, info):
        self.name = info["name"]
        self.kind = info["kind"]
        self.params = {p["name"]: p for p in info["params"]}
        self.recordables = list(info["recordables"])
        self.weight_unit = info["weight_unit"]

    def __repr__(self):
        return f"<nestor model {self.name} ({self.kind})>"

    def defaults(self):
        """{name: (default, unit)} for every parameter and state variable."""
        return {n: (p["default"], p["unit"]) for n, p in self.params.items()}


class CopiedModel(Model):
    """A model made by Simulator.copy_model: the nodes of `base` (a built-in Model) with the defaults the
    Simulator that made it holds for `name`. It belongs to that Simulator only."""

    def __init__(self, base, name, owner):
        self.__dict__.update(base.__dict__)
        self.name = name
        self.base = base
        self._owner = owner  # the _core.Simulator that knows this copy

    def __repr__(self):
        return f"<nestor model {self.name} (copy of {self.base.name}, {self.kind})>"

    def defaults(self):
        """{name: (default, unit)} for every parameter and state variable, as this copy's Simulator
        holds them now."""
        return {n: (self._owner.get_defaults(self.name, n), p["unit"]) for n, p in self.params.items()}


_cache = {}


def get_model(model):
    """The Model for a Model object or a model name; unknown names raise UnknownModelError."""
    from .errors import ArgumentTypeError

    if isinstance(model, Model):
        return model
    if not isinstance(model, str):
        raise ArgumentTypeError(f"model: expected a nestor model or its name, got {type(model).__name__}")
    if model not in _cache:
        _cache[model] = Model(_core.describe_model(model))
    return _cache[model]


def all_models():
    return {name: get_model(name) for name in _core.model_names()}
