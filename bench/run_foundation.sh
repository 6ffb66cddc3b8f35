#!/usr/bin/env bash
# The foundation benchmarks of nestor next to their peer (Brian2), in one invocation:
#   1. neuron-step cost on 10^5 neurons (bench/micro_neuron_step; peer: bench/peer_brian2.py micro)
#   2. the fixed cost of the tutorial's first part: simulate() in-process (bench/one_neuron_overhead),
#      whole processes of examples/cpp/one_neuron, bench/one_neuron_part1.py (nestor's Python) and
#      bench/peer_brian2.py tutorial (runtime and cpp_standalone modes)
# Builds what is needed, installs Debian's python3-brian when missing, and prints one table with the
# machine, the date, the figures, the ratios nestor/peer and the command behind every figure.
#
#   bash bench/run_foundation.sh            (from the repository root; about 2 minutes)
#   BUILD_DIR=build QUICK=1 bash bench/run_foundation.sh     (fewer repetitions, for a smoke test)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
PY=/usr/bin/python3
cd "$ROOT"

echo "== building (cmake, $BUILD_DIR)" >&2
cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" --target micro_neuron_step one_neuron_overhead one_neuron _core >/dev/null

if ! "$PY" -c "from brian2 import NeuronGroup" >/dev/null 2>&1; then
  echo "== installing the peer: apt-get install -y python3-brian" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y python3-brian >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y python3-brian >/dev/null; }
fi

export PYTHONPATH="$ROOT/python${PYTHONPATH:+:$PYTHONPATH}"
exec "$PY" "$ROOT/bench/foundation.py" --build-dir "$BUILD_DIR" ${QUICK:+--quick} "$@"
