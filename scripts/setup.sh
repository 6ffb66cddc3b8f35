#!/usr/bin/env bash
# Installs what nestor needs from Debian (only what is missing), builds it and installs it under
# /usr/local: the C++ library with its CMake package (find_package(nestor)) and the Python package for
# Debian's /usr/bin/python3. Safe to run again: it rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

# What each package is for:
#   g++, cmake            the C++20 toolchain and build
#   libgtest-dev          GoogleTest, the C++ tests
#   libbenchmark-dev      Google Benchmark, the micro-benchmarks in bench/
#   librandom123-dev      Philox counter-based random numbers (thread-count independent streams)
#   libgsl-dev            GSL: the RKF45 that core/rkf45.hpp reproduces (compared in the tests), incomplete gamma
#   libhdf5-dev           HDF5's C library: recorders with record_to="sonata" write SONATA HDF5 files
#   pybind11-dev          the Python extension
#   python3-dev           headers of Debian's Python 3
#   python3-numpy         arrays at the Python boundary
#   python3-pint          physical units in Python (nestor.units)
#   python3-matplotlib    the tutorial's figures
#   python3-pytest        the Python tests
#   python3-scipy         statistical tests (KS tests, closed forms)
#   python3-pandas        ConnectionCollection.get(..., output="pandas") and its tests
#   python3-h5py          reading SONATA files back in the tests of record_to="sonata"
PACKAGES=(g++ cmake libgtest-dev libbenchmark-dev librandom123-dev libgsl-dev libhdf5-dev pybind11-dev python3-dev python3-numpy
  python3-pint python3-matplotlib python3-pytest python3-scipy python3-pandas python3-h5py)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "[setup] installing from Debian: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

BUILD_DIR=${NESTOR_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DPython_EXECUTABLE=/usr/bin/python3 >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" 2>&1 | grep -E "error|warning|Error" || true
test -f "$BUILD_DIR/examples/cpp/one_neuron" || { echo "[setup] build failed" >&2; cmake --build "$BUILD_DIR"; exit 1; }
cmake --install "$BUILD_DIR" >/dev/null
echo "[setup] nestor built in $BUILD_DIR and installed under /usr/local"
