// Package stages holds augpipe's image operations: Flatten, Blur, Resize,
// ResizeOriented, ResizeRegion (a crop and a resize in one) and Orient,
// with ThumbnailSize, FitSize, FillSize and OrientedSize to size them and
// CentreWindow and Attention to place a crop; and the augmentations FlipH,
// FlipV, Rotate, Crop, Grayscale, Brightness, Contrast, Saturation, Hue,
// Sharpen, Noise, Erase and EraseNoise, each equal or close to its Pillow
// or torchvision counterpart (their tests say how close). Where their
// parameters come from (a recipe's seeded draws) is augment's business.
// Each takes an image and returns an image; none touches files, flags or logs, and none
// starts goroutines: parallelism belongs to the pipeline's worker pool,
// which gives each worker its own Scratch (working memory reused from
// image to image).
//
// The arithmetic is Pillow's: Blur is ImageFilter.GaussianBlur (three
// extended box passes per axis, O(1) per pixel whatever sigma) and equals
// it byte for byte on a single channel; Resize is Image.thumbnail's box
// reduction then antialiased bicubic resampling. Both work on the decoder's
// own representation: a *image.YCbCr plane by plane, chroma at its own
// resolution, a *image.Gray as one plane; other types are converted once.
//
// Every floating-point product whose value reaches a byte is rounded before
// it is added, by an explicit conversion (float64(x*y) + z) or done in
// integers: Go may fuse x*y + z into one instruction on arm64, ppc64le,
// s390x and amd64 from GOAMD64=v3, which would change the rounding, so
// without the conversions an operation could give other bytes there than
// on amd64 and in Pillow. TestNoFusedMultiplyAdd checks the compiler's
// output for those architectures.
package stages
