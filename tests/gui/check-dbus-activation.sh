#!/bin/sh
# check-dbus-activation.sh SERVICE_FILE CUTOUT APP_ID BINDIR: what a desktop
# does with a DBusActivatable app. On a private session bus whose one
# service is SERVICE_FILE (its Exec, BINDIR/cutout, pointed at the build's
# CUTOUT), an Activate call to APP_ID makes the bus start Cutout with
# --gapplication-service, and that process opens its window; the app's quit
# action ends it. Skipped without dbus-daemon, dbus-run-session and gdbus.
#
# Copyright 2026 The Cutout developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

if [ "${1:-}" = --on-the-bus ]; then
  shift
  cutout=$1 app=$2
  path=/$(echo "$app" | tr . /)

  bus() {
    gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
      --method "org.freedesktop.DBus.$1" "$2"
  }
  # Waits up to 30 s for the shell condition $1.
  wait_for() {
    i=0
    until eval "$1"; do
      i=$((i + 1))
      if [ $i -gt 300 ]; then
        echo "timed out waiting for: $1"
        exit 1
      fi
      sleep 0.1
    done
  }

  owned=$(bus NameHasOwner "$app")
  if [ "$owned" != "(false,)" ]; then
    echo "$app is already on the private bus, or the bus does not answer: $owned"
    exit 1
  fi
  # The call starts the service: nothing runs Cutout but the bus.
  gdbus call --session --dest "$app" --object-path "$path" \
    --method org.freedesktop.Application.Activate '{}' >/dev/null
  pid=$(bus GetConnectionUnixProcessID "$app" | sed 's/.*uint32 \([0-9]*\).*/\1/')
  # Should a check fail, the service does not outlive the test.
  trap 'kill "$pid" 2>/dev/null || true' EXIT
  cmdline=$(tr '\000' ' ' <"/proc/$pid/cmdline")
  if [ "$cmdline" != "$cutout --gapplication-service " ]; then
    echo "$app is owned by process $pid, '$cmdline', not the service"
    exit 1
  fi
  echo "activated: process $pid, $cmdline"
  # Activate opened the window: GtkApplication puts it on the bus.
  wait_for 'gdbus introspect --session --dest "$app" --object-path "$path/window/1" 2>/dev/null | grep -q org.gtk.Actions'
  echo "window: $path/window/1"

  gdbus call --session --dest "$app" --object-path "$path" \
    --method org.freedesktop.Application.ActivateAction quit '[]' '{}' >/dev/null
  wait_for '[ "$(bus NameHasOwner "$app")" = "(false,)" ] && [ ! -e "/proc/$pid" ]'
  echo "quit: $app has left the bus and process $pid has ended"
  exit 0
fi

service=$1 cutout=$2 app=$3 bindir=$4
for tool in dbus-daemon dbus-run-session gdbus; do
  if ! command -v "$tool" >/dev/null; then
    echo "no $tool: skipped"
    exit 77
  fi
done
if ! grep -qx "Exec=$bindir/cutout --gapplication-service" "$service"; then
  echo "$service does not run $bindir/cutout --gapplication-service"
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/services"
sed "s|^Exec=$bindir/cutout |Exec=$cutout |" "$service" >"$tmp/services/$app.service"
cat >"$tmp/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=$tmp</listen>
  <servicedir>$tmp/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
# The bus passes this environment (the test's settings backend, schemas,
# display) on to the service it starts.
dbus-run-session --config-file="$tmp/bus.conf" -- "$0" --on-the-bus "$cutout" "$app"
