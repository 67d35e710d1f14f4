#!/bin/sh
# check-zh-cn.sh CLI LOCALE_DIR: the built cutout-cli, run from the build
# tree as `meson devenv` runs it ($CUTOUT_LOCALE_DIR at the build tree's
# compiled catalogues), speaks Chinese to a Chinese user; and without the
# variable it looks in the install prefix, not in the build tree.
#
# Copyright 2026 The Cutout developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
cli=$1
locale_dir=$2
expected='在本机上去除照片背景。'

out=$(env -u LANG LANGUAGE=zh_CN LC_ALL=C.UTF-8 CUTOUT_LOCALE_DIR="$locale_dir" \
  CUTOUT_DATA_DIR=/nonexistent "$cli" --help)
case $out in
  *"$expected"*) echo "ok: --help in Chinese from $locale_dir" ;;
  *)
    echo "FAIL: cutout-cli --help with LANGUAGE=zh_CN did not print \"$expected\":" >&2
    echo "$out" >&2
    exit 1
    ;;
esac
# An empty folder has no catalogue: the English text, not a crash.
empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
out=$(env -u LANG LANGUAGE=zh_CN LC_ALL=C.UTF-8 CUTOUT_LOCALE_DIR="$empty" "$cli" --help)
case $out in
  *"Remove the background from photos, on this computer."*) echo "ok: English without a catalogue" ;;
  *)
    echo "FAIL: without a catalogue, cutout-cli --help was not in English:" >&2
    echo "$out" >&2
    exit 1
    ;;
esac
