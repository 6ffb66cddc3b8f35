// nestor._core: the typed C++ API, bound for the Python package (python/nestor). Each area binds in
// its own file; errors become the Python classes of nestor.errors.
#include <pybind11/pybind11.h>

namespace py = pybind11;

namespace nestor::py_bind {
void bind_errors(py::module_& m);
void bind_models(py::module_& m);
void bind_simulator(py::module_& m);
void bind_result(py::module_& m);
void bind_gap(py::module_& m);
}  // namespace nestor::py_bind

PYBIND11_MODULE(_core, m) {
  m.doc() = "nestor's C++ engine";
  nestor::py_bind::bind_errors(m);
  nestor::py_bind::bind_models(m);
  nestor::py_bind::bind_simulator(m);
  nestor::py_bind::bind_result(m);
  nestor::py_bind::bind_gap(m);  // after bind_simulator: it extends Simulator
}
