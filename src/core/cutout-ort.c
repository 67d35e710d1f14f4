/* cutout-ort.c
 *
 * ONNX Runtime is loaded with dlopen rather than linked: its one exported
 * symbol is versioned (a binary linked to one release refuses another), and a
 * missing library must not stop the app from starting and saying so.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "cutout-engine.h"
#include "cutout-ort.h"

typedef const OrtApiBase *(*GetApiBaseFunc) (void);

static const OrtApi *ort_api;
static const char *ort_version;
static char *ort_load_error;
static OrtEnv *ort_env;
static char *ort_env_error;

static char *ort_warning;

/* The library named by CUTOUT_ORT_LIBRARY, else the one found at build
 * time, else the system's. A CUTOUT_ORT_LIBRARY that cannot be loaded is
 * not passed over in silence: whoever set it meant it (ort_warning). */
static GModule *
open_library (GString *tried)
{
  const char *env = g_getenv ("CUTOUT_ORT_LIBRARY");
  const char *candidates[] = { env, CUTOUT_ORT_LIBRARY, "libonnxruntime.so.1" };
  g_autofree char *env_error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      GModule *module;
      if (candidates[i] == NULL || candidates[i][0] == '\0')
        continue;
      module = g_module_open (candidates[i], G_MODULE_BIND_LOCAL);
      if (module != NULL)
        {
          if (env_error != NULL)
            ort_warning = g_strdup_printf (
                _ ("CUTOUT_ORT_LIBRARY=%s cannot be loaded (%s); using %s instead"), env, env_error,
                g_module_name (module));
          return module;
        }
      if (i == 0)
        env_error = g_strdup (g_module_error ());
      g_string_append_printf (tried, "\n  %s", g_module_error ());
    }
  return NULL;
}

static gpointer
load_ort (gpointer data)
{
  g_autoptr (GString) tried = g_string_new (NULL);
  GModule *module = open_library (tried);
  GetApiBaseFunc get_api_base = NULL;
  const OrtApiBase *base;

  if (module == NULL)
    {
      ort_load_error = g_strdup_printf (_ ("The inference engine (ONNX Runtime, "
                                           "libonnxruntime.so.1) cannot be loaded. Run "
                                           "build-aux/cutout-setup to fetch it, or set "
                                           "CUTOUT_ORT_LIBRARY to its path. Tried:%s"),
                                        tried->str);
      return NULL;
    }
  if (!g_module_symbol (module, "OrtGetApiBase", (gpointer *) &get_api_base) || !get_api_base)
    {
      ort_load_error = g_strdup_printf (_ ("%s is not ONNX Runtime (no OrtGetApiBase)"),
                                        g_module_name (module));
      return NULL;
    }
  g_module_make_resident (module);
  base = get_api_base ();
  ort_version = base->GetVersionString ();
  ort_api = base->GetApi (ORT_API_VERSION);
  if (ort_api == NULL)
    ort_load_error = g_strdup_printf (_ ("ONNX Runtime %s is too old: Cutout needs API version %d "
                                         "or newer"),
                                      ort_version, ORT_API_VERSION);
  return NULL;
}

/* Loads the library once per process; later calls return the same table. */
const OrtApi *
cutout_ort_get_api (GError **error)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, load_ort, NULL);
  if (ort_api == NULL)
    g_set_error_literal (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_ENGINE_MISSING,
                         ort_load_error);
  return ort_api;
}

/* Why the library CUTOUT_ORT_LIBRARY names was passed over for another
 * one, or NULL: for the user to be told once ONNX Runtime is loaded. */
const char *
cutout_ort_get_warning (void)
{
  cutout_ort_get_api (NULL);
  return ort_warning;
}

const char *
cutout_ort_get_version (void)
{
  return cutout_ort_get_api (NULL) ? ort_version : NULL;
}

/* Turns an OrtStatus into a GError (and frees it); TRUE when there was none. */
gboolean
cutout_ort_check (const OrtApi *api, OrtStatus *status, const char *what, GError **error)
{
  if (status == NULL)
    return TRUE;
  g_set_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_FAILED,
               /* Translators: %s: what failed; %s: ONNX Runtime's own message */
               _ ("%s: %s"), what, api->GetErrorMessage (status));
  api->ReleaseStatus (status);
  return FALSE;
}

static gpointer
create_env (gpointer data)
{
  const OrtApi *api = data;
  g_autoptr (GError) error = NULL;

  if (!cutout_ort_check (api, api->CreateEnv (ORT_LOGGING_LEVEL_ERROR, "cutout", &ort_env),
                         _ ("Cannot start ONNX Runtime"), &error))
    ort_env_error = g_strdup (error->message);
  return NULL;
}

/* ONNX Runtime wants one environment per process, shared by every session. */
OrtEnv *
cutout_ort_get_env (GError **error)
{
  static GOnce once = G_ONCE_INIT;
  const OrtApi *api = cutout_ort_get_api (error);

  if (api == NULL)
    return NULL;
  g_once (&once, create_env, (gpointer) api);
  if (ort_env == NULL)
    g_set_error_literal (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_ENGINE_MISSING,
                         ort_env_error);
  return ort_env;
}
