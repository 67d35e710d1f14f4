#!/bin/sh
# check-translations.sh SOURCE_ROOT: every message in the sources has a
# translation in each po/*.po, none of them fuzzy. The template is made
# afresh from po/POTFILES.in, so a string added without its translation is
# caught even if po/cutout.pot was not regenerated.
#
# Copyright 2026 The Cutout developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

root=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The keywords of meson's "glib" gettext preset, which builds cutout.pot.
xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=ngettext:1,2 \
  --keyword=g_dngettext:2,3 -D "$root" -f "$root/po/POTFILES.in" -o "$tmp/cutout.pot"

status=0
# Every source file with a translatable string is in POTFILES.in, or its
# strings would never reach the template.
for f in $(cd "$root" && grep -l -E '\b(_|N_|C_|ngettext) \(|translatable="yes"' src/*/*.c ui/*.ui 2>/dev/null); do
  if ! grep -qx "$f" "$root/po/POTFILES.in"; then
    echo "po/POTFILES.in lacks $f, which has translatable strings"
    status=1
  fi
done
for po in "$root"/po/*.po; do
  lang=$(basename "$po" .po)
  msgmerge --quiet "$po" "$tmp/cutout.pot" -o "$tmp/$lang.po"
  missing=$(msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/$lang.po" | grep -c '^msgid ' || true)
  # Each count includes the header's empty msgid when there is any entry.
  if [ "$missing" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
    echo "$lang: untranslated or fuzzy messages (run 'ninja cutout-update-po' and translate):"
    msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -A1 '^msgid ' | grep -v '^msgid ""$' || true
    msgattrib --only-fuzzy --no-obsolete "$tmp/$lang.po" | grep -A1 '^msgid ' | grep -v '^msgid ""$' || true
    status=1
  else
    echo "$lang: complete ($(msgfmt --statistics -o /dev/null "$tmp/$lang.po" 2>&1))"
  fi
done
exit $status
