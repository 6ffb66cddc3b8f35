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
rule rule_from_name(const std::string& name) {
  static const std::pair<const char*, rule> rules[] = {
      {"all_to_all", rule::all_to_all},
      {"one_to_one", rule::one_to_one},
      {"fixed_indegree", rule::fixed_indegree},
      {"fixed_outdegree", rule::fixed_outdegree},
      {"fixed_total_number", rule::fixed_total_number},
      {"pairwise_bernoulli", rule::pairwise_bernoulli},
      {"symmetric_pairwise_bernoulli", rule::symmetric_pairwise_bernoulli},
      {"pairwise_poisson", rule::pairwise_poisson},
      {"explicit", rule::explicit_edges},
  };
  for (const auto& [n, r] : rules)
    if (name == n) return r;
  throw bad_argument("connect: unknown rule '" + name + "'");
}

syn_param to_syn_param(const py::object& obj, const char* what) {
  if (py::isinstance<distribution>(obj)) return obj.cast<distribution>();
  try {
    return to_value(obj);
  } catch (const bad_argument& e) {
    throw bad_argument(std::string("connect parameter ") + what + ": " + e.what());
  }
}
}  // namespace

void bind_simulator(py::module_& m) {
  py::class_<distribution>(m, "Distribution")
      .def(py::init(
          [](const std::string& kind, double a, double b, double lo, double hi, const std::string& mode) {
            distribution d;
            if (kind == "uniform")
              d.k = distribution::kind::uniform;
            else if (kind == "normal")
              d.k = distribution::kind::normal;
            else if (kind == "lognormal")
              d.k = distribution::kind::lognormal;
            else if (kind == "exponential")
              d.k = distribution::kind::exponential;
            else
              throw bad_argument("unknown distribution '" + kind + "'");
            d.a = value(a), d.b = value(b), d.lo = value(lo), d.hi = value(hi);
            d.mode = mode == "clip"     ? distribution::bounds::clip
                     : mode == "redraw" ? distribution::bounds::redraw
                                        : distribution::bounds::none;
            return d;
          }));

  py::class_<ConnectionCollection>(m, "ConnectionCollection")
      .def("__len__", &ConnectionCollection::size)
      .def("get",
           [](const ConnectionCollection& c, const std::string& name) {
             const auto v = c.get(name);
             return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data());
           })
      .def("set", [](ConnectionCollection& c, const std::string& name,
                     const py::object& v) { c.set(name, to_value(v)); })
      .def("disconnect", &ConnectionCollection::disconnect)
      .def("synapse_models", &ConnectionCollection::synapse_models);

  py::class_<NodeCollection>(m, "NodeCollection")
      .def("__len__", &NodeCollection::size)
      .def_property_readonly("global_ids",
                             [](const NodeCollection& nc) {
                               const auto& ids = nc.global_ids();
                               return py::array_t<std::int64_t>(static_cast<py::ssize_t>(ids.size()),
                                                                ids.data());
                             })
      .def("slice", &NodeCollection::slice)
      .def("__add__", &NodeCollection::operator+)
      .def("model", &NodeCollection::model)
      .def("base_model", &NodeCollection::base_model)
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
      .def(
          "connect",
          [](Simulator& s, const NodeCollection& pre, const NodeCollection& post,
             const std::string& rule_name, std::int64_t n, double p, std::vector<std::int64_t> sources,
             std::vector<std::int64_t> targets, bool allow_autapses, bool allow_multapses,
             const py::object& weight, const py::object& delay_ms, int receptor, std::int64_t weight_recorder,
             bool rate_synapse, const std::string& synapse_model, const py::dict& synapse_params) {
            conn_spec c(rule_from_name(rule_name));
            c.n = n;
            c.p = p;
            c.sources = std::move(sources);
            c.targets = std::move(targets);
            c.allow_autapses = allow_autapses;
            c.allow_multapses = allow_multapses;
            syn_spec syn;
            syn.weight = to_syn_param(weight, "weight");
            syn.delay = to_syn_param(delay_ms, "delay");
            syn.receptor_type = receptor;
            syn.weight_recorder = weight_recorder;
            syn.rate_synapse = rate_synapse;
            syn.synapse_model = synapse_model;
            for (const auto& [k, v] : synapse_params) {
              const std::string name = py::str(k);
              syn.params.emplace_back(name,
                                      to_syn_param(py::reinterpret_borrow<py::object>(v), name.c_str()));
            }
            s.connect(pre, post, c, syn);
          })
      .def("synapse_models", &Simulator::synapse_models)
      .def("copy_synapse_model", [](Simulator& s, const std::string& from, const std::string& to,
                                    const py::dict& kw) { s.copy_synapse_model(from, to, to_params(kw)); })
      .def("set_synapse_defaults", [](Simulator& s, const std::string& model,
                                      const py::dict& kw) { s.set_synapse_defaults(model, to_params(kw)); })
      .def("synapse_default", &Simulator::synapse_default)
      .def("connection_memory", &Simulator::connection_memory)
      .def(
          "get_connections",
          [](Simulator& s, const NodeCollection* source, const NodeCollection* target,
             const std::string& model) { return s.get_connections(source, target, model); },
          py::arg("source").none(true), py::arg("target").none(true), py::arg("synapse_model"))
      .def("copy_model", [](Simulator& s, const std::string& existing, const std::string& new_name,
                            const py::dict& kw) { s.copy_model(existing, new_name, to_params(kw)); })
      .def("set_defaults",
           [](Simulator& s, const std::string& model, const py::dict& kw) { s.set_defaults(model, to_params(kw)); })
      .def("get_defaults", [](const Simulator& s, const std::string& model,
                              const std::string& name) { return from_value(s.get_defaults(model, name)); })
      .def("base_model", &Simulator::base_model)
      .def("weight_unit", &Simulator::weight_unit)
      .def("nodes", &Simulator::nodes)
      .def(
          "simulate",
          [](Simulator& s, double T_ms, bool progress) {
            py::gil_scoped_release release;
            return s.simulate(time_q{T_ms * 1e-3}, progress);
          },
          py::arg("T_ms"), py::arg("progress"))
      .def("reset", &Simulator::reset)
      .def_property("data_path", &Simulator::data_path, &Simulator::set_data_path)
      .def_property("data_prefix", &Simulator::data_prefix, &Simulator::set_data_prefix)
      .def_property("overwrite_files", &Simulator::overwrite_files, &Simulator::set_overwrite_files)
      .def_property_readonly("dt", &Simulator::dt_ms)
      .def_property_readonly("time", &Simulator::time_ms)
      .def_property_readonly("num_connections", &Simulator::num_connections)
      .def_property_readonly("num_nodes", &Simulator::num_nodes);
}

}  // namespace nestor::py_bind
