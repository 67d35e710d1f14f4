/* cutout-onnx-widen.c: an fp16 ONNX model rewritten to run in fp32
 *
 * The default ISNet file keeps its weights in fp16 and converts between
 * fp16 and fp32 with Cast nodes around the graph and around each Resize.
 * ONNX Runtime's CPU provider computes in fp32 anyway: it widens the
 * weights when it loads the model and keeps the Casts, which round the
 * activations to fp16 and back. The same graph with its weights widened
 * and its Casts gone ran 5 % faster on an AVX2 machine (12 % with AVX-512)
 * and took 250 MB less memory (docs/PERFORMANCE.md), with the values of
 * fp32 arithmetic.
 *
 * The model is a protocol buffer (onnx.proto). Only the messages on the
 * way to what changes are parsed; everything else is copied byte for byte.
 * Nested messages are written with their length as a 5-byte varint padded
 * with continuation bytes, which protobuf parsers accept, so that each is
 * written once, in place.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "cutout-onnx-widen.h"

/* onnx.proto's element types */
#define ELEM_FLOAT 1
#define ELEM_FLOAT16 10

enum
{
  WIRE_VARINT = 0,
  WIRE_FIXED64 = 1,
  WIRE_LEN = 2,
  WIRE_FIXED32 = 5,
};

/* Field numbers of onnx.proto, by message. */
enum
{
  MODEL_GRAPH = 7,
  MODEL_FUNCTIONS = 25,
  GRAPH_NODE = 1,
  GRAPH_INITIALIZER = 5,
  GRAPH_INPUT = 11,
  GRAPH_OUTPUT = 12,
  GRAPH_VALUE_INFO = 13,
  GRAPH_SPARSE_INITIALIZER = 15,
  NODE_INPUT = 1,
  NODE_OUTPUT = 2,
  NODE_OP_TYPE = 4,
  NODE_ATTRIBUTE = 5,
  ATTR_NAME = 1,
  ATTR_I = 3,
  ATTR_T = 5,
  ATTR_G = 6,
  ATTR_TENSORS = 10,
  ATTR_GRAPHS = 11,
  TENSOR_DATA_TYPE = 2,
  TENSOR_INT32_DATA = 5,
  TENSOR_NAME = 8,
  TENSOR_RAW_DATA = 9,
  TENSOR_EXTERNAL_DATA = 13,
  TENSOR_DATA_LOCATION = 14,
  VALUE_INFO_NAME = 1,
  VALUE_INFO_TYPE = 2,
  TYPE_TENSOR_TYPE = 1,
  TYPE_TENSOR_ELEM_TYPE = 1,
};

typedef struct
{
  const guint8 *p, *end;
} Reader;

typedef struct
{
  guint32 number;
  guint wire;
  guint64 value;      /* a varint's value; a length-delimited field's length */
  const guint8 *data; /* a length-delimited field's bytes */
  const guint8 *start;
  gsize size; /* the whole field, its key included, from @start */
} Field;

typedef struct
{
  GHashTable *types;   /* tensor name → element type, where the model says */
  GHashTable *inputs;  /* the graph's inputs' names */
  GHashTable *outputs; /* its outputs' names */
  GHashTable *rename;  /* name → the name it goes by once the Casts are gone */
  GHashTable *dropped; /* the outputs of the Casts dropped */
  guint n_wide;        /* fp16 tensors widened */
  const char *why;     /* why the model cannot be widened */
} Widen;

static Reader
reader (const guint8 *data, gsize length)
{
  if (data == NULL)
    return (Reader){ NULL, NULL };
  return (Reader){ data, data + length };
}

static gboolean
read_varint (Reader *r, guint64 *out)
{
  guint64 v = 0;

  for (int shift = 0; shift < 64 && r->p < r->end; shift += 7)
    {
      guint8 b = *r->p++;
      v |= (guint64) (b & 0x7f) << shift;
      if (!(b & 0x80))
        {
          *out = v;
          return TRUE;
        }
    }
  return FALSE;
}

/* The next field of @r into @f: 1, or 0 at the end, or -1 if malformed. */
static int
next_field (Reader *r, Field *f)
{
  guint64 key;

  if (r->p == r->end)
    return 0;
  f->start = r->p;
  if (!read_varint (r, &key))
    return -1;
  f->number = key >> 3;
  f->wire = key & 7;
  f->data = NULL;
  f->value = 0;
  switch (f->wire)
    {
      case WIRE_VARINT:
        if (!read_varint (r, &f->value))
          return -1;
        break;
      case WIRE_FIXED64:
      case WIRE_FIXED32:
        {
          gsize n = f->wire == WIRE_FIXED64 ? 8 : 4;
          if ((gsize) (r->end - r->p) < n)
            return -1;
          r->p += n;
        }
        break;
      case WIRE_LEN:
        if (!read_varint (r, &f->value) || f->value > (guint64) (r->end - r->p))
          return -1;
        f->data = r->p;
        r->p += f->value;
        break;
      default:
        return -1;
    }
  f->size = r->p - f->start;
  return 1;
}

static gboolean
fail (Widen *w, const char *why)
{
  if (w->why == NULL)
    w->why = why;
  return FALSE;
}

static gboolean
end_of_fields (Widen *w, int got)
{
  return got == 0 || fail (w, "malformed");
}

static char *
field_string (const Field *f)
{
  return g_strndup ((const char *) f->data, f->value);
}

static gboolean
field_is (const Field *f, guint32 number, guint wire)
{
  return f->number == number && f->wire == wire;
}

static gboolean
field_equals (const Field *f, const char *text)
{
  return f->wire == WIRE_LEN && f->value == strlen (text) && memcmp (f->data, text, f->value) == 0;
}

/* Writing */

static void
put_varint (GByteArray *out, guint64 v)
{
  guint8 buf[10];
  int n = 0;

  do
    {
      buf[n] = v & 0x7f;
      v >>= 7;
      if (v != 0)
        buf[n] |= 0x80;
      n++;
    }
  while (v != 0);
  g_byte_array_append (out, buf, n);
}

static void
put_key (GByteArray *out, guint32 number, guint wire)
{
  put_varint (out, ((guint64) number << 3) | wire);
}

static void
put_field (GByteArray *out, const Field *f)
{
  g_byte_array_append (out, f->start, f->size);
}

static void
put_string (GByteArray *out, guint32 number, const char *text)
{
  gsize n = strlen (text);

  put_key (out, number, WIRE_LEN);
  put_varint (out, n);
  g_byte_array_append (out, (const guint8 *) text, n);
}

/* Starts a nested message; end_message() writes its length once known. */
static gsize
begin_message (GByteArray *out, guint32 number)
{
  static const guint8 room[5] = { 0 };

  put_key (out, number, WIRE_LEN);
  g_byte_array_append (out, room, sizeof room);
  return out->len;
}

static gboolean
end_message (Widen *w, GByteArray *out, gsize start)
{
  gsize n = out->len - start;
  guint8 *p = out->data + start - 5;

  if (n >= G_MAXINT32)
    return fail (w, "too large");
  for (int i = 0; i < 5; i++, n >>= 7)
    p[i] = (n & 0x7f) | (i < 4 ? 0x80 : 0);
  return TRUE;
}

/* fp16 */

static float
half_to_float (guint16 h)
{
  guint32 sign = (guint32) (h & 0x8000) << 16;
  guint32 exp = (h >> 10) & 0x1f, mant = h & 0x3ff, bits;
  float f;

  if (exp == 0x1f)
    bits = sign | 0x7f800000u | (mant << 13);
  else if (exp != 0)
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  else if (mant == 0)
    bits = sign;
  else
    {
      /* a subnormal half is a normal float: shift its mantissa up */
      exp = 113;
      while (!(mant & 0x400))
        mant <<= 1, exp--;
      bits = sign | (exp << 23) | ((mant & 0x3ff) << 13);
    }
  memcpy (&f, &bits, sizeof f);
  return f;
}

/* Every half as a float, little-endian: a table is several times faster
 * than converting each of ISNet's 44 million weights. */
static gpointer
make_half_table (gpointer data)
{
  guint32 *table = g_new (guint32, 65536);

  (void) data;
  for (guint h = 0; h < 65536; h++)
    {
      float f = half_to_float (h);
      memcpy (&table[h], &f, sizeof f);
      table[h] = GUINT32_TO_LE (table[h]);
    }
  return table;
}

/* raw_data of @n halves at @halves (little-endian, not aligned) as floats */
static void
put_widened (GByteArray *out, const guint8 *halves, gsize n)
{
  static GOnce once = G_ONCE_INIT;
  const guint32 *table = g_once (&once, make_half_table, NULL);
  guint8 *to;

  put_key (out, TENSOR_RAW_DATA, WIRE_LEN);
  put_varint (out, n * 4);
  g_byte_array_set_size (out, out->len + n * 4);
  to = out->data + out->len - n * 4;
  for (gsize i = 0; i < n; i++)
    {
      guint16 h = halves[2 * i] | (halves[2 * i + 1] << 8);
      memcpy (to + 4 * i, &table[h], 4);
    }
}

/* Names */

static const char *
resolve (Widen *w, const char *name)
{
  const char *to;

  while ((to = g_hash_table_lookup (w->rename, name)) != NULL)
    name = to;
  return name;
}

static void
put_name (Widen *w, GByteArray *out, const Field *f)
{
  g_autofree char *name = field_string (f);
  const char *to = resolve (w, name);

  if (to == name)
    put_field (out, f);
  else
    put_string (out, f->number, to);
}

/* Pass 1: what the model says of its tensors' types, and which Casts go. */

static int
tensor_type (Widen *w, const guint8 *data, gsize length, char **name)
{
  Reader r = reader (data, length);
  Field f;
  int got, type = 0;

  while ((got = next_field (&r, &f)) > 0)
    {
      if (field_is (&f, TENSOR_DATA_TYPE, WIRE_VARINT))
        type = (int) f.value;
      else if (field_is (&f, TENSOR_NAME, WIRE_LEN) && name != NULL)
        g_free (*name), *name = field_string (&f);
      else if (f.number == TENSOR_EXTERNAL_DATA
               || (field_is (&f, TENSOR_DATA_LOCATION, WIRE_VARINT) && f.value != 0))
        return fail (w, "external data"), -1;
    }
  return end_of_fields (w, got) ? type : -1;
}

/* The element type of @type, a TypeProto: 0 if it is not a tensor's. */
static int
elem_type (Widen *w, const Field *type)
{
  Reader r = reader (type->data, type->value);
  Field f;
  int got, elem = 0;

  while ((got = next_field (&r, &f)) > 0)
    if (field_is (&f, TYPE_TENSOR_TYPE, WIRE_LEN))
      {
        Reader t = reader (f.data, f.value);
        Field g;
        int got_t;
        while ((got_t = next_field (&t, &g)) > 0)
          if (field_is (&g, TYPE_TENSOR_ELEM_TYPE, WIRE_VARINT))
            elem = (int) g.value;
        if (!end_of_fields (w, got_t))
          return -1;
      }
  return end_of_fields (w, got) ? elem : -1;
}

static int
value_info_type (Widen *w, const guint8 *data, gsize length, char **name)
{
  Reader r = reader (data, length);
  Field f;
  int got, type = 0;

  while ((got = next_field (&r, &f)) > 0)
    if (field_is (&f, VALUE_INFO_NAME, WIRE_LEN))
      g_free (*name), *name = field_string (&f);
    else if (field_is (&f, VALUE_INFO_TYPE, WIRE_LEN) && (type = elem_type (w, &f)) < 0)
      return -1;
  return end_of_fields (w, got) && *name != NULL ? type : -1;
}

typedef struct
{
  gboolean is_cast, is_constant;
  char *input, *output; /* the first of each */
  int to;               /* a Cast's "to" */
  int value_type;       /* a Constant's value's type */
} Node;

static void
node_clear (Node *node)
{
  g_free (node->input);
  g_free (node->output);
}

static gboolean
read_attribute (Widen *w, const guint8 *data, gsize length, Node *node)
{
  Reader r = reader (data, length);
  Field f;
  int got;
  gboolean is_to = FALSE, is_value = FALSE;
  int i = -1, t = -1;

  while ((got = next_field (&r, &f)) > 0)
    {
      if (field_is (&f, ATTR_NAME, WIRE_LEN))
        is_to = field_equals (&f, "to"), is_value = field_equals (&f, "value");
      else if (field_is (&f, ATTR_I, WIRE_VARINT))
        i = (int) f.value;
      else if (field_is (&f, ATTR_T, WIRE_LEN))
        {
          if ((t = tensor_type (w, f.data, f.value, NULL)) < 0)
            return FALSE;
        }
      else if (f.number == ATTR_G || f.number == ATTR_GRAPHS)
        return fail (w, "a subgraph");
      else if (f.number == ATTR_TENSORS)
        return fail (w, "a list of tensors");
    }
  if (is_to)
    node->to = i;
  if (is_value)
    node->value_type = t;
  return end_of_fields (w, got);
}

static gboolean
read_node (Widen *w, const guint8 *data, gsize length, Node *node)
{
  Reader r = reader (data, length);
  Field f;
  int got;

  *node = (Node){ .to = -1, .value_type = -1 };
  while ((got = next_field (&r, &f)) > 0)
    {
      if (field_is (&f, NODE_INPUT, WIRE_LEN) && node->input == NULL)
        node->input = field_string (&f);
      else if (field_is (&f, NODE_OUTPUT, WIRE_LEN) && node->output == NULL)
        node->output = field_string (&f);
      else if (field_is (&f, NODE_OP_TYPE, WIRE_LEN))
        node->is_cast = field_equals (&f, "Cast"),
        node->is_constant = field_equals (&f, "Constant");
      else if (field_is (&f, NODE_ATTRIBUTE, WIRE_LEN)
               && !read_attribute (w, f.data, f.value, node))
        return FALSE;
    }
  return end_of_fields (w, got);
}

static gboolean
is_float (int type)
{
  return type == ELEM_FLOAT || type == ELEM_FLOAT16;
}

/* From now on @from goes by @to, unless that would make a name go by
 * itself (Casts in a cycle) or by two names: a graph that is not valid. */
static gboolean
alias (Widen *w, const char *from, const char *to)
{
  if (g_hash_table_contains (w->rename, from) || g_str_equal (resolve (w, to), from))
    return fail (w, "Casts that do not make a valid graph");
  g_hash_table_insert (w->rename, g_strdup (from), g_strdup (to));
  return TRUE;
}

/* A Cast between fp16 and fp32 is an identity once everything is fp32. Its
 * output keeps its name (some are the graph's outputs), so the tensor it
 * reads is renamed to it, unless that is the graph's input. */
static gboolean
drop_cast (Widen *w, Node *node)
{
  char *src = node->input, *dst = node->output;
  const char *first;
  int type;

  if (src == NULL || dst == NULL)
    return fail (w, "a Cast without input or output");
  type = GPOINTER_TO_INT (g_hash_table_lookup (w->types, src));
  /* Casts to integer types work on fp32 as well, and from them to fp32
   * are needed still */
  if (!is_float (node->to) || (type != 0 && !is_float (type) && node->to == ELEM_FLOAT))
    return TRUE;
  if (!is_float (type))
    return fail (w, "a Cast to fp16 from a type not known to be floating point");
  if (!g_hash_table_add (w->dropped, g_strdup (dst)))
    return fail (w, "two Casts with the same output");
  if (g_hash_table_contains (w->inputs, src))
    return alias (w, dst, src);
  if ((first = g_hash_table_lookup (w->rename, src)) != NULL)
    {
      /* a second Cast of the same tensor: a graph output's name wins */
      if (g_hash_table_contains (w->outputs, dst))
        {
          g_autofree char *was = g_strdup (first);
          g_hash_table_remove (w->rename, src);
          return alias (w, was, dst) && alias (w, src, dst);
        }
      return alias (w, dst, first);
    }
  return alias (w, src, dst);
}

static void
note_type (Widen *w, char *name, int type)
{
  if (type == ELEM_FLOAT16)
    w->n_wide++;
  g_hash_table_insert (w->types, name, GINT_TO_POINTER (type));
}

/* Types first: a Cast may come before the value_info of what it reads. */
static gboolean
read_types (Widen *w, const guint8 *data, gsize length)
{
  Reader r = reader (data, length);
  Field f;
  int got;

  while ((got = next_field (&r, &f)) > 0)
    {
      char *name = NULL;
      int type = 0;

      if (f.wire != WIRE_LEN)
        continue;
      if (f.number == GRAPH_INPUT || f.number == GRAPH_OUTPUT || f.number == GRAPH_VALUE_INFO)
        type = value_info_type (w, f.data, f.value, &name);
      else if (f.number == GRAPH_INITIALIZER)
        type = tensor_type (w, f.data, f.value, &name);
      else if (f.number == GRAPH_SPARSE_INITIALIZER)
        return fail (w, "a sparse initialiser");
      else if (f.number == GRAPH_NODE)
        {
          Node node;
          gboolean ok = read_node (w, f.data, f.value, &node);
          /* a Constant's value_float and the like are fp32 already */
          if (ok && node.is_constant && node.output != NULL && node.value_type >= 0)
            name = g_strdup (node.output), type = node.value_type;
          node_clear (&node);
          if (!ok)
            return FALSE;
        }
      else
        continue;
      if (type < 0)
        return g_free (name), fail (w, "malformed");
      if (name == NULL)
        continue;
      /* what the caller feeds and reads stays as it is */
      if ((f.number == GRAPH_INPUT || f.number == GRAPH_OUTPUT) && type == ELEM_FLOAT16)
        return g_free (name), fail (w, "its inputs or outputs are fp16");
      if (f.number == GRAPH_INPUT)
        g_hash_table_add (w->inputs, g_strdup (name));
      if (f.number == GRAPH_OUTPUT)
        g_hash_table_add (w->outputs, g_strdup (name));
      note_type (w, name, type);
    }
  return end_of_fields (w, got);
}

static gboolean
read_casts (Widen *w, const guint8 *data, gsize length)
{
  Reader r = reader (data, length);
  Field f;
  int got;
  GHashTableIter iter;
  gpointer from;

  while ((got = next_field (&r, &f)) > 0)
    if (field_is (&f, GRAPH_NODE, WIRE_LEN))
      {
        Node node;
        gboolean ok
            = read_node (w, f.data, f.value, &node) && (!node.is_cast || drop_cast (w, &node));
        node_clear (&node);
        if (!ok)
          return FALSE;
      }
  if (!end_of_fields (w, got))
    return FALSE;
  g_hash_table_iter_init (&iter, w->rename);
  while (g_hash_table_iter_next (&iter, &from, NULL))
    if (g_hash_table_contains (w->outputs, from) || g_hash_table_contains (w->inputs, from))
      return fail (w, "a Cast between two of the graph's inputs or outputs");
  return TRUE;
}

/* Pass 2: the model written again. */

static void
append_half (GByteArray *halves, guint64 x)
{
  guint8 h[2] = { x & 0xff, (x >> 8) & 0xff };

  g_byte_array_append (halves, h, 2);
}

/* fp16 values not kept raw: one varint each, packed or not, appended to
 * @halves as raw_data keeps them, little-endian. */
static gboolean
read_int32_halves (Widen *w, const Field *f, GByteArray *halves)
{
  Reader v = reader (f->data, f->value);
  guint64 x;

  if (f->wire == WIRE_VARINT)
    append_half (halves, f->value);
  else if (f->wire != WIRE_LEN)
    return fail (w, "malformed");
  else
    while (v.p < v.end)
      {
        if (!read_varint (&v, &x))
          return fail (w, "malformed");
        append_half (halves, x);
      }
  return TRUE;
}

static gboolean
write_tensor (Widen *w, GByteArray *out, const Field *field)
{
  Reader r = reader (field->data, field->value);
  Field f;
  int got, type = tensor_type (w, field->data, field->value, NULL);
  gboolean wide = type == ELEM_FLOAT16;
  g_autoptr (GByteArray) halves = wide ? g_byte_array_new () : NULL;
  const guint8 *raw = NULL;
  gsize raw_length = 0, start;

  if (type < 0)
    return FALSE;
  start = begin_message (out, field->number);
  while ((got = next_field (&r, &f)) > 0)
    {
      if (f.number == TENSOR_NAME && f.wire == WIRE_LEN)
        put_name (w, out, &f);
      else if (!wide)
        put_field (out, &f);
      else if (field_is (&f, TENSOR_DATA_TYPE, WIRE_VARINT))
        put_key (out, TENSOR_DATA_TYPE, WIRE_VARINT), put_varint (out, ELEM_FLOAT);
      else if (field_is (&f, TENSOR_RAW_DATA, WIRE_LEN))
        raw = f.data, raw_length = f.value;
      else if (f.number == TENSOR_INT32_DATA)
        {
          if (!read_int32_halves (w, &f, halves))
            return FALSE;
        }
      else
        put_field (out, &f);
    }
  if (!end_of_fields (w, got))
    return FALSE;
  if (wide && (raw_length % 2 != 0 || (raw_length > 0 && halves->len > 0)))
    return fail (w, "malformed");
  if (raw_length > 0)
    put_widened (out, raw, raw_length / 2);
  else if (wide && halves->len > 0)
    put_widened (out, halves->data, halves->len / 2);
  return end_message (w, out, start);
}

static gboolean
write_attribute (Widen *w, GByteArray *out, const Field *field)
{
  Reader r = reader (field->data, field->value);
  Field f;
  int got;
  gsize start = begin_message (out, field->number);

  while ((got = next_field (&r, &f)) > 0)
    if (field_is (&f, ATTR_T, WIRE_LEN))
      {
        if (!write_tensor (w, out, &f))
          return FALSE;
      }
    else
      put_field (out, &f);
  return end_of_fields (w, got) && end_message (w, out, start);
}

static gboolean
write_node (Widen *w, GByteArray *out, const Field *field)
{
  Reader r = reader (field->data, field->value);
  Field f;
  int got;
  gsize start = begin_message (out, field->number);

  while ((got = next_field (&r, &f)) > 0)
    if ((f.number == NODE_INPUT || f.number == NODE_OUTPUT) && f.wire == WIRE_LEN)
      put_name (w, out, &f);
    else if (field_is (&f, NODE_ATTRIBUTE, WIRE_LEN))
      {
        if (!write_attribute (w, out, &f))
          return FALSE;
      }
    else
      put_field (out, &f);
  return end_of_fields (w, got) && end_message (w, out, start);
}

static gboolean
is_dropped (Widen *w, const Field *field)
{
  Node node;
  gboolean dropped = read_node (w, field->data, field->value, &node) && node.is_cast
                     && node.output != NULL && g_hash_table_contains (w->dropped, node.output);

  node_clear (&node);
  return dropped;
}

static gboolean
write_graph (Widen *w, GByteArray *out, const Field *field)
{
  Reader r = reader (field->data, field->value);
  Field f;
  int got;
  gboolean ok = TRUE;
  gsize start = begin_message (out, field->number);

  while ((got = next_field (&r, &f)) > 0)
    {
      if (f.wire != WIRE_LEN)
        put_field (out, &f);
      else if (f.number == GRAPH_NODE)
        ok = is_dropped (w, &f) || write_node (w, out, &f);
      else if (f.number == GRAPH_INITIALIZER)
        ok = write_tensor (w, out, &f);
      else if (f.number != GRAPH_VALUE_INFO) /* the types inside have changed: left out */
        put_field (out, &f);
      if (!ok)
        return FALSE;
    }
  return end_of_fields (w, got) && end_message (w, out, start);
}

static gboolean
find_graph (Widen *w, const guint8 *model, gsize length, Field *graph)
{
  Reader r = reader (model, length);
  Field f;
  int got;
  gboolean found = FALSE;

  while ((got = next_field (&r, &f)) > 0)
    if (field_is (&f, MODEL_GRAPH, WIRE_LEN))
      *graph = f, found = TRUE;
    else if (f.number == MODEL_FUNCTIONS)
      return fail (w, "model-local functions");
  return end_of_fields (w, got) && (found || fail (w, "no graph"));
}

static GBytes *
write_model (Widen *w, const guint8 *model, gsize length)
{
  Reader r = reader (model, length);
  Field f;
  int got;
  g_autoptr (GByteArray) out = g_byte_array_sized_new (length * 2 + 4096);

  while ((got = next_field (&r, &f)) > 0)
    if (field_is (&f, MODEL_GRAPH, WIRE_LEN))
      {
        if (!write_graph (w, out, &f))
          return NULL;
      }
    else
      put_field (out, &f);
  if (!end_of_fields (w, got))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* The ONNX model @model with its fp16 tensors (initialisers, constants)
 * made fp32 and its Casts between fp16 and fp32 removed: one whose inputs
 * and outputs are fp32, as the engine feeds and reads them; its intermediate types (value_info) are
 * left out, for ONNX Runtime to work out again. NULL without an error if there is nothing in fp16
 * to widen; NULL with one if the model is not one this can rewrite (subgraphs, external data, a
 * Cast from an unknown type...), to be loaded as it is. */
GBytes *
cutout_onnx_widen (const guint8 *model, gsize length, GError **error)
{
  Widen w = {
    .types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    .inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    .outputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    .rename = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free),
    .dropped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
  };
  Field graph;
  GBytes *wide = NULL;

  if (find_graph (&w, model, length, &graph) && read_types (&w, graph.data, graph.value)
      && w.n_wide > 0 && read_casts (&w, graph.data, graph.value))
    wide = write_model (&w, model, length);
  if (wide == NULL && w.why != NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 "The model cannot be run in fp32 instead of fp16: %s", w.why);
  g_hash_table_unref (w.types);
  g_hash_table_unref (w.inputs);
  g_hash_table_unref (w.outputs);
  g_hash_table_unref (w.rename);
  g_hash_table_unref (w.dropped);
  return wide;
}
