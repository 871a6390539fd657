#!/usr/bin/env bash
# The manual page (`stepformer man`, installed as stepformer.1) against what the program prints
# itself: every command `stepformer --help` lists has a section with the same summary, and each
# section's options are exactly the lines that command's --help prints (the window's options
# likewise); the KEYS section is exactly `stepformer keys`; groff reads the page without a warning
# and man renders it. Adding an option to a table without the manual following fails here (it
# cannot, since both come from the table; this test keeps it that way).
# usage: test_man.sh STEPFORMER_BINARY TESTS_DATA_DIR
bin=$1
. "$(dirname "$0")/common.sh"

"$bin" man -o "$work/stepformer.1" || { echo "FAIL: stepformer man"; exit 1; }
"$bin" --help >"$work/help.txt"
"$bin" keys >"$work/keys.md"
for c in $(awk '/^commands:/ {on=1; next} on && /^$/ {exit} on {print $1}' "$work/help.txt"); do
    "$bin" "$c" --help >"$work/help-$c.txt"
done

# the page's sections, from its roff: [(section, subsection, tag, text)] with the escapes undone
python3 - "$work" <<'PY' >"$work/report.txt"
import re, sys, glob, os
work = sys.argv[1]
def plain(s):
    s = s.replace("\\-", "-").replace("\\&", "").replace("\\e", "\\")
    return re.sub(r"\\f[BIRP]", "", s)
lines = open(f"{work}/stepformer.1", encoding="utf-8").read().split("\n")
sections, sh, ss, summary = {}, None, None, {}
i = 0
while i < len(lines):
    l = lines[i]
    if l.startswith(".SH "): sh, ss = l[4:], None
    elif l.startswith(".SS "):
        ss = plain(l[4:]); summary[ss] = plain(lines[i + 1]).rstrip(".")
    elif l == ".TP":
        tag, text = plain(lines[i + 1]), plain(lines[i + 2])
        sections.setdefault(ss or sh, []).append((tag, text))
        i += 2
    i += 1
def option_lines(key):  # as opts_print_options prints them
    return ["  %-26s %s" % (tag, text) for tag, text in sections.get(key, [])]
def help_options(path, start):
    out, on = [], False
    for l in open(path, encoding="utf-8").read().split("\n"):
        if on and l.startswith("  "): out.append(l)
        elif on and out: break
        if l.rstrip().endswith(start): on = True
    return out
bad = 0
def check(name, want, got):
    global bad
    if want == got: print(f"ok: {name}: {len(got)} entries, the same")
    else:
        bad += 1
        print(f"FAIL: {name}:\n  --help / keys: {want}\n  manual:        {got}")
# the commands and their summaries
listed = []
for l in help_options(f"{work}/help.txt", "commands:"):
    name, text = l.split(None, 1)
    listed.append((name, text))
check("commands and summaries", listed, [(n, summary.get(n)) for n, _ in listed])
check("no command in the manual that --help does not list", sorted(summary), sorted(n for n, _ in listed))
# each command's options
for name, _ in listed:
    check(f"{name} options", help_options(f"{work}/help-{name}.txt", "options:"), option_lines(name))
# the window's options (under "Window options:" in stepformer --help)
check("window options", help_options(f"{work}/help.txt", "options:"), option_lines("OPTIONS"))
# the keys
keys = []
for l in open(f"{work}/keys.md", encoding="utf-8"):
    cells = [c.strip() for c in re.split(r"(?<!\\)\|", l.strip())[1:-1]]
    if len(cells) == 2 and cells != ["key", "action"] and cells[0] != "---":
        keys.append(tuple(c.replace("&lt;", "<").replace("&gt;", ">").replace("\\|", "|") for c in cells))
check("keys", keys, sections.get("KEYS", []))
print(f"BAD {bad}")
PY
while read -r line; do
    case $line in
    ok:*) ok "${line#ok: }" ;;
    FAIL:*) bad "${line#FAIL: }" ;;
    "  "*) echo "$line" ;;
    esac
done <"$work/report.txt"
grep -q "^BAD" "$work/report.txt" || bad "the comparison did not run: $(cat "$work/report.txt")"

warnings=$(groff -k -man -Tutf8 -ww -z "$work/stepformer.1" 2>&1)
[ -z "$warnings" ] && ok "groff reads the page without warnings" || bad "groff: $warnings"
MANWIDTH=100 man -l "$work/stepformer.1" 2>/dev/null | grep -q "watch a Transformer encoder-decoder decode" && ok "man renders it" || bad "man -l fails"
finish
