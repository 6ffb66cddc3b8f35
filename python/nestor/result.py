"""Result: what one simulate() call recorded, as numpy views on the engine's buffers (no copy per
sample), with units.

Units: times are quantities in ms and recorded variables quantities in their NEST unit, in every
method (trace, spikes, events, ...); node ids, ports and counts are plain int64 arrays. events(rec,
units=False) gives NEST's bare numbers instead (ms, mV, pA, ...), exactly as NEST's rec.events.

A Result is saved whole with res.save(path) (a numpy .npz file) and read back with
nestor.Result.load(path); the loaded Result answers every method as the original did.
"""

import json

import numpy as np

from . import units

_units = units  # events() has a parameter called units
from .errors import ArgumentTypeError, BadArgumentError, UnknownParameterError

_FORMAT = "nestor.Result"
_VERSION = 1

# Named arrays (weight_recorder, detectors) that hold ids, ports or counts: int64 arrays in events().
INTEGER_ARRAYS = frozenset({"senders", "targets", "receptors", "ports", "rports", "n_events", "count_histogram",
                            "count_covariance", "state"})


def _recorder_id(rec):
    from .node_collection import NodeCollection

    if isinstance(rec, NodeCollection):
        if len(rec) != 1:
            raise BadArgumentError(f"expected a single recorder node, got {len(rec)} nodes")
        return int(rec.global_ids[0])
    if isinstance(rec, (int, np.integer)) and not isinstance(rec, bool):
        return int(rec)
    raise ArgumentTypeError(f"expected a recorder (NodeCollection), got {type(rec).__name__}")


def _unit(name):
    try:
        return units.nest_unit(name)
    except KeyError:
        return units.ureg.Unit(name)


class Result:
    def __init__(self, core_result):
        # core_result: the engine's _core.Result, or a _Stored one read by Result.load (same interface)
        self._r = core_result

    @property
    def times(self):
        """End-of-step times of the call (ms): the sample times at the default interval."""
        return units.Quantity(self._r.times, units.ms)

    @property
    def duration(self):
        """The length of the call (ms)."""
        return self._r.duration * units.ms

    @property
    def t_begin(self):
        """The time the call started from (ms); it ended at t_begin + duration."""
        return self._r.t_begin * units.ms

    @property
    def recorders(self):
        """Node ids of the recorders of this call."""
        return list(self._r.recorder_ids())

    def model(self, recorder):
        """The model name of a recorder ("spike_recorder", "multimeter", ...)."""
        return self._r.model(self._known(recorder))

    def _known(self, rec):
        rid = _recorder_id(rec)
        if rid not in self._r.recorder_ids():
            raise BadArgumentError(f"node {rid} is not a recorder")
        return rid

    def _rec(self, rec, analog):
        rid = self._known(rec)
        if self._r.is_analog(rid) != analog:
            kind = "samples" if self._r.is_analog(rid) else "spikes"
            raise BadArgumentError(f"{self._r.model(rid)} records {kind}; use the matching Result method")
        return rid

    def sample_times(self, recorder):
        """The times (ms) of this recorder's own samples."""
        return units.Quantity(self._r.sample_times(self._rec(recorder, True)), units.ms)

    def trace(self, recorder, var):
        """Samples x recorded nodes of `var`, as a quantity in its NEST unit."""
        rid = self._rec(recorder, True)
        names = self._r.vars(rid)
        if var not in names:
            raise UnknownParameterError(
                f"{self._r.model(rid)} did not record '{var}'; it recorded: {', '.join(names) or 'nothing'}"
            )
        k = names.index(var)
        return units.Quantity(self._r.samples(rid, k), units.nest_unit(self._r.units(rid)[k]))

    def senders(self, recorder):
        """Node ids of the recorded columns (analog) or of the spikes (spike recorder)."""
        rid = _recorder_id(recorder)
        return self._r.nodes(rid) if self._r.is_analog(rid) else self._r.senders(rid)

    def spikes(self, recorder):
        """NEST's event layout: {"senders": ids, "times": ms quantity}."""
        rid = self._rec(recorder, False)
        return {"senders": self._r.senders(rid), "times": units.Quantity(self._r.spike_times(rid), units.ms)}

    def events(self, recorder, units=True):
        """This recorder's events in NEST's layout (NEST's rec.events / GetStatus(rec, "events")).

        spike_recorder: {"senders", "times"}. multimeter/voltmeter: {"senders", "times", one entry per
        recorded variable}, one event per sample and node, in NEST's order: NEST hands a multimeter
        the samples of one min_delay slice at a time, node by node in connection order, each node's
        samples by time (one thread; NEST's min_delay is the network's smallest delay, at most the
        1 ms default delay of the recorders' own connections). Recorders with named arrays
        (weight_recorder: senders, targets, times, weights, receptors, ...; spin_detector; the
        correlation detectors: their status, see status()) give those arrays.
        Times and recorded values are quantities (ms, the variable's NEST unit); ids, ports and counts
        are int64 arrays. units=False: bare numbers in NEST's units, as NEST returns them."""
        rid = self._known(recorder)
        r = self._r
        out = {}
        if r.is_analog(rid):
            nodes = np.asarray(r.nodes(rid), dtype=np.int64)
            st = np.asarray(r.sample_times(rid), dtype=float)
            rows, cols = np.meshgrid(np.arange(len(st)), np.arange(len(nodes)), indexing="ij")
            rows, cols = rows.ravel(), cols.ravel()
            md = max(1, int(round(r.min_delay / r.dt))) if r.dt > 0 else 1
            stamp = np.rint(st / r.dt).astype(np.int64) if r.dt > 0 else np.arange(len(st))
            slice_of_row = (stamp - 1) // md
            order = np.lexsort((rows, cols, slice_of_row[rows]))
            rows, cols = rows[order], cols[order]
            out["senders"] = nodes[cols]
            out["times"] = st[rows]
            for k, (var, unit) in enumerate(zip(r.vars(rid), r.units(rid))):
                out[var] = np.asarray(r.samples(rid, k))[rows, cols]
            if units:
                out["times"] = _units.Quantity(out["times"], _units.ms)
                for var, unit in zip(r.vars(rid), r.units(rid)):
                    out[var] = _units.Quantity(out[var], _unit(unit))
            return out
        if r.array_names(rid):
            return self._named(rid, units)
        out["senders"] = np.asarray(r.senders(rid), dtype=np.int64)
        t = np.asarray(r.spike_times(rid), dtype=float)
        out["times"] = _units.Quantity(t, _units.ms) if units else t
        return out

    def _named(self, rid, with_units=True):
        """A recorder's named arrays under NEST's names ("senders" and "times" first when present):
        ids and counts as int64 arrays, "times" and arrays with a unit as quantities (with_units)."""
        r = self._r
        names = list(r.array_names(rid))
        names = [n for n in ("senders", "times") if n in names] + [n for n in names if n not in ("senders", "times")]
        out = {}
        for name in names:
            v = np.asarray(r.array(rid, name))
            unit = r.array_unit(rid, name)
            if name in INTEGER_ARRAYS:
                v = np.rint(v).astype(np.int64)
            elif with_units and (unit != "1" or name == "times"):
                v = _units.Quantity(v, _unit("ms" if unit == "1" else unit))
            out[name] = v
        return out

    def status(self, recorder, units=True):
        """A detector's state at the end of this call under NEST's status names (cumulative over calls,
        as NEST's GetStatus, until reset() or a change of its parameters): correlation_detector
        {histogram, histogram_correction, count_histogram, n_events}, correlomatrix_detector
        {covariance, count_covariance, n_events} (N_channels x N_channels x bins),
        correlospinmatrix_detector {count_covariance}."""
        rid = _recorder_id(recorder)
        if rid not in self._r.recorder_ids() or not self._r.array_names(rid):
            raise BadArgumentError(f"node {rid} is not a detector with a status")
        return self._named(rid, units)

    def n_events(self, recorder):
        rid = _recorder_id(recorder)
        if self._r.is_analog(rid):
            return len(self._r.sample_times(rid)) * len(self._r.nodes(rid))
        if "senders" in self._r.array_names(rid):  # weight_recorder, spin_detector
            return len(self._r.array(rid, "senders"))
        return len(self._r.senders(rid))

    def n_watched(self, recorder):
        """The number of nodes a spike recorder observes."""
        return int(self._r.n_watched(self._rec(recorder, False)))

    def rate(self, recorder):
        """Spikes per second per observed node over the call's duration (a float, in spikes/s)."""
        rid = self._rec(recorder, False)
        n = self._r.n_watched(rid)
        if n == 0:
            return 0.0
        return len(self._r.senders(rid)) / n / (self._r.duration / 1000.0)

    # ---- saving and loading -------------------------------------------------------------------------

    def save(self, path):
        """Writes the whole Result (every recorder: model, variables, units, samples, spikes, extra
        named arrays, n_watched; the call's times, duration and min_delay) to `path` as a numpy .npz file
        (written to exactly that name). Read it back with nestor.Result.load(path)."""
        r = self._r
        arrays = {"times": np.asarray(r.times, dtype=float)}
        recs = []
        for rid in r.recorder_ids():
            rid = int(rid)
            p = f"r{rid}_"
            names = list(r.array_names(rid))
            recs.append({"id": rid, "model": r.model(rid), "analog": bool(r.is_analog(rid)),
                         "vars": list(r.vars(rid)), "units": list(r.units(rid)),
                         "n_watched": int(r.n_watched(rid)),
                         "arrays": [{"name": n, "unit": r.array_unit(rid, n)} for n in names]})
            arrays[p + "nodes"] = np.asarray(r.nodes(rid), dtype=np.int64)
            arrays[p + "sample_times"] = np.asarray(r.sample_times(rid), dtype=float)
            arrays[p + "senders"] = np.asarray(r.senders(rid), dtype=np.int64)
            arrays[p + "spike_times"] = np.asarray(r.spike_times(rid), dtype=float)
            for k in range(len(r.vars(rid))):
                arrays[p + f"samples{k}"] = np.asarray(r.samples(rid, k), dtype=float)
            for k, name in enumerate(names):
                arrays[p + f"array{k}"] = np.asarray(r.array(rid, name), dtype=float)
        meta = {"format": _FORMAT, "version": _VERSION, "dt": float(r.dt), "t_begin": float(r.t_begin),
                "duration": float(r.duration), "min_delay": float(r.min_delay), "recorders": recs}
        arrays["meta"] = np.array(json.dumps(meta))
        with open(path, "wb") as f:
            np.savez_compressed(f, **arrays)
        return path

    @classmethod
    def load(cls, path):
        """A Result saved by Result.save."""
        return cls(_Stored(path))


class _Stored:
    """A saved Result, read back: the same interface as the engine's _core.Result."""

    def __init__(self, path):
        try:
            with np.load(path, allow_pickle=False) as z:
                data = {k: z[k] for k in z.files}
        except (OSError, ValueError) as e:
            raise BadArgumentError(f"Result.load: {path}: not a saved nestor Result ({e})") from None
        try:
            meta = json.loads(str(data.pop("meta")))
            ok = meta.get("format") == _FORMAT
        except (KeyError, ValueError, AttributeError):
            ok = False
        if not ok:
            raise BadArgumentError(f"Result.load: {path}: not a saved nestor Result")
        if meta["version"] > _VERSION:
            raise BadArgumentError(f"Result.load: {path}: format version {meta['version']} is newer than "
                                   f"this nestor reads ({_VERSION})")
        self.times = data["times"]
        self.dt, self.t_begin = meta["dt"], meta["t_begin"]
        self.duration, self.min_delay = meta["duration"], meta["min_delay"]
        self._recs = {}
        for rec in meta["recorders"]:
            p = f"r{rec['id']}_"
            rec = dict(rec)
            for key in ("nodes", "sample_times", "senders", "spike_times"):
                rec[key] = data[p + key]
            rec["samples"] = [data[p + f"samples{k}"] for k in range(len(rec["vars"]))]
            rec["values"] = {a["name"]: data[p + f"array{k}"] for k, a in enumerate(rec["arrays"])}
            rec["array_units"] = {a["name"]: a["unit"] for a in rec["arrays"]}
            self._recs[rec["id"]] = rec

    def _get(self, rid):
        try:
            return self._recs[int(rid)]
        except KeyError:
            raise BadArgumentError(f"node {rid} is not a recorder (or recorded nothing in this call)") from None

    def recorder_ids(self):
        return list(self._recs)

    def is_analog(self, rid):
        return self._get(rid)["analog"]

    def model(self, rid):
        return self._get(rid)["model"]

    def vars(self, rid):
        return list(self._get(rid)["vars"])

    def units(self, rid):
        return list(self._get(rid)["units"])

    def nodes(self, rid):
        return self._get(rid)["nodes"]

    def sample_times(self, rid):
        return self._get(rid)["sample_times"]

    def samples(self, rid, k):
        return self._get(rid)["samples"][k]

    def senders(self, rid):
        return self._get(rid)["senders"]

    def spike_times(self, rid):
        return self._get(rid)["spike_times"]

    def n_watched(self, rid):
        return self._get(rid)["n_watched"]

    def array_names(self, rid):
        return [a["name"] for a in self._get(rid)["arrays"]]

    def array_unit(self, rid, name):
        return self._get(rid)["array_units"][name]

    def array(self, rid, name):
        return self._get(rid)["values"][name]
