#!/usr/bin/env python3
"""labels_oracle.py: hostile model and provider names, and what each must
read as on a figure.

Writes
  tests/data/labels.csv       a capture whose model and provider names are
                              the hostile ones that are valid UTF-8 (ingest
                              refuses the others), five requests a cell;
  tests/expected/labels.txt   one line per name: ROLE RAW-HEX SANITISED-HEX,
                              ROLE "model" or "provider" (in labels.csv),
                              "cell" (the CV chart's row label "model /
                              provider") or "quote" (gnuplot round trip
                              only).

The sanitised text is computed here independently of plots/gp.c, from
the rule gp.h documents: decode as UTF-8 with Python's errors='replace'
(one U+FFFD per maximal subpart, Unicode 15 section 3.9), turn C0, DEL,
C1 and U+2028/U+2029 into spaces, keep the first 60 characters.
tests/test_labels.c renders labels.csv with gnuplot and reads the SVG,
and passes every name through gp_quote and gnuplot's own parser.

Run from the repository root: python3 tests/oracle/labels_oracle.py
"""
import csv
import io
import random

CAP = 60  # GP_LABEL_MAX
CANARY = "/tmp/ttftstat-label-canary"

MODELS = [
    "prov''x",                          # a run of quotes (gnuplot 5.4)
    "''''",
    "'leading quote",
    '"double" and \\"escaped\\"',
    "back\\slash\\\\ end\\",
    "@macro @@ @ARG1",
    "&{} {/Symbol a} ^2 _x ~a",         # enhanced-text markup
    "EOD\n$data << EOD",                # heredoc and a newline
    "`touch " + CANARY + "`",           # command substitution
    "'.system('touch " + CANARY + "').'",
    '".system("touch ' + CANARY + '")."',
    "line\u2028sep\u2029para\u0085nel",
    "tab\there\rcr\x7fdel",
    "\\0101 is not A; \\x41 neither",   # escapes written as text
    "<svg> &amp; </text>",              # XML in the SVG terminal
    "%s%n%x",
    "caf\u00e9 \u6a21\u578b \U0001F680",
    "x" * 58 + "\u00e9\u00e9\u00e9",     # a two-byte character at the cap
    "y" * 59 + "\U0001F680tail",         # a four-byte character at the cap
    "z" * 200,
]

PROVIDERS = [
    "'",
    '"',
    "\\",
    "a'b''c'''d",
    "set output '/tmp/x'; #",
    "in  between   three",             # runs of spaces (ingest trims the ends)
    "\u202eevil\u202c",                 # bidirectional override stays text
    "p\u00a0nbsp",
]

# byte strings that only the gnuplot writer sees (file names, --set)
QUOTE_ONLY = [
    b"\xff\xfe",
    b"\xe2\x82",                        # a cut three-byte sequence
    b"\xe2\x82A",
    b"\xed\xa0\x80",                    # a surrogate
    b"\xf4\x90\x80\x80",                # beyond U+10FFFF
    b"\xc0\xaf",                        # overlong
    b"\xf0\x9f\x9a",                    # a cut four-byte sequence
    b"ok\x01\x1f\x7f",
    b"\xc2\x80\xc2\x9f\xc2\xa0",
    b"0123456789" * 8,
    b"\\0" + b"7" * 5,
    b"\xe9t\xe9",                       # Latin-1
    b"a" * 59 + b"\xe2\x82\xac",        # a whole character at the cap
    b"a" * 59 + b"\xe2\x82",            # a cut one at the cap
]


def sanitise(raw: bytes) -> bytes:
    text = raw.decode("utf-8", errors="replace")
    out = []
    for ch in text:
        cp = ord(ch)
        if cp < 0x20 or 0x7F <= cp <= 0x9F or cp in (0x2028, 0x2029):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out[:CAP]).encode("utf-8")


def main():
    rng = random.Random(20261201)
    rows = io.StringIO()
    w = csv.writer(rows, lineterminator="\n", quoting=csv.QUOTE_ALL)
    w.writerow(["model", "provider", "ttft_ms"])
    for i, m in enumerate(MODELS):
        p = PROVIDERS[i % len(PROVIDERS)]
        for _ in range(5):
            w.writerow([m, p, "%.1f" % rng.uniform(200, 900)])
    with open("tests/data/labels.csv", "w", newline="") as f:
        f.write(rows.getvalue())
    lines = []
    for role, names in (("model", MODELS), ("provider", PROVIDERS)):
        for n in names:
            raw = n.encode("utf-8")
            lines.append("%s %s %s" % (role, raw.hex(), sanitise(raw).hex()))
    # the CV chart's row labels: "model / provider", cut as one label
    for i, m in enumerate(MODELS):
        raw = (m + " / " + PROVIDERS[i % len(PROVIDERS)]).encode("utf-8")
        lines.append("cell %s %s" % (raw.hex(), sanitise(raw).hex()))
    for raw in QUOTE_ONLY:
        lines.append("quote %s %s" % (raw.hex(), sanitise(raw).hex()))
    with open("tests/expected/labels.txt", "w") as f:
        f.write("# ROLE RAW SANITISED (hex); tests/oracle/labels_oracle.py\n")
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
