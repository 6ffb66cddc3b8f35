"""Shared pieces of the benchmark drivers (bench/connect.py, bench/networks.py): the machine description,
figure parsing and the comparison table with ratios against the peer."""

import datetime
import os
import platform
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = "/usr/bin/python3"


def figures(text):
    """key<TAB>value lines as floats; `check<TAB>...` lines, if any, collected under 'check'."""
    d = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0] == "check":
            d.setdefault("check", []).append(parts[1])
            continue
        try:
            d[parts[0]] = float(parts[1])
        except ValueError:
            pass
    return d


def machine(env):
    """Date, CPU, memory, kernel, compiler, Python, Brian2 and nestor revision, load average."""
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break

    def out(cmd):
        p = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        return p.stdout.strip()

    gxx = out(["g++", "--version"]).splitlines()[:1]
    b2 = out([PY, "-W", "ignore", "-c", "import brian2; print(brian2.__version__)"]) or "not installed"
    rev = out(["git", "rev-parse", "--short", "HEAD"])
    if rev:
        rev += " (with uncommitted changes)" if out(["git", "status", "--porcelain"]) else ""
    else:
        rev = os.environ.get("NESTOR_REV", "unknown (not a git checkout; set NESTOR_REV)")
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z"),
        "cpu": cpu,
        "nproc": str(os.cpu_count()),
        "mem": f"{mem_gb:.0f} GiB",
        "kernel": platform.release(),
        "g++": gxx[0] if gxx else "?",
        "python": platform.python_version(),
        "brian2": b2,
        "nestor": rev,
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def fmt(x, unit):
    """A figure for the table: counts with thousands separators, rates as 1.23e7, sizes in fixed point."""
    if x is None:
        return "-"
    if isinstance(x, str):
        return x
    if unit == "syn/s":
        if x <= 0:
            return "0"
        e = len(str(int(x))) - 1
        return f"{x / 10**e:.2f}e{e}"
    if unit == "MB":
        return f"{x:.1f}"
    if unit == "B":
        return f"{x:.2f}"
    if x == 0:
        return "0"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"


class table:
    """Rows of figures in columns `cols` (headed `heads`), with ratios (a, b, heading) = a / b, and the
    commands behind them, numbered in order of first use."""

    def __init__(self, cols, heads, ratios, width=44, cell=10, ratio_cell=6, footer=""):
        self.cols, self.heads, self.ratios = cols, heads, ratios
        self.width, self.cell, self.ratio_cell, self.footer = width, cell, ratio_cell, footer
        self.lines, self.cmds = [], []

    def cmd(self, s):
        if s not in self.cmds:
            self.cmds.append(s)
        return self.cmds.index(s) + 1

    def section(self, title):
        self.lines.append(("section", title))

    def text(self, s):
        self.lines.append(("text", s))

    def row(self, what, vals, unit, refs=(), note="", ratios=True):
        self.lines.append(("row", what, vals, unit, refs, note, ratios))

    def render(self, head):
        w, c, rc = self.width, self.cell, self.ratio_cell
        hdr = (f"{'figure':<{w}} " + " ".join(f"{h:>{c}}" for h in self.heads) + f" {'unit':<5} " +
               " ".join(f"{r[2]:>{rc}}" for r in self.ratios) + f" {'cmd':<12} note")
        out = [head, "", hdr, "-" * len(hdr)]
        for ln in self.lines:
            if ln[0] == "section":
                out.append(f"[{ln[1]}]")
                continue
            if ln[0] == "text":
                out.append(ln[1])
                continue
            _, what, vals, unit, refs, note, ratios = ln
            cells = " ".join(f"{fmt(vals.get(k), unit):>{c}}" for k in self.cols)
            rs = []
            for a, b, _ in self.ratios:
                x, y = vals.get(a), vals.get(b)
                ok = ratios and isinstance(x, float) and isinstance(y, float) and y > 0
                rs.append(f"{x / y:>{rc}.3g}" if ok else f"{'-':>{rc}}")
            out.append(f"{what:<{w}} {cells} {unit:<5} {' '.join(rs)} {','.join(map(str, refs)):<12} {note}".rstrip())
        out += ["", self.footer]
        out += [f"  [{k + 1}] {cmd}" for k, cmd in enumerate(self.cmds)]
        return "\n".join(out)
