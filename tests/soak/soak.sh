#!/usr/bin/env bash
# soak.sh: the soak test (soak.py) inside a private Xvfb, on a sanitized build. make soak runs it
# for SOAK_SECONDS; make test for 60 seconds.
# usage: soak.sh STEPFORMER_BINARY SECONDS WORK_DIR
set -u
if [ -z "${STEPFORMER_IN_XVFB:-}" ]; then
    exec env STEPFORMER_IN_XVFB=1 xvfb-run -a -s "-screen 0 1920x1080x24" bash "$0" "$@"
fi
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$3/sanitizer"
rm -f "$3"/sanitizer/report*
# A small ASan quarantine (default 256 MB) so resident memory settles within the warm-up (freed
# memory is still poisoned for a while: use after free is still caught); reports to the work
# folder, where soak.py looks for them.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16:log_path=$3/sanitizer/report
export UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$3/sanitizer/report
# the window runs through run-window.sh (Mesa kept loaded, so LeakSanitizer can name its blocks)
export STEPFORMER_BIN=$1
shift
exec python3 "$here/soak.py" "$here/../sanitize/run-window.sh" "$@"
