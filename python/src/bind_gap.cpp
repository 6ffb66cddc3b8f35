// Gap junctions: the connect call for synapse_model "gap_junction" and the Simulator's
// waveform-relaxation properties (NEST's use_wfr, wfr_comm_interval, wfr_tol, wfr_max_iterations,
// wfr_interpolation_order). Values arrive in NEST's units (nS, ms).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "convert.hpp"
#include "nestor/simulator.hpp"

namespace py = pybind11;

namespace nestor::py_bind {

void bind_gap(py::module_& m) {
  auto sim = py::reinterpret_borrow<py::class_<Simulator>>(m.attr("Simulator"));
  sim.def("connect_gap",
          [](Simulator& s, const NodeCollection& pre, const NodeCollection& post,
             const std::string& rule_name, double p, bool allow_autapses, bool allow_multapses,
             bool make_symmetric, const py::object& weight_nS, int receptor) {
            conn_spec c(rule_name == "one_to_one"   ? rule::one_to_one
                        : rule_name == "all_to_all" ? rule::all_to_all
                                                    : rule::symmetric_pairwise_bernoulli);
            c.p = p;
            c.allow_autapses = allow_autapses;
            c.allow_multapses = allow_multapses;
            c.make_symmetric = make_symmetric;
            syn_spec syn;
            syn.weight = to_value(weight_nS);
            syn.receptor_type = receptor;
            syn.gap_junction = true;
            s.connect(pre, post, c, syn);
          })
      .def_property("use_wfr", &Simulator::use_wfr, &Simulator::set_use_wfr)
      .def_property("wfr_comm_interval", &Simulator::wfr_comm_interval_ms,
                    [](Simulator& s, double ms) { s.set_wfr_comm_interval(time_q{ms * 1e-3}); })
      .def_property("wfr_tol", &Simulator::wfr_tol, &Simulator::set_wfr_tol)
      .def_property("wfr_max_iterations", &Simulator::wfr_max_iterations, &Simulator::set_wfr_max_iterations)
      .def_property("wfr_interpolation_order", &Simulator::wfr_interpolation_order,
                    &Simulator::set_wfr_interpolation_order);
}

}  // namespace nestor::py_bind
