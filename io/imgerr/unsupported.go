package imgerr

// UnsupportedError reports a valid file of a known format that uses a
// feature augpipe does not decode. Its words are always
// "unsupported <Format> feature: <Feature>", and it matches ErrUnsupported
// under errors.Is, never ErrCorrupt: a file is called corrupt only where
// its data is damaged.
type UnsupportedError struct {
	// Format names the file format as users know it: "TIFF", "BMP",
	// "GIF", "WebP", "JPEG", "PNG".
	Format string
	// Feature says what the file uses, in the format's own terms, for
	// example "old-style JPEG compression" or "BitsPerSample of 24".
	Feature string
}

// Unsupported returns an *UnsupportedError for format and feature.
func Unsupported(format, feature string) error {
	return &UnsupportedError{Format: format, Feature: feature}
}

func (e *UnsupportedError) Error() string {
	return "unsupported " + e.Format + " feature: " + e.Feature
}

// Is reports whether target is ErrUnsupported.
func (e *UnsupportedError) Is(target error) bool { return target == ErrUnsupported }
