#!/usr/bin/env python3
# check-metainfo.py METAINFO VERSION: what software centres and Flathub ask
# of the AppStream metadata beyond what the validators check: a summary of
# at most 35 characters and screenshot captions of at most 50 (in every
# language), a developer with an id and a name, a primary colour for the
# light and for the dark style, notes for the release VERSION, a licence for
# each part that ships, and no claim of a display narrower than the window.
#
# Copyright 2026 The Cutout developers
# SPDX-License-Identifier: GPL-3.0-or-later
import re
import sys
import xml.etree.ElementTree as ET

# The window's minimum width (measured: its content asks for 482 px).
MIN_WINDOW_WIDTH = 482
LANG = "{http://www.w3.org/XML/1998/namespace}lang"

path, version = sys.argv[1:]
root = ET.parse(path).getroot()
problems = []


def each_language(tag_path, limit, what):
    found = root.findall(tag_path)
    if not found:
        problems.append(f"no {what}")
    for element in found:
        text = " ".join("".join(element.itertext()).split())
        if len(text) > limit:
            lang = element.get(LANG, "C")
            problems.append(f"{what} ({lang}) has {len(text)} characters, more than {limit}: {text!r}")


each_language("summary", 35, "summary")
each_language("screenshots/screenshot/caption", 50, "screenshot caption")
for screenshot in root.findall("screenshots/screenshot"):
    if screenshot.find("caption") is None:
        problems.append(f"a screenshot without a caption: {screenshot.findtext('image')}")

developer = root.find("developer")
if developer is None or not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", developer.get("id", "")):
    problems.append("no <developer> with a reverse-DNS id")
elif not (developer.findtext("name") or "").strip():
    problems.append("the <developer> has no <name>")

schemes = {}
for colour in root.findall("branding/color"):
    if colour.get("type") == "primary":
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", (colour.text or "").strip()):
            problems.append(f"branding colour {colour.text!r} is not #rrggbb")
        schemes[colour.get("scheme_preference")] = colour.text
for scheme in ("light", "dark"):
    if scheme not in schemes:
        problems.append(f"no primary branding colour for the {scheme} style")
if len(set(schemes.values())) < len(schemes):
    problems.append("the light and dark branding colours are the same")

releases = root.findall("releases/release")
if not releases or releases[0].get("version") != version:
    problems.append(f"the newest release is not {version}")
for release in releases:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", release.get("date", "")):
        problems.append(f"release {release.get('version')} has no date")
    if release.find("description") is None:
        problems.append(f"release {release.get('version')} has no notes")

licence = root.findtext("project_license") or ""
for part, spdx in (("Cutout", "GPL-3.0-or-later"), ("the ISNet model", "AGPL-3.0-only"),
                   ("ONNX Runtime", "MIT")):
    if spdx not in re.split(r"\s+(?:AND|OR)\s+", licence):
        problems.append(f"project_license {licence!r} does not have {spdx} ({part})")

for relation in ("requires", "recommends", "supports"):
    for length in root.findall(f"{relation}/display_length"):
        if not (length.text or "").strip().isdigit():
            problems.append(f"<{relation}> a display_length that is not in pixels: {length.text!r}")
            continue
        value = int(length.text)
        if length.get("compare", "ge") in ("ge", "gt") and value < MIN_WINDOW_WIDTH:
            problems.append(f"<{relation}> a display of {value} px: the window needs {MIN_WINDOW_WIDTH}")

for p in problems:
    print("PROBLEM:", p)
print(f"{path}: {len(problems)} problems")
sys.exit(1 if problems else 0)
