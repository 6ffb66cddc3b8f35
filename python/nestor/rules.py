"""NEST's connection rules, as values for Simulator.connect(..., rule=...)."""

import numbers

import numpy as np

from .errors import ArgumentTypeError


class Rule:
    """A connection rule with its parameters."""

    def __init__(self, name, n=0, p=0.0, sources=(), targets=()):
        self.name = name
        self.n = n
        self.p = p
        self.sources = sources
        self.targets = targets

    def __repr__(self):
        args = {
            "fixed_indegree": f"({self.n})",
            "fixed_outdegree": f"({self.n})",
            "fixed_total_number": f"({self.n})",
            "pairwise_bernoulli": f"({self.p})",
            "symmetric_pairwise_bernoulli": f"({self.p})",
            "pairwise_poisson": f"({self.p})",
            "explicit": f"({len(self.sources)} edges)",
        }.get(self.name, "")
        return f"nestor.{self.name}{args}"


def _count(value, rule, what):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentTypeError(f"{rule}: {what} = {value!r}: expected an integer")
    return int(value)


def _number(value, rule, what):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"{rule}: {what} = {value!r}: expected a number")
    return float(value)


all_to_all = Rule("all_to_all")
one_to_one = Rule("one_to_one")


def fixed_indegree(indegree):
    """Each target gets `indegree` sources drawn at random."""
    return Rule("fixed_indegree", n=_count(indegree, "fixed_indegree", "indegree"))


def fixed_outdegree(outdegree):
    """Each source gets `outdegree` targets drawn at random."""
    return Rule("fixed_outdegree", n=_count(outdegree, "fixed_outdegree", "outdegree"))


def fixed_total_number(N):
    """N connections between pairs drawn at random."""
    return Rule("fixed_total_number", n=_count(N, "fixed_total_number", "N"))


def pairwise_bernoulli(p):
    """Each pair is connected with probability p."""
    return Rule("pairwise_bernoulli", p=_number(p, "pairwise_bernoulli", "p"))


def symmetric_pairwise_bernoulli(p):
    """Each unordered pair is connected both ways with probability p (needs allow_autapses=False and the
    same nodes as sources and targets)."""
    return Rule("symmetric_pairwise_bernoulli", p=_number(p, "symmetric_pairwise_bernoulli", "p"))


def pairwise_poisson(pairwise_avg_num_conns):
    """Each pair gets a Poisson number of connections with this mean."""
    return Rule("pairwise_poisson", p=_number(pairwise_avg_num_conns, "pairwise_poisson", "pairwise_avg_num_conns"))


def explicit(sources, targets):
    """The edges sources[k] -> targets[k] (node ids)."""
    s = np.asarray(sources)
    t = np.asarray(targets)
    for what, a in (("sources", s), ("targets", t)):
        if a.ndim != 1 or (a.size and not np.issubdtype(a.dtype, np.integer)):
            raise ArgumentTypeError(f"explicit: {what} must be a 1-D array of node ids")
    return Rule("explicit", sources=[int(x) for x in s], targets=[int(x) for x in t])


RULES = {"all_to_all": all_to_all, "one_to_one": one_to_one}
