#!/usr/bin/env bash
# run-window.sh: runs the sanitized binary $STEPFORMER_BIN with ARGS, keeping the system's GL
# driver loaded until the process ends. The sanitized window tests and the soak run the window
# through it (CMakeLists.txt, tests/soak/soak.sh).
# usage: STEPFORMER_BIN=build-san/stepformer run-window.sh ARGS...
#
# Why: SDL's OpenGL renderer loads Mesa (libGLX_mesa, swrast_dri.so, libLLVM) with dlopen and
# unloads it at exit, before LeakSanitizer looks. Blocks Mesa still held then are reported as
# leaks with frames in "<unknown module>", which no suppression can name. Preloaded, the driver
# stays mapped: what it holds stays reachable (not a leak) and any real leak keeps its names.
# libasan is preloaded first, as ASan requires when anything else is.
set -u
PATH=$PATH:/usr/sbin:/sbin # ldconfig, also when a test runs us under env -i with a short PATH
bin=${STEPFORMER_BIN:?set STEPFORMER_BIN to the sanitized stepformer}
preload=$(ldd "$bin" | sed -n 's/^\s*libasan\.so[^ ]* => \([^ ]*\) .*/\1/p' | head -1)
mesa=$(ldconfig -p | sed -n 's/^\s*libGLX_mesa\.so\.0 .*=> //p' | head -1)
if [ -n "$preload" ] && [ -n "$mesa" ]; then
    preload="$preload $mesa"
    dri=$(dirname "$mesa")/dri/swrast_dri.so
    [ -f "$dri" ] && preload="$preload $dri"
    export LD_PRELOAD="$preload${LD_PRELOAD:+ $LD_PRELOAD}"
fi
exec "$bin" "$@"
