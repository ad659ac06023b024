#!/usr/bin/env python3
"""Tracker entries for the packages of a dpkg status file: gen-fixture-tracker.py STATUS > tracker.json.

Every source package gets one advisory fixed in a version above the installed one (a finding for
every package, so the scan does its full work) and one never-affected entry; the shape is the
Debian Security Tracker JSON's, bookworm only."""
import re
import sys

sources = {}
for stanza in open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n\n"):
    fields = dict(re.findall(r"^([A-Za-z-]+): ?(.*)$", stanza, re.M))
    if "Package" not in fields or "installed" not in fields.get("Status", ""):
        continue
    source, version = fields.get("Source", fields["Package"]), fields["Version"]
    m = re.match(r"(\S+) \((.+)\)", source)
    if m:
        source, version = m.group(1), m.group(2)
    sources[source] = version
out = sys.stdout
out.write("{")
for i, (source, version) in enumerate(sorted(sources.items())):
    out.write(("" if i == 0 else ",") + f'\n  "{source}": {{'
              f'"CVE-2098-{2 * i}": {{"description": "bench", "releases": {{"bookworm": {{"status": "resolved", '
              f'"repositories": {{"bookworm": "{version}+fix1"}}, "fixed_version": "{version}+fix1", "urgency": "medium"}}}}}}, '
              f'"CVE-2098-{2 * i + 1}": {{"description": "bench", "releases": {{"bookworm": {{"status": "resolved", '
              f'"repositories": {{"bookworm": "{version}"}}, "fixed_version": "0", "urgency": "low"}}}}}}}}')
out.write("\n}\n")
