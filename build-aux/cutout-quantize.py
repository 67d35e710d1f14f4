#!/usr/bin/python3
# cutout-quantize.py: a statically quantised (QDQ) ISNet from the default
# fp16 model, for ONNX Runtime's CPU provider (docs/PERFORMANCE.md, "A
# statically quantised ISNet").
#
# Needs Debian's python3-onnx and python3-numpy (hence /usr/bin/python3, not
# a python3 that lacks them). There is no onnxruntime Python package here, so
# the activation ranges come from tests/cutout-ranges (ONNX Runtime's C API):
#
#   Q=build-aux/cutout-quantize.py  M=~/.cache/cutout/models/isnet-medium.onnx
#   $Q fp32 $M /tmp/isnet-fp32.onnx
#   $Q augment /tmp/isnet-fp32.onnx /tmp/isnet-probe.onnx /tmp/isnet-tensors.txt
#   meson devenv -C build tests/cutout-ranges /tmp/isnet-probe.onnx \
#       /tmp/isnet-tensors.txt PHOTO… > /tmp/isnet-ranges.txt
#   $Q quantize /tmp/isnet-fp32.onnx /tmp/isnet-ranges.txt /tmp/isnet-int8.onnx
#
# The ranges the catalogue's isnet-int8 was made with are kept, summarised
# ($Q summarise /tmp/isnet-ranges.txt data/isnet-int8.ranges), so that the
# set-up script makes the same model without the photos:
#
#   $Q make $M data/isnet-int8.ranges isnet-int8.onnx
#
# The photos measured (docs/PERFORMANCE.md): every other photo of
# ../shared/testdata/{voc,portrait,ecssd,alphamatting} in `ls` order (the
# 1st, 3rd...) and all of matting/, 31 in all; about 9 s a photo, 2.3 GB.
#
# fp32:     the fp16 graph as fp32: fp16 initialisers widened, its Cast nodes
#           (fp16 <-> fp32 around the graph and around Resize) removed. ONNX
#           Runtime's CPU provider runs the fp16 model in fp32 anyway.
# augment:  that graph with every tensor the quantiser may quantise added as a
#           graph output, and the list of those tensors, for cutout-ranges.
# quantize: QuantizeLinear/DequantizeLinear pairs inserted with the ranges:
#           weights int8, symmetric, per output channel; biases int32;
#           activations uint8 (or int8 with --int8), asymmetric, per tensor.
#           Each Relu after a quantised Conv is folded into its output's
#           range (zero point at the type's minimum, so Q clamps as Relu
#           does). MaxPool and Resize keep their input's parameters (ONNX
#           Runtime runs MaxPool on the 8-bit values, Resize in fp32 between
#           its DQ and Q); Concat and Add get their own (QLinearConcat,
#           QLinearAdd). The first Conv and the six side Convs (the outputs'
#           path, one channel each) stay fp32.
#
# Options of quantize:
#   --int8            int8 activations instead of uint8
#   --percentile=P    the high end of a range: the per-photo P-th percentile
#                     (one of 99.9, 99.99, 99.999) averaged over the photos;
#                     "max", the maximum over all photos (far worse: the
#                     activations are long-tailed). Default: 99.99.
#   --keep=NAME,...   more nodes (by name, or a prefix ending in *) left fp32
#   --uint8-resize    each Resize run on the 8-bit values instead of in fp32
#                     between its DQ and Q: slower here and less accurate
#                     (docs/PERFORMANCE.md)
import collections
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# The ops whose activations are quantised; the others (Sigmoid, Shape...)
# stay fp32 or work on any type.
QUANTISED_OPS = {"Conv", "MaxPool", "Resize", "Concat", "Add"}
# Ops that only move values: their output keeps the input's parameters.
TIED_OPS = {"MaxPool", "Resize"}


def fp32(model):
    """Widens the fp16 graph to fp32 and drops its Casts (in place)."""
    g = model.graph
    for init in g.initializer:
        if init.data_type == TensorProto.FLOAT16:
            wide = numpy_helper.to_array(init).astype(np.float32)
            init.CopyFrom(numpy_helper.from_array(wide, init.name))
    for node in g.node:
        if node.op_type == "Constant":
            for a in node.attribute:
                if a.name == "value" and a.t.data_type == TensorProto.FLOAT16:
                    wide = numpy_helper.to_array(a.t).astype(np.float32)
                    a.t.CopyFrom(numpy_helper.from_array(wide))
    # Every Cast here converts between fp16 and fp32: once all is fp32 each
    # one is an identity. Its output's name is kept (some are graph outputs
    # or inputs' names), so the tensor it read is renamed to it instead.
    outputs = {o.name for o in g.output}
    inputs = {i.name for i in g.input}
    rename = {}
    keep = []
    for node in g.node:
        if node.op_type != "Cast":
            keep.append(node)
            continue
        src, dst = node.input[0], node.output[0]
        if src in inputs:
            # the graph input itself: its readers read it directly
            rename[dst] = src
        elif src in rename:
            # a second Cast of the same tensor: the graph output's name wins
            first = rename[src]
            if dst in outputs:
                rename[src], rename[first] = dst, dst
            else:
                rename[dst] = first
        else:
            rename[src] = dst
    assert not (set(rename) & outputs), "a Cast's input is a graph output"

    def resolve(name):
        while name in rename:
            name = rename[name]
        return name

    for node in keep:
        for i, name in enumerate(node.input):
            node.input[i] = resolve(name)
        for i, name in enumerate(node.output):
            node.output[i] = resolve(name)
    del g.node[:]
    g.node.extend(keep)
    del g.value_info[:]
    return model


def float_tensors(model):
    """The names of the graph's float tensors (by shape inference)."""
    inferred = onnx.shape_inference.infer_shapes(model)
    g = inferred.graph
    return {
        v.name
        for v in list(g.value_info) + list(g.output) + list(g.input)
        if v.type.tensor_type.elem_type == TensorProto.FLOAT
    }


def kept_fp32(model, extra=()):
    """The nodes left in fp32: the first Conv, the side Convs, and --keep."""
    convs = [n for n in model.graph.node if n.op_type == "Conv"]
    kept = {convs[0].name} | {n.name for n in convs if n.name.startswith("/side")}
    for pattern in extra:
        if pattern.endswith("*"):
            kept |= {n.name for n in model.graph.node if n.name.startswith(pattern[:-1])}
        else:
            kept.add(pattern)
    return kept


def plan(model, kept):
    """Which tensors get a Q/DQ pair, and which Relus fold into their Conv.

    Returns (tensors, ties, relus): the quantised tensors in graph order,
    {output: input} for MaxPool/Resize, and {relu name: conv name}."""
    g = model.graph
    floats = float_tensors(model)
    consumers = collections.defaultdict(list)
    for n in g.node:
        for name in n.input:
            consumers[name].append(n)
    outputs = {o.name for o in g.output}
    quantised = [n for n in g.node if n.op_type in QUANTISED_OPS and n.name not in kept]
    # A Relu folds into its Conv when it is the Conv's one reader.
    relus = {}
    for n in quantised:
        if n.op_type == "Conv" and n.output[0] not in outputs:
            readers = consumers[n.output[0]]
            if len(readers) == 1 and readers[0].op_type == "Relu":
                relus[readers[0].name] = n.name
    relu_out = {r.name: r.output[0] for r in g.node if r.name in relus}
    conv_out = {c: relu_out[r] for r, c in relus.items()}

    tensors = []
    seen = set()

    def add(name):
        if name in floats and name not in seen:
            seen.add(name)
            tensors.append(name)

    ties = {}
    for n in quantised:
        if n.op_type in TIED_OPS:
            continue
        data = n.input[:1] if n.op_type == "Conv" else n.input
        for name in data:
            add(name)
        add(conv_out.get(n.name, n.output[0]))
    # MaxPool and Resize: quantised where their input is (then their output
    # takes its parameters); repeated, since one may read another.
    changed = True
    while changed:
        changed = False
        for n in quantised:
            if n.op_type in TIED_OPS and n.input[0] in seen and n.output[0] not in ties:
                ties[n.output[0]] = n.input[0]
                add(n.output[0])
                changed = True
    return tensors, ties, relus


def augment(model, list_path):
    """Adds every tensor the quantiser may use as a graph output."""
    tensors, _, _ = plan(model, kept_fp32(model))
    present = {o.name for o in model.graph.output}
    for name in tensors:
        if name not in present:
            model.graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, None))
    with open(list_path, "w") as f:
        for name in tensors:
            f.write(name + "\n")
    return model


def read_ranges(path, percentile):
    """{tensor: (low, high)} from cutout-ranges' lines:
    TENSOR PHOTO MIN MAX P0.001 P0.01 P0.1 P99.9 P99.99 P99.999
    or from a summary (`summarise`): TENSOR LOW HIGH, used as they are."""
    # the columns (after TENSOR PHOTO) of each percentile's low and high end
    columns = {"99.9": (4, 5), "99.99": (3, 6), "99.999": (2, 7)}
    if percentile is not None and percentile not in columns:
        sys.exit(f"--percentile: max or one of {', '.join(columns)}")
    rows = collections.defaultdict(list)
    summary = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split()
        if len(fields) == 3:
            summary[fields[0]] = (float(fields[1]), float(fields[2]))
        else:
            rows[fields[0]].append([float(v) for v in fields[2:]])
    if summary:
        return summary
    ranges = {}
    for name, values in rows.items():
        v = np.array(values)
        if percentile is None:
            ranges[name] = (v[:, 0].min(), v[:, 1].max())
        else:
            low, high = columns[percentile]
            ranges[name] = (v[:, low].mean(), v[:, high].mean())
    return ranges


def activation_params(low, high, signed):
    """Scale and zero point of an asymmetric 8-bit range holding 0."""
    low, high = min(low, 0.0), max(high, 0.0)
    qmin, qmax = (-128, 127) if signed else (0, 255)
    scale = (high - low) / (qmax - qmin) if high > low else 1.0
    zero = int(round(qmin - low / scale))
    zero = max(qmin, min(qmax, zero))
    return np.float32(scale), zero


def quantize(model, ranges, signed, kept, uint8_resize=False):
    g = model.graph
    tensors, ties, relus = plan(model, kept)
    missing = [t for t in tensors if t not in ranges and t not in ties]
    if missing:
        sys.exit(f"no range for {len(missing)} tensors, e.g. {missing[0]}")
    zp_dtype = np.int8 if signed else np.uint8
    inits = {i.name: i for i in g.initializer}
    new_inits = []

    # The parameters of each tensor; a tied one reuses its source's.
    params = {}
    for name in tensors:
        src = name
        while src in ties:
            src = ties[src]
        if src not in params:
            params[src] = activation_params(*ranges[src], signed)
        params[name] = params[src]
    for name in tensors:
        scale, zero = params[name]
        new_inits.append(numpy_helper.from_array(np.array(scale, np.float32), name + "_scale"))
        new_inits.append(numpy_helper.from_array(np.array(zero, zp_dtype), name + "_zero"))

    # Fold each Relu into its Conv: the Conv writes the Relu's output.
    relu_nodes = {n.name: n for n in g.node if n.name in relus}
    conv_nodes = {n.name: n for n in g.node if n.op_type == "Conv"}
    for rname, cname in relus.items():
        conv_nodes[cname].output[0] = relu_nodes[rname].output[0]
    nodes = [n for n in g.node if n.name not in relus]

    # Each quantised tensor T: its producer writes T_float, Q makes T_q, DQ
    # gives T back to every reader (Shape reads T_q: it needs no values, and a
    # float reader would keep the producer from fusing).
    quantised = set(tensors)
    out_nodes = []
    for n in nodes:
        if n.op_type == "Shape" and n.input[0] in quantised:
            n.input[0] = n.input[0] + "_q"
        if n.op_type == "Conv" and n.name not in kept:
            out_nodes.extend(quantize_conv(n, inits, params, new_inits))
        renamed = [o for o in n.output if o in quantised]
        # A MaxPool (and with --uint8-resize a Resize) reads and writes the
        # 8-bit tensors itself, as ONNX Runtime would run it once it dropped
        # the DQ/Q around it (1.29 drops them around a MaxPool, not a Resize).
        direct = n.output[0] in ties and (n.op_type == "MaxPool" or uint8_resize)
        if direct:
            n.input[0] = n.input[0] + "_q"
        for i, o in enumerate(n.output):
            if o in quantised:
                n.output[i] = o + ("_q" if direct else "_float")
        out_nodes.append(n)
        for o in renamed:
            if not direct:
                out_nodes.append(
                    helper.make_node(
                        "QuantizeLinear",
                        [o + "_float", o + "_scale", o + "_zero"],
                        [o + "_q"],
                        name=o + "_Q",
                    )
                )
            out_nodes.append(
                helper.make_node(
                    "DequantizeLinear", [o + "_q", o + "_scale", o + "_zero"], [o], name=o + "_DQ"
                )
            )
    # The graph input is never quantised here (the first Conv stays fp32).
    del g.node[:]
    g.node.extend(out_nodes)
    g.initializer.extend(new_inits)
    used = {name for n in g.node for name in n.input}
    kept_inits = [i for i in g.initializer if i.name in used]
    del g.initializer[:]
    g.initializer.extend(kept_inits)
    del g.value_info[:]
    return model


def dequantized(name, q, scale, new_inits):
    """Initialisers NAME_q, NAME_scale and NAME_zero (zeros of q's type)
    added to new_inits, and the DequantizeLinear per output channel that
    reads them into NAME."""
    new_inits += [
        numpy_helper.from_array(q, name + "_q"),
        numpy_helper.from_array(scale, name + "_scale"),
        numpy_helper.from_array(np.zeros(q.shape[0], q.dtype), name + "_zero"),
    ]
    return helper.make_node(
        "DequantizeLinear",
        [name + "_q", name + "_scale", name + "_zero"],
        [name],
        name=name + "_DQ",
        axis=0,
    )


def quantize_conv(conv, inits, params, new_inits):
    """Weights to int8 per output channel and the bias to int32, each read
    through a DequantizeLinear; returns those nodes."""
    x_scale = float(params[conv.input[0]][0])
    w = numpy_helper.to_array(inits[conv.input[1]]).astype(np.float32)
    absmax = np.abs(w.reshape(w.shape[0], -1)).max(axis=1)
    w_scale = np.where(absmax > 0, absmax / 127.0, 1.0).astype(np.float32)
    shape = (-1,) + (1,) * (w.ndim - 1)
    wq = np.clip(np.round(w / w_scale.reshape(shape)), -127, 127).astype(np.int8)
    conv.input[1] = conv.name + "_w"
    nodes = [dequantized(conv.input[1], wq, w_scale, new_inits)]
    if len(conv.input) > 2 and conv.input[2]:
        b = numpy_helper.to_array(inits[conv.input[2]]).astype(np.float64)
        b_scale = (x_scale * w_scale.astype(np.float64)).astype(np.float32)
        bq = np.round(b / b_scale).astype(np.int32)
        conv.input[2] = conv.name + "_b"
        nodes.append(dequantized(conv.input[2], bq, b_scale, new_inits))
    return nodes


def write_summary(ranges, path):
    """The ranges quantize uses, one TENSOR LOW HIGH a line; repr() keeps
    every bit, so the model made from the summary is the same file."""
    with open(path, "w") as f:
        f.write("# cutout-quantize.py summarise: TENSOR LOW HIGH\n")
        for name in sorted(ranges):
            low, high = ranges[name]
            f.write(f"{name} {float(low)!r} {float(high)!r}\n")


def percentile_option(options):
    """--percentile=P (default 99.99); None for "max"."""
    percentile = "99.99"
    for o in options:
        if o.startswith("--percentile="):
            percentile = o.split("=", 1)[1]
    return None if percentile == "max" else percentile


def main(argv):
    command, args = (argv[1], argv[2:]) if len(argv) > 1 else ("", [])
    options = [a for a in args if a.startswith("--")]
    args = [a for a in args if not a.startswith("--")]
    if command == "fp32" and len(args) == 2:
        onnx.save(fp32(onnx.load(args[0])), args[1])
    elif command == "augment" and len(args) == 3:
        onnx.save(augment(onnx.load(args[0]), args[2]), args[1])
    elif command == "summarise" and len(args) == 2:
        write_summary(read_ranges(args[0], percentile_option(options)), args[1])
    elif command == "make" and len(args) == 3:
        # What the set-up script runs: the fp16 model and a summary of its
        # ranges (data/isnet-int8.ranges) to the quantised model, the
        # defaults' way.
        model = fp32(onnx.load(args[0]))
        model = quantize(model, read_ranges(args[1], "99.99"), False, kept_fp32(model, []))
        onnx.checker.check_model(model)
        onnx.save(model, args[2])
    elif command == "quantize" and len(args) == 3:
        signed = "--int8" in options
        percentile = percentile_option(options)
        extra = []
        for o in options:
            if o.startswith("--keep="):
                extra = o.split("=", 1)[1].split(",")
        model = onnx.load(args[0])
        kept = kept_fp32(model, extra)
        ranges = read_ranges(args[1], percentile)
        model = quantize(model, ranges, signed, kept, "--uint8-resize" in options)
        onnx.checker.check_model(model)
        onnx.save(model, args[2])
    else:
        sys.exit(
            "usage: cutout-quantize.py fp32 IN OUT\n"
            "       cutout-quantize.py summarise RANGES OUT [--percentile=P]\n"
            "       cutout-quantize.py make FP16 SUMMARY OUT\n"
            "       cutout-quantize.py augment FP32 OUT LIST\n"
            "       cutout-quantize.py quantize FP32 RANGES OUT [--int8] [--percentile=P]\n"
            "                          [--keep=NAMES] [--uint8-resize]"
        )


if __name__ == "__main__":
    main(sys.argv)
