#!/usr/bin/env python3
# assemble-model.py DIST RESOURCE OUT SIZE SHA256
#
# Joins the chunks of RESOURCE (e.g. /models/medium), listed in
# DIST/resources.json of the @imgly/background-removal-data package, into
# OUT, and checks its size and SHA-256 against the catalogue's. Used by
# build-aux/cutout-setup and by the Flatpak manifest.
import hashlib
import json
import os
import sys

dist, resource, out, size, sha256 = sys.argv[1:]


def fail(message):
    if os.path.exists(out + ".part"):
        os.remove(out + ".part")
    sys.exit(message)


chunks = json.load(open(os.path.join(dist, "resources.json")))[resource]["chunks"]
digest = hashlib.sha256()
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
with open(out + ".part", "wb") as f:
    for c in chunks:
        data = open(os.path.join(dist, c["hash"]), "rb").read()
        start, end = c["offsets"]
        if len(data) != end - start or f.tell() != start:
            fail(f"{resource}: chunk {c['hash']} does not fit offsets {start}..{end}")
        f.write(data)
        digest.update(data)
    written = f.tell()
if written != int(size):
    fail(f"{resource}: {written} bytes, not the catalogue's {size}")
if digest.hexdigest() != sha256:
    fail(f"{resource}: SHA-256 {digest.hexdigest()} does not match the catalogue's {sha256}")
os.replace(out + ".part", out)
