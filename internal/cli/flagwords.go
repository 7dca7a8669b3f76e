package cli

import (
	"errors"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/io/imgfile"
)

// flagOf names the command-line flag of a FolderJob or Config field, or
// returns "" for a field with no flag.
func flagOf(field string) string {
	switch field {
	case "Inputs":
		return "INPUT"
	case "Base":
		return "--base"
	case "Name":
		return "--name"
	case "Format":
		return "--format"
	case "Output":
		return "--out"
	case "Sigma":
		return "--blur"
	case "Order":
		return "--order"
	case "MaxSize":
		return "--max-size"
	case "Width", "Height":
		return "--size"
	case "Crop":
		return "--crop"
	case "Quality":
		return "--quality"
	case "Subsampling":
		return "--subsampling"
	case "MaxPixels":
		return "--max-pixels"
	case "FailOn":
		return "--fail-on"
	case "Readers":
		return "--readers"
	case "Workers":
		return "--workers"
	case "Writers":
		return "--writers"
	case "Buffer":
		return "--buffer"
	case "Recipe":
		return "--recipe"
	case "Variants":
		return "--variants"
	case "Manifest":
		return "--manifest"
	case "SkipExisting":
		return "--skip-existing"
	case "Baseline":
		return "--baseline"
	}
	return ""
}

// inFlagWords says why a run could not start in the command's words: the
// library names its fields and folders, the command names its flags.
func inFlagWords(err error) string {
	var ce *augment.ConfigError
	if errors.As(err, &ce) {
		if flag := flagOf(ce.Field); flag != "" {
			named := *ce
			named.Field = flag
			return named.Error()
		}
		return ce.Error()
	}
	var locked *imgfile.LockedError
	var outside *imgfile.OutsideBaseError
	switch {
	case errors.As(err, &outside):
		return outside.Error() + ": list files under --base, or choose another --base"
	case errors.As(err, &locked):
		return locked.Error() + ": wait for it to end, or choose another --out"
	case errors.Is(err, augment.ErrOverwritesInput):
		return err.Error() + ": choose another --out"
	}
	return err.Error()
}
