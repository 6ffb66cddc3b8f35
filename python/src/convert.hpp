#pragma once
// Conversions between Python objects and nestor::value. The Python layer has already stripped units
// (a bare number is in the parameter's NEST unit), so values cross as numbers, arrays and strings.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "nestor/units.hpp"

namespace nestor::py_bind {

namespace py = pybind11;

/// bool, int, float, str, a sequence of str, or anything numpy turns into a float64 array.
value to_value(const py::handle& obj);
/// A float, a 1-D numpy array, or a list of str.
py::object from_value(const value& v);

}  // namespace nestor::py_bind
