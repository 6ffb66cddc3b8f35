"""nestor's errors: each is a NestorError and also the builtin exception a Python user would expect."""


class NestorError(Exception):
    """Base class of every error nestor raises on bad input."""


class _KeyMessage:
    # KeyError quotes its message in str(); keep the message readable.
    def __str__(self):
        return str(self.args[0]) if self.args else ""


class UnknownModelError(_KeyMessage, NestorError, KeyError):
    """A model name that is not in the model directory."""


class UnknownParameterError(_KeyMessage, NestorError, KeyError):
    """A parameter or recordable the model does not have."""


class BadValueError(NestorError, ValueError):
    """A value outside what a parameter accepts."""


class BadDelayError(BadValueError):
    """A delay below the resolution dt (or beyond the largest storable delay)."""


class DimensionError(NestorError, TypeError):
    """A quantity of the wrong physical dimension."""


class IllegalConnectionError(NestorError, ValueError):
    """A connection that cannot be made, e.g. a recorder connected the wrong way round."""


class BadArgumentError(NestorError, ValueError):
    """An argument of the wrong shape or kind."""


class NumericalError(NestorError, ArithmeticError):
    """A numerical failure during a run (a diverging neuron)."""


class FileError(NestorError, OSError):
    """A recording file that cannot be written (it exists and overwrite_files is off, or an I/O error)."""


class ArgumentTypeError(NestorError, TypeError):
    """An argument of the wrong Python type (e.g. a model that is neither a Model nor a name)."""
