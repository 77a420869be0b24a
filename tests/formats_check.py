#!/usr/bin/env python3
"""formats_check.py: every command in every format, with hostile names,
read back by a real parser of that format.

    python3 tests/formats_check.py ./ttftstat

Names: quotes, '|', a newline, CR, tab, terminal escape sequences (CSI,
OSC, a C1 CSI), a bidi override, Markdown punctuation, a very long name,
and a provider given as invalid UTF-8 on the command line (--set).  For
summary, compare, rank and classify, in text, json, csv and markdown (and
the same formats through --export-*):

  json      json.loads with NaN/Infinity refused; the names come back
            exactly (the invalid bytes as U+FFFD, Python's decoder);
  csv       csv.reader (RFC 4180); the names come back exactly;
  markdown  a GitHub table parser (below): every row has the header's
            cell count, and the names come back with line breaks and
            control characters as spaces;
  text      no ESC, no C0 but newline, no C1, no bidi control reaches the
            terminal; table lines fit 100 columns.

Part of `make check`; needs only Python's standard library.
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

TOOL = sys.argv[1] if len(sys.argv) > 1 else "./ttftstat"
BAD_PROVIDER = b"p\xff\xfe-raw"            # not UTF-8: from argv, via --set

MODELS = [
    'q"uo""te',
    "pi|pe|s",
    "new\nline",
    "cr\rtab\tx",
    "esc\x1b[2J\x1b]0;title\x07m",
    "c1\u009b31m",
    "bidi\u202eevil",
    "md *b* _i_ `c` [l](u) <h> &amp; ~s~ \\",
    "long-" + "x" * 300,
    "llama-3.1-70b",
]
fails = []


def bad(what):
    fails.append(what)
    print("formats: FAILED: " + what)


def clean_like_program(s, ctrl):
    """What a human format shows of a name: controls (C0, DEL, C1,
    U+2028/9) and bidi controls as ctrl."""
    out = []
    for ch in s:
        cp = ord(ch)
        if cp < 0x20 or 0x7F <= cp <= 0x9F or cp in (0x2028, 0x2029) or \
           0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069:
            out.append(ctrl)
        else:
            out.append(ch)
    return "".join(out)


def md_rows(text):
    """GitHub table rows: cells split on unescaped '|', backslash escapes
    undone (GFM: any ASCII punctuation may be escaped)."""
    tables, cur = [], None
    for line in text.split("\n"):
        if not line.startswith("|"):
            if cur:
                tables.append(cur)
            cur = None
            continue
        cells, buf, i = [], "", 1
        while i < len(line):
            c = line[i]
            if c == "\\" and i + 1 < len(line):
                buf += line[i + 1]
                i += 2
                continue
            if c == "|":
                cells.append(buf.strip())
                buf = ""
            else:
                buf += c
            i += 1
        if buf.strip():
            bad("markdown row does not end in '|': %r" % line[:80])
        cur = (cur or []) + [cells]
    if cur:
        tables.append(cur)
    return tables


def run(args, stdin=None):
    p = subprocess.run([TOOL] + args, capture_output=True)
    return p.returncode, p.stdout, p.stderr


def reject_constant(name):
    raise ValueError("JSON holds " + name)


def main():
    work = tempfile.mkdtemp(prefix="ttftstat-formats.")
    base = os.path.join(work, "base.csv")
    new = os.path.join(work, "new.csv")
    for path, shift in ((base, 0.0), (new, 0.05)):
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
            w.writerow(["model", "ttft_s"])
            for i, m in enumerate(MODELS):
                for k in range(30):
                    w.writerow([m, "%.4f" % (0.3 + shift + 0.01 * ((k * 7 + i) % 13))])
    setp = b"provider=" + BAD_PROVIDER
    want_provider = BAD_PROVIDER.decode("utf-8", errors="replace")
    commands = {
        "summary": [b"summary", b"--bootstrap", b"200", b"-q", b"--set", setp,
                    base.encode()],
        "rank": [b"rank", b"--bootstrap", b"200", b"-q", b"--set", setp,
                 base.encode()],
        "compare": [b"compare", b"--bootstrap", b"200", b"-q", b"--set", setp,
                    base.encode(), new.encode()],
        "classify": [b"classify", b"-q", b"--set", setp, base.encode()],
    }
    checked = 0
    for cmd, args in commands.items():
        outs = {}
        for fmt in ("text", "json", "csv", "markdown"):
            exp = os.path.join(work, "%s.%s" % (cmd, fmt)).encode()
            extra = [b"--format-out", fmt.encode()]
            if fmt != "text":
                extra += [b"--export-" + fmt.encode(), exp]
            p = subprocess.run([TOOL.encode()] + args[:1] + extra + args[1:],
                               capture_output=True)
            if p.returncode != 0:
                bad("%s %s: exit %d: %s" % (cmd, fmt, p.returncode,
                                            p.stderr[-300:]))
                continue
            outs[fmt] = p.stdout
            if fmt != "text":
                with open(exp, "rb") as f:
                    if f.read() != p.stdout:
                        bad("%s --export-%s differs from --format-out" % (cmd, fmt))
        # JSON: strict, names exact
        if "json" in outs:
            try:
                doc = json.loads(outs["json"].decode("utf-8"),
                                 parse_constant=reject_constant)
            except (ValueError, UnicodeDecodeError) as e:
                bad("%s json: %s" % (cmd, e))
                doc = None
            if doc is not None:
                text = json.dumps(doc, ensure_ascii=False)
                for m in MODELS:
                    if json.dumps(m, ensure_ascii=False) not in text:
                        bad("%s json lacks model %r" % (cmd, m[:40]))
                if json.dumps(want_provider, ensure_ascii=False) not in text:
                    bad("%s json lacks the provider as U+FFFD" % cmd)
                for k in ("tool", "version", "settings", "warnings"):
                    if k not in doc:
                        bad("%s json lacks %s" % (cmd, k))
                s = doc.get("settings", {})
                for k in ("warmup", "bootstrap", "confidence", "seed"):
                    if k not in s:
                        bad("%s json settings lack %s" % (cmd, k))
                checked += 1
        # CSV: RFC 4180, names exact
        if "csv" in outs:
            rows = list(csv.reader(io.StringIO(outs["csv"].decode("utf-8"),
                                               newline="")))
            width = len(rows[0])
            if any(len(r) != width for r in rows):
                bad("%s csv: rows of different lengths" % cmd)
            cells = {c for r in rows[1:] for c in r}
            for m in MODELS:
                if m not in cells:
                    bad("%s csv lacks model %r" % (cmd, m[:40]))
            if want_provider not in cells:
                bad("%s csv lacks the provider as U+FFFD" % cmd)
            checked += 1
        # Markdown: tables whose rows all have the header's cells
        if "markdown" in outs:
            tables = md_rows(outs["markdown"].decode("utf-8"))
            if not tables:
                bad("%s markdown has no table" % cmd)
            seen = set()
            for t in tables:
                if len(t) < 2 or not all(set(c) <= set("-: ") for c in t[1]):
                    bad("%s markdown: a table without its alignment row" % cmd)
                for r in t:
                    if len(r) != len(t[0]):
                        bad("%s markdown: %d cells under %d headers: %r" %
                            (cmd, len(r), len(t[0]), r[:3]))
                seen |= {c for r in t[2:] for c in r}
            for m in MODELS:
                if clean_like_program(m, " ").strip() not in seen:
                    bad("%s markdown lacks model %r" % (cmd, m[:40]))
            checked += 1
        # text: nothing that acts on a terminal
        if "text" in outs:
            t = outs["text"].decode("utf-8")
            for ch in t:
                cp = ord(ch)
                if (cp < 0x20 and ch != "\n") or 0x7F <= cp <= 0x9F or \
                   0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069:
                    bad("%s text holds U+%04X" % (cmd, cp))
                    break
            for line in t.split("\n"):
                w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
                        for c in line)
                if w > 100 and not line.startswith(" "):
                    bad("%s text: a line of %d columns: %r" % (cmd, w, line[:60]))
                    break
            if "\u2026" not in t:
                bad("%s text: the 300-character name was not cut" % cmd)
            checked += 1
    print("formats: %d outputs checked, %d failed" % (checked, len(fails)))
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
