#!/usr/bin/env bash
# The network benchmarks of nestor next to their peer (Brian2), in one invocation:
#   coba          bench/vogels_abbott.cpp as coba: the COBA benchmark (iaf_cond_exp), next to Brian2
#   cuba          bench/vogels_abbott.cpp: the CUBA benchmark (Brette et al. 2007; Brian2's examples/CUBA.py) with
#                 iaf_psc_exp
#   brunel_delta  bench/brunel_delta.cpp: NEST's brunel_delta_nest.py (iaf_psc_delta), full and 1/5 scale
#   brunel_alpha  bench/brunel.cpp: NEST's brunel_alpha_nest.py (iaf_psc_alpha), full scale
# nestor with 1 and 2 threads; the peer (bench/peer_networks_brian2.py) in cpp_standalone mode with 1 and
# 2 OpenMP threads, and in runtime mode for cuba. Builds what is needed, installs Debian's python3-brian
# when missing, prints one table with the machine, the date, build / connect / simulate times, real-time
# factors, spikes, rates, peak memory, bytes per synapse, ns per synaptic event, the ratios nestor/Brian2
# and the command behind every figure, and saves it to bench/results/networks_<date>.txt. Details:
# bench/networks.py.
#
#   bash bench/run_networks.sh            (from the repository root; about 8 minutes on 2 cores, ~1 GB RAM)
#   BUILD_DIR=build QUICK=1 bash bench/run_networks.sh     (cuba, coba and 1/5 scale only, for a smoke test)
#   ONLY="coba" bash bench/run_networks.sh                   (only these programs' cases)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
PY=/usr/bin/python3
cd "$ROOT"

echo "== building (cmake, $BUILD_DIR)" >&2
cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" --target cuba coba brunel_delta brunel >/dev/null

if ! "$PY" -c "from brian2 import NeuronGroup" >/dev/null 2>&1; then
  echo "== installing the peer: apt-get install -y python3-brian" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y python3-brian >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y python3-brian >/dev/null; }
fi

export PYTHONPATH="$ROOT/python${PYTHONPATH:+:$PYTHONPATH}"
# ONLY="coba cuba" runs only those programs' cases (saved as networks_<date>_coba_cuba.txt)
SAVE="$ROOT/bench/results/networks_$(date +%Y-%m-%d)${QUICK:+_quick}${ONLY:+_${ONLY// /_}}.txt"
exec "$PY" "$ROOT/bench/networks.py" --build-dir "$BUILD_DIR" ${QUICK:+--quick} ${ONLY:+--only $ONLY} --save "$SAVE" "$@"
