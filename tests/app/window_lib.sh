# window_lib.sh: what the window tests of teacher forcing, LayerNorm/BatchNorm and live training
# share; sourced (not a test itself). Re-runs the calling script inside a private X server, and
# gives: $work (a scratch folder, removed at exit), $STEPFORMER_UI_LOG, ok/bad counters, field NAME
# (a line of the UI log), start_window ARGS... (sets $pid and $wid), stop_window, finish.
if [ -z "${STEPFORMER_IN_XVFB:-}" ]; then # re-run the caller inside a private X server
    exec env STEPFORMER_IN_XVFB=1 xvfb-run -a -s "-screen 0 1600x900x24" bash "$0" "$@"
fi
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
pass=0
fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }
export STEPFORMER_UI_LOG=$work/ui.log
field() { sed -n "s/^$1 //p" "$STEPFORMER_UI_LOG" 2>/dev/null | head -1; }
start_window() { # start_window ARGS...: the window at 1600x900, waited for
    "$bin" --size 1600x900 "$@" >"$work/out.txt" 2>&1 &
    pid=$!
    # looked for once the app draws (it logs a step): SDL may replace the first X window it makes
    # while it sets up its renderer, and keys sent to that one are lost (BadWindow)
    for _ in $(seq 300); do [ -n "$(field step)" ] && break; sleep 0.1; done
    wid=$(timeout 20 xdotool search --sync --onlyvisible --name Stepformer | tail -1)
    [ -n "$wid" ] || { echo "FAIL: no window"; cat "$work/out.txt"; exit 1; }
    sleep 0.5
}
stop_window() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=; rm -f "$STEPFORMER_UI_LOG"; }
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
