package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/augpipe/augpipe/stages"
)

// SizeFlag is the value of --size: WxH, Wx (a width only), xH (a height
// only) or N (NxN), written into the Width and Height it points to; a
// side not given is 0, which the library takes as free.
type SizeFlag struct{ W, H *int }

// String returns the size as --size takes it: "" when no side is set.
func (f SizeFlag) String() string {
	if f.W == nil || f.H == nil || (*f.W == 0 && *f.H == 0) {
		return ""
	}
	side := func(v int) string {
		if v == 0 {
			return ""
		}
		return strconv.Itoa(v)
	}
	return side(*f.W) + "x" + side(*f.H)
}

// Set parses a size; each side given must be from 1 to stages.MaxSide.
func (f SizeFlag) Set(s string) error {
	ws, hs, two := strings.Cut(strings.ToLower(s), "x")
	if !two {
		hs = ws
	}
	if ws == "" && hs == "" {
		return fmt.Errorf("a size is WxH, Wx (width only), xH (height only) or N (NxN)")
	}
	side := func(v string) (int, error) {
		if v == "" {
			return 0, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > stages.MaxSide {
			return 0, fmt.Errorf("%q is not a side: a size is WxH, Wx (width only), xH (height only) or N (NxN), each side from 1 to %d", v, stages.MaxSide)
		}
		return n, nil
	}
	w, err := side(ws)
	if err != nil {
		return err
	}
	h, err := side(hs)
	if err != nil {
		return err
	}
	*f.W, *f.H = w, h
	return nil
}

// Type names the value in --help.
func (f SizeFlag) Type() string { return "WxH" }
