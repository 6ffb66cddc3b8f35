#!/usr/bin/env bash
# The 2-thread speed-up of brunel_alpha (full scale, 1 s) from alternating 1- and 2-thread runs, so that
# a change in the machine's speed during the measurement hits both alike: prints each pair's simulate
# times and ratio, then the medians, and saves the table to bench/results/threads_<date>.txt.
# Other work on the machine slows the 2-thread runs most: run it on an idle machine (or under
# `chrt -f 10`, which leaves other processes 5 % of the CPU).
#
#   bash bench/run_threads.sh [pairs=7] [order=2500]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
PAIRS="${1:-7}"
ORDER="${2:-2500}"
cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" --target brunel >/dev/null
OUT="$ROOT/bench/results/threads_$(date +%Y-%m-%d).txt"
{
  echo "brunel_alpha order $ORDER, simulate phase, 1 vs 2 threads, $PAIRS alternating pairs"
  echo "date     $(date -u '+%Y-%m-%d %H:%M:%S UTC'), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "machine  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), nproc $(nproc)"
  echo "nestor   $(git -C "$ROOT" rev-parse --short HEAD)"
  echo "command  $BUILD_DIR/bench/brunel --order $ORDER --threads 1|2   (alternating)"
  echo
  echo "pair   1 thread (s)   2 threads (s)   speed-up"
  ones=() twos=() ratios=()
  for i in $(seq 1 "$PAIRS"); do
    a=$("$BUILD_DIR/bench/brunel" --order "$ORDER" --threads 1 | awk '/^  simulate/{print $2}')
    b=$("$BUILD_DIR/bench/brunel" --order "$ORDER" --threads 2 | awk '/^  simulate/{print $2}')
    r=$(awk -v a="$a" -v b="$b" 'BEGIN{printf "%.3f", a / b}')
    ones+=("$a") twos+=("$b") ratios+=("$r")
    printf "%4d   %12s   %13s   %8sx\n" "$i" "$a" "$b" "$r"
  done
  med() { printf "%s\n" "$@" | sort -g | awk '{v[NR]=$1} END{print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
  m1=$(med "${ones[@]}") m2=$(med "${twos[@]}") mr=$(med "${ratios[@]}")
  echo
  echo "medians: 1 thread $m1 s, 2 threads $m2 s, ratio of medians $(awk -v a="$m1" -v b="$m2" 'BEGIN{printf "%.3f", a / b}')x, median of the pairs' ratios ${mr}x"
  echo "range of the pairs' ratios: $(printf "%s\n" "${ratios[@]}" | sort -g | head -1)x .. $(printf "%s\n" "${ratios[@]}" | sort -g | tail -1)x"
} | tee "$OUT"
