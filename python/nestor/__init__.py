"""nestor: a spiking neural network simulator that speaks NEST's vocabulary.

    import nestor
    from nestor import units as u
    sim = nestor.Simulator(dt=0.1 * u.ms)
    neuron = sim.create(nestor.iaf_psc_alpha, 1, I_e=376. * u.pA)
    vm = sim.create(nestor.voltmeter)
    sim.connect(vm, neuron)
    res = sim.simulate(1000. * u.ms)
"""

from . import units
from .errors import (
    ArgumentTypeError,
    BadArgumentError,
    BadDelayError,
    BadValueError,
    DimensionError,
    FileError,
    IllegalConnectionError,
    NestorError,
    NumericalError,
    UnknownModelError,
    UnknownParameterError,
)
from .models import Model, all_models, get_model
from .node_collection import NodeCollection
from .result import Result
from . import random
from .connections import ConnectionCollection
from .rules import (
    Rule,
    all_to_all,
    explicit,
    fixed_indegree,
    fixed_outdegree,
    fixed_total_number,
    one_to_one,
    pairwise_bernoulli,
    pairwise_poisson,
    symmetric_pairwise_bernoulli,
)
from .simulator import Simulator
from .synapses import SynapseModel, SynapseSpec, all_synapse_models

# One module attribute per model of the directory: nestor.iaf_psc_alpha, nestor.voltmeter, ...
for _name, _model in all_models().items():
    globals()[_name] = _model
for _name, _model in all_synapse_models().items():
    globals()[_name] = _model
del _name, _model

__version__ = "0.1.0"
