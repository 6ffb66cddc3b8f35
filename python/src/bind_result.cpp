// Result: recorded data reach numpy as views on the C++ buffers (no copy per sample); each array keeps
// the Result alive.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "nestor/result.hpp"

namespace py = pybind11;

namespace nestor::py_bind {

namespace {
template <class T>
py::array view(const std::vector<T>& v, const py::object& owner) {
  return py::array_t<T>({static_cast<py::ssize_t>(v.size())}, {static_cast<py::ssize_t>(sizeof(T))}, v.data(),
                        owner);
}
}  // namespace

void bind_result(py::module_& m) {
  py::class_<Result, std::shared_ptr<Result>>(m, "Result")
      .def_property_readonly("times", [](py::object self) { return view(self.cast<const Result&>().times(), self); })
      .def_property_readonly("duration", &Result::duration)
      .def_property_readonly("t_begin", [](const Result& r) { return r.data()->t_begin; })
      .def_property_readonly("dt", [](const Result& r) { return r.data()->dt; })
      .def_property_readonly("min_delay", [](const Result& r) { return r.data()->min_delay; })
      .def("recorder_ids",
           [](const Result& r) {
             std::vector<std::int64_t> ids;
             for (const auto& [id, rec] : r.data()->recorders) ids.push_back(id);
             return ids;
           })
      .def("is_analog", [](const Result& r, std::int64_t id) { return r.record(id).analog; })
      .def("model", [](const Result& r, std::int64_t id) { return r.record(id).model; })
      .def("vars", [](const Result& r, std::int64_t id) { return r.record(id).vars; })
      .def("units", [](const Result& r, std::int64_t id) { return r.record(id).units; })
      .def("nodes", [](py::object self, std::int64_t id) { return view(self.cast<const Result&>().record(id).nodes, self); })
      .def("sample_times",
           [](py::object self, std::int64_t id) { return view(self.cast<const Result&>().record(id).sample_times, self); })
      .def("samples",
           [](py::object self, std::int64_t id, std::size_t var) {
             const auto& rec = self.cast<const Result&>().record(id);
             const auto rows = static_cast<py::ssize_t>(rec.sample_times.size());
             const auto cols = static_cast<py::ssize_t>(rec.nodes.size());
             return py::array_t<double>({rows, cols}, {cols * py::ssize_t(sizeof(double)), py::ssize_t(sizeof(double))},
                                        rec.data.at(var).data(), self);
           })
      .def("senders", [](py::object self, std::int64_t id) { return view(self.cast<const Result&>().record(id).senders, self); })
      .def("spike_times",
           [](py::object self, std::int64_t id) { return view(self.cast<const Result&>().record(id).spike_times, self); })
      .def("n_watched", [](const Result& r, std::int64_t id) { return r.record(id).n_watched; })
      .def("array_names",
           [](const Result& r, std::int64_t id) {
             std::vector<std::string> names;
             for (const auto& [name, a] : r.record(id).arrays) names.push_back(name);
             return names;
           })
      .def("array_unit", [](const Result& r, std::int64_t id, const std::string& name) {
        return r.record(id).arrays.at(name).unit;
      })
      .def("array", [](py::object self, std::int64_t id, const std::string& name) {
        const auto& a = self.cast<const Result&>().record(id).arrays.at(name);
        std::vector<py::ssize_t> shape(a.shape.begin(), a.shape.end());
        if (shape.empty()) shape.push_back(py::ssize_t(a.data.size()));  // no shape: one dimension
        std::vector<py::ssize_t> strides(shape.size());
        py::ssize_t stride = sizeof(double);
        for (std::size_t k = shape.size(); k-- > 0;) {
          strides[k] = stride;
          stride *= shape[k];
        }
        return py::array_t<double>(shape, strides, a.data.data(), self);
      });
}

}  // namespace nestor::py_bind
