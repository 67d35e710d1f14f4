#!/usr/bin/env python3
# check-flatpak.py MANIFEST APP_ID: the Flatpak manifest parses, names the app,
# uses the GNOME runtime, asks for no more than the permissions the app needs,
# gives a SHA-256 for every source it downloads, ships files that exist, and
# builds the app itself with meson.
import json
import os
import re
import sys

manifest_path, app_id = sys.argv[1:]
manifest = json.load(open(manifest_path))
problems = []

if manifest.get("id", manifest.get("app-id")) != app_id:
    problems.append(f"the id is not {app_id}")
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
    problems.append("the runtime is not org.gnome.Platform with org.gnome.Sdk")
if not re.fullmatch(r"\d+", str(manifest.get("runtime-version", ""))):
    problems.append("runtime-version is not a GNOME release number")
allowed = {"--share=ipc", "--socket=fallback-x11", "--socket=wayland", "--device=dri"}
extra = set(manifest.get("finish-args", [])) - allowed
if extra:
    problems.append(f"finish-args beyond {sorted(allowed)}: {sorted(extra)}")
if manifest.get("command") != "cutout":
    problems.append("the command is not cutout")

here = os.path.dirname(os.path.abspath(manifest_path))
modules = manifest.get("modules", [])
for module in modules:
    for source in module.get("sources", []):
        if "url" in source:
            if not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
                problems.append(f"{module['name']}: {source['url']} has no SHA-256")
            if not source["url"].startswith("https://"):
                problems.append(f"{module['name']}: {source['url']} is not https")
        elif "path" in source and not os.path.exists(os.path.join(here, source["path"])):
            problems.append(f"{module['name']}: {source['path']} does not exist")
names = [m.get("name") for m in modules]
if not modules or modules[-1].get("buildsystem") != "meson" or names[-1] != "cutout":
    problems.append("the last module is not the app, built with meson")
for needed in ("libzip", "onnxruntime", "isnet-models"):
    if needed not in names:
        problems.append(f"no {needed} module")

for p in problems:
    print("PROBLEM:", p)
print(f"{len(modules)} modules: {', '.join(names)}; {len(problems)} problems")
sys.exit(1 if problems else 0)
