package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/io/imgfile"
)

// thumbnailFlags are the flags of the built-in blur and thumbnail, which a
// recipe replaces.
func thumbnailFlags() []string {
	return []string{"blur", "order", "max-size", "size", "crop", "upscale"}
}

// RecipeFlags checks the recipe flags given together and loads the recipe
// c.RecipeFile names into c (with --quality given, the flag's quality wins over the
// recipe's). It returns what is wrong in the command's words, or "".
// changed reports whether a flag was given.
func (c *CLI) RecipeFlags(changed func(flag string) bool) string {
	path := c.RecipeFile
	if path == "" {
		switch {
		case c.Variants > 1:
			return "--variants above 1 needs a --recipe: without one every variant would be the same"
		case changed("manifest"):
			return "--manifest lists what a recipe drew: it needs a --recipe"
		case changed("seed"):
			return "--seed seeds a recipe's draws: it needs a --recipe"
		}
		return ""
	}
	for _, f := range thumbnailFlags() {
		if changed(f) {
			return fmt.Sprintf("--%s is for the built-in blur and thumbnail, which --recipe replaces: leave one out", f)
		}
	}
	switch {
	case c.Variants < 1 || c.Variants > augment.VariantsLimit:
		return fmt.Sprintf("--variants %d: it must be from 1 to %d", c.Variants, augment.VariantsLimit)
	case changed("skip-existing"):
		return "--skip-existing is not available with --recipe"
	case changed("baseline"):
		return "--baseline is not available with --recipe"
	}
	r, err := augment.LoadRecipe(path)
	if err != nil {
		return err.Error()
	}
	if changed("quality") {
		own := *r
		own.Quality = 0
		r = &own
	}
	c.Recipe = r
	return ""
}

// replay makes again the outputs of the manifest lines in the file at
// path (JSON Lines, as --manifest writes them; - is stdin), reading each
// input from the path its line names, and writes each under c.Output by
// its line's name. It returns the exit status: 0, 1 when a line failed,
// 2 when the file cannot be read.
func (c CLI) replay(ctx context.Context, path string, stdout, stderr io.Writer) int {
	var in io.Reader = c.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			Fail(stderr, c.LogFormat, err.Error(), false)
			return ExitUsage
		}
		defer f.Close()
		in = f
	} else if in == nil {
		in = os.Stdin
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(nil, augment.RecipeLimit*4)
	status, n := ExitOK, 0
	for sc.Scan() {
		n++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return ExitInterrupted
		}
		if err := c.replayLine(ctx, text); err != nil {
			Fail(stderr, c.LogFormat, fmt.Sprintf("%s, line %d: %v", path, n, err), false)
			status = ExitSomeFailed
		}
	}
	if err := sc.Err(); err != nil {
		Fail(stderr, c.LogFormat, fmt.Sprintf("%s: %v", path, err), false)
		return ExitUsage
	}
	if n == 0 {
		Fail(stderr, c.LogFormat, path+": no manifest line to replay", false)
		return ExitUsage
	}
	return status
}

// replayLine replays one manifest line.
func (c CLI) replayLine(ctx context.Context, text []byte) error {
	var line augment.VariantLine
	if err := json.Unmarshal(text, &line); err != nil {
		return fmt.Errorf("not a manifest line: %w", err)
	}
	switch {
	case line.Name == "" || strings.HasPrefix(line.Name, "/") || filepath.IsAbs(line.Name) ||
		strings.Contains("/"+line.Name+"/", "/../"):
		return fmt.Errorf("the line's name %q is not a path inside the output folder", line.Name)
	case line.Record.Status != augment.StatusWritten:
		return fmt.Errorf("the line's output %s was not written (%s)", line.Name, line.Record.Status)
	}
	data, err := (augment.Input{Path: line.Record.Input}).Read(augment.PixelsLimit)
	if err != nil {
		return err
	}
	out, err := augment.Replay(ctx, line, data)
	if err != nil {
		return err
	}
	dest := filepath.Join(c.Output, filepath.FromSlash(line.Name))
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return err
	}
	return imgfile.WriteAtomic(dest, out)
}
