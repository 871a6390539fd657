#!/usr/bin/env bash
# check-reports.sh: fails when any sanitized process left a report in DIR.
# usage: check-reports.sh DIR
# make test runs everything sanitized with ASAN_OPTIONS / UBSAN_OPTIONS log_path=DIR/report, so a
# report is kept even when a test discards the program's stderr (the window tests kill the window
# and drop its output; a leak found at its exit would otherwise pass unseen).
set -u
dir=$1
reports=$(find "$dir" -type f -name 'report*' 2>/dev/null | sort)
if [ -z "$reports" ]; then
    echo "sanitizers: no report"
    exit 0
fi
for f in $reports; do
    echo "=== $f"
    head -n 60 "$f"
done
echo "sanitizers: $(echo "$reports" | wc -l) report(s) in $dir (above)"
exit 1
