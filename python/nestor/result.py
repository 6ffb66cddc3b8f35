"""Result: what one simulate() call recorded, as numpy views on the engine's buffers (no copy per
sample), with units."""

import numpy as np

from . import units
from .errors import ArgumentTypeError, BadArgumentError, UnknownParameterError


def _recorder_id(rec):
    from .node_collection import NodeCollection

    if isinstance(rec, NodeCollection):
        if len(rec) != 1:
            raise BadArgumentError(f"expected a single recorder node, got {len(rec)} nodes")
        return int(rec.global_ids[0])
    if isinstance(rec, (int, np.integer)) and not isinstance(rec, bool):
        return int(rec)
    raise ArgumentTypeError(f"expected a recorder (NodeCollection), got {type(rec).__name__}")


class Result:
    def __init__(self, core_result):
        self._r = core_result

    @property
    def times(self):
        """End-of-step times of the call (ms): the sample times at the default interval."""
        return units.Quantity(self._r.times, units.ms)

    @property
    def duration(self):
        return self._r.duration * units.ms

    def _rec(self, rec, analog):
        rid = _recorder_id(rec)
        if rid not in self._r.recorder_ids():
            raise BadArgumentError(f"node {rid} is not a recorder")
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

    def n_events(self, recorder):
        rid = _recorder_id(recorder)
        if self._r.is_analog(rid):
            return len(self._r.sample_times(rid)) * len(self._r.nodes(rid))
        if "senders" in self._r.array_names(rid):  # weight_recorder, spin_detector
            return len(self._r.array(rid, "senders"))
        return len(self._r.senders(rid))

    def rate(self, recorder):
        """Spikes per second per observed node over the call's duration (a float, in spikes/s)."""
        rid = self._rec(recorder, False)
        n = self._r.n_watched(rid)
        if n == 0:
            return 0.0
        return len(self._r.senders(rid)) / n / (self._r.duration / 1000.0)

    # Recorders whose data are named arrays (weight_recorder, spin_detector, correlation detectors):
    # NEST's names, each a numpy view; "times" in ms as a quantity.
    def _named(self, rid):
        out = {}
        for name in self._r.array_names(rid):
            a = self._r.array(rid, name)
            unit = self._r.array_unit(rid, name)
            out[name] = units.Quantity(a, units.nest_unit(unit)) if unit != "1" else a
        return out

    def events(self, recorder):
        """NEST's events of a recorder in this call: weight_recorder {senders, targets, times, weights,
        receptors}, spin_detector {senders, times, state}, spike_recorder {senders, times}. For the
        correlation detectors, their status (see status())."""
        rid = _recorder_id(recorder)
        if rid not in self._r.recorder_ids():
            raise BadArgumentError(f"node {rid} is not a recorder")
        if self._r.array_names(rid):
            return self._named(rid)
        return self.spikes(recorder)

    def status(self, recorder):
        """A detector's state at the end of this call under NEST's status names (cumulative over calls,
        as NEST's GetStatus, until reset() or a change of its parameters): correlation_detector
        {histogram, histogram_correction, count_histogram, n_events}, correlomatrix_detector
        {covariance, count_covariance, n_events} (N_channels x N_channels x bins),
        correlospinmatrix_detector {count_covariance}."""
        rid = _recorder_id(recorder)
        if rid not in self._r.recorder_ids() or not self._r.array_names(rid):
            raise BadArgumentError(f"node {rid} is not a detector with a status")
        return self._named(rid)

