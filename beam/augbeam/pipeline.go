package augbeam

import (
	"context"
	"fmt"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

func init() {
	// Beam finds DoFns and element types by name on the workers: they
	// must be registered before the pipeline is built or a worker starts.
	register.DoFn3x1[context.Context, []byte, func(File), error](&listFn{})
	register.DoFn4x0[context.Context, File, func(string, File), func(string)](&keyFn{})
	register.DoFn5x0[context.Context, string, func(*File) bool, func(string, Task), func(string)](&nameFn{})
	register.DoFn3x1[context.Context, []byte, func(string, string), error](&readManifestFn{})
	register.DoFn7x0[context.Context, string, func(*Task) bool, func(*string) bool, func(Work), func(string), func(string)](&joinFn{})
	register.DoFn5x0[context.Context, Work, func(string), func(string), func(string)](&processFn{})
	register.DoFn3x1[context.Context, []byte, func(*string) bool, error](&writeLinesFn{})
	register.Function1x1[Work, int](workShard)
	register.Emitter1[File]()
	register.Emitter1[string]()
	register.Emitter1[Work]()
	register.Emitter2[string, File]()
	register.Emitter2[string, Task]()
	register.Emitter2[string, string]()
	register.Iter1[File]()
	register.Iter1[Task]()
	register.Iter1[string]()
	beam.RegisterType(reflect.TypeFor[File]())
	beam.RegisterType(reflect.TypeFor[Task]())
	beam.RegisterType(reflect.TypeFor[Work]())
}

// Pipeline returns the pipeline that does j, after checking j.
func Pipeline(j Job) (*beam.Pipeline, error) {
	if err := j.Validate(); err != nil {
		return nil, err
	}
	p, s := beam.NewPipelineWithRoot()
	Build(s, j)
	return p, nil
}

// Build adds the transforms that do j to s; j must be valid. Every input
// that fails lands in FailedName; the job fails only when the output
// location cannot be written, when no input matches, or when the
// manifest cannot be read or written.
func Build(s beam.Scope, j Job) {
	set := SettingsOf(j.Config, j.RecipeFile, j.RecipeText)
	s = s.Scope("augpipe")
	files := beam.ParDo(s.Scope("list"), &listFn{Input: j.Input, Output: j.Output, Hidden: j.Hidden}, beam.Impulse(s))
	keyed, unnamed := beam.ParDo2(s.Scope("key"), &keyFn{Settings: set}, files)
	tasks, unnamedVariants := beam.ParDo2(s.Scope("name"), &nameFn{Settings: set}, beam.GroupByKey(s.Scope("clashes"), keyed))
	entries := beam.ParDo(s.Scope("read manifest"), &readManifestFn{Output: j.Output}, beam.Impulse(s))
	shards := max(j.Config.Workers, 1)
	work, kept, clashed := beam.ParDo3(s.Scope("join"), &joinFn{Shards: shards}, beam.CoGroupByKey(s.Scope("by output"), tasks, entries))
	// Prism runs a stage's pending elements as one bundle and splits it
	// only when it sees no progress: Config.Workers augment stages, each
	// behind a Reshuffle, are as many bundles it runs at once. On a
	// cluster each stage is spread over the workers anyway.
	parts := []beam.PCollection{work}
	if shards > 1 {
		parts = beam.Partition(s.Scope("shard"), shards, workShard, work)
	}
	var made, lines, failed []beam.PCollection
	for i, part := range parts {
		sc := s.Scope(fmt.Sprintf("augment %d", i))
		m, l, f := beam.ParDo3(sc, &processFn{
			Input: j.Input, Output: j.Output, SkipExisting: j.SkipExisting, Settings: set, Lines: j.Manifest != "",
		}, beam.Reshuffle(sc, part))
		made, lines, failed = append(made, m), append(lines, l), append(failed, f)
	}
	beam.ParDo0(s.Scope("write failed"), &writeLinesFn{Output: j.Output, Name: FailedName, Always: true},
		beam.Impulse(s), beam.SideInput{Input: beam.Flatten(s, append([]beam.PCollection{unnamed, unnamedVariants, clashed}, failed...)...)})
	if j.Manifest != "" {
		beam.ParDo0(s.Scope("write variant manifest"), &writeLinesFn{Output: j.Manifest, Always: true, Keyed: true},
			beam.Impulse(s), beam.SideInput{Input: beam.Flatten(s, lines...)})
	}
	beam.ParDo0(s.Scope("write manifest"), &writeLinesFn{Output: j.Output, Name: ManifestName},
		beam.Impulse(s), beam.SideInput{Input: beam.Flatten(s, append([]beam.PCollection{kept}, made...)...)})
}
