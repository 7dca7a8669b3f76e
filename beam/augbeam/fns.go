package augbeam

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"

	"github.com/augpipe/augpipe/augment"
)

// Task is one input with the output name the naming step gave it.
type Task struct {
	File File
	// Name is the output's name relative to the output location.
	Name string
	// Plain is set when Name is the template's own name for the input,
	// not a clash's (a.png.jpg).
	Plain bool
	// Names, when each input gives more than one variant, are the names
	// of its variants, Name first.
	Names []string
}

// Work is a task with the manifest's line for its output name from an
// earlier run, "" when there is none.
type Work struct {
	Task  Task
	Entry string
	// Shard is the augment stage that takes the work, 0 to the number of
	// stages less one.
	Shard int
}

// workShard is the Partition function that sends each work to its
// augment stage.
func workShard(w Work) int { return w.Shard }

// listFn lists the inputs, once (its input is the Impulse). It fails the
// job when the output location cannot be written, by writing an empty
// FailedName there first, or when nothing matches.
type listFn struct {
	Input  string
	Output string
	Hidden bool
}

func (fn *listFn) ProcessElement(ctx context.Context, _ []byte, emit func(File)) error {
	p, err := ParsePattern(fn.Input)
	if err != nil {
		return err
	}
	out, err := openStore(ctx, fn.Output)
	if err != nil {
		return err
	}
	defer out.close()
	if err := out.write(ctx, join(fn.Output, FailedName), nil); err != nil {
		return fmt.Errorf("the output location %s cannot be written: %w", fn.Output, err)
	}
	m := newMeters(augment.Config{})
	files, err := listFiles(ctx, p, fn.Output, fn.Hidden, func(path, kind string) {
		m.unsupported.Inc(ctx, 1)
		log.Infof(ctx, "%s: %s is not supported", path, kind)
	})
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no image matches %s", fn.Input)
	}
	for _, f := range files {
		emit(f)
	}
	return nil
}

// keyFn keys each input by its plain output name, lower-cased: inputs
// whose names clash meet in one group.
type keyFn struct {
	Settings Settings
	tmpl     augment.Template
	m        meters
}

func (fn *keyFn) Setup() error {
	var err error
	fn.tmpl, err = fn.Settings.template()
	fn.m = newMeters(augment.Config{})
	return err
}

func (fn *keyFn) ProcessElement(ctx context.Context, f File, emit func(string, File), failed func(string)) {
	name, err := fn.tmpl.Expand(f.Rel, 1)
	if err != nil {
		fn.m.failed.Inc(ctx, 1)
		failed(recordLine(failure(f.Path, "", augment.StepWrite, err)))
		return
	}
	emit(strings.ToLower(name), f)
}

// nameFn names the inputs of one group, those whose plain names are the
// same but for case, by augment's rule (Template.Names): the one whose
// extension is the name's keeps it, the others keep their extension
// before it. The group is taken in path order, as the command takes them.
// With more than one variant, each variant's names are given by the same
// rule in turn (Template.VariantNames), as the command gives them.
type nameFn struct {
	Settings Settings
	tmpl     augment.Template
	variants int
	m        meters
}

func (fn *nameFn) Setup() error {
	cfg, err := fn.Settings.Config()
	if err != nil {
		return err
	}
	fn.variants = cfg.Variants
	fn.m = newMeters(augment.Config{})
	fn.tmpl, err = cfg.Template()
	return err
}

func (fn *nameFn) ProcessElement(ctx context.Context, key string, files func(*File) bool, emit func(string, Task), failed func(string)) {
	var group []File
	var f File
	for files(&f) {
		group = append(group, f)
	}
	slices.SortFunc(group, func(a, b File) int {
		return cmp.Or(strings.Compare(a.Rel, b.Rel), strings.Compare(a.Path, b.Path))
	})
	inputs := make([]augment.Input, len(group))
	for i, g := range group {
		inputs[i] = augment.Input{Path: g.Path, Rel: g.Rel}
	}
	var variants [][]string
	if fn.variants > 1 {
		variants = fn.tmpl.VariantNames(inputs, fn.variants)
	}
	for i, name := range fn.tmpl.Names(inputs) {
		// The group's plain names are key but for case, and only an input
		// that keeps its own plain name has a name equal to key.
		t := Task{File: group[i], Name: name, Plain: strings.ToLower(name) == key}
		if variants != nil {
			if variants[i] == nil {
				fn.m.failed.Inc(ctx, 1)
				failed(recordLine(failure(group[i].Path, "", augment.StepWrite,
					fmt.Errorf("the names of its %d variants clash with others", fn.variants))))
				continue
			}
			t.Name, t.Names = variants[i][0], variants[i]
		}
		emit(strings.ToLower(t.Name), t)
	}
}

// readManifestFn reads the output location's manifest, once, and emits
// each entry's line keyed by its lower-case output name.
type readManifestFn struct {
	Output string
}

func (fn *readManifestFn) ProcessElement(ctx context.Context, _ []byte, emit func(string, string)) error {
	out, err := openStore(ctx, fn.Output)
	if err != nil {
		return err
	}
	defer out.close()
	loc := join(fn.Output, ManifestName)
	if ok, err := out.exists(ctx, loc); err != nil || !ok {
		return err
	}
	data, err := out.read(ctx, loc)
	if err != nil {
		return fmt.Errorf("manifest %s: %w", loc, err)
	}
	entries, err := augment.ReadManifest(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("manifest %s: %w", loc, err)
	}
	for key, e := range entries {
		line, err := json.Marshal(e)
		if err != nil {
			return err
		}
		emit(key, string(line))
	}
	return nil
}

// joinFn meets each output name's tasks with its manifest entry. A name
// given to two inputs of different groups (a.png.jpg, made for a.png,
// and the plain name of an input a.png.jpg) goes to the input whose
// plain name it is; the others fail rather than overwrite it. An entry
// with no task this run is kept.
type joinFn struct {
	// Shards is the number of augment stages; each name goes to one, by
	// its hash.
	Shards int
	m      meters
}

func (fn *joinFn) Setup() { fn.m = newMeters(augment.Config{}) }

func (fn *joinFn) ProcessElement(ctx context.Context, _ string, tasks func(*Task) bool, entries func(*string) bool,
	emit func(Work), kept func(string), failed func(string)) {
	var entry, e string
	for entries(&e) {
		entry = e
	}
	var group []Task
	var t Task
	for tasks(&t) {
		group = append(group, t)
	}
	if len(group) == 0 {
		if entry != "" {
			kept(entry)
		}
		return
	}
	slices.SortFunc(group, func(a, b Task) int {
		if a.Plain != b.Plain {
			if a.Plain {
				return -1
			}
			return 1
		}
		return strings.Compare(a.File.Rel, b.File.Rel)
	})
	h := fnv.New32a()
	h.Write([]byte(group[0].Name))
	emit(Work{Task: group[0], Entry: entry, Shard: int(h.Sum32() % uint32(max(fn.Shards, 1)))})
	for _, t := range group[1:] {
		fn.m.failed.Inc(ctx, 1)
		failed(recordLine(failure(t.File.Path, "", augment.StepWrite,
			fmt.Errorf("the output name %s is already that of %s", t.Name, group[0].File.Path))))
	}
}

// processFn is the worker: it reads each input, runs it through its
// augment.Processor, made once in Setup and reused from element to
// element, and writes the output whole. It emits the output's manifest
// line, or the input's failure record. Under a recipe it makes each
// variant in turn from one decode, writing each as it comes, and emits
// their lines of the variant manifest (variantKey) when Lines is set.
type processFn struct {
	Input        string
	Output       string
	SkipExisting bool
	Settings     Settings
	Lines        bool

	cfg      augment.Config
	proc     *augment.Processor
	in, out  *store
	settings string
	m        meters
}

func (fn *processFn) Setup(ctx context.Context) error {
	var err error
	if fn.cfg, err = fn.Settings.Config(); err != nil {
		return err
	}
	if fn.proc, err = augment.NewProcessor(fn.cfg); err != nil {
		return err
	}
	if fn.in, err = openStore(ctx, fn.Input); err != nil {
		return err
	}
	if fn.out, err = openStore(ctx, fn.Output); err != nil {
		return err
	}
	fn.settings = augment.Fingerprint(fn.cfg)
	fn.m = newMeters(fn.cfg)
	return nil
}

func (fn *processFn) Teardown() {
	fn.in.close()
	fn.out.close()
}

func (fn *processFn) ProcessElement(ctx context.Context, w Work, entry, lines, failed func(string)) {
	t := w.Task
	if fn.cfg.Recipe != nil {
		fn.variants(ctx, t, lines, failed)
		return
	}
	outLoc := join(fn.Output, t.Name)
	if fn.SkipExisting && w.Entry != "" && fn.upToDate(ctx, t, outLoc, w.Entry) {
		fn.m.upToDate.Inc(ctx, 1)
		entry(w.Entry)
		return
	}
	rec, out, sum := fn.run(ctx, t, outLoc)
	for _, st := range rec.Steps {
		if d, ok := fn.m.steps[st.Step]; ok {
			d.Update(ctx, st.Time.Microseconds())
		}
	}
	if rec.Status != augment.StatusWritten {
		fn.m.failed.Inc(ctx, 1)
		log.Warnf(ctx, "%s: %v", t.File.Path, rec.Err)
		failed(recordLine(rec))
		return
	}
	fn.m.written.Inc(ctx, 1)
	fn.m.pixels.Inc(ctx, int64(rec.Width)*int64(rec.Height))
	fn.m.bytesIn.Update(ctx, rec.BytesIn)
	fn.m.bytesOut.Update(ctx, rec.BytesOut)
	line, _ := json.Marshal(augment.ManifestEntry{
		Output: t.Name, Settings: fn.settings, InputSHA256: sum,
		OutputSHA256: augment.InputHash(out), Bytes: int64(len(out)), Input: t.File.Path,
	})
	entry(string(line))
}

// run reads, processes and writes one input, and returns its record, the
// output and the SHA-256 of the input's bytes.
func (fn *processFn) run(ctx context.Context, t Task, outLoc string) (augment.Record, []byte, string) {
	start := time.Now()
	data, err := fn.in.input(ctx, t.File).Read(fn.cfg.MaxPixels)
	read := time.Since(start)
	if err != nil {
		rec := failure(t.File.Path, "", augment.StepRead, err)
		rec.BytesIn = t.File.Size
		rec.Steps.Add(augment.StepRead, read)
		return rec, nil, ""
	}
	out, rec, err := fn.proc.Process(ctx, data)
	rec.Input = t.File.Path
	rec.Steps = append(augment.StepTimes{{Step: augment.StepRead, Time: read}}, rec.Steps...)
	if err != nil {
		rec.Status = augment.StatusFailed
		return rec, nil, ""
	}
	start = time.Now()
	err = fn.out.write(ctx, outLoc, out)
	rec.Steps.Add(augment.StepWrite, time.Since(start))
	if err != nil {
		rec.Status, rec.Err = augment.StatusFailed, &augment.StepError{Step: augment.StepWrite, Err: err}
		return rec, nil, ""
	}
	rec.Status, rec.Output, rec.BytesOut = augment.StatusWritten, outLoc, int64(len(out))
	return rec, out, augment.InputHash(data)
}

// variants reads t's input and makes its variants with
// Processor.ProcessVariants, writing each whole as it comes. A variant
// whose write fails is recorded and the others go on, as in the command;
// an input that cannot be read or decoded fails every variant, and a
// variant the chain itself fails on fails with those after it
// (ProcessVariants stops there).
func (fn *processFn) variants(ctx context.Context, t Task, lines, failed func(string)) {
	names := t.Names
	if names == nil {
		names = []string{t.Name}
	}
	fail := func(rec augment.Record) {
		fn.m.failed.Inc(ctx, 1)
		log.Warnf(ctx, "%s: %v", rec.Input, rec.Err)
		failed(recordLine(rec))
	}
	line := func(l augment.VariantLine) {
		if !fn.Lines {
			return
		}
		data, _ := json.Marshal(l) // a line's fields are plain values
		lines(variantKey(l.Rel, l.Variant) + string(data))
	}
	start := time.Now()
	data, err := fn.in.input(ctx, t.File).Read(fn.cfg.MaxPixels)
	read := time.Since(start)
	used := fn.proc.Config()
	base := augment.VariantLine{Rel: t.File.Rel, Seed: used.Seed, Quality: used.Quality,
		OutputFormat: used.Format, KeepMetadata: used.KeepMetadata}
	failAll := func(rec augment.Record, from int) {
		rec.Input, rec.Output, rec.Status = t.File.Path, "", augment.StatusFailed
		rec.Steps = nil
		fail(rec)
		for k := from; k <= len(names); k++ {
			l := base
			l.Record, l.Name, l.Variant = rec, names[k-1], k
			line(l)
		}
	}
	if err != nil {
		rec := failure(t.File.Path, "", augment.StepRead, err)
		rec.BytesIn = t.File.Size
		if d, ok := fn.m.steps[augment.StepRead]; ok {
			d.Update(ctx, read.Microseconds())
		}
		failAll(rec, 1)
		return
	}
	next := 1
	err = fn.proc.ProcessVariants(ctx, data, t.File.Rel, len(names), func(k int, out []byte, l augment.VariantLine) bool {
		next = k + 1
		rec := &l.Record
		if k == 1 {
			rec.Steps = append(augment.StepTimes{{Step: augment.StepRead, Time: read}}, rec.Steps...)
		}
		name := names[k-1]
		outLoc := join(fn.Output, name)
		start := time.Now()
		werr := fn.out.write(ctx, outLoc, out)
		rec.Steps.Add(augment.StepWrite, time.Since(start))
		for _, st := range rec.Steps {
			if d, ok := fn.m.steps[st.Step]; ok {
				d.Update(ctx, st.Time.Microseconds())
			}
		}
		rec.Input, l.Name = t.File.Path, name
		if werr != nil {
			rec.Status, rec.Err = augment.StatusFailed, &augment.StepError{Step: augment.StepWrite, Err: werr}
			fail(*rec)
			line(l)
			return true
		}
		rec.Status, rec.Output = augment.StatusWritten, outLoc
		fn.m.written.Inc(ctx, 1)
		if k == 1 {
			fn.m.pixels.Inc(ctx, int64(rec.Width)*int64(rec.Height))
			fn.m.bytesIn.Update(ctx, rec.BytesIn)
		}
		fn.m.bytesOut.Update(ctx, rec.BytesOut)
		line(l)
		return true
	})
	if err != nil {
		// ProcessVariants hashes the input for the lines it gives; the
		// lines of the variants it did not make need the hash too.
		base.InputSHA256 = augment.InputHash(data)
		rec := augment.Record{BytesIn: int64(len(data))}
		var se *augment.StepError
		if !errors.As(err, &se) {
			err = &augment.StepError{Step: augment.StepDecode, Err: err}
		}
		rec.Err = err
		failAll(rec, next)
	}
}

// variantKey is the prefix of a variant manifest line that sorts it into
// the command's order, by relative path, then variant; writeLinesFn
// drops it. A relative path holds no NUL, which sorts before every other
// byte, so a path sorts before those it is a prefix of.
func variantKey(rel string, k int) string {
	return fmt.Sprintf("%s\x00%08d\x00", rel, k)
}

// upToDate reports whether the output at outLoc is the one the manifest
// line describes: made with these settings, from these input bytes, and
// unchanged since.
func (fn *processFn) upToDate(ctx context.Context, t Task, outLoc, line string) bool {
	var e augment.ManifestEntry
	if json.Unmarshal([]byte(line), &e) != nil || e.Settings != fn.settings || e.Output != t.Name {
		return false
	}
	size, sum, err := fn.out.sum(ctx, outLoc)
	if err != nil || size != e.Bytes || sum != e.OutputSHA256 {
		return false
	}
	_, sum, err = fn.in.sum(ctx, t.File.Path)
	return err == nil && sum == e.InputSHA256
}

// writeLinesFn writes the lines of its side input, sorted, as the file
// Name in the output location (Output itself when Name is ""), whole,
// once (its input is the Impulse).
// An empty list is written only when Always is set or the file exists.
type writeLinesFn struct {
	Output string
	Name   string
	Always bool
	// Keyed lines begin with a variantKey, which orders them and is
	// dropped.
	Keyed bool
}

func (fn *writeLinesFn) ProcessElement(ctx context.Context, _ []byte, lines func(*string) bool) error {
	var all []string
	var l string
	for lines(&l) {
		all = append(all, l)
	}
	slices.Sort(all)
	out, err := openStore(ctx, fn.Output)
	if err != nil {
		return err
	}
	defer out.close()
	loc := fn.Output
	if fn.Name != "" {
		loc = join(fn.Output, fn.Name)
	}
	if len(all) == 0 && !fn.Always {
		if ok, err := out.exists(ctx, loc); err != nil || !ok {
			return err
		}
	}
	var b strings.Builder
	for _, l := range all {
		if fn.Keyed {
			_, l, _ = strings.Cut(l[strings.IndexByte(l, 0)+1:], "\x00") // rel NUL variant NUL line
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	if err := out.write(ctx, loc, []byte(b.String())); err != nil {
		return fmt.Errorf("%s: %w", loc, err)
	}
	return nil
}
