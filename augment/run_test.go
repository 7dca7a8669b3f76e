package augment

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image/jpeg"
	"maps"
	"slices"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/augpipe/augpipe/internal/testimg"
)

// memSink keeps outputs in memory.
type memSink struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (s *memSink) Path(name string) string { return "mem:" + name }

func (s *memSink) Write(_ context.Context, name string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.files == nil {
		s.files = map[string][]byte{}
	}
	s.files[name] = data
	return nil
}

// TestRunOverFS runs the pipeline over an fs.FS into a sink of the
// caller's: every image is processed by content, named by the output rule
// (the first of a clash keeps the plain name), failures are recorded with
// their error and the others go on.
func TestRunOverFS(t *testing.T) {
	jpg := photoJPEG(t, 120, 80)
	fsys := fstest.MapFS{
		"in/a.jpg":        {Data: jpg},
		"in/a.png":        {Data: testimg.EncodePNG(t, testimg.PhotoLike(40, 60, 2))},
		"in/sub/b.jpeg":   {Data: jpg},
		"in/broken.jpg":   {Data: []byte("not a JPEG")},
		"in/notes.txt":    {Data: []byte("skipped")},
		"elsewhere/c.jpg": {Data: jpg},
	}
	inputs, _, err := FindFS(context.Background(), fsys, "in", FindOptions{Recursive: true})
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.MaxSize, cfg.Workers = 50, 2
	var sink memSink
	rep, err := Run(context.Background(), cfg, slices.Values(inputs), &sink, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 4 || rep.Written != 3 || rep.Failed != 1 {
		t.Errorf("files %d, written %d, failed %d; want 4, 3, 1", rep.Files, rep.Written, rep.Failed)
	}
	want := []string{"a.jpg", "a.png.jpg", "sub/b.jpg"}
	if got := slices.Sorted(maps.Keys(sink.files)); !slices.Equal(got, want) {
		t.Errorf("outputs %q, want %q", got, want)
	}
	for name, data := range sink.files {
		if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, rec := range rep.Records {
		switch rec.Input {
		case "in/broken.jpg":
			if rec.Status != StatusFailed || !errors.Is(rec.Err, ErrUnsupported) {
				t.Errorf("broken.jpg: %+v", rec)
			}
		case "in/a.png":
			if rec.Output != "mem:a.png.jpg" || rec.Status != StatusWritten || rec.Steps.Get(StepRead) <= 0 || rec.Steps.Get(StepWrite) <= 0 {
				t.Errorf("a.png: %+v", rec)
			}
		}
	}
	if len(rep.Stages) != 3 || rep.Stages[1].Items != 4 {
		t.Errorf("stages %+v, want read, process and write, 4 items through process", rep.Stages)
	}
}

// TestRunTakesInputsAsNeeded feeds Run from an iterator that ends the run
// early: Run takes only what it is given, and a cancelled run returns its
// partial report and ctx's error.
func TestRunTakesInputsAsNeeded(t *testing.T) {
	jpg := photoJPEG(t, 64, 48)
	fsys := fstest.MapFS{}
	for _, n := range []string{"1.jpg", "2.jpg", "3.jpg", "4.jpg", "5.jpg", "6.jpg"} {
		fsys[n] = &fstest.MapFile{Data: jpg}
	}
	inputs, _, err := FindFS(context.Background(), fsys, ".", FindOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	taken := 0
	seq := func(yield func(Input) bool) {
		for _, in := range inputs {
			taken++
			if taken == 3 {
				cancel()
			}
			if !yield(in) {
				return
			}
		}
	}
	cfg := DefaultConfig()
	cfg.Workers, cfg.Buffer = 1, 0
	var sink memSink
	rep, err := Run(ctx, cfg, seq, &sink, Hooks{})
	if !errors.Is(err, context.Canceled) || rep == nil || !rep.Interrupted {
		t.Fatalf("Run: %v, %+v; want context.Canceled and an interrupted report", err, rep)
	}
	if taken >= len(inputs) || rep.Files != taken || rep.Written+rep.Cancelled != rep.Files || rep.Failed != 0 {
		t.Errorf("took %d of %d inputs; report: %d files, %d written, %d not done", taken, len(inputs), rep.Files, rep.Written, rep.Cancelled)
	}
	if len(sink.files) != rep.Written {
		t.Errorf("%d outputs stored, report says %d written", len(sink.files), rep.Written)
	}
}

// TestRunRefusesBadSettings: a run that cannot start says why as a
// *StartError around the *ConfigError, before taking any input.
func TestRunRefusesBadSettings(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Workers = 0
	taken := false
	seq := func(func(Input) bool) { taken = true }
	rep, err := Run(context.Background(), cfg, seq, &memSink{}, Hooks{})
	var se *StartError
	var ce *ConfigError
	if rep != nil || !errors.As(err, &se) || !errors.As(err, &ce) || ce.Field != "Workers" || taken {
		t.Errorf("Run with no workers: %v, %v (inputs taken: %v); want a *StartError naming Workers", rep, err, taken)
	}
}

// TestRecordJSON checks the one record type's JSON form: the error as
// text, the step times in milliseconds in the order run, no output for a
// failed input, and back again.
func TestRecordJSON(t *testing.T) {
	rec := Record{Input: "in/a.jpg", Status: StatusFailed, Format: "jpeg", BytesIn: 10,
		Err: &StepError{Step: StepDecode, Err: ErrCorrupt}}
	rec.Steps.Add(StepRead, 1500*time.Microsecond)
	rec.Steps.Add(StepDecode, 2*time.Millisecond)
	rec.Steps.Add("mine", 0)
	data, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"input":"in/a.jpg","status":"failed","format":"jpeg","bytes_in":10,"ms":{"read":1.5,"decode":2},"error":"decode: corrupt image data"}`
	if string(data) != want {
		t.Errorf("JSON\n got %s\nwant %s", data, want)
	}
	var back Record
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Err == nil || back.Err.Error() != rec.Err.Error() || back.Steps.Get(StepDecode) != 2*time.Millisecond || back.Input != rec.Input {
		t.Errorf("read back %+v", back)
	}
	ok := Record{Output: "out/a.jpg", Status: StatusWritten}
	if data, _ := json.Marshal(&ok); bytes.Contains(data, []byte(`"error"`)) || !bytes.Contains(data, []byte(`"output":"out/a.jpg"`)) {
		t.Errorf("a written record has an error field, or no output: %s", data)
	}
}
