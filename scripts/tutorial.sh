#!/usr/bin/env bash
# Sets up nestor (if needed) and runs the one-neuron tutorial: prints its result lines and writes its
# two figures as PNG files into examples/python/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
exec /usr/bin/python3 examples/python/one_neuron.py "$@"
