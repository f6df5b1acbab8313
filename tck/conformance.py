#!/usr/bin/env python3
"""Reads the Surefire reports of a TCK run and compares them with the expected-failure list.

    conformance.py report REPORTS OUT.md --expected FILE --command CMD [--partial]
    conformance.py check REPORTS --expected FILE [--partial]
    conformance.py expected REPORTS --expected FILE      (rewrites FILE from the run: every failing test, by cause)

A test is named Class#method, the class fully qualified (the TCK has classes of the same simple name in several
packages). --partial: the run covered only some classes (a CLASS-PATTERN), so list entries of classes that did not
run are not reported as stale.
"""

import argparse
import collections
import datetime
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"

# How a deployment failure reaches a test: the TCK's observer logs it and the test then finds no URL to call.
NO_DEPLOYMENT = "Could not lookup value for field"
DEPLOY_FAILURE = re.compile(r"Fail to deploy: (.*)")


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
    passed, failed, skipped = totals(results)
    return f"{passed} passed, {failed} failed, {skipped} skipped"


# --- classifying failures for the expected list -------------------------------------------------------------------

FRAGMENTS = "web fragments: not implemented yet"
FRAGMENT_WARNING = "META-INF/web-fragment.xml is not supported"

# (pattern in the deployment error, reason); the first match wins.
DEPLOY_REASONS = [
    (r"web-fragment", FRAGMENTS),
    (r"locale-encoding-mapping-list", "locale-encoding-mapping-list: not supported yet"),
    (r"(?i)jsp", "JSP: no JSP engine by design"),
    (r"security-constraint|login-config|security-role|run-as|ServletSecurity|setServletSecurity|@RolesAllowed"
     r"|deny-uncovered-http-methods", "container security: not implemented"),
]


def deployment_errors(reports):
    """Test class -> the first 'Fail to deploy' message in its output (the cause of its URL lookup errors)."""
    errors = {}
    for file in os.listdir(reports):
        if not file.endswith("-output.txt"):
            continue
        test_class = file[: -len("-output.txt")]
        with open(os.path.join(reports, file), encoding="utf-8", errors="replace") as f:
            for line in f:
                m = DEPLOY_FAILURE.search(line)
                if m:
                    errors[test_class] = m.group(1).strip()
                    break
    return errors


TEST_FAILED = re.compile(r"Test: '([^']+)' failed\.")
SERVER_ERROR = re.compile(r"\] ERROR dev\.portico\.")
LOG_LINE = re.compile(r"^\d+ \[")
VALIDATOR_ERROR = re.compile(r"ERROR servlet\.tck\.common\.response\.validation\.\w+ -\s+(.*)")


def logged_causes(reports):
    """Test class -> [(method, cause)] in the order logged: what the TCK logged for each failing test (its JUnit
    message often says only "Check output"). The method is sometimes logged as 'null'."""
    causes = {}
    for file in os.listdir(reports):
        if not file.endswith("-output.txt"):
            continue
        test_class = file[: -len("-output.txt")]
        with open(os.path.join(reports, file), encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
        previous_marker = 0
        for i, line in enumerate(lines):
            m = TEST_FAILED.search(line)
            if not m:
                continue
            cause = describe(block_after(lines, i))
            if cause == "Test FAILED!" or cause.startswith("[FATAL]"):
                # Says nothing; the check that failed was logged by the validator before it.
                for j in range(previous_marker, i):
                    if VALIDATOR_ERROR.search(lines[j]):
                        cause = describe([VALIDATOR_ERROR.search(lines[j]).group(1)] + block_after(lines, j))
                        break
            cause += server_fault(lines, previous_marker, i)
            previous_marker = i
            causes.setdefault(test_class, []).append((m.group(1), cause))
        if test_class not in causes:
            # Some tests log nothing of their own (they read the raw socket); the server's error may still say why.
            fault = server_fault(lines, 0, len(lines))
            if fault:
                causes[test_class] = [(None, fault[2:])]
    return causes


def server_fault(lines, start, end):
    """"; server: <exception>" from the first error Portico logged in lines[start:end] (its deepest cause)."""
    for j in range(start, end):
        if SERVER_ERROR.search(lines[j]):
            exceptions = []
            for following in lines[j + 1:]:
                if LOG_LINE.match(following):
                    break
                if following.strip() and not following.startswith("\t"):
                    exceptions.append(following.strip())
            nested = [e for e in exceptions if e.startswith("Caused by: ")]
            if nested:
                return "; server: " + nested[-1][len("Caused by: "):]
            if exceptions:
                return "; server: " + exceptions[0]
    return ""


def block_after(lines, i):
    """The lines a log entry continues on: up to the next log line or stack frame."""
    block = []
    for following in lines[i + 1: i + 40]:
        if following.startswith("\tat ") or LOG_LINE.match(following):
            break
        block.append(following)
    return block


def describe(block):
    """'Unable to find the following search string in the server's response:' / 'X' / 'Server's response:' / ---
    / body / --- becomes "expected 'X' in the response; got: body", the body's first lines."""
    text = [line.strip() for line in block]
    while text and not text[0]:
        text.pop(0)
    if not text:
        return ""
    first = re.sub(r"^java\.lang\.Exception:\s*", "", text[0])
    first = re.sub(r"^Test (Test Case|\S+) ", "", first).strip()
    if first.endswith("search string in the server's response:") and len(text) > 1:
        first = f"expected {text[1]} in the response"
    if "Server's response:" in text:
        body = []
        for line in text[text.index("Server's response:") + 1:]:
            if line.startswith("-----"):
                if body:
                    break
                continue
            if line:
                body.append(line)
            if len(body) == 2:
                break
        if body:
            first += "; got: " + " / ".join(body)
    return first


def classify(result, deploy_error, fragments, cause):
    """The reason a failing test fails: a known area, the deployment's refusal, or what the TCK logged."""
    for pattern, reason in CLASS_REASONS:
        if re.search(pattern, result.test_class):
            return reason
    if NO_DEPLOYMENT in result.detail and deploy_error:
        for pattern, reason in DEPLOY_REASONS:
            if re.search(pattern, deploy_error):
                return reason
        if fragments:
            return FRAGMENTS
        # "x.war: x.war!/WEB-INF/web.xml: <element> is not supported" -> "<element> is not supported"
        return "deployment refused: " + shorten(re.sub(r"^(\S+\.war(!/\S+)?: )+", "", deploy_error))
    if fragments:
        # Every such war declares its servlets, filters or ordering in web-fragment.xml: they are missing.
        return FRAGMENTS
    message = result.message
    if "timed out after" not in message and cause:
        message = cause
    for pattern, reason in CAUSE_REASONS:
        if re.search(pattern, message):
            return reason
    return "run-time failure: " + shorten(message or "(no message)")


def causes_by_test(results, reports):
    """Class#method -> the logged cause of its failure. By name where the TCK logged it, else by order (the tests
    of a class run one after the other, so the n-th failure logged is the n-th failing test)."""
    logged = logged_causes(reports)
    by_test = {}
    for test_class, entries in logged.items():
        failing = [r for r in results if r.test_class == test_class and r.status == FAILED
                   and NO_DEPLOYMENT not in r.detail]
        names = {r.method for r in failing}
        if len(entries) == len(failing):
            by_test.update((r.name, cause) for r, (_, cause) in zip(failing, entries))
        by_test.update((test_class + "#" + method, cause) for method, cause in entries if method in names)
    return by_test


def fragment_classes(reports):
    """Test classes whose war holds a web-fragment.xml (Portico logs that it ignores it)."""
    found = set()
    for file in os.listdir(reports):
        if file.endswith("-output.txt"):
            with open(os.path.join(reports, file), encoding="utf-8", errors="replace") as f:
                if FRAGMENT_WARNING in f.read():
                    found.add(file[: -len("-output.txt")])
    return found


# Areas whose tests need a feature Portico does not have, whatever else their war needs.
CLASS_REASONS = [
    (r"\.spec\.security\.", "container security: not implemented"),
]

# Run-time causes that are a method Portico does not support (README, "Servlet API coverage").
CAUSE_REASONS = [
    (r"HttpServletRequest\.(login|authenticate) is not supported", "container security: not implemented"),
    (r"HttpServletRequest\.upgrade is not supported", "HTTP upgrade: not implemented"),
]


def shorten(text, limit=150):
    text = " ".join(text.split())
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", text)
    text = re.sub(r"\b\d{12,}\b", "<time>", text)  # milliseconds since 1970: different on every run
    return text if len(text) <= limit else text[: limit - 3] + "..."


def write_expected(path, results, reports):
    deploy_errors = deployment_errors(reports)
    fragments = fragment_classes(reports)
    causes = causes_by_test(results, reports)
    by_reason = collections.defaultdict(list)
    for r in results:
        if r.status == FAILED:
            reason = classify(r, deploy_errors.get(r.test_class), r.test_class in fragments, causes.get(r.name))
            by_reason[reason].append(r.name)
    # Known causes first (largest groups first), then the individual run-time failures.
    order = sorted(by_reason, key=lambda reason: (reason.startswith("run-time failure"), -len(by_reason[reason]),
                                                  reason))
    with open(path, "w", encoding="utf-8") as f:
        f.write(EXPECTED_HEADER)
        for reason in order:
            f.write(f"\n# {reason} ({len(by_reason[reason])})\n")
            for name in sorted(by_reason[reason]):
                f.write(f"{name} {reason}\n")
    print(f"{path}: {sum(len(v) for v in by_reason.values())} tests in {len(by_reason)} groups")


EXPECTED_HEADER = """\
# Jakarta Servlet TCK 6.1.2 tests that fail on Portico today, each with its reason.
# One test a line: Class#method, a space, the reason. Lines starting with '#' are comments.
# `tck/run.sh --check` fails if a test not listed here fails, or if a listed test passes: when a fix makes tests
# pass, delete their lines (the list only shrinks). `tck/run.sh --write-expected` rewrites this file from a run.
"""


# --- the report --------------------------------------------------------------------------------------------------

def write_report(out, results, expected, command, partial):
    rows = collections.OrderedDict()
    for r in sorted(results, key=lambda r: area_order(area(r.test_class))):
        row = rows.setdefault(area(r.test_class), collections.Counter())
        row["tests"] += 1
        row[r.status] += 1
        if r.status == FAILED and r.name in expected:
            row["expected"] += 1
    unexpected, now_passing, missing = compare(results, expected, partial)
    reasons = collections.Counter(expected[r.name] for r in results if r.status == FAILED and r.name in expected)

    lines = [
        "# Jakarta Servlet TCK conformance",
        "",
        "The [Jakarta Servlet TCK](https://github.com/jakartaee/servlet/tree/6.1.2-RELEASE-tck/tck) 6.1.2 run against",
        "Portico through the Arquillian container in `tck/` (see `tck/README.md`). The signature test is left out:",
        "it checks the `jakarta.servlet-api` jar, not the container. Generated by `tck/run.sh`; do not edit by hand.",
        "",
        f"- command: `{command}`",
        f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- commit: `{git_commit()}`",
        f"- JDK: {java_version()}",
        "",
        "*Expected to fail* counts the failing tests listed in `tck/expected-failures.txt` with their reasons;",
        "every failure is listed (a failure that is not makes `tck/run.sh --check` fail).",
        "",
        "| area | tests | passed | failed | skipped | expected to fail |",
        "|------|------:|-------:|-------:|--------:|-----------------:|",
    ]
    total = collections.Counter()
    for name, row in rows.items():
        total.update(row)
        lines.append(table_row(name, row))
    lines.append(table_row("**total**", total, bold=True))
    lines += ["", "## Failures by reason", "", "| reason | tests |", "|--------|------:|"]
    for reason, count in sorted(reasons.items(), key=lambda item: (item[0].startswith("run-time"), -item[1],
                                                                    item[0])):
        lines.append(f"| {reason.replace('|', '/')} | {count} |")
    if unexpected or now_passing or missing:
        lines += ["", "## Differences from the expected-failure list", ""]
        lines += [f"- fails, not listed: `{r.name}` — {shorten(r.message)}" for r in unexpected]
        lines += [f"- listed, passes: `{r.name}`" for r in now_passing]
        lines += [f"- listed, did not run: `{name}`" for name in missing]
    lines.append("")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def area_order(name):
    groups = ["api", "spec", "pluggability", "compat"]
    first = name.split("/")[0]
    return (groups.index(first) if first in groups else len(groups), name)


def table_row(name, row, bold=False):
    cells = [row["tests"], row[PASSED], row[FAILED], row[SKIPPED], row["expected"]]
    text = [f"**{c}**" if bold else str(c) for c in cells]
    return f"| {name} | " + " | ".join(text) + " |"


def git_commit():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        commit = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--", "container"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return commit + (" (container/ modified)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def java_version():
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
        return first_line(out)
    except OSError:
        return "unknown"


# --- commands ----------------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["report", "check", "expected"])
    parser.add_argument("reports")
    parser.add_argument("out", nargs="?")
    parser.add_argument("--expected", required=True)
    parser.add_argument("--command", dest="run_command", default="tck/run.sh")
    parser.add_argument("--partial", action="store_true")
    args = parser.parse_args()

    results = read_reports(args.reports)
    if not results:
        sys.exit(f"no test results in {args.reports}")
    if args.command == "expected":
        write_expected(args.expected, results, args.reports)
        return 0
    expected = read_expected(args.expected)
    if args.command == "report":
        write_report(args.out, results, expected, args.run_command, args.partial)
        return 0

    unexpected, now_passing, missing = compare(results, expected, args.partial)
    for r in unexpected:
        print(f"UNEXPECTED FAILURE {r.name}: {shorten(r.message)}")
    for r in now_passing:
        print(f"NOW PASSES (remove it from the list) {r.name}")
    for name in missing:
        print(f"LISTED BUT DID NOT RUN {name}")
    offending = len(unexpected) + len(now_passing) + len(missing)
    print(f"check: {offending} test(s) differ from {os.path.basename(args.expected)}"
          if offending else f"check: every failure is expected ({len(expected)} listed)")
    print(totals_line(results))
    return 1 if offending else 0


if __name__ == "__main__":
    sys.exit(main())
