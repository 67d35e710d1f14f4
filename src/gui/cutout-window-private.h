/* cutout-window-private.h: the window's parts share this, and the widget tests reach into it
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-canvas.h"
#include "cutout-id-bar.h"
#include "cutout-preview.h"
#include "cutout-queue.h"
#include "cutout-window.h"
#include "cutout-touchup.h"

G_BEGIN_DECLS

/* The window's parts: cutout-window.c (the template, the queue and the
 * selection, which the CutoutPreview widget shows), cutout-window-actions.c,
 * cutout-window-import.c, cutout-window-export.c, cutout-window-copy.c,
 * cutout-window-show.c and cutout-window-problems.c. */

/* cutout-window-problems.c */
typedef enum
{
  CUTOUT_PROBLEM_NOT_ADDED, /* not an image, cannot be read…: with its reason */
  CUTOUT_PROBLEM_DUPLICATE, /* already in the queue */
  CUTOUT_PROBLEM_QUEUE_FULL,
  CUTOUT_PROBLEM_FAILED, /* failed in the queue: with its reason */
} CutoutProblemKind;

typedef struct _CutoutProblems CutoutProblems;

CutoutProblems *cutout_problems_new (void);
void cutout_problems_free (CutoutProblems *self);
void cutout_problems_add (CutoutProblems *self,
                          CutoutProblemKind kind,
                          const char *name,
                          const char *reason);
void cutout_problems_add_paths (CutoutProblems *self, CutoutProblemKind kind, GPtrArray *paths);
guint cutout_problems_get_len (CutoutProblems *self);
char *cutout_problem_for_file (const char *path);
void cutout_window_tell_problems (CutoutWindow *self, CutoutProblems *problems);
void cutout_window_note_failure (CutoutWindow *self, CutoutJob *job);
void cutout_window_show_problems_action (GtkWidget *widget,
                                         const char *action_name,
                                         GVariant *parameter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutProblems, cutout_problems_free)

struct _CutoutWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;
  CutoutQueue *queue; /* the application's, once the model is loaded */
  GtkSingleSelection *selection;
  GPtrArray *waiting;         /* paths added before the model was loaded */
  GCancellable *cancellable;  /* for the window's own tasks */
  GtkDropTarget *drop_target; /* owned by the toast overlay */
  char *last_toast;
  AdwToast *toast; /* the last one, for the tests */
  guint n_toasts;
  CutoutProblems *failures; /* images failed in the queue, not told yet */
  guint failures_timeout;
  gint64 failures_since;
  CutoutJob *job;                /* the selected one, followed: */
  GSignalGroup *job_signals;     /* its state, */
  GSignalGroup *boxes_signals;   /* and its boxes, for the actions */
  GSignalGroup *touchup_signals; /* and its touch-up */
  GtkFilter *review_filter;      /* only the images to check, when asked */
  GtkFilterListModel *filtered;  /* the queue through it: the list's model */
  gboolean only_to_check;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwStatusPage *status_page;
  GtkStack *stack;
  GtkListView *list_view;
  GtkLabel *overall_label;
  GtkProgressBar *overall_progress;
  GtkRevealer *review_revealer; /* how many to check, once some are */
  GtkWidget *to_check_button;
  CutoutPreview *preview; /* the selected image */
};

/* cutout-window-review.c */
void cutout_window_update_review (CutoutWindow *self, gboolean refilter);
void cutout_window_set_only_to_check (CutoutWindow *self, gboolean only);
gboolean cutout_window_get_only_to_check (CutoutWindow *self);
GListModel *cutout_window_review_model (CutoutWindow *self);
void cutout_window_next_to_check_action (GtkWidget *widget,
                                         const char *action_name,
                                         GVariant *parameter);

/* cutout-window.c */
gboolean cutout_window_is_gone (CutoutWindow *self);
void cutout_window_toast (CutoutWindow *self, const char *text);
void cutout_window_model_failed (CutoutWindow *self, const GError *error);
void cutout_window_cycle_backdrop_action (GtkWidget *widget,
                                          const char *action_name,
                                          GVariant *parameter);
void cutout_window_add_toast (CutoutWindow *self, AdwToast *toast);
AdwToast *cutout_window_get_toast (CutoutWindow *self);
guint cutout_window_get_n_toasts (CutoutWindow *self);

void cutout_window_add_files (CutoutWindow *self, GFile *const *files, guint n_files);
CutoutQueue *cutout_window_get_queue (CutoutWindow *self);
gboolean cutout_window_is_pasted (const char *path);
char *cutout_window_pasted_dir (void);

/* cutout-window-urls.c */
void cutout_window_add_url (CutoutWindow *self, const char *url);
gboolean cutout_window_add_urls_in_text (CutoutWindow *self, const char *text);

GtkDropTarget *cutout_window_get_drop_target (CutoutWindow *self);
const char *cutout_window_get_last_toast (CutoutWindow *self);
void cutout_window_get_status (CutoutWindow *self, const char **title, const char **description);
GtkWidget *cutout_window_get_list_view (CutoutWindow *self);
GtkStack *cutout_window_get_preview_stack (CutoutWindow *self);
CutoutCanvas *cutout_window_get_preview (CutoutWindow *self);
GSettings *cutout_window_get_settings (CutoutWindow *self);
CutoutJob *cutout_window_get_selected_job (CutoutWindow *self);
void cutout_window_show_message (CutoutWindow *self, const char *title, const char *body);
void cutout_window_set_id_mode (CutoutWindow *self, gboolean id_mode);
gboolean cutout_window_get_id_mode (CutoutWindow *self);
void cutout_window_set_product_mode (CutoutWindow *self, gboolean product_mode);
gboolean cutout_window_get_product_mode (CutoutWindow *self);
CutoutIdBar *cutout_window_get_id_bar (CutoutWindow *self);

/* cutout-window-actions.c */
void cutout_window_update_actions (CutoutWindow *self);
void cutout_window_class_install_actions (GtkWidgetClass *widget_class);

/* cutout-window-import.c */
void cutout_window_init_import (CutoutWindow *self);
void cutout_window_add_paths (CutoutWindow *self, GPtrArray *paths, CutoutProblems *problems);
void cutout_window_add_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void cutout_window_paste_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void cutout_window_delete_if_pasted (const char *path);

/* cutout-window-export.c */
void cutout_window_export_selected (CutoutWindow *self);
void cutout_window_export_all (CutoutWindow *self, gboolean zip);
void cutout_window_export_job_to (CutoutWindow *self, CutoutJob *job, const char *path);
void cutout_window_export_job_as (CutoutWindow *self,
                                  CutoutJob *job,
                                  const char *path,
                                  const char *format);
void cutout_window_export_all_to (CutoutWindow *self, const char *destination, gboolean zip);
void cutout_window_export_products (CutoutWindow *self,
                                    CutoutJob *job,
                                    const CutoutProductPreset *preset,
                                    const char *destination,
                                    gboolean zip);
GtkFileChooser *cutout_window_get_export_chooser (CutoutWindow *self);

GdkTexture *cutout_window_get_result_texture (CutoutWindow *self);
GdkTexture *cutout_window_get_shown_result (CutoutWindow *self, gboolean *final);

/* cutout-window-copy.c */
void cutout_window_copy_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
GdkContentProvider *cutout_window_create_drag_content (CutoutWindow *self);
gboolean cutout_window_is_dragging_out (CutoutWindow *self);
void cutout_window_setup_drag_out (CutoutWindow *self);

/* cutout-window-show.c */
void cutout_window_show_in_folder (CutoutWindow *self, const char *path);
void cutout_window_open_path (CutoutWindow *self, const char *path, gboolean is_folder);
void cutout_window_show_saved (CutoutWindow *self,
                               const char *title,
                               const char *path,
                               gboolean is_folder);
void
cutout_window_open_saved_action (GtkWidget *widget, const char *action_name, GVariant *parameter);

G_END_DECLS
