#!/usr/bin/env bash
# One command to test SupportLab: installs what is missing, builds, and runs every test through ctest.
# SUPPORTLAB_TEST_PRESETS picks the presets (default: "debug asan fuzz"; fuzz runs each libFuzzer
# target for SUPPORTLAB_FUZZ_SECONDS, default 60, and replays the fuzz regressions).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/deps.sh" --test
jobs="$(nproc)"
for preset in ${SUPPORTLAB_TEST_PRESETS:-debug asan fuzz}; do
  echo "=== preset: $preset"
  extra=()
  if [[ "$preset" == "fuzz" ]]; then extra+=("-DSUPPORTLAB_FUZZ_SECONDS=${SUPPORTLAB_FUZZ_SECONDS:-60}"); fi
  cmake --preset "$preset" -S "$root" "${extra[@]}"
  cmake --build --preset "$preset" -j"$jobs"
  ctest --preset "$preset" -j"$jobs" --timeout 600
done
