// Simulator and NodeCollection. Values arrive without units (the Python layer converted them to the
// parameters' NEST units); ids cross as numpy arrays.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "convert.hpp"
#include "nestor/errors.hpp"
#include "nestor/simulator.hpp"

namespace py = pybind11;

namespace nestor::py_bind {

namespace {
params to_params(const py::dict& kw) {
  params p;
  for (auto [k, v] : kw) {
    const auto name = k.cast<std::string>();
    try {
      p.emplace_back(name, to_value(v));
    } catch (const bad_argument& e) {
      throw bad_argument("parameter " + name + ": " + e.what());  // name what was refused
    }
  }
  return p;
}
}  // namespace

void bind_simulator(py::module_& m) {
  py::class_<NodeCollection>(m, "NodeCollection")
      .def("__len__", &NodeCollection::size)
      .def_property_readonly("global_ids",
                             [](const NodeCollection& nc) {
                               const auto& ids = nc.global_ids();
                               return py::array_t<std::int64_t>(static_cast<py::ssize_t>(ids.size()), ids.data());
                             })
      .def("slice", &NodeCollection::slice)
      .def("__add__", &NodeCollection::operator+)
      .def("model", &NodeCollection::model)
      .def("get",
           [](const NodeCollection& nc, const std::string& name) {
             py::list out;
             for (const auto& v : nc.get(name)) out.append(from_value(v));
             return out;
           })
      .def("set", [](const NodeCollection& nc, const py::dict& kw) { nc.set(to_params(kw)); })
      .def("same_simulator",
           [](const NodeCollection& a, const NodeCollection& b) { return a.kernel() == b.kernel(); });

  py::class_<Simulator>(m, "Simulator")
      .def(py::init([](double dt_ms, std::uint64_t seed, int threads) {
             return Simulator(time_q{dt_ms * 1e-3}, seed, threads);
           }),
           py::arg("dt_ms"), py::arg("seed"), py::arg("threads"))
      .def("create", [](Simulator& s, const std::string& model, std::size_t n,
                        const py::dict& kw) { return s.create(model, n, to_params(kw)); })
      .def("connect",
           [](Simulator& s, const NodeCollection& pre, const NodeCollection& post, const std::string& rule_name,
              const py::object& weight, const py::object& delay_ms, int receptor) {
             syn_spec syn;
             syn.weight = to_value(weight);
             syn.delay = to_value(delay_ms);
             syn.receptor_type = receptor;
             s.connect(pre, post, rule_name == "one_to_one" ? rule::one_to_one : rule::all_to_all, syn);
           })
      .def("weight_unit", &Simulator::weight_unit)
      .def(
          "simulate",
          [](Simulator& s, double T_ms, bool progress) {
            py::gil_scoped_release release;
            return s.simulate(time_q{T_ms * 1e-3}, progress);
          },
          py::arg("T_ms"), py::arg("progress"))
      .def("reset", &Simulator::reset)
      .def_property_readonly("dt", &Simulator::dt_ms)
      .def_property_readonly("time", &Simulator::time_ms)
      .def_property_readonly("num_connections", &Simulator::num_connections)
      .def_property_readonly("num_nodes", &Simulator::num_nodes);
}

}  // namespace nestor::py_bind
