package augment

import (
	"fmt"
	"math"
	"runtime"
	"strings"

	"github.com/augpipe/augpipe/io/jpegenc"
)

// Config says how each image is processed and how many goroutines each
// stage of a run has. The zero value is not useful: start from
// DefaultConfig. Every entry point (NewProcessor, Run, RunFolder) checks
// it with Validate first.
type Config struct {
	// Sigma is the Gaussian blur's standard deviation in input pixels; 0 is no blur.
	Sigma float64 `json:"sigma"`
	// Order is the order of the blur and the thumbnail: OrderFitFirst
	// (thumbnail, then blur with sigma scaled to the thumbnail) or
	// OrderBlurFirst (blur at full size, then thumbnail).
	Order string `json:"order"`
	// MaxSize is the side of the square box the thumbnail fits into,
	// when Width and Height are both 0.
	MaxSize int `json:"max_size"`
	// Width and Height, when either is set, are the box instead of
	// MaxSize x MaxSize: the thumbnail fits inside Width x Height or, with
	// Crop, fills it and is cropped to it. A side of 0 is free (Width 800
	// alone makes thumbnails 800 pixels wide, whatever their height).
	// Each is at most stages.MaxSide.
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
	// Crop is how the image meets the box: CropNone (or "") fits it
	// inside, aspect kept; CropCentre and CropAttention scale it to fill
	// the box and crop what overflows, keeping the centre or the part that
	// libvips' smartcrop "attention" strategy picks. A crop needs a box of
	// two sides.
	Crop string `json:"crop,omitempty"`
	// Upscale lets an image smaller than the box be enlarged to meet it
	// (to fill it, with Crop). Otherwise images are never enlarged, and
	// a crop of an image too small to fill the box is as much of the box
	// as the image covers.
	Upscale bool `json:"upscale,omitempty"`
	// KeepMetadata copies the input's EXIF, XMP and IPTC into the output,
	// made true of it: orientation 1, the output's pixel dimensions, no
	// EXIF thumbnail (see imgfile.EmbedMetadata). Otherwise only the ICC
	// profile is kept.
	KeepMetadata bool `json:"keep_metadata,omitempty"`
	// Quality is the output JPEG quality, 1..100.
	Quality int `json:"quality"`
	// Subsampling is the chroma subsampling of a JPEG output:
	// Subsampling420 (or "", the default) or Subsampling444. A PNG output
	// does not use it.
	Subsampling string `json:"subsampling,omitempty"`
	// Name is the Template that names each output under the output
	// folder (see ParseTemplate); "" is DefaultName, or {dir}/{stem}.png
	// when Format is FormatPNG.
	Name string `json:"name"`
	// Format is the output format, FormatJPEG or FormatPNG; "" chooses it
	// by Name's extension (.jpg and .jpeg: JPEG, .png: PNG), and any other
	// extension then needs Format set.
	Format string `json:"format"`
	// MaxPixels refuses images whose header declares more pixels than this.
	MaxPixels int64 `json:"max_pixels"`
	// FailOn is what a JPEG, PNG or GIF whose data is damaged or
	// truncated part-way does: FailOnError (or "") fails it; FailOnNone
	// writes an output of what could be decoded, the rows after it
	// repeating the last decoded row as libjpeg does, and the record says
	// it is damaged and why (Record.Damaged). It is the one case in which
	// a decoder invents pixels, and only when asked.
	FailOn string `json:"fail_on,omitempty"`
	// Steps are the caller's own steps. They run in order after the
	// built-in blur and thumbnail, on the upright thumbnail, and before the
	// output is encoded.
	Steps []Step `json:"-"`
	// Recipe, when set, is the chain of augmentations each output goes
	// through in place of the blur and the thumbnail (Sigma, Order,
	// MaxSize, Width, Height, Crop and Upscale are then unused), before
	// Steps; its quality, when it sets one, replaces Quality.
	Recipe *Recipe `json:"recipe,omitempty"`
	// Variants is the number of outputs each input gives, from 1 to
	// VariantsLimit (0 is 1); more than one needs a Recipe, and a Name
	// with {variant} (the default is DefaultVariantName then).
	Variants int `json:"variants,omitempty"`
	// Seed seeds the recipe's draws: variant k of an input draws from a
	// stream seeded by Seed, the input's relative path and k (see
	// VariantSeed).
	Seed uint64 `json:"seed,omitempty"`

	// Readers, Workers and Writers are each stage's number of goroutines
	// in Run and RunFolder.
	Readers int `json:"readers"`
	Workers int `json:"workers"`
	Writers int `json:"writers"`
	// Buffer is the capacity of each channel between stages.
	Buffer int `json:"buffer"`
}

// The orders of the blur and the thumbnail (Config.Order).
const (
	// OrderFitFirst thumbnails first, then blurs with sigma times the
	// thumbnail's width over the input's: the same look for far less work.
	OrderFitFirst = "fit-first"
	// OrderBlurFirst blurs the full-size image, then thumbnails it: the
	// original order.
	OrderBlurFirst = "blur-first"
)

// The output formats (Config.Format).
const (
	// FormatJPEG is a baseline JPEG, transparency flattened onto white.
	FormatJPEG = "jpeg"
	// FormatPNG is a PNG, transparency kept.
	FormatPNG = "png"
)

// The chroma subsamplings of a JPEG output (Config.Subsampling).
const (
	// Subsampling420 stores colour at half the width and height of the
	// image, as Pillow, libjpeg and image/jpeg do by default.
	Subsampling420 = "420"
	// Subsampling444 stores colour at full resolution: sharper colour
	// edges, larger files.
	Subsampling444 = "444"
)

// What damaged data does (Config.FailOn).
const (
	// FailOnError fails an input whose data is damaged or truncated.
	FailOnError = "error"
	// FailOnNone writes what could be decoded of a damaged or truncated
	// JPEG, PNG or GIF, and records it as damaged.
	FailOnNone = "none"
)

// The ways an image meets the box (Config.Crop).
const (
	// CropNone fits the image inside the box, aspect kept.
	CropNone = "none"
	// CropCentre fills the box and crops the overflow evenly from both
	// sides (Pillow's ImageOps.fit, vipsthumbnail --smartcrop centre).
	CropCentre = "centre"
	// CropAttention fills the box and keeps the part libvips' smartcrop
	// "attention" strategy picks: edges, skin tones and red (see
	// stages.Attention).
	CropAttention = "attention"
)

// Box returns the box the thumbnail meets: Width x Height when either is
// set (a side of 0 is free), else MaxSize x MaxSize.
func (c Config) Box() (w, h int) {
	if c.Width != 0 || c.Height != 0 {
		return c.Width, c.Height
	}
	return c.MaxSize, c.MaxSize
}

// cropping reports whether c fills the box and crops.
func (c Config) cropping() bool {
	return c.Crop == CropCentre || c.Crop == CropAttention
}

// subsampling returns the encoder's name for c's Subsampling ("" is
// 4:2:0). c must be valid.
func (c Config) subsampling() jpegenc.Subsampling {
	if c.Subsampling == Subsampling444 {
		return jpegenc.Sub444
	}
	return jpegenc.Sub420
}

// DefaultConfig returns the defaults documented in the README: blur sigma
// 15, fit-first order, a 1200 px box, JPEG quality 75 (Pillow's), a
// 200-megapixel limit, 4:2:0 chroma subsampling, one worker per usable CPU (GOMAXPROCS, up to
// GoroutinesLimit), one reader, one writer and a buffer of one image per
// worker.
func DefaultConfig() Config {
	return Config{
		Sigma:       15,
		Order:       OrderFitFirst,
		MaxSize:     1200,
		Quality:     75,
		Subsampling: Subsampling420,
		MaxPixels:   200_000_000,
		FailOn:      FailOnError,
		Readers:     1,
		Workers:     min(runtime.GOMAXPROCS(0), GoroutinesLimit),
		Writers:     1,
		Buffer:      min(runtime.GOMAXPROCS(0), BufferLimit),
	}
}

// The largest values Validate accepts. A larger one would do nothing
// useful, and could exhaust memory or overflow arithmetic, so it is refused
// rather than tried.
const (
	// SigmaLimit bounds Sigma: a Gaussian of standard deviation 100,000
	// pixels is wider than a JPEG can be long (65,535 pixels at most), and
	// the blur's box radius stays far inside what its fixed-point
	// arithmetic holds (radii up to 2^23).
	SigmaLimit = 1e5
	// SideLimit bounds MaxSize: 65,535 pixels is the longest side a JPEG,
	// the output format, can have.
	SideLimit = 65535
	// PixelsLimit bounds MaxPixels: 10 gigapixels is over twice the largest
	// JPEG (65,535 x 65,535) and 40 GB as RGBA; a limit above it protects
	// nothing.
	PixelsLimit = 10_000_000_000
	// GoroutinesLimit bounds Readers, Workers and Writers: far more than
	// any machine has CPUs or a disk has useful parallel requests, and
	// each worker keeps an image's worth of memory of its own.
	GoroutinesLimit = 1024
	// BufferLimit bounds Buffer: each channel between stages is allocated
	// at its full capacity when the run starts, and a full one holds that
	// many files' bytes or thumbnails; 65,536 is far beyond what smooths
	// out uneven read and write times.
	BufferLimit = 65536
)

// Validate reports the first setting that is out of range (below its
// least value, above its limit, or not a number), as a *ConfigError.
func (c Config) Validate() error {
	if err := c.validateImage(); err != nil {
		return err
	}
	goroutines := fmt.Sprintf("must be from 1 to %d", GoroutinesLimit)
	switch {
	case c.Readers < 1 || c.Readers > GoroutinesLimit:
		return &ConfigError{Field: "Readers", Value: c.Readers, Reason: goroutines}
	case c.Workers < 1 || c.Workers > GoroutinesLimit:
		return &ConfigError{Field: "Workers", Value: c.Workers, Reason: goroutines}
	case c.Writers < 1 || c.Writers > GoroutinesLimit:
		return &ConfigError{Field: "Writers", Value: c.Writers, Reason: goroutines}
	case c.Buffer < 0 || c.Buffer > BufferLimit:
		return &ConfigError{Field: "Buffer", Value: c.Buffer, Reason: fmt.Sprintf("must be from 0 to %d", BufferLimit)}
	}
	return nil
}

// validateImage checks the settings a Processor uses.
func (c Config) validateImage() error {
	switch {
	case math.IsNaN(c.Sigma) || c.Sigma < 0 || c.Sigma > SigmaLimit: // +Inf too
		return &ConfigError{Field: "Sigma", Value: c.Sigma, Reason: fmt.Sprintf("must be from 0 (off) to %g", float64(SigmaLimit))}
	case c.Order != OrderFitFirst && c.Order != OrderBlurFirst:
		return &ConfigError{Field: "Order", Value: c.Order, Reason: fmt.Sprintf("must be %s or %s", OrderFitFirst, OrderBlurFirst)}
	case c.Width == 0 && c.Height == 0 && (c.MaxSize < 1 || c.MaxSize > SideLimit):
		return &ConfigError{Field: "MaxSize", Value: c.MaxSize, Reason: fmt.Sprintf("must be from 1 to %d", SideLimit)}
	case c.Width < 0 || c.Width > SideLimit:
		return &ConfigError{Field: "Width", Value: c.Width, Reason: fmt.Sprintf("must be from 1 to %d, or 0 (free)", SideLimit)}
	case c.Height < 0 || c.Height > SideLimit:
		return &ConfigError{Field: "Height", Value: c.Height, Reason: fmt.Sprintf("must be from 1 to %d, or 0 (free)", SideLimit)}
	case c.Crop != "" && c.Crop != CropNone && !c.cropping():
		return &ConfigError{Field: "Crop", Value: c.Crop, Reason: fmt.Sprintf("must be %s, %s or %s", CropNone, CropCentre, CropAttention)}
	case c.cropping() && (c.Width == 0) != (c.Height == 0):
		return &ConfigError{Field: "Crop", Value: c.Crop, Reason: "needs a box of two sides: a width and a height"}
	case c.Quality < 1 || c.Quality > 100:
		return &ConfigError{Field: "Quality", Value: c.Quality, Reason: "must be from 1 to 100"}
	case c.Subsampling != "" && c.Subsampling != Subsampling420 && c.Subsampling != Subsampling444:
		return &ConfigError{Field: "Subsampling", Value: c.Subsampling, Reason: fmt.Sprintf("must be %s or %s", Subsampling420, Subsampling444)}
	case c.MaxPixels < 1 || c.MaxPixels > PixelsLimit:
		return &ConfigError{Field: "MaxPixels", Value: c.MaxPixels, Reason: fmt.Sprintf("must be from 1 to %d", int64(PixelsLimit))}
	case c.FailOn != "" && c.FailOn != FailOnError && c.FailOn != FailOnNone:
		return &ConfigError{Field: "FailOn", Value: c.FailOn, Reason: fmt.Sprintf("must be %s or %s", FailOnError, FailOnNone)}
	}
	if _, err := c.format(); err != nil {
		return err
	}
	if err := c.validateRecipe(); err != nil {
		return err
	}
	seen := make(map[string]bool, len(c.Steps))
	for i, s := range c.Steps {
		switch {
		case s.Name == "" || s.Apply == nil:
			return &ConfigError{Field: "Steps", Reason: fmt.Sprintf("[%d] needs a name and an Apply function", i)}
		case seen[s.Name] || builtinStep(s.Name) || c.recipeStep(s.Name):
			return &ConfigError{Field: "Steps", Reason: fmt.Sprintf("[%d]: a step named %q is already in the chain", i, s.Name)}
		}
		seen[s.Name] = true
	}
	return nil
}

// StepNames returns the names of the steps an input goes through under c,
// in the order reports list them: read, decode, blur, thumbnail, c.Steps,
// encode and write. (In fit-first order the thumbnail runs before the
// blur; the list keeps one order for both.)
func (c Config) StepNames() []string {
	names := []string{StepRead, StepDecode, StepBlur, StepThumbnail}
	if c.Recipe != nil {
		names = append(names[:2], c.Recipe.OpNames()...)
	}
	for _, s := range c.Steps {
		names = append(names, s.Name)
	}
	return append(names, StepEncode, StepWrite)
}

// template returns the parsed Name.
func (c Config) template() (Template, error) {
	switch {
	case c.Name == "" && c.Variants > 1 && c.Format == FormatPNG:
		return ParseTemplate(strings.TrimSuffix(DefaultVariantName, ".jpg") + ".png")
	case c.Name == "" && c.Variants > 1:
		return ParseTemplate(DefaultVariantName)
	case c.Name == "" && c.Format == FormatPNG:
		return ParseTemplate(strings.TrimSuffix(DefaultName, ".jpg") + ".png")
	case c.Name == "":
		return DefaultTemplate(), nil
	}
	return ParseTemplate(c.Name)
}

// format returns the output format: Format, or the one Name's extension
// calls for.
func (c Config) format() (string, error) {
	t, err := c.template()
	if err != nil {
		return "", err
	}
	switch c.Format {
	case FormatJPEG, FormatPNG:
		return c.Format, nil
	case "":
		if f := t.Format(); f != "" {
			return f, nil
		}
		return "", &ConfigError{Field: "Format", Reason: fmt.Sprintf(
			"must be given: the name template %q does not end in .jpg, .jpeg or .png, which would choose it", t.String())}
	}
	return "", &ConfigError{Field: "Format", Value: c.Format, Reason: fmt.Sprintf("must be %s or %s", FormatJPEG, FormatPNG)}
}

// resolved returns c with Name and Format filled in (DefaultName, the
// format Name's extension calls for), as reports show them. c must be
// valid.
func (c Config) resolved() Config {
	t, _ := c.template()
	c.Name = t.String()
	c.Format, _ = c.format()
	if c.Recipe != nil && c.Recipe.Quality != 0 {
		c.Quality = c.Recipe.Quality
	}
	return c
}
