/* cutout-preferences-api.c: Preferences → General → Local API
 *
 * The switch and the port are settings, which CutoutApiServer follows;
 * the row's subtitle follows the server: starting, where it listens (with
 * a button that copies the address), or why it could not.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-preferences-api.h"

typedef struct
{
  AdwActionRow *row;
  GtkWidget *copy;
  CutoutApiServer *server;
  GSettings *settings;
} Group;

static void
group_free (gpointer data, GObject *row)
{
  Group *group = data;

  g_signal_handlers_disconnect_by_data (group->server, group);
  g_object_unref (group->server);
  g_object_unref (group->settings);
  g_free (group);
}

static char *
describe (Group *group)
{
  const char *address = cutout_api_server_get_address (group->server);
  const char *error = cutout_api_server_get_error (group->server);

  if (address != NULL)
    return g_strdup_printf (_ ("Listening on %s"), address);
  /* Between a process's start and its address, or its stop and its exit
   * (when it restarts, the start is what the user waits for). */
  if (cutout_api_server_get_running (group->server))
    return g_strdup (g_settings_get_boolean (group->settings, "serve-api")
                         ? _ ("Starting: loading the model…")
                         : _ ("Stopping once the requests being answered are done…"));
  if (error != NULL)
    return g_strdup_printf (_ ("Could not serve: %s"), error);
  return g_strdup (_ ("Off"));
}

static void
server_changed_cb (GObject *server, GParamSpec *pspec, gpointer data)
{
  Group *group = data;
  g_autofree char *text = describe (group);

  adw_action_row_set_subtitle (group->row, text);
  gtk_widget_set_visible (group->copy, cutout_api_server_get_address (group->server) != NULL);
}

static void
copy_clicked_cb (GtkButton *button, gpointer data)
{
  Group *group = data;
  const char *address = cutout_api_server_get_address (group->server);

  if (address != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), address);
}

void
cutout_preferences_api_init (GtkBuilder *builder, CutoutApiServer *server, GSettings *settings)
{
  Group *group = g_new0 (Group, 1);

  group->row = ADW_ACTION_ROW (gtk_builder_get_object (builder, "serve_row"));
  group->copy = GTK_WIDGET (gtk_builder_get_object (builder, "serve_copy"));
  group->server = g_object_ref (server);
  group->settings = g_object_ref (settings);
  g_settings_bind (settings, "serve-api", gtk_builder_get_object (builder, "serve_switch"),
                   "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "serve-port", gtk_builder_get_object (builder, "serve_port_spin"),
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect (server, "notify", G_CALLBACK (server_changed_cb), group);
  g_signal_connect (group->copy, "clicked", G_CALLBACK (copy_clicked_cb), group);
  g_object_weak_ref (G_OBJECT (group->row), group_free, group);
  server_changed_cb (G_OBJECT (server), NULL, group);
}
