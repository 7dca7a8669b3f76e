package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/augpipe/augpipe/augment"
)

// inputsText names a job's inputs for the report and messages: the
// arguments as given, and the list of files with its base folder.
func inputsText(j augment.FolderJob) string {
	parts := append([]string{}, j.Inputs...)
	if j.Files != nil {
		base := j.Base
		if base == "" {
			base = "."
		}
		parts = append(parts, fmt.Sprintf("%d listed files (relative to %s)", len(j.Files), base))
	}
	return strings.Join(parts, " ")
}

// readList reads the list of files of --files-from: from the file path,
// or from stdin when path is "-"; one path a line, or, with null, paths
// ending with NUL bytes (find -print0). Empty entries are dropped, and so
// is a carriage return ending a line. Reading stdin stops when ctx is
// cancelled (Ctrl-C while a pipe is silent). The list is never nil.
func readList(ctx context.Context, path string, null bool, stdin io.Reader) ([]string, error) {
	var data []byte
	var err error
	if path == "-" {
		type result struct {
			data []byte
			err  error
		}
		ch := make(chan result, 1)
		go func() {
			d, err := io.ReadAll(stdin)
			ch <- result{d, err}
		}()
		select {
		case r := <-ch:
			data, err = r.data, r.err
		case <-ctx.Done():
			return nil, fmt.Errorf("reading the list of files from stdin: %w", ctx.Err())
		}
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("--files-from %s: %w", path, err)
	}
	sep := byte('\n')
	if null {
		sep = 0
	}
	list := []string{}
	for _, p := range bytes.Split(data, []byte{sep}) {
		if !null {
			p = bytes.TrimSuffix(p, []byte("\r"))
		}
		if len(p) > 0 {
			list = append(list, string(p))
		}
	}
	return list, nil
}

// writePlan writes what a --dry-run would do: each input with its output,
// or with why it is left alone, then the files passed over, then counts.
func writePlan(w io.Writer, j augment.FolderJob, p *augment.Plan) error {
	var b strings.Builder
	fmt.Fprintf(&b, "augpipe: dry run: %s -> %s (nothing is written)\n", inputsText(j), j.Output)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	write, upToDate := 0, 0
	for _, it := range p.Items {
		what := "write"
		if it.UpToDate {
			what = "up to date"
			upToDate++
		} else {
			write += max(len(it.Names), 1)
		}
		more := ""
		if len(it.Names) > 1 { // variants: the first is it.Name
			more = fmt.Sprintf(" ... %s (%d variants)", it.Names[len(it.Names)-1], len(it.Names))
		}
		fmt.Fprintf(tw, "%s\t%s\t-> %s%s\n", what, it.Input.Path, it.Output, more)
	}
	for _, s := range p.Skipped {
		fmt.Fprintf(tw, "skip\t%s\t(%s)\n", s.Path, s.Reason)
	}
	tw.Flush()
	fmt.Fprintf(&b, "would write %d, leave %d up to date, skip %d\n", write, upToDate, len(p.Skipped))
	_, err := io.WriteString(w, b.String())
	return err
}
