#!/usr/bin/env python3
"""report_check.py: `ttftstat report` read the way a person would.

    python3 tests/report_check.py ./ttftstat            # static checks
    python3 tests/report_check.py ./ttftstat --browser DIR
                                                        # and in chromium

Three reports are made: the bundled capture, the 19 files shaped like the
LLMPerf leaderboard (--name-from), and a capture of hostile names
(tests/data/labels.csv).  For each, with Python's own parsers:

  * index.html is UTF-8, has a Content-Security-Policy that forbids
    everything but inline style and data: images, holds no script, no
    event attribute, no element that loads (iframe, object, embed, link,
    base, form), no URL but data: images;
  * every figure is an <img> of a data:image/svg+xml URI with a non-empty
    alt, its SVG parses (xml.etree) and holds no script and no external
    reference; every figure file of the folder is in the page;
  * report.md links exactly those figures, which exist beside it;
  * the findings name, per model, the providers
    tests/oracle/report_oracle.py computed independently
    (tests/expected/report-findings.json);
  * the hostile names are in the page's text (HTML-unescaped), never as
    markup.

With --browser (make report-check), chromium --headless loads each page
through a wrapper page that measures it: no console error or refused
load, every image decoded with a non-zero size and visible, the hostile
names present as text, no script element; and it writes a screenshot of
each report into DIR for people to look at.
"""
import base64
import glob
import html
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = sys.argv[1] if len(sys.argv) > 1 else "./ttftstat"
BROWSER = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--browser" else None
fails = []


def bad(what):
    fails.append(what)
    print("report: FAILED: " + what)


class Page(html.parser.HTMLParser):
    """Tags, images, text; and the list items with the bold paragraph
    (<p><strong>) they follow, which is how a model heads its findings."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.imgs, self.text, self.csp = [], [], [], None
        self.li, self.strong, self.head, self.in_li, self.in_strong = [], "", None, False, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "img":
            self.imgs.append(a)
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.csp = a.get("content", "")
        if tag == "li":
            self.li.append([self.head, ""])
            self.in_li = True
        if tag == "strong":
            self.in_strong, self.strong = True, ""

    def handle_endtag(self, tag):
        if tag == "li":
            self.in_li = False
        if tag == "strong":
            self.in_strong, self.head = False, self.strong

    def handle_data(self, data):
        self.text.append(data)
        if self.in_li:
            self.li[-1][1] += data
        if self.in_strong:
            self.strong += data


def check_page(folder, what):
    raw = open(os.path.join(folder, "index.html"), "rb").read()
    try:
        page = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        bad("%s: index.html is not UTF-8: %s" % (what, e))
        return None
    p = Page()
    p.feed(page)
    if p.csp is None or "default-src 'none'" not in p.csp or \
       "img-src data:" not in p.csp or "script" in p.csp:
        bad("%s: no Content-Security-Policy that forbids loading: %r" % (what, p.csp))
    for tag, a in p.tags:
        if tag in ("script", "iframe", "object", "embed", "link", "base", "form"):
            bad("%s: a <%s> element" % (what, tag))
        for k, v in a.items():
            if k.startswith("on"):
                bad("%s: an event attribute %s on <%s>" % (what, k, tag))
            if k in ("href", "src", "action", "srcset") and v and \
               not v.startswith("data:image/svg+xml;base64,"):
                bad("%s: <%s %s=%r> loads something" % (what, tag, k, v[:60]))
    svgs = glob.glob(os.path.join(folder, "*.svg"))
    if len(p.imgs) != len(svgs):
        bad("%s: %d images in the page, %d SVG figures in the folder" %
            (what, len(p.imgs), len(svgs)))
    for img in p.imgs:
        src = img.get("src", "")
        if not img.get("alt", "").strip():
            bad("%s: an image without alt text" % what)
        if not src.startswith("data:image/svg+xml;base64,"):
            bad("%s: an image that is not an inline SVG" % what)
            continue
        svg = base64.b64decode(src.split(",", 1)[1])
        try:
            root = ET.fromstring(svg)
        except ET.ParseError as e:
            bad("%s: an inline SVG does not parse: %s" % (what, e))
            continue
        for e in root.iter():
            tag = e.tag.split("}")[-1]
            if tag in ("script", "foreignObject"):
                bad("%s: an SVG holds <%s>" % (what, tag))
            for k, v in e.attrib.items():
                if k.split("}")[-1] == "href" and not v.startswith("#"):
                    bad("%s: an SVG refers to %r" % (what, v[:60]))
    md = open(os.path.join(folder, "report.md"), encoding="utf-8").read()
    linked = re.findall(r"\]\(([A-Za-z0-9._-]+\.svg)\)", md)
    if sorted(linked) != sorted(os.path.basename(s) for s in svgs):
        bad("%s: report.md links %d figures of the folder's %d" %
            (what, len(linked), len(svgs)))
    return p


def findings(p):
    """{model: [providers to use]} from the findings: under each model's
    bold line, the item "Use A (...), B (...) or C (...): the lowest ..."
    or "No reliable provider ..."."""
    out = {}
    for model, item in p.li:
        m = re.match(r"Use (.*?): the lowest", item)
        if m:
            names = m.group(1)
            while re.search(r"\([^()]*\)", names):   # the values, innermost first
                names = re.sub(r" ?\([^()]*\)", "", names)
            out[model] = [x.strip() for x in re.split(r", | or ", names)]
        elif item.startswith("No reliable provider"):
            out[model] = []
    return out


def report(args, folder):
    p = subprocess.run([TOOL, "report", "-q", "--bootstrap", "1000", "-o",
                        folder] + args, capture_output=True)
    if p.returncode != 0:
        bad("report %s: exit %d: %s" % (" ".join(args)[:80], p.returncode,
                                        p.stderr.decode(errors="replace")[-400:]))
        return False
    return True


WRAPPER = """<!doctype html><meta charset="utf-8"><title>check</title>
<pre id="result">pending</pre>
<iframe id="f" src="%s" style="width:1000px;height:4000px"></iframe>
<script>
const names = %s;
document.getElementById('f').addEventListener('load', () => {
  const d = document.getElementById('f').contentDocument, r = {};
  const imgs = [...d.images];
  r.images = imgs.length;
  r.bad_images = imgs.filter(i => !(i.complete && i.naturalWidth > 0 &&
      i.getBoundingClientRect().width > 0 && i.getBoundingClientRect().height > 0 &&
      getComputedStyle(i).visibility !== 'hidden' && getComputedStyle(i).display !== 'none'))
    .map(i => i.alt.slice(0, 60));
  r.scripts = d.querySelectorAll('script').length;
  const text = d.body.innerText;
  r.missing = names.filter(n => !text.includes(n));
  document.getElementById('result').textContent = JSON.stringify(r);
});
</script>"""


def browse(folder, what, names, shots):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        bad("--browser: chromium is not installed")
        return
    wrapper = os.path.join(folder, "..", os.path.basename(folder) + "-check.html")
    with open(wrapper, "w", encoding="utf-8") as f:
        f.write(WRAPPER % (os.path.basename(folder) + "/index.html", json.dumps(names)))
    flags = ["--headless", "--no-sandbox", "--disable-gpu",
             "--allow-file-access-from-files", "--enable-logging=stderr", "--v=0",
             "--host-resolver-rules=MAP * ~NOTFOUND",
             "--virtual-time-budget=15000", "--window-size=1000,4000"]
    p = subprocess.run([chromium] + flags + ["--dump-dom", "file://" +
                       os.path.abspath(wrapper)], capture_output=True, timeout=180)
    dom = p.stdout.decode("utf-8", errors="replace")
    m = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    if not m or m.group(1).strip() == "pending":
        bad("%s: the browser did not load the page: %s" % (what, p.stderr.decode(
            errors="replace")[-400:]))
        return
    r = json.loads(html.unescape(m.group(1)))
    if r["images"] == 0 or r["bad_images"]:
        bad("%s: in the browser %d images, not shown: %s" % (what, r["images"],
                                                             r["bad_images"]))
    if r["scripts"]:
        bad("%s: the browser found %d scripts in the report" % (what, r["scripts"]))
    if r["missing"]:
        bad("%s: names not in the page's text: %s" % (what, r["missing"][:5]))
    log = p.stderr.decode("utf-8", errors="replace")
    for line in log.splitlines():
        if "CONSOLE" in line or "Refused to" in line or "ERR_" in line:
            if "check.html" in line and "CONSOLE" not in line:
                continue
            bad("%s: the browser said: %s" % (what, line[:200]))
    shot = os.path.join(shots, what + ".png")
    subprocess.run([chromium] + flags + ["--screenshot=" + shot, "file://" +
                   os.path.abspath(os.path.join(folder, "index.html"))],
                   capture_output=True, timeout=180)
    if not os.path.exists(shot) or os.path.getsize(shot) < 10000:
        bad("%s: no screenshot" % what)
    else:
        print("report: screenshot %s" % shot)


def main():
    work = tempfile.mkdtemp(prefix="ttftstat-report.")
    want = json.load(open(os.path.join(ROOT, "tests", "expected",
                                       "report-findings.json")))
    board = sorted(glob.glob(os.path.join(ROOT, "fixtures", "harness",
                                          "llmperf-leaderboard", "*.json")))
    sys.path.insert(0, os.path.join(ROOT, "tests", "oracle"))
    import labels_oracle
    cases = [
        ("capture", [os.path.join(ROOT, "fixtures", "capture.csv")], want["capture"]),
        ("leaderboard", ["--name-from", "{provider}_{model}.json"] + board,
         want["leaderboard"]),
        ("hostile", [os.path.join(ROOT, "tests", "data", "labels.csv")], None),
    ]
    for what, args, expect in cases:
        folder = os.path.join(work, what)
        if not report(args, folder):
            continue
        p = check_page(folder, what)
        if p is None:
            continue
        text = "".join(p.text)         # character references already read
        names = []
        if expect is not None:
            got = findings(p)
            for model, provs in expect.items():
                if got.get(model) != provs:
                    bad("%s: findings for %s: %s, the oracle says %s" %
                        (what, model, got.get(model), provs))
        else:
            # hostile names: as text, with controls and bidi as spaces
            for n in labels_oracle.MODELS[:-3] + labels_oracle.PROVIDERS:
                shown = "".join(" " if (ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f or
                                        0x2028 <= ord(c) <= 0x2029 or
                                        0x202a <= ord(c) <= 0x202e) else c
                                for c in n).strip()
                shown = re.sub(r"^\s+|\s+$", "", shown)
                names.append(shown)
                if shown not in text and " ".join(shown.split()) not in " ".join(text.split()):
                    bad("%s: the name %r is not in the page's text" % (what, shown[:40]))
        if BROWSER:
            os.makedirs(BROWSER, exist_ok=True)
            browse(folder, what, [re.sub(r"[ \t\n\r]+", " ", n) for n in names],
                   BROWSER)
    print("report: %d reports checked%s, %d failed" %
          (len(cases), " in the browser" if BROWSER else "", len(fails)))
    if not fails:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
