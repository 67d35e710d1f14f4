#!/bin/sh
# check-install.sh BUILDDIR APP_ID GUI [LICENCE…]: `meson install` into a
# temporary DESTDIR, then check that what a user would get is there and
# valid, with COPYING and each LICENCE named in share/licenses/APP_ID, and
# that the installed CLI runs with nothing but the system's paths.
set -eu
build=$1 app=$2 gui=$3
shift 3
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

meson install -C "$build" --no-rebuild --destdir "$dest" --quiet
prefix=$(meson introspect "$build" --buildoptions |
  python3 -c 'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root="$dest$prefix"

status=0
expect() {
  if [ -e "$root/$1" ]; then
    echo "installed: $1"
  else
    echo "NOT INSTALLED: $1"
    status=1
  fi
}
expect bin/cutout-cli
expect share/cutout/models.ini
expect share/locale/zh_CN/LC_MESSAGES/cutout.mo
for licence in COPYING "$@"; do
  expect "share/licenses/$app/$licence"
  if [ -e "$root/share/licenses/$app/$licence" ] && [ ! -s "$root/share/licenses/$app/$licence" ]; then
    echo "EMPTY: share/licenses/$app/$licence"
    status=1
  fi
done
if [ "$gui" = 1 ]; then
  expect bin/cutout
  expect "share/applications/$app.desktop"
  expect "share/metainfo/$app.metainfo.xml"
  expect "share/icons/hicolor/scalable/apps/$app.svg"
  expect "share/icons/hicolor/symbolic/apps/$app-symbolic.svg"
  expect "share/glib-2.0/schemas/$app.gschema.xml"
  expect "share/dbus-1/services/$app.service"
  desktop-file-validate "$root/share/applications/$app.desktop"
  # D-Bus activation: the desktop file asks for it, and the service file
  # starts the installed app as a GApplication service under its own name.
  service="$root/share/dbus-1/services/$app.service"
  if grep -qx 'DBusActivatable=true' "$root/share/applications/$app.desktop"; then
    if [ -e "$service" ]; then
      grep -qx '\[D-BUS Service\]' "$service" || { echo "no [D-BUS Service] group in $service"; status=1; }
      grep -qx "Name=$app" "$service" || { echo "$service does not name $app"; status=1; }
      exec_line=$(sed -n 's/^Exec=//p' "$service")
      if [ "$exec_line" != "$prefix/bin/cutout --gapplication-service" ]; then
        echo "$service runs '$exec_line', not '$prefix/bin/cutout --gapplication-service'"
        status=1
      fi
      [ -x "$dest${exec_line%% *}" ] || { echo "$service runs ${exec_line%% *}, which is not installed"; status=1; }
    fi
  else
    echo "the desktop file is not DBusActivatable=true"
    status=1
  fi
  appstream-util validate-relax --nonet "$root/share/metainfo/$app.metainfo.xml"
  if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$root/share/metainfo/$app.metainfo.xml"
  fi
  glib-compile-schemas --strict --dry-run "$root/share/glib-2.0/schemas"
  echo "desktop file, metainfo and schema are valid"
fi
# Nothing from the source or build tree: a bare environment.
# (The sanitizers' settings pass, for a sanitizer build.)
version=$(env -i PATH=/usr/bin:/bin ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
  "$root/bin/cutout-cli" --version)
echo "installed cutout-cli --version: $version"
case "$version" in
  *[0-9].[0-9]*) ;;
  *) echo "no version printed"; status=1 ;;
esac
exit $status
