#!/usr/bin/env python3
"""The Python references of the augmentation benchmark (issue 15).

torchvision's ImageNet training recipe plus blur, on every photo given,
--variants times from one decode, each variant written as a JPEG:

  1. RandomResizedCrop(224, scale=(0.08, 1), ratio=(3/4, 4/3))
  2. RandomHorizontalFlip(0.5)
  3. ColorJitter(0.4, 0.4, 0.4, 0.1)
  4. with p = 0.5, GaussianBlur(kernel 23, sigma 0.1 to 2.0)

Engines:
  torchvision  PIL images and torchvision.transforms, as a PyTorch
               DataLoader's dataset would apply them (Image.open and
               convert("RGB"); Image.save at --quality).
  opencv       the same recipe with OpenCV, the engine under albumentations:
               cv2.imread; torchvision's crop draw, a slice and cv2.resize
               INTER_LINEAR; cv2.flip; ColorJitter as albumentations does it
               (brightness and contrast as cv2.LUT of a numpy table,
               saturation with cv2.addWeighted against the grey,
               hue as a LUT on OpenCV's H, in a random order as
               torchvision's); cv2.GaussianBlur; cv2.imwrite at --quality.
               Pixels stay in OpenCV's BGR order throughout.

Both decode every photo at full size, as the frameworks do by default (no
Pillow draft, no cv2.IMREAD_REDUCED_*); cv2.imread also turns it upright by
its EXIF orientation, which Image.open (and torchvision's datasets) do not.

Each photo is one task of a process pool of --workers processes (as a
DataLoader with that many workers would run them), each process limited to
one thread (torch.set_num_threads(1), cv2.setNumThreads(1)). Variant k of a
photo draws from a generator seeded by (--seed, the photo's path as given,
k), so a run is repeatable. Output: OUT/<stem>_v<k>.jpg.

Prints one JSON object: engine, wall_s (from the pool's start to the last
file written), cpu_s (user + sys of this process, imports included, and of
its pool's, reaped), decode_s (CPU time spent decoding, summed over the
workers: one thread each, so the share of cpu_s that decoding takes),
decode_wall_s (the same in wall-clock time, which waits on a busy
machine), variants (files written), files, import_cpu_s (the part of cpu_s
this process spent importing the libraries before the pool started), the
worker count and the library versions.

    /usr/bin/python3 bench/augment_ref.py --engine torchvision --workers 2 \\
        --variants 5 --seed 0 --quality 90 --out DIR FILES...
"""
import argparse
import json
import math
import multiprocessing
import os
import random
import resource
import sys
import time
import zlib

SIZE = 224
SCALE = (0.08, 1.0)
RATIO = (3.0 / 4.0, 4.0 / 3.0)
JITTER = (0.4, 0.4, 0.4, 0.1)  # brightness, contrast, saturation, hue
BLUR_P, BLUR_KERNEL, BLUR_SIGMA = 0.5, 23, (0.1, 2.0)


def variant_seed(seed, path, k):
    """A 32-bit seed for variant k of path: the same in every process."""
    return zlib.crc32(f"{seed}\0{path}\0{k}".encode())


def out_name(out, path, k):
    stem = os.path.splitext(os.path.basename(path))[0]
    return os.path.join(out, f"{stem}_v{k}.jpg")


# --- torchvision ---------------------------------------------------------

def torchvision_setup():
    import torch
    torch.set_num_threads(1)


def torchvision_recipe():
    from torchvision import transforms as T
    return T.Compose([
        T.RandomResizedCrop(SIZE, scale=SCALE, ratio=RATIO),
        T.RandomHorizontalFlip(0.5),
        T.ColorJitter(*JITTER),
        T.RandomApply([T.GaussianBlur(BLUR_KERNEL, sigma=BLUR_SIGMA)], p=BLUR_P),
    ])


def torchvision_task(job):
    import torch
    from PIL import Image
    path, out, variants, seed, quality = job
    recipe = torchvision_recipe()
    t0, c0 = time.perf_counter(), time.process_time()
    with Image.open(path) as f:
        img = f.convert("RGB")  # decodes the whole file, once
    decode = (time.process_time() - c0, time.perf_counter() - t0)
    for k in range(variants):
        torch.manual_seed(variant_seed(seed, path, k))
        recipe(img).save(out_name(out, path, k), quality=quality)
    return decode, variants


# --- OpenCV, as albumentations -------------------------------------------

def opencv_setup():
    import cv2
    cv2.setNumThreads(1)


def crop_params(rng, height, width):
    """torchvision's RandomResizedCrop.get_params, drawing from rng."""
    area = height * width
    log_ratio = (math.log(RATIO[0]), math.log(RATIO[1]))
    for _ in range(10):
        target_area = area * rng.uniform(*SCALE)
        aspect = math.exp(rng.uniform(*log_ratio))
        w = int(round(math.sqrt(target_area * aspect)))
        h = int(round(math.sqrt(target_area / aspect)))
        if 0 < w <= width and 0 < h <= height:
            return rng.randint(0, height - h), rng.randint(0, width - w), h, w
    in_ratio = width / height
    if in_ratio < min(RATIO):
        w, h = width, int(round(width / min(RATIO)))
    elif in_ratio > max(RATIO):
        h, w = height, int(round(height * max(RATIO)))
    else:
        w, h = width, height
    return (height - h) // 2, (width - w) // 2, h, w


def opencv_jitter(img, rng):
    """ColorJitter(0.4, 0.4, 0.4, 0.1) as albumentations' ColorJitter
    computes it on uint8 images (its *_torchvision functions), on BGR."""
    import cv2
    import numpy as np
    b, c, s = (rng.uniform(max(0.0, 1 - v), 1 + v) for v in JITTER[:3])
    hue = rng.uniform(-JITTER[3], JITTER[3])
    order = [0, 1, 2, 3]
    rng.shuffle(order)
    for op in order:
        if op == 0:
            lut = np.clip(np.arange(0, 256) * b, 0, 255).astype(np.uint8)
            img = cv2.LUT(img, lut)
        elif op == 1:
            mean = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY).mean()
            lut = np.arange(0, 256) * c + mean * (1 - c)
            img = cv2.LUT(img, np.clip(lut, 0, 255).astype(np.uint8))
        elif op == 2:
            gray = cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
            img = cv2.addWeighted(img, s, gray, 1 - s, 0)
        else:
            hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)
            lut = np.mod(np.arange(0, 256, dtype=np.int16) + 180 * hue, 180).astype(np.uint8)
            hsv[..., 0] = cv2.LUT(hsv[..., 0], lut)
            img = cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)
    return img


def opencv_task(job):
    import cv2
    path, out, variants, seed, quality = job
    t0, c0 = time.perf_counter(), time.process_time()
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    decode = (time.process_time() - c0, time.perf_counter() - t0)
    if img is None:
        raise RuntimeError(f"{path}: cv2.imread cannot read it")
    height, width = img.shape[:2]
    for k in range(variants):
        rng = random.Random(variant_seed(seed, path, k))
        i, j, h, w = crop_params(rng, height, width)
        v = cv2.resize(img[i:i + h, j:j + w], (SIZE, SIZE), interpolation=cv2.INTER_LINEAR)
        if rng.random() < 0.5:
            v = cv2.flip(v, 1)
        v = opencv_jitter(v, rng)
        if rng.random() < BLUR_P:
            v = cv2.GaussianBlur(v, (BLUR_KERNEL, BLUR_KERNEL), rng.uniform(*BLUR_SIGMA))
        if not cv2.imwrite(out_name(out, path, k), v, [cv2.IMWRITE_JPEG_QUALITY, quality]):
            raise RuntimeError(f"{out_name(out, path, k)}: cv2.imwrite failed")
    return decode, variants


ENGINES = {
    "torchvision": (torchvision_setup, torchvision_task),
    "opencv": (opencv_setup, opencv_task),
}


def versions(engine):
    if engine == "torchvision":
        import PIL
        import torch
        import torchvision
        return {"torch": torch.__version__, "torchvision": torchvision.__version__, "pillow": PIL.__version__}
    import cv2
    import numpy
    return {"opencv": cv2.__version__, "numpy": numpy.__version__}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--engine", choices=sorted(ENGINES), required=True)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--variants", type=int, default=5)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--quality", type=int, default=90)
    p.add_argument("--out", required=True)
    p.add_argument("files", nargs="+")
    a = p.parse_args()
    if a.workers < 1 or a.variants < 1 or not 1 <= a.quality <= 100:
        p.error("--workers and --variants must be at least 1, --quality in 1..100")
    os.makedirs(a.out, exist_ok=True)
    setup, task = ENGINES[a.engine]
    info = versions(a.engine)  # imported before the clock starts, as a DataLoader's workers inherit them
    r = resource.getrusage(resource.RUSAGE_SELF)
    import_cpu = r.ru_utime + r.ru_stime
    jobs = [(f, a.out, a.variants, a.seed, a.quality) for f in a.files]

    t0 = time.perf_counter()
    decode_s, decode_wall_s, written = 0.0, 0.0, 0
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(a.workers, initializer=setup) as pool:
        for (d, dw), n in pool.imap_unordered(task, jobs, chunksize=1):
            decode_s += d
            decode_wall_s += dw
            written += n
        pool.close()
        pool.join()  # reaped, so that RUSAGE_CHILDREN counts the workers
    wall = time.perf_counter() - t0

    cpu = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        r = resource.getrusage(who)
        cpu += r.ru_utime + r.ru_stime
    json.dump({"engine": a.engine, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
               "decode_s": round(decode_s, 3), "decode_wall_s": round(decode_wall_s, 3), "variants": written, "files": len(a.files),
               "import_cpu_s": round(import_cpu, 3), "workers": a.workers, "versions": info}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
