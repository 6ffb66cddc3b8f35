#include "convert.hpp"

#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "nestor/errors.hpp"

namespace nestor::py_bind {

value to_value(const py::handle& obj) {
  if (py::isinstance<py::bool_>(obj)) return value(obj.cast<bool>());
  if (py::isinstance<py::str>(obj)) return value(obj.cast<std::string>());
  if (py::isinstance<py::int_>(obj) || py::isinstance<py::float_>(obj)) return value(obj.cast<double>());
  if ((py::isinstance<py::list>(obj) || py::isinstance<py::tuple>(obj)) && py::len(obj) > 0 &&
      py::isinstance<py::str>(obj.cast<py::sequence>()[0])) {
    std::vector<std::string> s;
    for (auto item : obj) {
      if (!py::isinstance<py::str>(item)) throw bad_argument("expected a list of names (all strings)");
      s.push_back(item.cast<std::string>());
    }
    return value(std::move(s));
  }
  py::array_t<double, py::array::c_style | py::array::forcecast> a;
  try {
    a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(obj);
  } catch (const py::error_already_set&) {
  }
  if (!a) throw bad_argument("expected a number, an array of numbers or names, got " +
                             std::string(py::str(obj.get_type())));
  std::vector<std::size_t> shape(a.shape(), a.shape() + a.ndim());
  std::vector<double> data(a.data(), a.data() + a.size());
  if (a.ndim() == 0) return value(data.at(0));
  return value::array(std::move(data), std::move(shape));
}

py::object from_value(const value& v) {
  if (v.is_string()) {
    if (v.shape().empty()) return py::str(v.strings().at(0));
    return py::cast(v.strings());
  }
  if (v.shape().empty()) {
    if (v.is_bool()) return py::bool_(v.numbers().at(0) != 0.0);
    return py::float_(v.numbers().at(0));
  }
  return py::array_t<double>(static_cast<py::ssize_t>(v.numbers().size()), v.numbers().data());
}

}  // namespace nestor::py_bind
