"""Fail CI when a conformance, end-to-end or UI test did not really run.

Reads pytest's JUnit XML report: every test of those groups must be there, and none may be
skipped (a skip there means a missing agent, browser or data file, i.e. an untested claim).
usage: python .ci/no_skips.py REPORT.xml
"""
import sys
import xml.etree.ElementTree as ET

GROUPS = {  # group -> test ids (classname.name) that belong to it start with one of these
    "conformance": ("tests.test_conformance.", "tests.test_interop_sdk."),
    "end-to-end": ("tests.e2e.",),
    "UI": ("tests.test_ui_",),
}


def main(report):
    ran = {group: 0 for group in GROUPS}
    skipped = []
    for case in ET.parse(report).iter("testcase"):
        test_id = ".".join(filter(None, (case.get("classname"), case.get("name")))) + "."
        group = next((g for g, prefixes in GROUPS.items() if test_id.startswith(prefixes)), None)
        if group is None:
            continue
        skip = case.find("skipped")
        if skip is not None:
            skipped.append(f"{test_id[:-1]}: {skip.get('message', '')}")
        else:
            ran[group] += 1
    for line in skipped:
        print(f"SKIPPED (not allowed in CI): {line}")
    for group, count in ran.items():
        if count == 0:
            print(f"no {group} test ran")
    print(", ".join(f"{count} {group}" for group, count in ran.items()) + " tests ran")
    return 1 if skipped or 0 in ran.values() else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
