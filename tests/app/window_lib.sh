# window_lib.sh: what the window tests share; sourced (not a test itself). Re-runs the calling
# script inside a private X server of $window_screen (set it before sourcing; 1600x900 unless set),
# and gives: $work (a scratch folder, removed at exit), $STEPFORMER_UI_LOG, ok/bad counters, finish;
# start_window ARGS... (sets $pid and $wid), stop_window, key KEYS... (to the window);
# field NAME (a line of the UI log) and the waits on it, each polled (never one fixed sleep) for
# $wait_secs seconds (10 unless set): wait_for NAME OP VALUE, wait_match NAME GLOB, wait_grep PATTERN,
# and wait_until SECS CONDITION on the `train` line's fields;
# shot NAME (a screenshot $work/NAME.png, copied to $STEPFORMER_SHOTS when that is set, to look at)
# and differs A B (how many pixels two screenshots differ by).
window_screen=${window_screen:-1600x900}
if [ -z "${STEPFORMER_IN_XVFB:-}" ]; then # re-run the caller inside a private X server
    for tool in xvfb-run xdotool; do
        command -v $tool >/dev/null || { echo "FAIL: $tool is not installed"; echo "0 passed, 1 failed"; exit 1; }
    done
    exec env STEPFORMER_IN_XVFB=1 xvfb-run -a -s "-screen 0 ${window_screen}x24" bash "$0" "$@"
fi
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
pass=0
fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
export STEPFORMER_UI_LOG=$work/ui.log
wait_secs=${wait_secs:-10}

# ---- the window --------------------------------------------------------------------------------
start_window() { # start_window ARGS...: the window at $window_screen (a later --size wins), waited for
    "$bin" --size "$window_screen" "$@" >"$work/out.txt" 2>&1 &
    pid=$!
    # looked for once the app draws (it logs a step): SDL may replace the first X window it makes
    # while it sets up its renderer, and keys sent to that one are lost (BadWindow)
    for _ in $(seq 300); do [ -n "$(field step)" ] && break; sleep 0.1; done
    wid=$(timeout 20 xdotool search --sync --onlyvisible --name Stepformer | tail -1)
    [ -n "$wid" ] || { echo "FAIL: no window"; cat "$work/out.txt"; exit 1; }
    sleep 0.5
}
stop_window() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=; rm -f "$STEPFORMER_UI_LOG"; }
key() { xdotool key --window "$wid" "$@"; }

# ---- the UI log and waits on it ----------------------------------------------------------------
field() { sed -n "s/^$1 //p" "$STEPFORMER_UI_LOG" 2>/dev/null | head -1; }
wait_for() { # the log's field $1 satisfies `[ "$(field $1)" $2 "$3" ]`
    for _ in $(seq $((wait_secs * 10))); do
        [ "$(field "$1")" "$2" "$3" ] && return 0
        sleep 0.1
    done
    return 1
}
wait_match() { # the log's field $1 matches the shell pattern $2
    for _ in $(seq $((wait_secs * 10))); do
        case "$(field "$1")" in $2) return 0 ;; esac
        sleep 0.1
    done
    return 1
}
wait_grep() { # a line of the log matches the grep pattern $1
    for _ in $(seq $((wait_secs * 10))); do
        grep -q -- "$1" "$STEPFORMER_UI_LOG" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
train() { field train; } # training in the window: "STATE key value key value ..."
tfield() { train | sed -n "s/.*$1 \([^ ]*\).*/\1/p"; }
wait_until() { # python condition on the train fields (f['step'], ...), within $1 s
    local secs=$1 cond=$2
    for _ in $(seq $((secs * 10))); do
        python3 -c "import sys; f=dict(zip(*[iter(sys.argv[1].split()[1:])]*2)); sys.exit(0 if ($cond) else 1)" "$(train)" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# ---- screenshots -------------------------------------------------------------------------------
shot() {
    import -window root "$work/$1.png"
    if [ -n "${STEPFORMER_SHOTS:-}" ]; then mkdir -p "$STEPFORMER_SHOTS" && cp "$work/$1.png" "$STEPFORMER_SHOTS/"; fi
}
differs() { compare -metric AE "$work/$1.png" "$work/$2.png" null: 2>&1 | cut -d' ' -f1 | xargs printf '%.0f\n'; }
