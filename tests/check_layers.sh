#!/bin/sh
# SupportLab tests: the layer rules, read from the built objects (a CMake edit cannot quietly break them).
# usage: check_layers.sh ui-links-no-engine LIB... | cli-links-no-imgui BINARY
set -eu
nm_undefined() { nm -u "$@" 2>/dev/null | awk 'NF >= 2 { print $NF }'; }
case "$1" in
ui-links-no-engine)
    shift
    # The UI and the recorder it links must need no SQLite or libpq symbol.
    bad=$(nm_undefined "$@" | grep -E '^(sqlite3_|PQ|lo_)' | sort -u || true)
    if [ -n "$bad" ]; then
        echo "error: the UI's libraries need database-engine symbols:" >&2
        echo "$bad" >&2
        exit 1
    fi
    ;;
cli-links-no-imgui)
    # No ImGui code may end up in the CLI.
    bad=$(nm -C "$2" 2>/dev/null | grep -E ' ImGui::| ImGui_Impl' | head -5 || true)
    if [ -n "$bad" ]; then
        echo "error: $2 contains ImGui code:" >&2
        echo "$bad" >&2
        exit 1
    fi
    ;;
*)
    echo "usage: check_layers.sh ui-links-no-engine LIB... | cli-links-no-imgui BINARY" >&2
    exit 2
    ;;
esac
echo "ok"
