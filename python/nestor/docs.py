"""docs/models.md, generated from the models' own parameter tables (the engine's registry):

    /usr/bin/python3 -m nestor.docs > docs/models.md

tests/python/test_models_doc.py fails when the committed file differs from what this prints."""

import math

from . import models, synapses

KIND_TITLES = {
    "neuron": "Neuron models",
    "spike_generator": "Spike generators",
    "current_generator": "Current generators",
    "analog_recorder": "Recorders of state variables",
    "spike_recorder": "Spike recorders",
}


def _value(v):
    if isinstance(v, str):
        return v
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return "true" if v else "false"
    if hasattr(v, "__len__") and not isinstance(v, str):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    v = float(v)
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return f"{v:g}"


def _unit(unit):
    return "" if unit in ("1", "") else unit


def models_markdown():
    """The whole of docs/models.md as a string."""
    everything = models.all_models()
    by_kind = {}
    for name in sorted(everything):
        by_kind.setdefault(everything[name].kind, []).append(everything[name])
    out = [
        "# Models",
        "",
        "Generated from the models' parameter tables by `/usr/bin/python3 -m nestor.docs > docs/models.md`;",
        "do not edit by hand. Units are NEST's; a bare number given to `create` or `set` is in this unit.",
        "Parameters marked *state* are state variables that can be set as initial values.",
        "",
    ]
    for kind, title in KIND_TITLES.items():
        ms = by_kind.pop(kind, [])
        if ms:
            out.append(f"- {title}: " + ", ".join(f"[`{m.name}`](#{m.name})" for m in ms))
    for kind, ms in sorted(by_kind.items()):
        out.append(f"- {kind}: " + ", ".join(f"[`{m.name}`](#{m.name})" for m in ms))
    out.append("")
    for name in sorted(everything):
        m = everything[name]
        out += [f"## {name}", ""]
        facts = [f"kind: {m.kind}"]
        if m.kind == "neuron":
            facts.append(f"weights in {_unit(m.weight_unit) or 'plain numbers (dimensionless; parrots ignore them)'}")
        if m.recordables:
            facts.append("recordables: " + ", ".join(f"`{r}`" for r in m.recordables))
        out += ["; ".join(facts), ""]
        if not m.params:
            out += ["No parameters.", ""]
            continue
        out += ["| parameter | default | unit | meaning |", "|---|---|---|---|"]
        for p in m.params.values():
            doc = p["doc"] + (" (*state*)" if p["is_state"] else "")
            out.append(f"| `{p['name']}` | {_value(p['default'])} | {_unit(p['unit'])} | {doc} |")
        out.append("")
    out += synapses_markdown()
    return "\n".join(out)


def synapses_markdown():
    """The synapse models' section: per model its per-connection parameters, state and common ones."""
    everything = synapses.all_synapse_models()
    out = [
        "# Synapse models",
        "",
        "Passed to `connect` as `synapse=nestor.<model>(weight=..., delay=..., <parameters>)` or by name.",
        "Every synapse has a weight (the target's weight unit) and a delay (ms). *connection*: a parameter",
        "of each connection; *state*: per-connection state (an initial value at connect, read and set",
        "through get_connections); *common*: one value for all connections of the model (set_defaults /",
        "copy_model). Unit *weight*: the weight's unit.",
        "",
        "- " + ", ".join(f"[`{n}`](#{n})" for n in sorted(everything)),
        "",
    ]
    for name in sorted(everything):
        m = everything[name]
        out += [f"## {name}", "", m.doc, ""]
        if not m.params:
            out += ["Weight and delay only.", ""]
            continue
        out += ["| parameter | default | unit | scope | meaning |", "|---|---|---|---|---|"]
        for p in m.params.values():
            out.append(f"| `{p['name']}` | {_value(p['default'])} | {_unit(p['unit'])} | {p['scope']} | {p['doc']} |")
        out.append("")
    return out


if __name__ == "__main__":
    print(models_markdown(), end="")
