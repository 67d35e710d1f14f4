#!/usr/bin/python3
# make-tiny-models.py OUTDIR: tiny ONNX graphs for test-engine-models and
# test-models-cli, made afresh at test time (no model file is committed).
#
# Each graph's output is a known function of its input (the input's first
# channel, mostly), so the tests can check to the last bit what Cutout
# feeds a model and what it makes of the output. Others are wrong in one
# way each (a name, a shape, a type), for the checks on load.
#
# Needs Debian's python3-onnx (onnx 1.12); the tests skip without it.
#
# Copyright 2026 The Cutout developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F32 = TensorProto.FLOAT
OPSET = 13


def value(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def channel(c, source, target):
    """Nodes and constants that take channel c of source [N, 3, H, W] to
    target [N, 1, H, W]."""
    starts, ends, axes = f"{target}_s", f"{target}_e", f"{target}_a"
    node = helper.make_node("Slice", [source, starts, ends, axes], [target])
    consts = [
        const(starts, np.array([c], np.int64)),
        const(ends, np.array([c + 1], np.int64)),
        const(axes, np.array([1], np.int64)),
    ]
    return [node], consts


def save(outdir, name, nodes, inputs, outputs, initializers, types=False):
    """types: with every tensor's type (value_info), as exporters write
    it and ISNet's file has it."""
    graph = helper.make_graph(nodes, name, inputs, outputs, initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    if types:
        model = onnx.shape_inference.infer_shapes(model)
    # ONNX Runtime takes IR version 8 (onnx 1.12's) and later.
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(outdir, name + ".onnx"))


def first_channel(outdir, name, size=32, in_name="input", out_name="output",
                  in_shape=None, out_shape=None, elem=F32):
    """output = input[:, 0:1]: the model of most tests."""
    in_shape = in_shape or [1, 3, size, size]
    out_shape = out_shape or [1, 1, size, size]
    nodes, consts = channel(0, in_name, out_name)
    save(outdir, name, nodes, [value(in_name, elem, in_shape)],
         [value(out_name, elem, out_shape)], consts)


def three_outputs(outdir):
    """c0, c1, c2: each channel of the input, the first output first."""
    nodes, consts = [], []
    for c in range(3):
        n, k = channel(c, "input", f"c{c}")
        nodes += n
        consts += k
    save(outdir, "channels", nodes, [value("input", F32, [1, 3, 32, 32])],
         [value(f"c{c}", F32, [1, 1, 32, 32]) for c in range(3)], consts)


def rank3(outdir):
    """output = input[:, 0]: [1, H, W], no channel."""
    nodes, consts = channel(0, "input", "c0")
    nodes.append(helper.make_node("Squeeze", ["c0", "axes"], ["output"]))
    consts.append(const("axes", np.array([1], np.int64)))
    save(outdir, "rank3", nodes, [value("input", F32, [1, 3, 32, 32])],
         [value("output", F32, [1, 32, 32])], consts)


def fp16_weights(outdir):
    """output = 2 × input[:, 0], computed in float16 inside: float32 in and
    out, as ISNet's fp16 file is."""
    nodes, consts = channel(0, "input", "c0")
    nodes += [
        helper.make_node("Cast", ["c0"], ["h"], to=TensorProto.FLOAT16),
        helper.make_node("Mul", ["h", "two"], ["h2"]),
        helper.make_node("Cast", ["h2"], ["output"], to=F32),
    ]
    consts.append(const("two", np.array([2.0], np.float16)))
    save(outdir, "fp16-weights", nodes, [value("input", F32, [1, 3, 32, 32])],
         [value("output", F32, [1, 1, 32, 32])], consts)


# fp16 weights one per column of "fp16-widen" (test-engine-models knows
# them too): a subnormal, a negative, one too large for fp16 products, 0.1
# as fp16 rounds it, then (x - 16) / 8.
WIDEN_WEIGHTS = [2.0 ** -20, -2.5, 60000.0, 0.1] + [(x - 16) / 8 for x in range(4, 32)]


def fp16_widen(outdir):
    """output = input[:, 0] × w + 0.25, in fp16 between Casts as ISNet's
    fp16 file is: the input cast at once (the graph input's own Cast), w an
    fp16 initialiser, one weight per column, 0.25 an fp16 Constant. In
    fp32 (cutout-onnx-widen.c) it is exact to fp32; as it is, fp16 rounds
    (and overflows) the products before the Concat."""
    nodes, consts = channel(0, "h", "c0")
    nodes = [helper.make_node("Cast", ["input"], ["h"], to=TensorProto.FLOAT16)] + nodes
    quarter = numpy_helper.from_array(np.array([0.25], np.float16))
    nodes += [
        helper.make_node("Mul", ["c0", "w"], ["m"]),
        # ONNX Runtime's CPU provider has an fp16 Concat (and computes the
        # rest in fp32): what it rounds to fp16 in ISNet
        helper.make_node("Concat", ["m", "m"], ["mm"], axis=1),
    ]
    pick, more = channel(0, "mm", "mc")
    nodes += pick + [
        helper.make_node("Constant", [], ["quarter"], value=quarter),
        helper.make_node("Add", ["mc", "quarter"], ["s"]),
        helper.make_node("Cast", ["s"], ["output"], to=F32),
    ]
    consts += more
    consts.append(const("w", np.array(WIDEN_WEIGHTS, np.float16).reshape(1, 1, 1, 32)))
    save(outdir, "fp16-widen", nodes, [value("input", F32, [1, 3, 32, 32])],
         [value("output", F32, [1, 1, 32, 32])], consts, types=True)


def int64_input(outdir):
    nodes, consts = channel(0, "f", "output")
    nodes.insert(0, helper.make_node("Cast", ["input"], ["f"], to=F32))
    save(outdir, "int64", nodes, [value("input", TensorProto.INT64, [1, 3, 32, 32])],
         [value("output", F32, [1, 1, 32, 32])], consts)


def two_inputs(outdir):
    nodes, consts = channel(0, "sum", "output")
    nodes.insert(0, helper.make_node("Add", ["input", "extra"], ["sum"]))
    save(outdir, "two-inputs", nodes,
         [value("input", F32, [1, 3, 32, 32]), value("extra", F32, [1, 3, 32, 32])],
         [value("output", F32, [1, 1, 32, 32])], consts)


def whole_input(outdir):
    """output = input: three channels where one is wanted."""
    nodes = [helper.make_node("Identity", ["input"], ["output"])]
    save(outdir, "three-channel-output", nodes, [value("input", F32, [1, 3, 32, 32])],
         [value("output", F32, [1, 3, 32, 32])], [])


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    first_channel(outdir, "first-channel")
    first_channel(outdir, "dynamic", in_shape=["batch", 3, "height", "width"],
                  out_shape=["batch", 1, "height", "width"])
    first_channel(outdir, "big", size=64)
    first_channel(outdir, "named-x", in_name="x")
    first_channel(outdir, "fp16-io", elem=TensorProto.FLOAT16)
    # The default model's names and size: what an import of a file "like"
    # it takes (test-models-cli).
    first_channel(outdir, "like-isnet", size=1024)
    three_outputs(outdir)
    rank3(outdir)
    fp16_weights(outdir)
    fp16_widen(outdir)
    int64_input(outdir)
    two_inputs(outdir)
    whole_input(outdir)


if __name__ == "__main__":
    main()
