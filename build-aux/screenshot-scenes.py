#!/usr/bin/env python3
# screenshot-scenes.py DIR: draws the scenes shown in data/screenshots/ with
# ImageMagick: plain products on soft backgrounds, made here, so that the
# screenshots show nothing whose terms forbid redistributing it (the test
# photos in ../shared/testdata/ may not be).
#
# queue.png and compare.png: product-01…06.jpg and scene.jpg in the app;
# boxes.png: scene.jpg with the box tool, one box around the ball;
# id-photo.png: portrait.jpg in ID photo mode (I).
#
# Copyright 2026 The Cutout developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import sys

BACKGROUNDS = ["#e3eef7-#8fa3b8", "#f4ede4-#b9a58c", "#e8f1e4-#7d8f6a",
               "#f2e6ef-#a58aa0", "#eef0f2-#9aa0a6", "#fff4dc-#c9a66b"]
PRODUCTS = [
    # a bottle
    ["-fill", "#c62828", "-draw", "roundrectangle 480,260 760,640 40,40",
     "-fill", "#ffcdd2", "-draw", "rectangle 520,330 720,420",
     "-fill", "#fafafa", "-draw", "roundrectangle 570,190 670,270 12,12"],
    # a potted plant
    ["-fill", "#5d4037", "-draw", "polygon 470,420 770,420 720,690 520,690",
     "-fill", "#2e7d32", "-draw", "circle 560,360 560,250",
     "-fill", "#43a047", "-draw", "circle 680,340 680,230",
     "-fill", "#66bb6a", "-draw", "circle 620,280 620,170"],
    # a mug
    ["-fill", "#1565c0", "-draw", "roundrectangle 470,330 730,660 30,30",
     "-stroke", "#1565c0", "-strokewidth", "34", "-fill", "none",
     "-draw", "ellipse 740,490 70,95 -90,90", "-stroke", "none",
     "-fill", "#bbdefb", "-draw", "ellipse 600,335 130,22 0,360"],
    # a ball
    ["-fill", "#6a1b9a", "-draw", "circle 620,470 620,270",
     "-fill", "#ce93d8", "-draw", "circle 560,410 560,370"],
    # a monitor
    ["-fill", "#37474f", "-draw", "roundrectangle 380,300 880,620 24,24",
     "-fill", "#90a4ae", "-draw", "roundrectangle 410,330 850,590 12,12",
     "-fill", "#263238", "-draw", "rectangle 580,620 680,680",
     "-draw", "roundrectangle 480,670 780,695 8,8"],
    # an orange
    ["-fill", "#ef6c00", "-draw", "ellipse 630,480 210,150 0,360",
     "-fill", "#4e342e", "-draw", "rectangle 620,290 640,340",
     "-fill", "#558b2f", "-draw", "ellipse 680,290 60,22 20,360"],
]
NOISE = ["-attenuate", "0.25", "+noise", "gaussian", "-quality", "92"]


def shadow(*ellipses):
    args = ["(", "-size", "1200x800", "xc:none", "-fill", "rgba(0,0,0,0.35)"]
    for e in ellipses:
        args += ["-draw", "ellipse " + e]
    return args + ["-blur", "0x10", ")", "-composite"]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    for i, (bg, product) in enumerate(zip(BACKGROUNDS, PRODUCTS)):
        subprocess.run(["convert", "-size", "1200x800", "gradient:" + bg]
                       + shadow("630,700 260,26 0,360") + product + NOISE
                       + [os.path.join(out, "product-%02d.jpg" % (i + 1))], check=True)
    # Two subjects: a shaded ball and a device.
    ball = os.path.join(out, "ball.png")
    subprocess.run(["convert", "-size", "360x360", "radial-gradient:#ffab91-#8e1b0e",
                    "(", "-size", "360x360", "xc:black", "-fill", "white",
                    "-draw", "circle 180,180 180,2", ")", "-alpha", "off",
                    "-compose", "copy_opacity", "-composite", ball], check=True)
    subprocess.run(["convert", "-size", "1200x800", "gradient:#cfe3f2-#7d8f6a"]
                   + shadow("330,675 160,22 0,360", "870,690 170,20 0,360")
                   + [ball, "-geometry", "+150+320", "-composite",
                      "(", "-size", "1200x800", "xc:none",
                      "-fill", "#3949ab", "-draw", "roundrectangle 720,250 1020,680 30,30",
                      "-fill", "#e8eaf6", "-draw", "roundrectangle 750,290 990,420 20,20",
                      "-fill", "#ffd54f", "-draw", "circle 870,560 870,620", ")", "-composite"]
                   + NOISE + [os.path.join(out, "scene.jpg")], check=True)
    os.remove(ball)
    # A drawn head-and-shoulders portrait against a wall, for the ID photo mode.
    subprocess.run(["convert", "-size", "900x1200", "gradient:#f1ece4-#c9c2b6",
                    "-fill", "#2e4a7a", "-draw", "roundrectangle 150,820 750,1260 160,160",
                    "-fill", "#e9eef5", "-draw", "polygon 390,820 510,820 450,930",
                    "-fill", "#d9a98a", "-draw", "rectangle 400,640 500,830",
                    "-fill", "#e8b996", "-draw", "ellipse 450,520 150,190 0,360",
                    "-fill", "#3b2a20", "-draw", "ellipse 450,420 165,120 180,360",
                    "-draw", "rectangle 287,410 312,560", "-draw", "rectangle 588,410 613,560",
                    "-fill", "#3b2a20", "-draw", "ellipse 395,520 18,10 0,360",
                    "-draw", "ellipse 505,520 18,10 0,360",
                    "-fill", "#b5705a", "-draw", "ellipse 450,620 45,14 0,180"]
                   + NOISE + [os.path.join(out, "portrait.jpg")], check=True)


if __name__ == "__main__":
    main()
