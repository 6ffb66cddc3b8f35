// The model directory: names and parameter tables.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "convert.hpp"
#include "nestor/models.hpp"

namespace py = pybind11;

namespace nestor::py_bind {

void bind_models(py::module_& m) {
  m.def("model_names", &model_names);
  m.def("describe_model", [](const std::string& name) {
    const model_info info = describe_model(name);
    py::dict d;
    d["name"] = info.name;
    d["kind"] = info.kind;
    d["recordables"] = info.recordables;
    d["weight_unit"] = info.weight_unit;
    py::list params;
    for (const auto& p : info.params) {
      py::dict e;
      e["name"] = p.name;
      e["unit"] = p.unit;
      e["default"] = from_value(p.default_value);
      e["doc"] = p.doc;
      e["is_state"] = p.is_state;
      e["is_array"] = p.is_array;
      params.append(e);
    }
    d["params"] = params;
    return d;
  });
  m.def("synapse_model_names", &synapse_model_names);
  m.def("describe_synapse_model", [](const std::string& name) {
    const synapse_model_info info = describe_synapse_model(name);
    py::dict d;
    d["name"] = info.name;
    d["doc"] = info.doc;
    py::list params;
    for (const auto& p : info.params) {
      py::dict e;
      e["name"] = p.name;
      e["unit"] = p.unit;
      e["default"] = p.default_value;
      e["doc"] = p.doc;
      e["scope"] = p.scope;
      params.append(e);
    }
    d["params"] = params;
    return d;
  });
}

}  // namespace nestor::py_bind
