package augment

import (
	"math"
	"math/rand/v2"

	"github.com/augpipe/augpipe/stages"
)

// A recipeOp is one operation of a recipe, parsed and checked.
type recipeOp interface {
	common() *opCommon
	// draw draws the operation's parameters for an image of w x h (as it
	// is when the operation runs, in the units of the drawn parameters) and
	// appends the operations to do to ops. It draws nothing when the
	// operation is not applied (see opCommon.applies).
	draw(rng *rand.Rand, w, h int, ops []AppliedOp) []AppliedOp
}

// opCommon is what every operation has: its name and the probability
// that it is applied.
type opCommon struct {
	name string
	p    float64
}

func (c *opCommon) common() *opCommon { return c }

// applies draws whether the operation is applied: nothing when p is 1;
// otherwise one uniform number u in [0, 1), applied when u < p (as
// torchvision's torch.rand(1) < p). The parameters are drawn only when the
// operation is applied.
func (c *opCommon) applies(rng *rand.Rand) bool {
	return c.p >= 1 || rng.Float64() < c.p
}

// do returns the applied operation of primitive do, from this one.
func (c *opCommon) do(do string) AppliedOp { return AppliedOp{Op: c.name, Do: do} }

// uniform draws a number uniformly from r. The product is converted
// explicitly so that no architecture fuses it with the sum into a fused
// multiply-add, which would round differently from amd64 (the Go
// specification: an explicit conversion rounds to the type's precision).
func uniform(rng *rand.Rand, r [2]float64) float64 {
	return r[0] + float64((r[1]-r[0])*rng.Float64())
}

// opNames lists the operations a recipe may hold.
func opNames() []string {
	return []string{"resize", "random_resized_crop", "centre_crop", "center_crop", "random_crop", "hflip", "vflip",
		"rotate90", "rotate", "gaussian_blur", "color_jitter", "grayscale", "gaussian_noise", "random_erasing",
		"jpeg_quality", "sharpen"}
}

// newOp reads the keys of operation name from q, and returns it with the
// keys it takes (but for "op" and "p").
func newOp(name string, c opCommon, q *opParser) (recipeOp, []string) {
	switch name {
	case "resize":
		o := &resizeOp{opCommon: c}
		o.w, o.h = q.size("size")
		o.mode = q.word("mode", "exact", "exact", "fit", "fill")
		o.upscale = q.boolean("upscale", true)
		return o, []string{"size", "mode", "upscale"}
	case "random_resized_crop":
		o := &randomResizedCropOp{opCommon: c}
		o.w, o.h = q.size("size")
		o.scale = q.pair("scale", [2]float64{0.08, 1}, 1e-9, 1, both)
		o.ratio = q.pair("ratio", [2]float64{3.0 / 4, 4.0 / 3}, 1e-6, 1e6, both)
		return o, []string{"size", "scale", "ratio"}
	case "centre_crop", "center_crop":
		o := &cropOp{opCommon: c}
		o.w, o.h = q.size("size")
		return o, []string{"size"}
	case "random_crop":
		o := &cropOp{opCommon: c, random: true}
		o.w, o.h = q.size("size")
		return o, []string{"size"}
	case "hflip", "vflip":
		return &paramOp{opCommon: c, what: name}, nil
	case "rotate90":
		// A quarter turn drawn uniformly from the list: exact, the size
		// swapped.
		angles := q.angles("angles", []int{90, 180, 270})
		return &paramOp{opCommon: c, what: "rotate", set: func(rng *rand.Rand, a *AppliedOp) {
			a.Angle, a.Expand = float64(angles[rng.IntN(len(angles))]), true
		}}, []string{"angles"}
	case "rotate":
		// An angle drawn uniformly from the range, bilinear, the corners
		// filled, expanded to hold the turned image or not.
		if q.node("angle") == nil {
			q.fail(q.m, "rotate needs \"angle\": a number of degrees or a range [least, greatest]")
		}
		angle := q.pair("angle", [2]float64{}, -3600, 3600, both)
		expand := q.boolean("expand", false)
		fill, _ := q.colour("fill", [3]uint8{}, false)
		return &paramOp{opCommon: c, what: "rotate", set: func(rng *rand.Rand, a *AppliedOp) {
			a.Angle, a.Expand = uniform(rng, angle), expand
			a.Fill = []int{int(fill[0]), int(fill[1]), int(fill[2])}
		}}, []string{"angle", "expand", "fill"}
	case "gaussian_blur":
		// A sigma drawn uniformly from the range. The kernel size is
		// accepted as torchvision's GaussianBlur takes it, and not used:
		// the blur is Pillow's, not truncated.
		if q.node("sigma") == nil {
			q.fail(q.m, "gaussian_blur needs \"sigma\": a number or a range [least, greatest]")
		}
		sigma := q.pair("sigma", [2]float64{}, 0, SigmaLimit, both)
		if k := q.integer("kernel", 1, 1, 2*SideLimit+1); k%2 == 0 {
			q.fail(q.node("kernel"), "gaussian_blur's \"kernel\" must be odd, as torchvision's kernel_size")
		}
		return &paramOp{opCommon: c, what: "blur", set: func(rng *rand.Rand, a *AppliedOp) {
			a.Sigma = uniform(rng, sigma)
		}}, []string{"sigma", "kernel"}
	case "color_jitter":
		o := &jitterOp{opCommon: c}
		factor := func(x float64) [2]float64 { return [2]float64{max(0, 1-x), 1 + x} }
		o.ranges[0] = q.pair("brightness", [2]float64{1, 1}, 0, 1e6, factor)
		o.ranges[1] = q.pair("contrast", [2]float64{1, 1}, 0, 1e6, factor)
		o.ranges[2] = q.pair("saturation", [2]float64{1, 1}, 0, 1e6, factor)
		o.ranges[3] = q.pair("hue", [2]float64{}, -0.5, 0.5, func(x float64) [2]float64 { return [2]float64{-x, x} })
		keys := jitterKeys()
		for i, k := range keys {
			o.set[i] = q.node(k) != nil
		}
		if o.set == [4]bool{} {
			q.fail(q.m, "color_jitter needs at least one of brightness, contrast, saturation and hue")
		}
		return o, keys[:]
	case "grayscale":
		channels := int(q.integer("channels", 3, 1, 3))
		if channels == 2 {
			q.fail(q.node("channels"), "grayscale's \"channels\" must be 1 or 3")
		}
		return &paramOp{opCommon: c, what: "grayscale", set: func(_ *rand.Rand, a *AppliedOp) {
			a.Channels = channels
		}}, []string{"channels"}
	case "gaussian_noise":
		// A deviation (in grey levels) drawn uniformly from the range; the
		// noise's own stream is seeded by a number drawn after it, which
		// the manifest records.
		if q.node("sigma") == nil {
			q.fail(q.m, "gaussian_noise needs \"sigma\", in grey levels: a number or a range [least, greatest]")
		}
		sigma := q.pair("sigma", [2]float64{}, 0, 255, both)
		return &paramOp{opCommon: c, what: "noise", set: func(rng *rand.Rand, a *AppliedOp) {
			a.Sigma, a.Seed = uniform(rng, sigma), rng.Uint64()
		}}, []string{"sigma"}
	case "random_erasing":
		o := &eraseOp{opCommon: c}
		o.scale = q.pair("scale", [2]float64{0.02, 0.33}, 0, 1, both)
		o.ratio = q.pair("ratio", [2]float64{0.3, 3.3}, 1e-6, 1e6, both)
		o.value, o.random = q.colour("value", [3]uint8{}, true)
		return o, []string{"scale", "ratio", "value"}
	case "jpeg_quality":
		// A JPEG round trip at a quality drawn uniformly from the range:
		// the artefacts of a recompression, where the chain puts it
		// (albumentations' ImageCompression).
		if q.node("quality") == nil {
			q.fail(q.m, "jpeg_quality needs \"quality\": a number from 1 to 100 or a range [least, greatest]")
		}
		r := q.pair("quality", [2]float64{75, 75}, 1, 100, both)
		if r[0] != math.Trunc(r[0]) || r[1] != math.Trunc(r[1]) {
			q.fail(q.node("quality"), "jpeg_quality's \"quality\" must be whole numbers")
		}
		lo, hi := int(r[0]), int(r[1])
		return &paramOp{opCommon: c, what: "jpeg", set: func(rng *rand.Rand, a *AppliedOp) {
			a.Quality = lo + rng.IntN(hi-lo+1)
		}}, []string{"quality"}
	case "sharpen":
		// ImageEnhance.Sharpness of a factor drawn from the range.
		if q.node("factor") == nil {
			q.fail(q.m, "sharpen needs \"factor\" (ImageEnhance.Sharpness: 1 unchanged, 2 sharper): a number or a range")
		}
		factor := q.pair("factor", [2]float64{1, 1}, 0, 1e3, both)
		return &paramOp{opCommon: c, what: "sharpen", set: func(rng *rand.Rand, a *AppliedOp) {
			a.Factor = uniform(rng, factor)
		}}, []string{"factor"}
	}
	panic("augment: operation " + name + " listed but not made") // opNames and newOp are kept together
}

// paramOp is an operation that does one thing (what) with parameters
// that do not depend on the image's size, which set draws when it
// applies.
type paramOp struct {
	opCommon
	what string
	set  func(rng *rand.Rand, a *AppliedOp)
}

func (o *paramOp) draw(rng *rand.Rand, _, _ int, ops []AppliedOp) []AppliedOp {
	if !o.applies(rng) {
		return ops
	}
	a := o.do(o.what)
	if o.set != nil {
		o.set(rng, &a)
	}
	return append(ops, a)
}

// jitterKeys returns color_jitter's keys, in the order it draws them.
func jitterKeys() [4]string { return [4]string{"brightness", "contrast", "saturation", "hue"} }

// resizeOp resizes to a w x h box: exactly, fitting in it or filling it
// (and cropping the overflow evenly).
type resizeOp struct {
	opCommon
	w, h    int
	mode    string
	upscale bool
}

func (o *resizeOp) draw(rng *rand.Rand, w, h int, ops []AppliedOp) []AppliedOp {
	if !o.applies(rng) {
		return ops
	}
	a := o.do("resize")
	r := stages.WholeRegion(w, h)
	switch o.mode {
	case "exact":
		a.Width, a.Height = o.w, o.h
	case "fit":
		a.Width, a.Height = stages.FitSize(w, h, o.w, o.h, o.upscale)
	case "fill":
		var winW, winH float64
		a.Width, a.Height, winW, winH = stages.FillSize(w, h, o.w, o.h, o.upscale)
		r = stages.CentreWindow(w, h, winW, winH)
	}
	if r != stages.WholeRegion(w, h) {
		a.Do = "resized_crop"
		a.X, a.Y, a.W, a.H = r.X0, r.Y0, r.Dx(), r.Dy()
	}
	return append(ops, a)
}

// source returns the smallest part of a w x h image the operation can
// resize, and the size it resizes it to.
func (o *resizeOp) source(w, h int) (srcW, srcH float64, outW, outH int) {
	switch o.mode {
	case "fit":
		outW, outH = stages.FitSize(w, h, o.w, o.h, o.upscale)
	case "fill":
		outW, outH, srcW, srcH = stages.FillSize(w, h, o.w, o.h, o.upscale)
		return srcW, srcH, outW, outH
	default:
		outW, outH = o.w, o.h
	}
	return float64(w), float64(h), outW, outH
}

// randomResizedCropOp is torchvision's RandomResizedCrop: a crop of a
// random area and aspect ratio, resized to w x h.
type randomResizedCropOp struct {
	opCommon
	w, h         int
	scale, ratio [2]float64
}

// draw follows torchvision 0.14's RandomResizedCrop.get_params: ten
// attempts at an area drawn uniformly from scale (a fraction of the
// image's) and an aspect ratio drawn log-uniformly from ratio, the first
// that fits taken at a random place (top, then left); failing those, a
// centre crop of the ratio nearest the image's. Python's round is to even.
func (o *randomResizedCropOp) draw(rng *rand.Rand, w, h int, ops []AppliedOp) []AppliedOp {
	if !o.applies(rng) {
		return ops
	}
	a := o.do("resized_crop")
	a.Width, a.Height = o.w, o.h
	for range 10 {
		cw, ch := drawSides(rng, w, h, o.scale, o.ratio)
		if 0 < cw && cw <= w && 0 < ch && ch <= h {
			i := rng.IntN(h - ch + 1)
			j := rng.IntN(w - cw + 1)
			a.X, a.Y, a.W, a.H = float64(j), float64(i), float64(cw), float64(ch)
			return append(ops, a)
		}
	}
	cw, ch := o.fallback(w, h)
	a.X, a.Y, a.W, a.H = float64((w-cw)/2), float64((h-ch)/2), float64(cw), float64(ch)
	return append(ops, a)
}

// drawSides draws an area, a fraction of the w x h image's drawn uniformly
// from scale, and an aspect ratio drawn log-uniformly from ratio, and
// returns the sides of that area at that ratio, sqrt(area*ratio) and
// sqrt(area/ratio), rounded half to even as Python's round: torchvision's
// draw of a random rectangle (RandomResizedCrop takes them as width and
// height, RandomErasing as height and width).
func drawSides(rng *rand.Rand, w, h int, scale, ratio [2]float64) (int, int) {
	target := float64(float64(w) * float64(h) * uniform(rng, scale))
	aspect := detExp(uniform(rng, [2]float64{detLog(ratio[0]), detLog(ratio[1])}))
	return int(math.RoundToEven(math.Sqrt(float64(target * aspect)))),
		int(math.RoundToEven(math.Sqrt(float64(target / aspect))))
}

// fallback is the centre crop's size when no attempt fits.
func (o *randomResizedCropOp) fallback(w, h int) (cw, ch int) {
	in := float64(w) / float64(h)
	switch {
	case in < o.ratio[0]:
		return w, int(math.RoundToEven(float64(w) / o.ratio[0]))
	case in > o.ratio[1]:
		return int(math.RoundToEven(float64(h) * o.ratio[1])), h
	}
	return w, h
}

// source returns a lower bound of the sides of the crops the operation can
// draw on a w x h image, and the size it resizes them to.
func (o *randomResizedCropOp) source(w, h int) (srcW, srcH float64, outW, outH int) {
	least := o.scale[0] * float64(w) * float64(h)
	srcW = math.Floor(math.Sqrt(least*o.ratio[0])) - 1
	srcH = math.Floor(math.Sqrt(least/o.ratio[1])) - 1
	fw, fh := o.fallback(w, h)
	return min(srcW, float64(fw)), min(srcH, float64(fh)), o.w, o.h
}

// cropOp is a w x h crop: at the centre (torchvision's CenterCrop, with
// its rounding of the offsets) or at a random place (RandomCrop, top then
// left). A crop larger than the image is clipped to it, not padded.
type cropOp struct {
	opCommon
	w, h   int
	random bool
}

func (o *cropOp) draw(rng *rand.Rand, w, h int, ops []AppliedOp) []AppliedOp {
	if !o.applies(rng) {
		return ops
	}
	a := o.do("crop")
	cw, ch := min(o.w, w), min(o.h, h)
	var i, j int
	if o.random {
		i = rng.IntN(h - ch + 1)
		j = rng.IntN(w - cw + 1)
	} else {
		i = int(math.RoundToEven(float64(h-ch) / 2))
		j = int(math.RoundToEven(float64(w-cw) / 2))
	}
	a.X, a.Y, a.W, a.H = float64(j), float64(i), float64(cw), float64(ch)
	return append(ops, a)
}

// jitterOp is torchvision's ColorJitter: a random order of the four
// adjustments (a permutation drawn first), then a factor for each one set,
// drawn uniformly in the order brightness, contrast, saturation, hue.
type jitterOp struct {
	opCommon
	ranges [4][2]float64
	set    [4]bool
}

func (o *jitterOp) draw(rng *rand.Rand, _, _ int, ops []AppliedOp) []AppliedOp {
	if !o.applies(rng) {
		return ops
	}
	order := rng.Perm(4)
	var factors [4]float64
	for i := range factors {
		if o.set[i] {
			factors[i] = uniform(rng, o.ranges[i])
		}
	}
	for _, i := range order {
		if o.set[i] {
			a := o.do(jitterKeys()[i])
			a.Factor = factors[i]
			ops = append(ops, a)
		}
	}
	return ops
}

// eraseOp is torchvision's RandomErasing: ten attempts at a rectangle of
// an area drawn from scale and an aspect ratio drawn log-uniformly from
// ratio, the first that fits strictly inside the image erased at a random
// place; none erased if none fits. The fill is a colour, or uniform random
// bytes from a stream seeded by a number drawn before the place.
type eraseOp struct {
	opCommon
	scale, ratio [2]float64
	value        [3]uint8
	random       bool
}

func (o *eraseOp) draw(rng *rand.Rand, w, h int, ops []AppliedOp) []AppliedOp {
	if !o.applies(rng) {
		return ops
	}
	for range 10 {
		eh, ew := drawSides(rng, w, h, o.scale, o.ratio)
		if eh >= h || ew >= w {
			continue
		}
		a := o.do("erase")
		if o.random {
			a.Random, a.Seed = true, rng.Uint64()
		} else {
			a.Fill = []int{int(o.value[0]), int(o.value[1]), int(o.value[2])}
		}
		i := rng.IntN(h - eh + 1)
		j := rng.IntN(w - ew + 1)
		a.X, a.Y, a.W, a.H = float64(j), float64(i), float64(ew), float64(eh)
		return append(ops, a)
	}
	return ops
}
