#!/usr/bin/env bash
# Installs the Debian 12 packages SupportLab needs, only those missing.
# Usage: scripts/deps.sh [--test]   (--test adds what the test suite needs: xvfb, clang for fuzzing,
#                                    node and npm for the JSON Schema and xAPI checks, the
#                                    PostgreSQL server the PgStore tests start a throwaway cluster of,
#                                    and PgBouncer, which the load bench puts in front of it)
set -euo pipefail

pkgs=(build-essential cmake pkg-config
      libimgui-dev libglfw3-dev libgl-dev libyaml-cpp-dev libsqlite3-dev libsodium-dev libpq-dev
      googletest libgtest-dev libbenchmark-dev
      fonts-inter fonts-noto-core sqlite3)
if [[ "${1:-}" == "--test" ]]; then
  pkgs+=(xvfb xauth x11-apps imagemagick clang libclang-rt-14-dev nodejs npm ca-certificates postgresql pgbouncer)
fi

# A tool already on PATH from another source (say Node.js from its vendor's repository, whose package
# bundles npm and conflicts with Debian's npm) satisfies its Debian package.
provided_by_command() {
  case "$1" in
    nodejs) command -v node >/dev/null 2>&1 && node --version >/dev/null 2>&1 ;;
    npm) command -v npm >/dev/null 2>&1 && npm --version >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && ! provided_by_command "$p"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  echo "deps: all ${#pkgs[@]} packages present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
