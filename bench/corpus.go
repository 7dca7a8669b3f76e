package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"os"

	"github.com/augpipe/augpipe/io/imgfile"
)

// Corpus describes the images a benchmark ran on.
type Corpus struct {
	Dir    string `json:"dir"`
	Images int    `json:"images"`
	// Megapixels and Bytes are the inputs' total size.
	Megapixels float64 `json:"megapixels"`
	Bytes      int64   `json:"bytes"`
	// MinMP and MaxMP are the smallest and largest image, in megapixels.
	MinMP float64 `json:"min_mp"`
	MaxMP float64 `json:"max_mp"`
	// Synthetic describes generated images: "N images WxH, seed S".
	Synthetic string `json:"synthetic,omitempty"`
}

// describeCorpus lists the images in dir the way augpipe does (imgfile.Find)
// and reads their sizes from their headers. It also reads every file once so
// that every configuration starts with them in the page cache.
func describeCorpus(ctx context.Context, dir string) (*Corpus, error) {
	inputs, _, err := imgfile.Find(ctx, dir, imgfile.FindOptions{})
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	if len(inputs) == 0 {
		return nil, fmt.Errorf("corpus: no images in %s", dir)
	}
	c := &Corpus{Dir: dir, Images: len(inputs)}
	for _, in := range inputs {
		data, err := os.ReadFile(in.Path)
		if err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("corpus: %s: %w", in.Path, err)
		}
		mp := float64(cfg.Width) * float64(cfg.Height) / 1e6
		c.Megapixels += mp
		c.Bytes += int64(len(data))
		if c.MinMP == 0 || mp < c.MinMP {
			c.MinMP = mp
		}
		c.MaxMP = max(c.MaxMP, mp)
	}
	return c, nil
}
