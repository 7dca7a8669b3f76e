#!/usr/bin/python3
"""Runs augpipe over other projects' image test suites and compares it with Pillow.

Each SUITE argument is a folder: Pillow's Tests/images (bmpsuite included),
libjpeg-turbo's testimages, Go's $(go env GOROOT)/src/image. None of them is
committed here; docs/formats.md names the commits measured.

For each suite, augpipe decodes every file it would take (by extension) with
no blur and no resizing (--blur 0 --max-size 65535, written as PNG), and
Pillow does the same job: Image.open().load(), ImageOps.exif_transpose,
convert to RGB with any alpha flattened onto white. The script prints per
suite the files written, refused as unsupported, refused as too large and
failed as corrupt; the files Pillow reads and augpipe refuses, with
augpipe's words; and the outputs below --min-psnr dB against Pillow.

    go build -o /tmp/augpipe . && \\
    /usr/bin/python3 bench/suites/suites.py --augpipe /tmp/augpipe SUITE_DIR...

Needs Pillow and NumPy (Debian: python3-pil python3-numpy). Exit status 0.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
from PIL import Image, ImageOps

# The extensions augpipe takes (io/imgfile/find.go).
EXTS = {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp"}


def pillow_rgb(path):
    """Pillow's reading of path as an RGB array, alpha flattened onto white, or None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            im = Image.open(path)
            im.load()
            fmt = im.format
            im = ImageOps.exif_transpose(im)
            if im.mode.startswith("I;16") or im.mode == "I" and fmt == "PNG":
                # Pillow's convert clips 16-bit grey (a TIFF's I;16, a
                # PNG's I) at 255; the reference scales it to 8 bits
                # instead, as augpipe does (docs/formats.md).
                levels = np.asarray(im, dtype=np.float64)
                grey = np.floor(levels / 257 + 0.5)
                if "transparency" in im.info:  # tRNS: that level is transparent
                    grey[levels == im.info["transparency"]] = 255
                return np.repeat(grey[:, :, None], 3, axis=2)
            if "A" in im.mode or "a" in im.mode or "transparency" in im.info:
                rgba = im.convert("RGBA")
                bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                im = Image.alpha_composite(bg, rgba)
            return np.asarray(im.convert("RGB"), dtype=np.float64)
    except Exception:  # Pillow does not read it
        return None


def augpipe_rgb(path):
    im = Image.open(path)
    im.load()
    if im.mode.startswith("I"):  # a 16-bit grey PNG: Pillow would clip it at 255
        grey = np.floor(np.asarray(im, dtype=np.float64) / 257 + 0.5)
        return np.repeat(grey[:, :, None], 3, axis=2)
    if im.mode in ("RGBA", "LA") or "transparency" in im.info:
        rgba = im.convert("RGBA")
        bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(bg, rgba)
    return np.asarray(im.convert("RGB"), dtype=np.float64)


def psnr(a, b):
    if a.shape != b.shape:
        return None
    mse = np.mean((a - b) ** 2)
    return math.inf if mse == 0 else 10 * math.log10(255 * 255 / mse)


def kind(err):
    """The kind of failure augpipe's error words say."""
    if "unsupported" in err or "not an image in a supported format" in err:
        return "unsupported"
    if "too large" in err or "over the limit" in err or "megapixels" in err:
        return "too large"
    return "corrupt"


def run_suite(augpipe, suite, out, min_psnr, timeout):
    report = os.path.join(out, "report.json")
    cmd = [augpipe, "-r", "--blur", "0", "--max-size", "65535", "--format", "png",
           "--name", "{dir}/{stem}.{ext}.png", "-o", os.path.join(out, "out"),
           "--report", report, "-q", suite]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if not os.path.exists(report):
        sys.exit(f"augpipe wrote no report (exit status {proc.returncode}): {proc.stderr}")
    with open(report) as f:
        rep = json.load(f)
    counts = {"written": 0, "unsupported": 0, "too large": 0, "corrupt": 0}
    refused, outliers, scores, every = [], [], [], []
    for rec in rep["files"]:
        src = rec["input"]
        rel = os.path.relpath(src, suite)
        if os.path.splitext(src)[1].lower() not in EXTS:
            continue
        ref = pillow_rgb(src)
        if rec["status"] == "written":
            counts["written"] += 1
            if ref is None:
                continue
            score = psnr(augpipe_rgb(rec["output"]), ref)
            scores.append(score if score is not None else 0)
            every.append((rel, score))
            if score is None or score < min_psnr:
                outliers.append((rel, score))
        else:
            err = rec.get("error", "")
            k = kind(err)
            counts[k] += 1
            if ref is not None:
                refused.append((rel, k, err))
    return proc.returncode, counts, refused, outliers, scores, every


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("suites", nargs="+", metavar="SUITE_DIR")
    p.add_argument("--augpipe", default="augpipe", help="the augpipe binary")
    p.add_argument("--min-psnr", type=float, default=35.0)
    p.add_argument("--timeout", type=float, default=600, help="seconds per suite")
    p.add_argument("--every", metavar="SUBSTRING", action="append", default=[],
                   help="also print the PSNR of every output whose path contains SUBSTRING")
    a = p.parse_args()
    total_refused = 0
    for suite in a.suites:
        with tempfile.TemporaryDirectory() as out:
            status, counts, refused, outliers, scores, every = run_suite(
                a.augpipe, suite, out, a.min_psnr, a.timeout)
        print(f"== {suite} (augpipe exit status {status})")
        print("files: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        finite = [s for s in scores if math.isfinite(s)]
        print(f"compared with Pillow: {len(scores)} outputs, {len(scores) - len(finite)} identical"
              + (f", lowest {min(scores):.1f} dB" if scores else ""))
        print(f"Pillow reads, augpipe refuses: {len(refused)}")
        for rel, k, err in sorted(refused):
            print(f"  {rel} [{k}]: {err}")
        print(f"PSNR outliers (< {a.min_psnr:g} dB): {len(outliers)}")
        for rel, score in sorted(outliers):
            print(f"  {rel}: " + ("size differs" if score is None else f"{score:.1f} dB"))
        for rel, score in sorted(every):
            if any(sub in rel for sub in a.every):
                print(f"  PSNR {rel}: " + ("size differs" if score is None else f"{score:.1f} dB"))
        total_refused += len(refused)
    print(f"== all suites: Pillow reads, augpipe refuses: {total_refused}")


if __name__ == "__main__":
    sys.exit(main())
