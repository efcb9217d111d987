#!/usr/bin/env bash
# One command to test SupportLab: installs what is missing, builds, and runs every test through ctest.
# SUPPORTLAB_TEST_PRESETS picks the presets (default: "debug asan").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/deps.sh" --test
jobs="$(nproc)"
for preset in ${SUPPORTLAB_TEST_PRESETS:-debug asan}; do
  echo "=== preset: $preset"
  cmake --preset "$preset" -S "$root"
  cmake --build --preset "$preset" -j"$jobs"
  ctest --preset "$preset" -j"$jobs" --timeout 600
done
