#!/usr/bin/env bash
# The connection-building benchmark of nestor next to its peer (Brian2), in one invocation:
# fixed_indegree(10^3) on 10^4 iaf_psc_alpha neurons (10^7 static synapses), fixed and random
# weights/delays, through the C++ API (bench/connect_build), nestor's Python package
# (bench/connect_build.py) and Brian2 (bench/connect_peer_brian2.py: Synapses.connect(i=, j=), runtime
# and cpp_standalone modes). Reports build throughput (synapses/s), memory per synapse (peak RSS with
# minus without the connect call, in separate processes), the ratios nestor/Brian2 and whether the
# project's aims (>= 2e7 synapses/s on one core, <= 16 bytes per static synapse) are met.
# Builds what is needed, installs Debian's python3-brian when missing, and prints one table with the
# machine, the date, the figures, the ratios and the command behind every figure. Details: bench/connect.py.
#
#   bash bench/run_connect.sh            (from the repository root; about 3 minutes; needs ~1 GB of RAM)
#   BUILD_DIR=build QUICK=1 bash bench/run_connect.sh     (fewer repetitions, for a smoke test)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
PY=/usr/bin/python3
cd "$ROOT"

echo "== building (cmake, $BUILD_DIR)" >&2
cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" --target connect_build _core >/dev/null

if ! "$PY" -c "from brian2 import NeuronGroup" >/dev/null 2>&1; then
  echo "== installing the peer: apt-get install -y python3-brian" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y python3-brian >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y python3-brian >/dev/null; }
fi

export PYTHONPATH="$ROOT/python${PYTHONPATH:+:$PYTHONPATH}"
exec "$PY" "$ROOT/bench/connect.py" --build-dir "$BUILD_DIR" ${QUICK:+--quick} "$@"
