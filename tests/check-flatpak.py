#!/usr/bin/env python3
# check-flatpak.py SOURCE_ROOT APP_ID VERSION: the Flatpak manifests in
# SOURCE_ROOT/flatpak, as Flathub would take them.
#
# Both manifests (APP_ID.json, for Flathub, and APP_ID.Devel.json, which
# builds the checkout) parse, name the app, use the same current GNOME
# runtime, ask for no more than the permissions the app needs, give a
# SHA-256 and an https address for every download, ship files that exist,
# build the app itself with meson, and differ only in the app's own source.
# The Flathub one takes the app from the git tag of VERSION and its commit,
# and every download has x-checker-data; libzip comes from its upstream
# release, ONNX Runtime only for x86-64 (as flathub.json says), the models
# with the catalogue's sizes and checksums, and each bundled part installs
# its licence in /app/share/licenses/APP_ID.
#
# Copyright 2026 The Cutout developers
# SPDX-License-Identifier: GPL-3.0-or-later
import configparser
import copy
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

root, app_id, version = sys.argv[1:]
flatpak_dir = os.path.join(root, "flatpak")
problems = []
notes = []
licences = f"/app/share/licenses/{app_id}/"
tag = f"v{version}"


def load(name):
    try:
        with open(os.path.join(flatpak_dir, name)) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        problems.append(f"{name}: {e}")
        return None


def module(manifest, name):
    return next((m for m in manifest.get("modules", []) if m.get("name") == name), None)


def commands(m):
    return (m or {}).get("build-commands", []) + (m or {}).get("post-install", [])


def check_common(name, manifest):
    if manifest.get("id", manifest.get("app-id")) != app_id:
        problems.append(f"{name}: the id is not {app_id}")
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        problems.append(f"{name}: the runtime is not org.gnome.Platform with org.gnome.Sdk")
    if not re.fullmatch(r"\d+", str(manifest.get("runtime-version", ""))):
        problems.append(f"{name}: runtime-version is not a GNOME release number")
    # The network is only for the model downloads the user starts in
    # Preferences → Models; photos never leave the machine.
    allowed = {"--share=ipc", "--share=network", "--socket=fallback-x11", "--socket=wayland",
               "--device=dri"}
    extra = set(manifest.get("finish-args", [])) - allowed
    if extra:
        problems.append(f"{name}: finish-args beyond {sorted(allowed)}: {sorted(extra)}")
    if manifest.get("command") != "cutout":
        problems.append(f"{name}: the command is not cutout")

    modules = manifest.get("modules", [])
    for m in modules:
        for source in m.get("sources", []):
            if "url" in source and source.get("type") != "git":
                if not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
                    problems.append(f"{name}: {m['name']}: {source['url']} has no SHA-256")
            if "url" in source and not source["url"].startswith("https://"):
                problems.append(f"{name}: {m['name']}: {source['url']} is not https")
            if "path" in source and not os.path.exists(os.path.join(flatpak_dir, source["path"])):
                problems.append(f"{name}: {m['name']}: {source['path']} does not exist")
    names = [m.get("name") for m in modules]
    if not modules or modules[-1].get("buildsystem") != "meson" or names[-1] != "cutout":
        problems.append(f"{name}: the last module is not the app, built with meson")
    for needed in ("libzip", "onnxruntime"):
        if needed not in names:
            problems.append(f"{name}: no {needed} module")
    print(f"{name}: {len(modules)} modules: {', '.join(names)}")


flathub = load(f"{app_id}.json")
devel = load(f"{app_id}.Devel.json")
flathub_json = load("flathub.json")

if flathub is not None:
    check_common(f"{app_id}.json", flathub)

    # Every download can be followed by flatpak-external-data-checker.
    for m in flathub.get("modules", []):
        for source in m.get("sources", []):
            if "url" in source and "type" not in source.get("x-checker-data", {}):
                problems.append(f"{m['name']}: {source['url']} has no x-checker-data")

    # The app: its release tag and that tag's commit.
    app = module(flathub, "cutout") or {}
    main = (app.get("sources") or [{}])[0]
    if main.get("type") != "git" or not str(main.get("url", "")).startswith("https://"):
        problems.append("the app's first source is not git over https")
    if main.get("tag") != tag:
        problems.append(f"the app's tag is {main.get('tag')!r}, not {tag!r} (meson's version)")
    if not main.get("x-checker-data", {}).get("is-main-source"):
        problems.append("the app's source is not x-checker-data's main source")
    commit = str(main.get("commit", ""))
    tagged = subprocess.run(["git", "-C", root, "rev-parse", "-q", "--verify", f"refs/tags/{tag}^{{commit}}"],
                            capture_output=True, text=True).stdout.strip()
    if re.fullmatch(r"[0-9a-f]{40}", commit):
        if tagged and tagged != commit:
            problems.append(f"the app's commit {commit} is not {tag}'s, {tagged}")
    elif commit.startswith("TODO") and tag in commit:
        # A manifest cannot hold the commit of the tag that contains it: the
        # value is filled in where the manifest goes to Flathub.
        notes.append(f"the app's commit is still to be filled in once {tag} is tagged"
                     + (f": {tagged}" if tagged else ""))
    else:
        problems.append(f"the app's commit {commit!r} is neither a commit nor a TODO for {tag}")

    # libzip from its own release, not a distribution's copy.
    libzip = module(flathub, "libzip") or {}
    for source in libzip.get("sources", []):
        if not re.match(r"https://(libzip\.org/download/|github\.com/nih-at/libzip/releases/)",
                        source.get("url", "")):
            problems.append(f"libzip comes from {source.get('url')}, not its upstream release")

    # ONNX Runtime is an x86-64 build: the app is built for x86-64 only.
    if (module(flathub, "onnxruntime") or {}).get("only-arches") != ["x86_64"]:
        problems.append("the onnxruntime module is not only-arches x86_64")
    if flathub_json is not None and flathub_json.get("only-arches") != ["x86_64"]:
        problems.append("flathub.json does not say only-arches [\"x86_64\"]")

    # The models: the catalogue's files, sizes and checksums, from the package it names.
    catalogue = configparser.ConfigParser(interpolation=None)
    catalogue.optionxform = str
    catalogue.read(os.path.join(root, "data", "models.ini"))
    app_commands = " ".join(commands(app))
    archives = [s.get("url", "") for s in app.get("sources", [])]
    for group in catalogue.sections():
        entry = catalogue[group]
        source = re.fullmatch(r"npm:@imgly/background-removal-data@([\d.]+):(/models/\w+)",
                              entry.get("Source", ""))
        if not source:
            continue
        wanted = (f"assemble-model.py ../isnet-data/dist {source[2]} /app/share/cutout/models/"
                  f"{entry['File']} {entry['Size']} {entry['Sha256']}")
        if wanted not in app_commands:
            problems.append(f"the app module does not assemble {group} as the catalogue says: {wanted}")
        wanted = f"the app module does not download background-removal-data {source[1]}"
        if not any(u.endswith(f"/background-removal-data-{source[1]}.tgz") for u in archives):
            if wanted not in problems:
                problems.append(wanted)

    # Each part that is bundled brings its licence.
    for name, files in (("libzip", ["LICENSE"]), ("onnxruntime", ["LICENSE", "ThirdPartyNotices.txt"]),
                        ("cutout", ["LICENSE.md"])):
        text = " ".join(commands(module(flathub, name)))
        for f in files:
            if not re.search(rf"(^|[ /]){re.escape(f)} {re.escape(licences)}", text):
                problems.append(f"{name}: {f} is not installed in {licences}")

    # The store shows the licences of everything bundled: the metainfo's, and libzip's.
    metainfo = ET.parse(os.path.join(root, "data", f"{app_id}.metainfo.xml.in.in")).getroot()
    terms = set(re.split(r"\s+AND\s+", metainfo.findtext("project_license", "")))
    bundled = set(re.split(r"\s+AND\s+", flathub.get("appdata-license", "")))
    if not terms | {"BSD-3-Clause"} <= bundled:
        problems.append(f"appdata-license {flathub.get('appdata-license')!r} lacks some of "
                        f"{sorted(terms | {'BSD-3-Clause'})}")

if flathub is not None and devel is not None:
    check_common(f"{app_id}.Devel.json", devel)
    main = ((module(devel, "cutout") or {}).get("sources") or [{}])[0]
    if main.get("type") != "dir" or main.get("path") != "..":
        problems.append("the Devel manifest does not build the checkout (a dir source, path ..)")
    # Apart from the app's own source, the two are one manifest.
    a, b = copy.deepcopy(flathub), copy.deepcopy(devel)
    for m in (module(a, "cutout"), module(b, "cutout")):
        if m and m.get("sources"):
            m["sources"][0] = None
    if a != b:
        problems.append("the two manifests differ in more than the app's source")

for n in notes:
    print("NOTE:", n)
for p in problems:
    print("PROBLEM:", p)
print(f"{len(problems)} problems")
sys.exit(1 if problems else 0)
