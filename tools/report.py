#!/usr/bin/python3
"""vpool report generator.

  report.py tests-section RESULTS_DIR OUT.md
      Markdown section with the measured test results of ./run test.
  report.py build REPORT_DIR OUT_DIR
      Joins REPORT_DIR/sections/*.md (name order) into OUT_DIR/report.md and
      a self-contained OUT_DIR/report.html (CSS and images inlined).

Only data found in the inputs is written: a missing input is reported as
missing, never filled in.
"""

import base64
import csv
import datetime
import html
import mimetypes
import os
import re
import shutil
import subprocess
import sys


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def md_escape(text):
    return text.replace("|", "\\|")


def tests_section(results_dir, out_path):
    configs = read_tsv(os.path.join(results_dir, "configs.tsv"))
    tests = read_tsv(os.path.join(results_dir, "tests.tsv"))
    lines = ["## Test results", ""]
    if not tests:
        lines += ["No test results were found (`./run test` did not record any).", ""]
    else:
        passed = sum(int(t["passed"]) for t in tests)
        failed = sum(int(t["failed"]) for t in tests)
        secs_path = os.path.join(results_dir, "seconds")
        total = open(secs_path).read().strip() if os.path.exists(secs_path) else "?"
        lines += [
            f"`./run test`: **{passed} passed, {failed} failed** "
            f"(wall time {total} s, including package checks).",
            "",
            "Counts are test cases: cmocka's summary lines in each test log; a test binary "
            "without them (or one that crashed) counts as one case. `steps` are "
            "`tools/steps/test-*.sh`.",
            "",
            "### Per configuration",
            "",
            "| configuration | suites | passed | failed | skipped | seconds |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for c in configs:
            lines.append(
                f"| {c['config']} | {c['suites']} | {c['passed']} | {c['failed']} "
                f"| {c['skipped']} | {c['seconds']} |"
            )
        lines += [
            "",
            "### Per suite",
            "",
            "| configuration | suite | passed | failed | skipped | status |",
            "|---|---|---:|---:|---:|---|",
        ]
        for t in tests:
            lines.append(
                f"| {t['config']} | `{md_escape(t['suite'])}` | {t['passed']} | {t['failed']} "
                f"| {t['skipped']} | {md_escape(t['status'])} |"
            )
        lines.append("")
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")


def git(root, *args):
    try:
        return subprocess.run(
            ["git", "-C", root, *args], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


CSS = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
       max-width: 62rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5;
       color: #1b1f23; }
h1 { border-bottom: 2px solid #444; padding-bottom: .3rem; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2.5rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .92rem; }
th, td { border: 1px solid #ccc; padding: .25rem .6rem; vertical-align: top; }
th { background: #f0f0f0; }
tr:nth-child(even) td { background: #fafafa; }
code { background: #f3f3f3; padding: 0 .2rem; border-radius: 3px; font-size: .9em; }
pre { background: #f6f8fa; padding: .7rem; overflow-x: auto; border-radius: 4px; }
pre code { background: none; padding: 0; }
img { max-width: 100%; }
nav.toc { background: #f8f8f8; border: 1px solid #ddd; padding: .5rem 1rem; }
"""


def inline_images(body, search_dirs):
    """Replaces <img src="relative"> by data: URIs so the page stands alone."""

    def repl(m):
        src = html.unescape(m.group(2))
        if re.match(r"^[a-z]+:", src):
            return m.group(0)
        for d in search_dirs:
            path = os.path.join(d, src)
            if os.path.isfile(path):
                mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
                with open(path, "rb") as f:
                    data = base64.b64encode(f.read()).decode("ascii")
                return f'{m.group(1)}data:{mime};base64,{data}{m.group(3)}'
        return m.group(0)

    return re.sub(r'(<img[^>]*\bsrc=")([^"]+)(")', repl, body)


def copy_images(md_text, search_dirs, out_dir):
    """Copies images the Markdown references by relative path next to report.md."""
    for src in re.findall(r"!\[[^\]]*\]\(([^)\s]+)", md_text) + re.findall(
        r'<img[^>]*\bsrc="([^"]+)"', md_text
    ):
        if re.match(r"^[a-z]+:", src) or src.startswith("/"):
            continue
        dest = os.path.join(out_dir, src)
        if os.path.exists(dest):
            continue
        for d in search_dirs:
            path = os.path.join(d, src)
            if os.path.isfile(path):
                os.makedirs(os.path.dirname(dest) or out_dir, exist_ok=True)
                shutil.copyfile(path, dest)
                break


def build(report_dir, out_dir):
    import markdown  # python3-markdown (tools/deps.sh)

    root = os.environ.get("VPOOL_ROOT", os.getcwd())
    sections_dir = os.path.join(report_dir, "sections")
    names = sorted(n for n in os.listdir(sections_dir) if n.endswith(".md")) if os.path.isdir(
        sections_dir) else []
    commit = git(root, "rev-parse", "--short=12", "HEAD") or "unknown"
    dirty = git(root, "status", "--porcelain", "--untracked-files=no")
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    head = [
        "# vpool verification report",
        "",
        f"Generated by `./run verify` on {now} from commit `{commit}`"
        + (" with uncommitted changes" if dirty else "")
        + ". Every figure below was measured by that run.",
        "",
    ]
    parts = []
    for n in names:
        with open(os.path.join(sections_dir, n)) as f:
            parts.append(f.read().rstrip() + "\n")
    if not parts:
        parts.append("No section was written.\n")
    md_text = "\n".join(head) + "\n" + "\n".join(parts)

    os.makedirs(out_dir, exist_ok=True)
    search = [sections_dir, report_dir]
    copy_images(md_text, search, out_dir)
    with open(os.path.join(out_dir, "report.md"), "w") as f:
        f.write(md_text)

    conv = markdown.Markdown(extensions=["tables", "fenced_code", "toc", "sane_lists"])
    body = conv.convert(md_text)
    body = inline_images(body, search + [out_dir])
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>vpool verification report ({html.escape(commit)})</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n"
        f"<nav class=\"toc\"><strong>Contents</strong>{conv.toc}</nav>\n"
        f"{body}\n</body>\n</html>\n"
    )
    with open(os.path.join(out_dir, "report.html"), "w") as f:
        f.write(page)


def main(argv):
    if len(argv) == 4 and argv[1] == "tests-section":
        tests_section(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "build":
        build(argv[2], argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
