/* cutout-model-check.c
 *
 * A model opened by ONNX Runtime is compared with what the catalogue says
 * of it before it is ever run: a file of the wrong model, or an entry with
 * a wrong fact, would otherwise fail on the first photo with ONNX Runtime's
 * own words, or worse give masks made of the wrong numbers. Only the
 * inputs and outputs count: a model whose weights are float16 inside but
 * takes and gives float32 runs as any other.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cutout-model-check.h"

#define MAX_DIMS 8

typedef struct
{
  char *name;
  gboolean is_tensor;
  ONNXTensorElementDataType elem;
  size_t n_dims;
  int64_t dims[MAX_DIMS];
} Tensor;

static void
tensor_free (Tensor *t)
{
  g_free (t->name);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tensor, tensor_free)

/* For calls whose failure shows up anyway, as an unknown type or shape. */
static gboolean
succeeded (const OrtApi *api, OrtStatus *status)
{
  if (status == NULL)
    return TRUE;
  api->ReleaseStatus (status);
  return FALSE;
}

static Tensor *
read_tensor (const OrtApi *api, OrtSession *session, gboolean input, size_t i)
{
  g_autoptr (Tensor) t = g_new0 (Tensor, 1);
  OrtAllocator *alloc = NULL;
  char *name = NULL;
  OrtTypeInfo *type = NULL;
  const OrtTensorTypeAndShapeInfo *tensor = NULL;

  if (!succeeded (api, api->GetAllocatorWithDefaultOptions (&alloc))
      || !succeeded (api, (input ? api->SessionGetInputName
                                 : api->SessionGetOutputName) (session, i, alloc, &name)))
    return NULL;
  t->name = g_strdup (name);
  succeeded (api, api->AllocatorFree (alloc, name));
  if (succeeded (api, (input ? api->SessionGetInputTypeInfo
                             : api->SessionGetOutputTypeInfo) (session, i, &type))
      && succeeded (api, api->CastTypeInfoToTensorInfo (type, &tensor)) && tensor != NULL
      && succeeded (api, api->GetTensorElementType (tensor, &t->elem))
      && succeeded (api, api->GetDimensionsCount (tensor, &t->n_dims)))
    {
      t->is_tensor = TRUE;
      if (t->n_dims <= MAX_DIMS)
        succeeded (api, api->GetDimensions (tensor, t->dims, t->n_dims));
    }
  if (type != NULL)
    api->ReleaseTypeInfo (type);
  return g_steal_pointer (&t);
}

/* Every input (or output) of the session, in order; NULL if ONNX Runtime
 * cannot tell. */
static GPtrArray *
read_tensors (const OrtApi *api, OrtSession *session, gboolean input)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) tensor_free);
  size_t count = 0;

  if (!succeeded (
          api, (input ? api->SessionGetInputCount : api->SessionGetOutputCount) (session, &count)))
    return NULL;
  for (size_t i = 0; i < count; i++)
    {
      Tensor *t = read_tensor (api, session, input, i);
      if (t == NULL)
        return NULL;
      g_ptr_array_add (all, t);
    }
  return g_steal_pointer (&all);
}

static const char *
type_name (ONNXTensorElementDataType elem)
{
  static const char *const names[] = {
    [ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT] = "float32",
    [ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8] = "uint8",
    [ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8] = "int8",
    [ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16] = "uint16",
    [ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16] = "int16",
    [ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32] = "int32",
    [ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64] = "int64",
    [ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING] = "string",
    [ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL] = "bool",
    [ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16] = "float16",
    [ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE] = "float64",
    [ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32] = "uint32",
    [ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64] = "uint64",
    [ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16] = "bfloat16",
  };

  if ((guint) elem < G_N_ELEMENTS (names) && names[elem] != NULL)
    return names[elem];
  return "?";
}

/* "[1, 3, ?, ?]": a dynamic dimension (-1, or a name) shown as "?". */
static char *
format_dims (const int64_t *dims, size_t n_dims)
{
  GString *text = g_string_new ("[");

  for (size_t d = 0; d < n_dims; d++)
    {
      if (dims[d] < 0)
        g_string_append (text, d ? ", ?" : "?");
      else
        g_string_append_printf (text, d ? ", %" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                                (gint64) dims[d]);
    }
  g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

static gboolean
dims_fit (const Tensor *t, const int64_t *want, size_t n_want)
{
  if (t->n_dims != n_want)
    return FALSE;
  for (size_t d = 0; d < n_want; d++)
    if (t->dims[d] >= 0 && t->dims[d] != want[d])
      return FALSE;
  return TRUE;
}

static char *
names_of (GPtrArray *tensors)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < tensors->len; i++)
    g_string_append_printf (text, "%s“%s”", i ? ", " : "",
                            ((Tensor *) g_ptr_array_index (tensors, i))->name);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static Tensor *
find_tensor (GPtrArray *tensors, const char *name)
{
  for (guint i = 0; i < tensors->len; i++)
    if (g_str_equal (((Tensor *) g_ptr_array_index (tensors, i))->name, name))
      return g_ptr_array_index (tensors, i);
  return NULL;
}

/* Why the tensor @t is not float32 of the shape @want_a (@rank_a
 * dimensions) or, when @rank_b is not 0, @want_b; NULL if it is. A
 * dynamic dimension of @t fits any size. */
static char *
check_tensor (const Tensor *t,
              gboolean input,
              const int64_t *want_a,
              size_t rank_a,
              const int64_t *want_b,
              size_t rank_b)
{
  g_autofree char *have = NULL, *wanted = NULL;

  if (!t->is_tensor)
    return g_strdup_printf (input ? _ ("its input “%s” is not a tensor")
                                  : _ ("its output “%s” is not a tensor"),
                            t->name);
  if (t->elem != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT)
    return g_strdup_printf (input ? _ ("its input “%s” holds %s numbers, not float32")
                                  : _ ("its output “%s” holds %s numbers, not float32"),
                            t->name, type_name (t->elem));
  if (t->n_dims <= MAX_DIMS
      && (dims_fit (t, want_a, rank_a) || (rank_b > 0 && dims_fit (t, want_b, rank_b))))
    return NULL;
  have = t->n_dims <= MAX_DIMS ? format_dims (t->dims, t->n_dims) : g_strdup ("[…]");
  wanted = format_dims (want_a, rank_a);
  return g_strdup_printf (input ? _ ("its input “%s” is %s, the catalogue says %s")
                                : _ ("its output “%s” is %s, the catalogue says %s"),
                          t->name, have, wanted);
}

static char *
check_input (GPtrArray *inputs, const CutoutModelInfo *info)
{
  const int64_t want[] = { 1, 3, info->input_height, info->input_width };
  const Tensor *t = find_tensor (inputs, info->input);

  if (inputs->len == 0)
    return g_strdup (_ ("it has no input"));
  if (t == NULL && inputs->len == 1)
    return g_strdup_printf (_ ("its input is called “%s”, the catalogue says “%s”"),
                            ((Tensor *) g_ptr_array_index (inputs, 0))->name, info->input);
  if (t == NULL || inputs->len > 1)
    {
      g_autofree char *names = names_of (inputs);
      if (t == NULL)
        return g_strdup_printf (_ ("it has no input called “%s” (its inputs: %s)"), info->input,
                                names);
      return g_strdup_printf (_ ("it takes %u inputs (%s), not one image"), inputs->len, names);
    }
  return check_tensor (t, TRUE, want, 4, NULL, 0);
}

/* The output is [1, 1, H, W] or [1, H, W]: BiRefNet's and U²-Net's have a
 * channel, some exports drop it. */
static char *
check_output (GPtrArray *outputs, const CutoutModelInfo *info, const Tensor **out)
{
  const int64_t want[] = { 1, 1, info->input_height, info->input_width };
  const int64_t want3[] = { 1, info->input_height, info->input_width };
  const Tensor *t;

  if (outputs->len == 0)
    return g_strdup (_ ("it has no output"));
  t = info->output ? find_tensor (outputs, info->output) : g_ptr_array_index (outputs, 0);
  if (t == NULL && outputs->len == 1)
    return g_strdup_printf (_ ("its output is called “%s”, the catalogue says “%s”"),
                            ((Tensor *) g_ptr_array_index (outputs, 0))->name, info->output);
  if (t == NULL)
    {
      g_autofree char *names = names_of (outputs);
      return g_strdup_printf (_ ("it has no output called “%s” (its outputs: %s)"), info->output,
                              names);
    }
  *out = t;
  return check_tensor (t, FALSE, want, 4, want3, 3);
}

/* Why the model of @session does not fit @info, or NULL if it does; then
 * @output is the name of the output to run (the first when the catalogue
 * names none) and @output_rank its number of dimensions, 3 or 4. */
char *
cutout_model_check (const OrtApi *api,
                    OrtSession *session,
                    const CutoutModelInfo *info,
                    char **output,
                    size_t *output_rank)
{
  g_autoptr (GPtrArray) inputs = read_tensors (api, session, TRUE);
  g_autoptr (GPtrArray) outputs = read_tensors (api, session, FALSE);
  const Tensor *out = NULL;
  char *why;

  if (inputs == NULL || outputs == NULL)
    return g_strdup (_ ("ONNX Runtime cannot tell its inputs and outputs"));
  if ((why = check_input (inputs, info)) != NULL
      || (why = check_output (outputs, info, &out)) != NULL)
    return why;
  *output = g_strdup (out->name);
  *output_rank = out->n_dims;
  return NULL;
}
