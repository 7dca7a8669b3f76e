#!/usr/bin/env python3
"""The Pillow reference, as the benchmark runs it.

It does what ../shared/reference/seed_augment.py does to each photo
(Image.open, upright by EXIF orientation, GaussianBlur(15) then thumbnail
1200x1200 in the seed's blur-first order, or thumbnail then blur with the
sigma scaled in fit-first order, save at quality 75), sequentially or with
concurrent.futures.ProcessPoolExecutor, and reports resource usage as JSON:

  self, children   getrusage(RUSAGE_SELF) and getrusage(RUSAGE_CHILDREN)
  worker_peaks_kb  each pool worker's own peak RSS (its RUSAGE_SELF
                   ru_maxrss, sent back with every result; the last value
                   from each pid is its peak), because RUSAGE_CHILDREN's
                   maxrss is the largest child's peak, not their sum
  peak_rss_sum_kb  the parent's peak plus every worker's: an upper bound of
                   the pool's simultaneous peak (peaks that did not coincide
                   are added, and pages shared after fork are counted in
                   every process)

    python3 pillow_bench.py --mode pool --workers 2 --order blur-first IN OUT
"""
import argparse
import concurrent.futures
import json
import os
import resource
import sys
import time

import PIL
from PIL import Image, ImageFilter, ImageOps

EXTS = {".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp"}


def augment(job):
    """seed_augment.py's augment(), returning the input's pixel count."""
    src, dst, sigma, box, quality, order = job
    img = Image.open(src)
    pixels = img.width * img.height
    if img.getexif().get(0x0112, 1) != 1:
        img = ImageOps.exif_transpose(img)
    if order == "fit-first":
        width = img.width
        img.thumbnail((box, box))
        img = img.filter(ImageFilter.GaussianBlur(sigma * img.width / width))
    else:
        img = img.filter(ImageFilter.GaussianBlur(sigma))
        img.thumbnail((box, box))
    if img.mode not in ("RGB", "L"):
        img = img.convert("RGB")
    img.save(dst, quality=quality)
    return pixels


def pool_task(job):
    """augment() in a pool worker, reporting the worker's pid and peak RSS."""
    pixels = augment(job)
    return pixels, os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def usage(who):
    r = resource.getrusage(who)
    return {"user_s": r.ru_utime, "sys_s": r.ru_stime, "maxrss_kb": r.ru_maxrss}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--mode", choices=["sequential", "pool"], default="sequential")
    p.add_argument("--workers", type=int, default=os.cpu_count())
    p.add_argument("--blur", type=float, default=15.0)
    p.add_argument("--max-size", type=int, default=1200)
    p.add_argument("--quality", type=int, default=75)
    p.add_argument("--order", choices=["blur-first", "fit-first"], default="blur-first")
    p.add_argument("--version", action="store_true", help="print Pillow's version and exit")
    if "--version" in sys.argv[1:]:
        print(PIL.__version__)
        return
    a = p.parse_args()

    os.makedirs(a.output, exist_ok=True)
    names = sorted(n for n in os.listdir(a.input)
                   if os.path.splitext(n)[1].lower() in EXTS)
    jobs = [(os.path.join(a.input, n),
             os.path.join(a.output, "augmented-" + os.path.splitext(n)[0] + ".jpg"),
             a.blur, a.max_size, a.quality, a.order) for n in names]
    if not jobs:
        sys.exit(f"no images in {a.input}")

    peaks = {}
    start = time.perf_counter()
    if a.mode == "sequential":
        pixels = sum(augment(j) for j in jobs)
    else:
        pixels = 0
        with concurrent.futures.ProcessPoolExecutor(max_workers=a.workers) as ex:
            for px, pid, rss in ex.map(pool_task, jobs):
                pixels += px
                peaks[pid] = max(peaks.get(pid, 0), rss)
    secs = time.perf_counter() - start
    me = usage(resource.RUSAGE_SELF)
    print(json.dumps({
        "mode": a.mode, "order": a.order, "workers": a.workers if a.mode == "pool" else 1,
        "files": len(jobs), "seconds": secs, "pixels": pixels,
        "self": me, "children": usage(resource.RUSAGE_CHILDREN),
        "worker_peaks_kb": {str(k): v for k, v in peaks.items()},
        "peak_rss_sum_kb": me["maxrss_kb"] + sum(peaks.values()),
        "pillow": PIL.__version__,
    }))


if __name__ == "__main__":
    main()
