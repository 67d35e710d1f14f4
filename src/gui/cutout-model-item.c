/* cutout-model-item.c: one model of the catalogue, as Preferences shows it
 *
 * Whether it is installed, and its download: the progress, the speed and
 * the time left, or why it failed. Items live with the application, so a
 * download goes on when Preferences is closed.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-download.h"
#include "cutout-model-item.h"

struct _CutoutModelItem
{
  GObject parent_instance;

  CutoutModelInfo *info;
  char *path;             /* the installed file, or NULL */
  GCancellable *download; /* while downloading */
  double fraction;
  char *status;
};

G_DEFINE_FINAL_TYPE (CutoutModelItem, cutout_model_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_INSTALLED,
  PROP_REMOVABLE,
  PROP_DOWNLOADING,
  PROP_FRACTION,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_status (CutoutModelItem *self, const char *status)
{
  if (g_strcmp0 (status, self->status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* The size and licence, and whether it is installed. */
static void
set_resting_status (CutoutModelItem *self)
{
  g_autofree char *size = g_format_size (self->info->size);
  g_autofree char *text = NULL;

  if (self->path != NULL)
    text = g_strdup_printf (_ ("Installed · %s · %s"), size, self->info->license);
  else if (self->info->size > 0)
    text = g_strdup_printf (_ ("Not installed · %s to download · %s"), size, self->info->license);
  else
    text = g_strdup_printf (_ ("Not installed · %s"), self->info->license);
  set_status (self, text);
}

/* Looks again for the model's file (after a download, a removal, or an
 * import by the CLI). */
void
cutout_model_item_refresh (CutoutModelItem *self)
{
  g_autofree char *path = cutout_model_info_locate (self->info, NULL);

  if (g_strcmp0 (path, self->path) != 0)
    {
      g_free (self->path);
      self->path = g_steal_pointer (&path);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSTALLED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOVABLE]);
    }
  if (self->download == NULL)
    set_resting_status (self);
}

static gboolean
is_removable (CutoutModelItem *self)
{
  g_autofree char *dir = cutout_model_download_dir ();
  g_autofree char *parent = NULL;

  if (self->path == NULL)
    return FALSE;
  parent = g_path_get_dirname (self->path);
  return g_strcmp0 (parent, dir) == 0;
}

static void
cutout_model_item_finalize (GObject *object)
{
  CutoutModelItem *self = CUTOUT_MODEL_ITEM (object);

  if (self->download != NULL)
    g_cancellable_cancel (self->download);
  g_clear_object (&self->download);
  cutout_model_info_free (self->info);
  g_free (self->path);
  g_free (self->status);
  G_OBJECT_CLASS (cutout_model_item_parent_class)->finalize (object);
}

static void
cutout_model_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CutoutModelItem *self = CUTOUT_MODEL_ITEM (object);

  switch (prop_id)
    {
      case PROP_NAME:
        g_value_set_string (value, self->info->name);
        break;
      case PROP_DESCRIPTION:
        g_value_set_string (value, self->info->description);
        break;
      case PROP_INSTALLED:
        g_value_set_boolean (value, self->path != NULL);
        break;
      case PROP_REMOVABLE:
        g_value_set_boolean (value, is_removable (self));
        break;
      case PROP_DOWNLOADING:
        g_value_set_boolean (value, self->download != NULL);
        break;
      case PROP_FRACTION:
        g_value_set_double (value, self->fraction);
        break;
      case PROP_STATUS:
        g_value_set_string (value, self->status);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_model_item_class_init (CutoutModelItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cutout_model_item_finalize;
  object_class->get_property = cutout_model_item_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, ro);
  properties[PROP_INSTALLED] = g_param_spec_boolean ("installed", NULL, NULL, FALSE, ro);
  /* Downloaded or imported into the user's models folder. */
  properties[PROP_REMOVABLE] = g_param_spec_boolean ("removable", NULL, NULL, FALSE, ro);
  properties[PROP_DOWNLOADING] = g_param_spec_boolean ("downloading", NULL, NULL, FALSE, ro);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, ro);
  /* What the row says under the model's name: installed or not, the size,
   * the download's progress, or why it failed. */
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cutout_model_item_init (CutoutModelItem *self)
{
}

CutoutModelItem *
cutout_model_item_new (const CutoutModelInfo *info)
{
  CutoutModelItem *self = g_object_new (CUTOUT_TYPE_MODEL_ITEM, NULL);

  self->info = cutout_model_info_copy (info);
  cutout_model_item_refresh (self);
  return self;
}

const CutoutModelInfo *
cutout_model_item_get_info (CutoutModelItem *self)
{
  return self->info;
}

gboolean
cutout_model_item_get_installed (CutoutModelItem *self)
{
  return self->path != NULL;
}

gboolean
cutout_model_item_get_downloading (CutoutModelItem *self)
{
  return self->download != NULL;
}

double
cutout_model_item_get_fraction (CutoutModelItem *self)
{
  return self->fraction;
}

const char *
cutout_model_item_get_status (CutoutModelItem *self)
{
  return self->status;
}

/* Downloading ------------------------------------------------------------------- */

static char *
format_time_left (double seconds)
{
  if (seconds < 0)
    return g_strdup (_ ("time left unknown"));
  if (seconds < 90)
    return g_strdup_printf (_ ("%d s left"), (int) (seconds + 0.5));
  return g_strdup_printf (_ ("about %d min left"), (int) (seconds / 60 + 0.5));
}

static void
set_fraction (CutoutModelItem *self, double fraction)
{
  if (fraction == self->fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
progress_cb (const CutoutDownloadProgress *progress, gpointer data)
{
  CutoutModelItem *self = data;
  g_autofree char *received = g_format_size (progress->received);
  g_autofree char *total = g_format_size (progress->total);
  g_autofree char *speed = g_format_size ((guint64) progress->bytes_per_second);
  g_autofree char *left = format_time_left (progress->seconds_left);
  g_autofree char *text = NULL;

  /* TRANSLATORS: e.g. "12.3 MB of 88.2 MB · 3.1 MB/s · 20 s left" */
  text = g_strdup_printf (_ ("%s of %s · %s/s · %s"), received, total, speed, left);
  set_status (self, text);
  if (progress->total > 0)
    set_fraction (self, CLAMP ((double) progress->received / progress->total, 0, 1));
}

static void
set_downloading (CutoutModelItem *self, GCancellable *cancellable)
{
  g_set_object (&self->download, cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLOADING]);
}

static void
downloaded_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CutoutModelItem) self = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = cutout_model_download_finish (result, &error);

  set_downloading (self, NULL);
  set_fraction (self, 0);
  cutout_model_item_refresh (self);
  if (path == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_status (self, _ ("Download cancelled: nothing was kept"));
  else if (path == NULL)
    {
      g_autofree char *text = g_strdup_printf (_ ("Download failed: %s"), error->message);
      set_status (self, text);
    }
}

/* Starts downloading the model (from @mirror first, if not NULL or empty)
 * into the user's models folder. */
void
cutout_model_item_download (CutoutModelItem *self, const char *mirror)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();

  g_return_if_fail (CUTOUT_IS_MODEL_ITEM (self));
  if (self->download != NULL || self->path != NULL)
    return;
  set_downloading (self, cancellable);
  set_status (self, _ ("Starting the download…"));
  cutout_model_download_async (self->info, mirror != NULL && *mirror ? mirror : NULL, NULL,
                               progress_cb, self, NULL, cancellable, downloaded_cb,
                               g_object_ref (self));
}

void
cutout_model_item_cancel (CutoutModelItem *self)
{
  g_return_if_fail (CUTOUT_IS_MODEL_ITEM (self));
  if (self->download != NULL)
    g_cancellable_cancel (self->download);
}

/* Deletes the downloaded or imported model's file. */
gboolean
cutout_model_item_remove (CutoutModelItem *self, GError **error)
{
  gboolean removed;

  g_return_val_if_fail (CUTOUT_IS_MODEL_ITEM (self), FALSE);
  removed = cutout_catalogue_remove_model (self->info, error);
  cutout_model_item_refresh (self);
  return removed;
}

/* The catalogue's models, as items. */
GListStore *
cutout_model_items_new (CutoutCatalogue *catalogue)
{
  GListStore *store = g_list_store_new (CUTOUT_TYPE_MODEL_ITEM);

  for (guint i = 0; i < cutout_catalogue_get_n_models (catalogue); i++)
    {
      g_autoptr (CutoutModelItem) item
          = cutout_model_item_new (cutout_catalogue_get_model (catalogue, i));
      g_list_store_append (store, item);
    }
  return store;
}
