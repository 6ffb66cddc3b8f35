#!/usr/bin/env bash
# Sets up nestor (if needed) and runs every test: the C++ tests (GoogleTest through ctest), then the
# Python tests (pytest on Debian's /usr/bin/python3), including the NEST 3.9 reference cases.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
BUILD_DIR=${NESTOR_BUILD_DIR:-build}
echo "== C++ tests"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)"
echo "== Python tests"
cd /tmp  # run against the installed package, as a user would
exec /usr/bin/python3 -m pytest -q -p no:cacheprovider "$OLDPWD/tests/python" "$OLDPWD/tests/validation" "$@"
