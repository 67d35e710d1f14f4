/* cutout-inputs.c: the input images, known by device and inode
 *
 * No result may be written over an input, whatever it is called there: by
 * another name, through a link, or finished or not (the app's queue, the
 * CLI's batch). The paths are taken when the set is made; the files are
 * looked at once, when first asked about, in the thread that writes, as a
 * file on a slow disk must not stop the window.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "cutout-inputs.h"
#include "cutout-job.h"

typedef struct
{
  dev_t dev;
  ino_t ino;
  const char *path; /* in paths */
} FileId;

struct _CutoutInputs
{
  GPtrArray *paths;
  GArray *ids; /* FileId, once looked at */
};

/* Notes the paths of the jobs in @queue (or none, if NULL). */
CutoutInputs *
cutout_inputs_new (GListModel *queue)
{
  CutoutInputs *self = g_new0 (CutoutInputs, 1);
  guint n = queue ? g_list_model_get_n_items (queue) : 0;

  self->paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CutoutJob) job = g_list_model_get_item (queue, i);
      g_ptr_array_add (self->paths, g_strdup (cutout_job_get_path (job)));
    }
  return self;
}

/* Notes @paths (NULL-terminated). */
CutoutInputs *
cutout_inputs_new_for_paths (const char *const *paths)
{
  CutoutInputs *self = g_new0 (CutoutInputs, 1);

  self->paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (self->paths, g_strdup (paths[i]));
  return self;
}

void
cutout_inputs_free (CutoutInputs *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->paths);
  g_clear_pointer (&self->ids, g_array_unref);
  g_free (self);
}

static void
look_at_inputs (CutoutInputs *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (FileId));
  for (guint i = 0; i < self->paths->len; i++)
    {
      GStatBuf st;
      if (g_stat (self->paths->pdata[i], &st) == 0)
        {
          FileId id = { st.st_dev, st.st_ino, self->paths->pdata[i] };
          g_array_append_val (self->ids, id);
        }
    }
}

/* The image of the queue that the file at @path is, or NULL (also if
 * there is no file there). */
const char *
cutout_inputs_find (CutoutInputs *self, const char *path)
{
  GStatBuf st;

  if (self->ids == NULL)
    look_at_inputs (self);
  if (g_stat (path, &st) != 0)
    return NULL;
  for (guint i = 0; i < self->ids->len; i++)
    {
      const FileId *id = &g_array_index (self->ids, FileId, i);
      if (id->dev == st.st_dev && id->ino == st.st_ino)
        return id->path;
    }
  return NULL;
}

/* @dir/NAME-cutout.EXT for @source, or the first of NAME-cutout-2.EXT,
 * NAME-cutout-3.EXT… that is no image of the queue. (It may be another
 * file: the save dialog asks before replacing that.) */
char *
cutout_inputs_free_path (CutoutInputs *self,
                         const char *dir,
                         const char *source,
                         const CutoutExportOptions *options)
{
  char *path = NULL;

  for (int i = 1; path == NULL || cutout_inputs_find (self, path) != NULL; i++)
    {
      g_autofree char *name = cutout_export_name (source, options, i);
      g_free (path);
      path = g_build_filename (dir, name, NULL);
    }
  return path;
}
