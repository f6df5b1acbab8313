"""The results of a TCK run, read from its Surefire XML reports, and the expected-failure list they are held to.

A test is named Class#method, the class fully qualified: the TCK has classes of the same simple name in several
packages (servlet.tck.api... and servlet.tck.pluggability.api...).
"""

import collections
import os
import re
import sys
import xml.etree.ElementTree as ET

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"

class Result:
    def __init__(self, test_class, method, status, message, detail):
        self.test_class = test_class
        self.method = method
        self.status = status
        self.message = message  # the first line of the failure message, or ""
        self.detail = detail  # the whole failure text (message and stack trace)

    @property
    def name(self):
        return self.test_class + "#" + self.method


def read_reports(reports):
    """Every test case of every TEST-*.xml in the reports directory."""
    results = []
    for file in sorted(os.listdir(reports)):
        if not (file.startswith("TEST-") and file.endswith(".xml")):
            continue
        for case in ET.parse(os.path.join(reports, file)).getroot().iter("testcase"):
            status, message, detail = PASSED, "", ""
            for child in case:
                if child.tag in ("failure", "error"):
                    status = FAILED
                    detail = (child.get("message") or "") + "\n" + (child.text or "")
                    message = first_line(child.get("message") or child.get("type") or child.text or "")
                elif child.tag == "skipped":
                    status = SKIPPED
                    message = first_line(child.get("message") or "")
            method = re.sub(r"\(.*$", "", case.get("name", ""))
            results.append(Result(case.get("classname", ""), method, status, message, detail))
    return results


def first_line(text):
    for line in text.strip().splitlines():
        if line.strip():
            return line.strip()
    return ""


def area(test_class):
    """servlet.tck.api.jakarta_servlet.x.XTests -> api/jakarta_servlet; spec.async -> spec/async; compat -> compat."""
    parts = test_class.split(".")[2:-1]  # drop "servlet.tck" and the class
    if not parts:
        return "(other)"
    if parts[0] == "compat":
        return "compat"
    depth = 3 if parts[:2] == ["pluggability", "api"] else 2
    return "/".join(parts[:depth])


def read_expected(path):
    """Class#method -> reason. The reason is the text after the first run of whitespace; '#' lines are comments."""
    expected = {}
    if not os.path.exists(path):
        return expected
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, reason = line.partition(" ")
            if "#" not in name:
                sys.exit(f"{path}:{number}: expected 'Class#method reason', got: {line}")
            expected[name] = reason.strip()
    return expected


def compare(results, expected, partial):
    """(unexpected failures, listed tests that passed, listed tests that did not run)."""
    by_name = {r.name: r for r in results}
    ran_classes = {r.test_class for r in results}
    unexpected = [r for r in results if r.status == FAILED and r.name not in expected]
    now_passing = [r for r in results if r.status == PASSED and r.name in expected]
    missing = [name for name in expected if name not in by_name
               and (not partial or name.split("#")[0] in ran_classes)]
    return unexpected, now_passing, missing


def totals(results):
    counts = collections.Counter(r.status for r in results)
    return counts[PASSED], counts[FAILED], counts[SKIPPED]


def totals_line(results):
    # Not in the "N passed, N failed" shape of a test runner's summary: most failures here are expected ones, and
    # the project's own test runs are what a reader of the CI log counts.
    passed, failed, skipped = totals(results)
    return f"servlet TCK: {passed} of {passed + failed + skipped} tests passed; {failed} failed, {skipped} skipped"


def shorten(text, limit=150):
    text = " ".join(text.split())
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", text)
    text = re.sub(r"\b\d{12,}\b", "<time>", text)  # milliseconds since 1970: different on every run
    return text if len(text) <= limit else text[: limit - 3] + "..."
