"""Why each failing test fails, for the expected-failure list: read from what the run logged.

The JUnit message of a TCK failure rarely says why. A refused deployment shows up as "Could not lookup value for
field ... url" in every test of the class, and the reason is in the class's *-output.txt ("Fail to deploy: ...");
a test that ran logs the check that failed and the server's answer there, and Portico logs the exception of a
request that failed with 500.
"""

import collections
import os
import re

from reports import FAILED, shorten

# How a deployment failure reaches a test: the TCK's observer logs it and the test then finds no URL to call.
NO_DEPLOYMENT = "Could not lookup value for field"
DEPLOY_FAILURE = re.compile(r"Fail to deploy: (.*)")


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


def reasons(results, reports):
    """Class#method -> why it fails, for every failing test."""
    deploy_errors = deployment_errors(reports)
    fragments = fragment_classes(reports)
    causes = causes_by_test(results, reports)
    return {r.name: classify(r, deploy_errors.get(r.test_class), r.test_class in fragments, causes.get(r.name))
            for r in results if r.status == FAILED}


def write_expected(path, results, reports):
    by_reason = collections.defaultdict(list)
    for name, reason in reasons(results, reports).items():
        by_reason[reason].append(name)
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
