"""Plots of a Result with matplotlib, the counterparts of NEST's raster_plot and voltage_trace.

    import nestor.plot
    fig = nestor.plot.raster(res, sr, bin_width=5 * u.ms, path="raster.png")
    fig = nestor.plot.traces(res, mm, var="V_m", path="vm.png")

Both return the matplotlib Figure (a pyplot figure: plt.show() shows it; close it with plt.close(fig))
and, given path=, also save it there (PNG unless the name says otherwise).
"""

import numbers

import numpy as np

from . import units
from .errors import ArgumentTypeError, BadValueError


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


def _ms(value, what):
    v = units.to_nest(value, "ms", "plot", what)
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        raise ArgumentTypeError(f"plot: {what} = {value!r}: expected a time")
    return float(v)


def _finish(fig, path, dpi):
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=dpi)
    return fig


def rate_histogram(res, spike_recorder, bin_width=5.0 * units.ms):
    """The population rate of a spike recorder: (bin edges in ms, spikes/s per observed node per bin).

    Bins of bin_width cover the call from its start to its end (the last bin may be shorter and is
    then scaled by its own width); each rate is the bin's spike count / (width in s x observed nodes).
    NEST's raster_plot divides by the number of nodes that spiked instead, and bins from the first to
    the last spike."""
    width = _ms(bin_width, "bin_width")
    if not width > 0:
        raise BadValueError(f"plot: bin_width = {width} ms: expected a value > 0")
    t0 = float(units.get_mantissa(res.t_begin / units.ms))
    t_end = t0 + float(units.get_mantissa(res.duration / units.ms))
    n_full = int(np.floor((t_end - t0) / width + 1e-9))
    edges = t0 + width * np.arange(n_full + 1)
    if edges[-1] < t_end - 1e-9 * width:
        edges = np.append(edges, t_end)
    edges[-1] = t_end
    times = np.asarray(units.get_mantissa(res.spikes(spike_recorder)["times"] / units.ms), dtype=float)
    # bin k holds [edges[k], edges[k+1]) (as numpy's histogram, which NEST's raster_plot uses), robust
    # to the rounding of grid times; a spike at the very end belongs to the last bin
    k = np.clip(np.floor((times - t0) / width + 1e-9).astype(np.int64), 0, len(edges) - 2)
    counts = np.bincount(k, minlength=len(edges) - 1)
    n = max(res.n_watched(spike_recorder), 1)
    return edges, counts / (np.diff(edges) / 1000.0) / n


def raster(res, spike_recorder, bin_width=5.0 * units.ms, hist=True, title=None, path=None,
           figsize=(8, 5), dpi=100, marker_size=2.0, color="k"):
    """A raster plot (one dot per spike: time against sender) with the population rate below it, as
    NEST's raster_plot. bin_width: the histogram's bins (default 5 ms, as NEST); hist=False: the
    raster alone. The rate is per observed node (spike count / (bin width x n_watched)), over bins
    starting at the call's start. Returns the Figure; path= saves it."""
    plt = _pyplot()
    sp = res.spikes(spike_recorder)
    times = np.asarray(units.get_mantissa(sp["times"] / units.ms), dtype=float)
    senders = np.asarray(sp["senders"])
    if hist:
        fig, (ax, ax_h) = plt.subplots(2, 1, sharex=True, figsize=figsize,
                                       gridspec_kw={"height_ratios": [3, 1]})
    else:
        fig, ax = plt.subplots(1, 1, figsize=figsize)
    ax.plot(times, senders, ".", color=color, ms=marker_size)
    ax.set_ylabel("neuron id")
    ax.set_title(title if title is not None else f"{res.model(spike_recorder)}: {len(times)} spikes")
    if hist:
        edges, rate = rate_histogram(res, spike_recorder, bin_width)
        ax_h.bar(edges[:-1], rate, width=np.diff(edges), align="edge", color="0.4", edgecolor="none")
        ax_h.set_ylabel("rate (spikes/s)")
        ax_h.set_xlabel("time (ms)")
        ax_h.set_xlim(edges[0], edges[-1])
    else:
        ax.set_xlabel("time (ms)")
        t0 = float(units.get_mantissa(res.t_begin / units.ms))
        ax.set_xlim(t0, t0 + float(units.get_mantissa(res.duration / units.ms)))
    return _finish(fig, path, dpi)


def traces(res, multimeter, var="V_m", senders=None, title=None, path=None, figsize=(8, 4), dpi=100):
    """One line per recorded node of `var` against time, as NEST's voltage_trace; axes labelled with
    the time and the variable's unit. senders: node ids to draw (default: every recorded node).
    Returns the Figure; path= saves it."""
    plt = _pyplot()
    q = res.trace(multimeter, var)
    t = np.asarray(units.get_mantissa(res.sample_times(multimeter) / units.ms), dtype=float)
    values = np.asarray(q.magnitude, dtype=float)
    nodes = np.asarray(res.senders(multimeter))
    cols = range(len(nodes))
    if senders is not None:
        wanted = [int(s) for s in np.atleast_1d(senders)]
        missing = [s for s in wanted if s not in nodes.tolist()]
        if missing:
            raise BadValueError(f"plot.traces: {res.model(multimeter)} did not record node(s) {missing}")
        cols = [nodes.tolist().index(s) for s in wanted]
    fig, ax = plt.subplots(figsize=figsize)
    for c in cols:
        ax.plot(t, values[:, c], lw=0.8, label=f"node {nodes[c]}")
    unit = f"{q.units:~}"
    ax.set_xlabel("time (ms)")
    ax.set_ylabel(f"{var} ({unit})" if unit else var)
    ax.set_title(title if title is not None else f"{res.model(multimeter)}: {var}")
    if 1 < len(cols) <= 10:
        ax.legend(loc="upper right", fontsize="small")
    return _finish(fig, path, dpi)
