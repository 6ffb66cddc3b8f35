#!/usr/bin/env bash
# The plastic network benchmark of nestor next to its peer (Brian2), in one invocation (issue 8):
#   bench/plastic_stdp.cpp   brunel_alpha with 10^4 iaf_psc_alpha (8000 E, 2000 I), fixed in-degree 10 %, Poisson
#                            drive, stdp_synapse on E->E (6.4 million plastic synapses), 1 s; with 1 and 2 threads;
#                            the same with static E->E; tsodyks2_synapse on E->E when the build has it
#   bench/peer_plastic_brian2.py   the same network and STDP rule in Brian2 cpp_standalone, 1 and 2 OpenMP threads
# Builds what is needed, installs Debian's python3-brian when missing, prints one table (build / connect /
# simulate times, rates, E->E weights before/after, bytes per plastic synapse, peak memory, ratios
# nestor/Brian2, the command behind every figure) and saves it to bench/results/plastic_<date>.txt.
# Details: bench/plastic.py.
#
#   bash bench/run_plastic.sh                      (from the repository root; ~6 minutes on 2 cores, ~2 GB RAM)
#   QUICK=1 bash bench/run_plastic.sh              (2000 neurons, 200 ms: a smoke test, ~2 minutes)
#   REPS=3 bash bench/run_plastic.sh               (medians of 3 processes / binary runs)
#   BUILD_DIR=build bash bench/run_plastic.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
PY=/usr/bin/python3
cd "$ROOT"

echo "== building (cmake, $BUILD_DIR)" >&2
cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DNESTOR_BENCH=ON >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" --target plastic_stdp >/dev/null

if ! "$PY" -c "from brian2 import NeuronGroup" >/dev/null 2>&1; then
  echo "== installing the peer: apt-get install -y python3-brian" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y python3-brian >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y python3-brian >/dev/null; }
fi

export PYTHONPATH="$ROOT/python${PYTHONPATH:+:$PYTHONPATH}"
SAVE="$ROOT/bench/results/plastic_$(date +%Y-%m-%d)${QUICK:+_quick}.txt"
exec "$PY" "$ROOT/bench/plastic.py" --build-dir "$BUILD_DIR" ${QUICK:+--quick} --reps "${REPS:-1}" --save "$SAVE" "$@"
