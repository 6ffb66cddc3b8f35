#pragma once
// nestor: a spiking neural network simulator that speaks NEST's vocabulary.
#include "nestor/errors.hpp"
#include "nestor/models.hpp"
#include "nestor/node_collection.hpp"
#include "nestor/result.hpp"
#include "nestor/simulator.hpp"
#include "nestor/units.hpp"
