#pragma once
// Typed errors. Every error the engine raises on bad input is one of these; the Python layer maps each
// to a subclass of nestor.NestorError that also derives from the natural builtin (noted per class).

#include <stdexcept>
#include <string>

namespace nestor {

struct error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A model name that is not registered.                                    Python: KeyError
struct unknown_model : error {
  using error::error;
};
/// A parameter or recordable that the model does not have.                 Python: KeyError
struct unknown_parameter : error {
  using error::error;
};
/// A value outside what the parameter accepts (names model, parameter, value, expectation).  ValueError
struct bad_value : error {
  using error::error;
};
/// A quantity of the wrong physical dimension.                             Python: TypeError
struct dimension_mismatch : error {
  using error::error;
};
/// A delay below the resolution or beyond what the engine can store.       Python: ValueError
struct bad_delay : error {
  using error::error;
};
/// A connection that cannot be made (e.g. a recorder connected the wrong way round).  ValueError
struct illegal_connection : error {
  using error::error;
};
/// An argument of the wrong shape or kind (e.g. a weight array of the wrong shape).    ValueError
struct bad_argument : error {
  using error::error;
};
/// A numerical failure during a run (a diverging neuron); names the node and time.      ArithmeticError
struct numerical_error : error {
  using error::error;
};

/// A file that cannot be written (exists and overwrite_files is off, or an I/O failure).  OSError
struct file_error : error {
  using error::error;
};

}  // namespace nestor
