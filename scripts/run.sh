#!/usr/bin/env bash
# One command to use SupportLab: installs what is missing, builds (release), and starts the app
# on the shipped scenarios with its database in $XDG_DATA_HOME/supportlab/.
# Extra arguments are passed to the app (try --help).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/deps.sh"
cmake --preset release -S "$root" >/dev/null
cmake --build --preset release -j"$(nproc)" --target supportlab supportlab-cli
exec "$root/build/release/src/app/supportlab" --scenarios "$root/scenarios" "$@"
