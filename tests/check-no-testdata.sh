#!/bin/sh
# check-no-testdata.sh: a checkout without the test photos (anyone's clone:
# they live in ../shared/testdata, outside the repository) skips what needs
# them, in one line that names CUTOUT_TESTDATA and its value, and fails
# nothing.
#
#   check-no-testdata.sh whole TEST… part TEST…
#
# A "whole" test program needs the photos in every case: it must skip as a
# whole (TAP "1..0 # SKIP"). A "part" one needs them in some cases: the
# others must still run and pass. Prints TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
CUTOUT_TESTDATA=$tmp/no-such-folder
export CUTOUT_TESTDATA
line="# SKIP no test photos: CUTOUT_TESTDATA=$CUTOUT_TESTDATA does not exist"

n=0
failed=0
mode=
for arg in "$@"; do
  case $arg in
    whole | part)
      mode=$arg
      continue
      ;;
  esac
  n=$((n + 1))
  name=$(basename "$arg")
  out=$("$arg" 2>&1)
  status=$?
  why=
  if [ $status -ne 0 ]; then
    why="exit status $status"
  elif [ "$(printf '%s\n' "$out" | grep -cF -e "$line")" -ne 1 ]; then
    why="not one line saying: $line"
  elif [ "$mode" = whole ] && ! printf '%s\n' "$out" | grep -qxF -e "1..0 $line"; then
    why="did not skip as a whole"
  elif [ "$mode" = part ] && ! printf '%s\n' "$out" | grep -q '^ok [0-9]* [^#]*$'; then
    why="ran none of its cases"
  elif printf '%s\n' "$out" | grep -q '^not ok'; then
    why="a case failed"
  fi
  if [ -n "$why" ]; then
    failed=1
    printf '%s\n' "$out" | sed 's/^/# /'
    echo "not ok $n $name ($mode): $why"
  else
    echo "ok $n $name ($mode)"
  fi
done
echo "1..$n"
exit $failed
