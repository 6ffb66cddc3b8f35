// Maps the engine's typed errors to nestor.errors' classes (each a NestorError and a builtin).
#include <pybind11/pybind11.h>

#include "nestor/errors.hpp"

namespace py = pybind11;

namespace nestor::py_bind {

namespace {
void raise(const char* cls, const std::exception& e) {
  py::object c = py::module_::import("nestor.errors").attr(cls);
  PyErr_SetString(c.ptr(), e.what());
}
}  // namespace

void bind_errors(py::module_&) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const unknown_model& e) {
      raise("UnknownModelError", e);
    } catch (const unknown_parameter& e) {
      raise("UnknownParameterError", e);
    } catch (const dimension_mismatch& e) {
      raise("DimensionError", e);
    } catch (const bad_delay& e) {
      raise("BadDelayError", e);
    } catch (const illegal_connection& e) {
      raise("IllegalConnectionError", e);
    } catch (const bad_argument& e) {
      raise("BadArgumentError", e);
    } catch (const bad_value& e) {
      raise("BadValueError", e);
    } catch (const file_error& e) {
      raise("FileError", e);
    } catch (const numerical_error& e) {
      raise("NumericalError", e);
    } catch (const error& e) {
      raise("NestorError", e);
    }
  });
}

}  // namespace nestor::py_bind
