#!/usr/bin/env python3
"""Finds untranslated text in what the window drew in a translated language.

The input is the window's text log (STEPFORMER_TEXT_LOG: every string a frame drew, one a line),
written with STEPFORMER_I18N_MARK=1, so that each string that came through the catalogue (_() or
P_()) is wrapped in \\x01 ... \\x02 (src/core/i18n.h). A drawn line passes when every part of it is
either such a marked translation or data:

  - a marked part must match a translation (msgstr) of the catalogue, its conversions (%s, %d, ...)
    standing for anything; what filled them must itself be marked or data. A marked part that
    matches no msgstr went through _() but has no translation (the catalogue lacks it);
  - data is what the model and the user bring, never translated: the symbols of the models'
    vocabularies, model file names, the inputs given with --data, the program's and the languages'
    names, numbers and punctuation. A word with Latin letters outside any mark that is none of these is an interface
    string that skipped the catalogue.

  - a lesson's own text is data too (it is written in the lesson's language, not translated): a
    drawn line outside marks that appears in one of the --text files (Markdown marks and spaces
    aside, since the panel wraps and styles it) passes.

usage: i18n_check.py --po po/zh_CN.po [--model FILE.safetensors]... [--data TEXT]... [--text FILE.md]... LOG...
Exit status 0 when every line passes, 1 (listing each offending line) when one does not.
"""
import argparse
import json
import os
import re
import struct
import sys

OPEN, CLOSE = "\x01", "\x02"
HOLE = "\x00"  # stands for a nested marked part (checked on its own)
NAMES = {"English", "中文", "Stepformer"}  # the languages' own names, the program's
# punctuation and symbols the interface puts around data ("·", brackets, arrows, units of numbers)
PUNCT = " \t·…“”\"'()（）[]{}:：;；,，、.。!?？/|→←↑↓▾◧❚▶✓✗×√Δ%+=*<>-_#␣~"
NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
CONVERSION = re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d+))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcsp]|%%")


def po_strings(path):
    """The msgstr (and msgstr[n]) texts of a .po file, header excluded."""
    out, cur, key = [], None, None
    def flush():
        if key and key.startswith("msgstr") and cur:
            out.append(cur)
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt) "(.*)"$', line)
        if m:
            flush()
            key, cur = m.group(1), unescape(m.group(2))
        elif line.startswith('"') and key:
            cur += unescape(line[1:-1])
        else:
            flush()
            key, cur = None, None
    flush()
    return out


def unescape(s):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


def pattern(msgstr):
    """A regex matching what snprintf makes of msgstr: each conversion a lazy group."""
    parts, pos = [], 0
    for m in CONVERSION.finditer(msgstr):
        parts.append(re.escape(msgstr[pos:m.start()]))
        parts.append("%" if m.group(0) == "%%" else "(.*?)")
        pos = m.end()
    parts.append(re.escape(msgstr[pos:]))
    return re.compile("".join(parts), re.DOTALL)


def model_data(path):
    """A model's vocabulary symbols (from its safetensors metadata) and its file name."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        meta = json.loads(f.read(n)).get("__metadata__", {})
    syms = set()
    for k in ("src_vocab", "tgt_vocab"):
        if k in meta:
            syms.update(json.loads(meta[k]))
    return syms, os.path.basename(path)


def parse(line):
    """A drawn line as a list of parts: str (outside marks) or (children, closed) for a mark."""
    stack = [[]]
    for ch in line:
        if ch == OPEN:
            stack.append([])
        elif ch == CLOSE and len(stack) > 1:
            kids = stack.pop()
            stack[-1].append((kids, True))
        else:
            if stack[-1] and isinstance(stack[-1][-1], str):
                stack[-1][-1] += ch
            else:
                stack[-1].append(ch)
    while len(stack) > 1:  # shortened with "…" before its end
        kids = stack.pop()
        stack[-1].append((kids, False))
    return stack[0]


def squeeze(s):
    """Text without whitespace and Markdown's emphasis and code marks, for finding a wrapped piece."""
    return re.sub(r"[\s*_`#]", "", s)


class Checker:
    def __init__(self, msgstrs, data, texts=()):
        self.patterns = [pattern(s) for s in msgstrs]
        self.data = data
        self.texts = [squeeze(t) for t in texts]
        self.cjk_symbols = {d for d in data if d and not re.search(r"[A-Za-z]", d)}
        self.literal_words = set()
        for s in msgstrs:
            self.literal_words.update(w for w in re.split(r"[^A-Za-z]+", CONVERSION.sub(" ", s)) if w)

    def is_data_word(self, w):
        if not re.search(r"[A-Za-z\u3400-\u9fff]", w) or NUMBER.fullmatch(w.strip(PUNCT)):
            return True  # numbers (5e-09 too), punctuation, symbols
        if w in self.data or w.strip(PUNCT) in self.data:
            return True
        core = w.strip(PUNCT)
        if w.endswith("…") and any(d.startswith(w[:-1]) or d.startswith(core) for d in self.data if core):
            return True  # a data item shortened to fit
        if not re.search(r"[A-Za-z]", core):  # joined CJK symbols of a character vocabulary ("一千二百")
            return self.segments(core)
        return False

    def segments(self, s):
        ok = [True] + [False] * len(s)
        for i in range(len(s)):
            if ok[i]:
                for d in self.cjk_symbols:
                    if s.startswith(d, i):
                        ok[i + len(d)] = True
        return ok[len(s)]

    def plain(self, text, problems, why):
        """Text outside any mark (or filling a conversion): data only."""
        text = text.replace(HOLE, " ")
        if text.strip() in self.data:
            return
        piece = squeeze(text).lstrip("0123456789")  # the picker numbers the lessons' titles
        if piece and any(piece in t for t in self.texts):
            return  # a lesson's text
        for w in text.split():
            if not self.is_data_word(w):
                problems.append(f"{why} “{w}”")

    def parts(self, parts, problems):
        for p in parts:
            if isinstance(p, str):
                self.plain(p, problems, "not from the catalogue:")
            else:
                self.mark(*p, problems)

    def mark(self, kids, closed, problems):
        flat = "".join(k if isinstance(k, str) else HOLE for k in kids)
        for k in kids:
            if not isinstance(k, str):
                self.mark(*k, problems)
        if not closed:  # cut short: its words must be the catalogue's or data
            words = [w for w in re.split(r"[^A-Za-z]+", flat) if w]
            for i, w in enumerate(words):
                if i == len(words) - 1 and any(d.startswith(w) for d in self.data):
                    continue  # the cut fell inside a data item ("on…" of "one")
                if len(w) > 1 and w not in self.literal_words and not self.is_data_word(w):
                    problems.append(f"untranslated (in a shortened text): “{w}”")
            return
        best = None  # the problems of the first matching translation, when none matches cleanly
        for p in self.patterns:
            m = p.fullmatch(flat)
            if m:
                sub = []
                for g in m.groups():
                    self.plain(g, sub, "put into a translation, not from the catalogue:")
                if not sub:
                    return
                best = sub if best is None else best
        if best is not None:
            problems.extend(best)
        else:
            problems.append(f"came through _() but the catalogue has no translation: “{flat.replace(HOLE, '…')}”")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--po", required=True)
    ap.add_argument("--model", action="append", default=[])
    ap.add_argument("--data", action="append", default=[])
    ap.add_argument("--text", action="append", default=[])
    ap.add_argument("logs", nargs="+")
    a = ap.parse_args()
    data = set(NAMES)
    for m in a.model:
        syms, name = model_data(m)
        data |= syms
        data.add(name)
    for d in a.data:
        data.add(d)
        data.update(d.split())
    checker = Checker(po_strings(a.po), data, [open(t, encoding="utf-8").read() for t in a.text])
    bad = lines = 0
    for log in a.logs:
        for line in open(log, encoding="utf-8"):
            line = line.rstrip("\n")
            lines += 1
            problems = []
            checker.parts(parse(line), problems)
            if problems:
                bad += 1
                shown = line.replace(OPEN, "⟦").replace(CLOSE, "⟧")
                print(f"{os.path.basename(log)}: {shown}\n    " + "\n    ".join(problems))
    print(f"{lines} drawn texts, {bad} with untranslated parts")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
