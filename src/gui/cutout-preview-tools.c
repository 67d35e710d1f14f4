/* cutout-preview-tools.c: the preview's backdrop and its tools
 *
 * The backdrop chosen (or the ID photo's), the box tool and the touch-up
 * brush, as CutoutPreview follows them (its other part, cutout-preview.c,
 * shows the selected image).
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-preview-private.h"
#include "cutout-settings-map.h"
#include "cutout-touchup.h"

/* Backdrops, in the order B cycles through them. */
static const struct
{
  const char *name;
  CutoutBackdrop backdrop;
  GdkRGBA color;
} backdrops[] = {
  { "checkerboard", CUTOUT_BACKDROP_CHECKERBOARD },
  { "white", CUTOUT_BACKDROP_WHITE },
  { "black", CUTOUT_BACKDROP_BLACK },
  { "gray", CUTOUT_BACKDROP_GRAY },
  { "blue", CUTOUT_BACKDROP_COLOR, { 67 / 255.0, 142 / 255.0, 219 / 255.0, 1 } },
  { "red", CUTOUT_BACKDROP_COLOR, { 220 / 255.0, 20 / 255.0, 60 / 255.0, 1 } },
  { "custom", CUTOUT_BACKDROP_COLOR },
};

static guint
backdrop_index (CutoutPreview *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "backdrop");

  for (guint i = 0; i < G_N_ELEMENTS (backdrops); i++)
    if (g_str_equal (name, backdrops[i].name))
      return i;
  return 0;
}

/* The canvas's backdrop: the one chosen, or the ID photo's in ID photo
 * mode (the one it will be saved on). The preview is its only writer. */
void
_cutout_preview_backdrop_changed (CutoutPreview *self)
{
  guint i = backdrop_index (self);
  GdkRGBA color = backdrops[i].color, custom;
  g_autofree char *spec = NULL;

  /* The product photo brings its own backdrop, or none. */
  if (self->product_mode)
    {
      cutout_canvas_set_backdrop (self->canvas, CUTOUT_BACKDROP_CHECKERBOARD);
      return;
    }
  if (self->id_mode)
    {
      guint8 rgb[3];
      cutout_id_bar_get_background (self->id_bar, rgb);
      color = (GdkRGBA){ rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0, 1 };
      cutout_canvas_set_backdrop (self->canvas, CUTOUT_BACKDROP_COLOR);
      cutout_canvas_set_backdrop_color (self->canvas, &color);
      return;
    }
  spec = g_settings_get_string (self->settings, "backdrop-color");
  if (!gdk_rgba_parse (&custom, spec))
    custom = backdrops[4].color;
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &custom);
  if (g_str_equal (backdrops[i].name, "custom"))
    color = custom;
  cutout_canvas_set_backdrop (self->canvas, backdrops[i].backdrop);
  cutout_canvas_set_backdrop_color (self->canvas, &color);
}

void
_cutout_preview_color_set (GtkColorButton *button, CutoutPreview *self)
{
  GdkRGBA color;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &color);
  cutout_settings_set_custom_colour (self->settings, "backdrop-color", "backdrop", &color);
}

/* The next backdrop (the key B). */
void
cutout_preview_cycle_backdrop (CutoutPreview *self)
{
  guint next;

  g_return_if_fail (CUTOUT_IS_PREVIEW (self));

  next = (backdrop_index (self) + 1) % G_N_ELEMENTS (backdrops);
  g_settings_set_string (self->settings, "backdrop", backdrops[next].name);
}

void
_cutout_preview_box_tool_changed (CutoutPreview *self)
{
  /* So that Space pans there, rather than pressing the focused button. */
  if (cutout_canvas_get_box_tool (self->canvas))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
      cutout_preview_set_id_mode (self, FALSE);
      cutout_preview_set_product_mode (self, FALSE);
    }
  _cutout_preview_apply_view (self);
}

void
_cutout_preview_brush_tool_changed (CutoutPreview *self)
{
  /* So that Space pans and [ ] size the brush, rather than pressing the
   * focused button. */
  if (cutout_canvas_get_brush_tool (self->canvas))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
      cutout_preview_set_id_mode (self, FALSE);
      cutout_preview_set_product_mode (self, FALSE);
    }
}

/* The product photo made anew (or dropped): shown in product mode. */
void
_cutout_preview_product_changed (CutoutPreview *self)
{
  if (self->product_mode)
    _cutout_preview_apply_view (self);
}

/* A stroke becomes the job's: the queue makes its mask again. */
void
_cutout_preview_stroke_finished (CutoutPreview *self, const CutoutStroke *stroke)
{
  if (self->job != NULL && cutout_job_get_state (self->job) == CUTOUT_JOB_DONE)
    cutout_touchup_add (cutout_job_get_touchup (self->job), stroke);
}
