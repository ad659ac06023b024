#!/usr/bin/env python3
"""A synthetic Debian Security Tracker JSON of the real file's shape: gen-tracker.py PACKAGES CVES."""
import sys

packages, cves = int(sys.argv[1]), int(sys.argv[2])
releases = ["bullseye", "bookworm", "trixie", "sid"]
out = sys.stdout
out.write("{")
for p in range(packages):
    out.write(("" if p == 0 else ",") + f'\n  "pkg{p}": {{')
    for c in range(cves):
        out.write(("" if c == 0 else ",") + f'\n    "CVE-2099-{p * cves + c}": {{"description": "A synthetic issue '
                  f'in pkg{p}, as long as a typical tracker description of a real vulnerability, with some words '
                  f'about the component", "scope": "remote", "debianbug": {100000 + c}, "releases": {{')
        parts = []
        for r, rel in enumerate(releases):
            k = (p + c + r) % 5
            if k < 2:
                status = f'"status": "resolved", "fixed_version": "1.0-{(c + r) % 6}"'
            elif k == 2:
                status = '"status": "open", "nodsa": "Minor issue", "nodsa_reason": "postponed"'
            elif k == 3:
                status = '"status": "open"'
            else:
                status = '"status": "undetermined"'
            urgency = ["unimportant", "low", "medium", "high", "not yet assigned"][c % 5]
            parts.append(f'"{rel}": {{{status}, "repositories": {{"{rel}": "1.0-{r}"}}, "urgency": "{urgency}"}}')
        out.write(", ".join(parts) + "}}")
    out.write("\n  }")
out.write("\n}\n")
