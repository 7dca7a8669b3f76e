package pipeline_test

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/augpipe/augpipe/pipeline"
)

// A source, two stages of goroutines each, and a drain: results come out
// in no particular order, and Stats tells each stage's time.
func ExampleStage() {
	p, _ := pipeline.New(context.Background())
	words := pipeline.From(p, 2, []string{"read", "decode", "blur", "encode"})
	upper := pipeline.Stage(p, "upper", 2, 2, words, func(_ context.Context, s string) (string, error) {
		return strings.ToUpper(s), nil
	})
	sized := pipeline.Stage(p, "size", 2, 2, upper, func(_ context.Context, s string) (string, error) {
		return fmt.Sprintf("%s:%d", s, len(s)), nil
	})
	var got []string
	for s := range sized {
		got = append(got, s)
	}
	if err := p.Wait(); err != nil {
		fmt.Println(err)
	}
	slices.Sort(got)
	fmt.Println(got)
	for _, st := range p.Stats() {
		fmt.Println(st.Name, st.Workers, st.Items)
	}
	// Output:
	// [BLUR:4 DECODE:6 ENCODE:6 READ:4]
	// upper 2 4
	// size 2 4
}
