# test_layering.sh: the layers include only downwards (docs/architecture.md): core includes no viz,
# platform, app or cli header; viz no platform, app or cli; platform no app or cli; and the app
# nothing from the cli (issue 14: the CLI parses the window's options and calls app_run).
# Usage: bash test_layering.sh <stepformer binary> <tests/data dir>
set -u
src=$(cd "$(dirname "$0")/../../src" && pwd)
passed=0
failed=0
check() { # LAYER FORBIDDEN-LAYERS...
    local layer=$1
    shift
    for above in "$@"; do
        hits=$(grep -rn "#include \"$above/" "$src/$layer" 2>/dev/null)
        if [ -n "$hits" ]; then
            failed=$((failed + 1))
            echo "FAIL src/$layer includes src/$above:"
            echo "$hits" | sed "s|$src/|     |"
        else
            passed=$((passed + 1))
            echo "ok   src/$layer includes nothing from src/$above"
        fi
    done
}
check core viz platform app cli
check viz platform app cli
check platform app cli
check app cli
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
