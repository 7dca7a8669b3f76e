package augment

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/augpipe/augpipe/internal/testimg"
)

// everyOp is a recipe with every operation, most of them at random, so
// that a few variants apply each: small sizes keep the runs fast.
const everyOp = `# every operation
quality: 85
ops:
  - {op: hflip, p: 0.5}
  - op: random_resized_crop
    size: [96, 64]
  - {op: rotate90, p: 0.5}
  - op: rotate
    angle: [-20, 20]
    expand: true
    fill: [10, 20, 30]
    p: 0.7
  - {op: resize, size: [80, 80], mode: fill}
  - {op: random_crop, size: 72}
  - {op: centre_crop, size: [64, 60]}
  - {op: color_jitter, brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1}
  - {op: gaussian_blur, sigma: [0.1, 2], kernel: 23, p: 0.5}
  - {op: sharpen, factor: [0.5, 2], p: 0.5}
  - {op: gaussian_noise, sigma: [1, 8], p: 0.5}
  - {op: random_erasing, p: 0.5, value: random}
  - {op: random_erasing, p: 0.5, value: [255, 0, 0]}
  - {op: jpeg_quality, quality: [30, 70], p: 0.5}
  - {op: grayscale, p: 0.2}
  - {op: vflip, p: 0.5}
  - {op: resize, size: [48, 48], mode: fit}
`

// mustRecipe parses text or fails the test.
func mustRecipe(t testing.TB, text string) *Recipe {
	t.Helper()
	r, err := ParseRecipe("test.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// variantInputs writes a folder of inputs of several sizes and formats,
// one in a sub-folder, one large enough to be decoded at reduced scale,
// and returns it.
func variantInputs(t testing.TB) string {
	in := t.TempDir()
	testimg.WriteTree(t, in, map[string][]byte{
		"a.jpg":     testimg.EncodeJPEG(t, testimg.PhotoLike(320, 240, 1), 90),
		"big.jpg":   testimg.EncodeJPEG(t, testimg.PhotoLike(1000, 750, 2), 85),
		"sub/c.jpg": testimg.EncodeJPEG(t, testimg.PhotoLike(200, 300, 3), 90),
		"d.png":     testimg.EncodePNG(t, testimg.PhotoLike(150, 100, 4)),
	})
	return in
}

// variantRun runs a recipe job, from an empty output folder, and returns
// its outputs (by name) and its manifest's bytes.
func variantRun(t testing.TB, j FolderJob) (map[string][]byte, []byte) {
	t.Helper()
	if err := os.RemoveAll(j.Output); err != nil {
		t.Fatal(err)
	}
	rep, err := RunFolder(context.Background(), j, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed > 0 {
		for _, r := range rep.Records {
			if r.Err != nil {
				t.Error(r.Input, r.Err)
			}
		}
		t.FailNow()
	}
	outs := make(map[string][]byte)
	err = filepath.WalkDir(j.Output, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(j.Output, p)
		if !strings.HasPrefix(filepath.Base(p), ".augpipe-") {
			outs[filepath.ToSlash(rel)], err = os.ReadFile(p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	man, err := os.ReadFile(j.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	return outs, man
}

// recipeJob is a job of variants of the inputs in `in` under recipe r,
// writing to dir/out and dir/manifest.jsonl: runs of jobs with the same
// dir name their outputs alike, as they are in their manifest lines.
func recipeJob(in, dir string, r *Recipe, variants, workers int) FolderJob {
	c := DefaultConfig()
	c.Recipe, c.Variants, c.Seed = r, variants, 7
	c.Workers, c.Buffer = workers, workers
	return FolderJob{Inputs: []string{in}, Recursive: true, Config: c,
		Output: filepath.Join(dir, "out"), Manifest: filepath.Join(dir, "manifest.jsonl")}
}

// manifestLines reads a manifest's lines.
func manifestLines(t testing.TB, man []byte) []VariantLine {
	t.Helper()
	var lines []VariantLine
	sc := bufio.NewScanner(bytes.NewReader(man))
	for sc.Scan() {
		var l VariantLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	return lines
}

// TestVariantsReproducible checks that the outputs and the manifest are
// the same to the byte with 1, 2 and 4 workers and from run to run, and
// that the manifest lists every output in (relative path, variant) order.
func TestVariantsReproducible(t *testing.T) {
	in, dir := variantInputs(t), t.TempDir()
	r := mustRecipe(t, everyOp)
	const variants = 3
	wantOuts, wantMan := variantRun(t, recipeJob(in, dir, r, variants, 1))
	if len(wantOuts) != 4*variants {
		t.Fatalf("%d outputs, want %d", len(wantOuts), 4*variants)
	}
	for _, workers := range []int{2, 4, 2} {
		outs, man := variantRun(t, recipeJob(in, dir, r, variants, workers))
		if !bytes.Equal(man, wantMan) {
			t.Errorf("%d workers: the manifest differs from 1 worker's:\n%s\nwant\n%s", workers, man, wantMan)
		}
		for name, data := range wantOuts {
			if !bytes.Equal(outs[name], data) {
				t.Errorf("%d workers: %s differs from 1 worker's", workers, name)
			}
		}
	}
	lines := manifestLines(t, wantMan)
	var keys []string
	for _, l := range lines {
		keys = append(keys, l.Rel+"\x00"+string(rune('0'+l.Variant)))
		if wantOuts[l.Name] == nil || l.Record.BytesOut != int64(len(wantOuts[l.Name])) || l.Record.Status != StatusWritten {
			t.Errorf("line of %s: %d bytes, %s; the output has %d", l.Name, l.Record.BytesOut, l.Record.Status, len(wantOuts[l.Name]))
		}
	}
	if len(lines) != len(wantOuts) || !slices.IsSorted(keys) {
		t.Errorf("manifest lines %q: want one per output, in (relative path, variant) order", keys)
	}
}

// TestVariantAlone checks that one input run alone, listed with a base
// that gives it the same relative path, gets the same outputs and the same
// manifest lines as in the run of its folder.
func TestVariantAlone(t *testing.T) {
	in, dir := variantInputs(t), t.TempDir()
	r := mustRecipe(t, everyOp)
	outs, man := variantRun(t, recipeJob(in, dir, r, 2, 2))
	alone := recipeJob(in, dir, r, 2, 1)
	alone.Inputs, alone.Files, alone.Base = nil, []string{filepath.Join(in, "sub", "c.jpg")}, in
	aloneOuts, aloneMan := variantRun(t, alone)
	if len(aloneOuts) != 2 {
		t.Fatalf("outputs %v, want sub/c_v1.jpg and sub/c_v2.jpg", slices.Collect(mapsKeys(aloneOuts)))
	}
	for name, data := range aloneOuts {
		if !bytes.Equal(data, outs[name]) {
			t.Errorf("%s alone differs from %s in the folder's run", name, name)
		}
	}
	var want []byte
	for line := range bytes.Lines(man) {
		if bytes.Contains(line, []byte(`"rel":"sub/c.jpg"`)) {
			want = append(want, line...)
		}
	}
	if !bytes.Equal(aloneMan, want) {
		t.Errorf("manifest alone:\n%s\nin the folder's run:\n%s", aloneMan, want)
	}
}

func mapsKeys(m map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestVariantIndependentOfCount checks that variant k is the same whatever
// the number of variants, and that another seed gives other outputs.
func TestVariantIndependentOfCount(t *testing.T) {
	in, dir := variantInputs(t), t.TempDir()
	r := mustRecipe(t, everyOp)
	two, _ := variantRun(t, recipeJob(in, dir, r, 2, 2))
	five, _ := variantRun(t, recipeJob(in, dir, r, 5, 2))
	if len(two) != 8 || len(five) != 20 {
		t.Fatalf("%d and %d outputs, want 8 and 20", len(two), len(five))
	}
	for name, data := range two {
		if !bytes.Equal(five[name], data) {
			t.Errorf("%s differs between 2 and 5 variants", name)
		}
	}
	j := recipeJob(in, dir, r, 2, 2)
	j.Seed++
	other, _ := variantRun(t, j)
	same := 0
	for name, data := range two {
		if bytes.Equal(other[name], data) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d of %d outputs are the same with another seed", same, len(two))
	}
}

// TestReplay checks that every manifest line replays to its output's
// bytes, that the lines together did every kind of operation (so that the
// check covers each), and that a line replayed on other bytes is refused.
func TestReplay(t *testing.T) {
	in := variantInputs(t)
	outs, man := variantRun(t, recipeJob(in, t.TempDir(), mustRecipe(t, everyOp), 8, 2))
	done := make(map[string]bool)
	scaled := false
	for _, l := range manifestLines(t, man) {
		data, err := os.ReadFile(filepath.Join(in, filepath.FromSlash(l.Rel)))
		if err != nil {
			t.Fatal(err)
		}
		out, err := Replay(context.Background(), l, data)
		if err != nil {
			t.Fatalf("%s: %v", l.Name, err)
		}
		if !bytes.Equal(out, outs[l.Name]) {
			t.Errorf("%s replayed differs from the output", l.Name)
		}
		for _, a := range l.Ops {
			done[a.Do] = true
		}
		scaled = scaled || l.Record.Scale > 1
	}
	for _, do := range []string{"resize", "resized_crop", "crop", "hflip", "vflip", "rotate", "blur", "brightness",
		"contrast", "saturation", "hue", "grayscale", "noise", "erase", "jpeg", "sharpen"} {
		if !done[do] {
			t.Errorf("no variant did %s: the replay check does not cover it", do)
		}
	}
	if !scaled {
		t.Error("no input was decoded at reduced scale: the replay check does not cover it")
	}
	l := manifestLines(t, man)[0]
	if _, err := Replay(context.Background(), l, testimg.EncodeJPEG(t, testimg.PhotoLike(320, 240, 9), 90)); err == nil {
		t.Error("a line replayed on another input's bytes was not refused")
	}
}

// heldSink counts the outputs made (by a step that runs just before each
// is encoded) and written, and records the most made and not yet written.
type heldSink struct {
	mu            sync.Mutex
	made, written int
	most          int
}

func (s *heldSink) Path(name string) string { return name }

func (s *heldSink) Write(_ context.Context, _ string, _ []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.most = max(s.most, s.made-s.written)
	s.written++
	return nil
}

// TestVariantsMemoryBounded checks that with 100 variants each output is
// written as soon as it is made: no worker holds more than the one being
// written and the one it is making, however many variants its input has.
func TestVariantsMemoryBounded(t *testing.T) {
	const variants, workers, inputs = 100, 2, 3
	sink := &heldSink{}
	c := DefaultConfig()
	c.Recipe = mustRecipe(t, "ops:\n  - {op: random_resized_crop, size: 16}\n  - {op: hflip, p: 0.5}\n")
	c.Variants, c.Workers, c.Buffer = variants, workers, workers
	var made atomic.Int64
	c.Steps = []Step{{Name: "count", Apply: func(context.Context, *Frame) error {
		made.Add(1)
		sink.mu.Lock()
		sink.made++
		sink.mu.Unlock()
		return nil
	}}}
	var ins []Input
	for i := range inputs {
		data := testimg.EncodeJPEG(t, testimg.PhotoLike(64, 48, uint64(i)), 90)
		ins = append(ins, memInput(string(rune('a'+i))+".jpg", data))
	}
	rep, err := Run(context.Background(), c, slices.Values(ins), sink, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Written != variants*inputs || sink.written != variants*inputs || made.Load() != variants*inputs {
		t.Fatalf("%d written, %d made, want %d", sink.written, made.Load(), variants*inputs)
	}
	if sink.most > 2*workers {
		t.Errorf("up to %d outputs were made and not yet written; with %d workers no more than %d should be", sink.most, workers, 2*workers)
	}
}

// memInput is an input of the bytes data named name.
func memInput(name string, data []byte) Input {
	fsys := fstest.MapFS{name: {Data: data}}
	return Input{Path: name, Rel: name, Size: int64(len(data)), Open: func() (fs.File, error) { return fsys.Open(name) }}
}

// TestProcessVariants checks that a Processor makes the same variants as a
// run, with the same manifest lines but for the input's and output's
// paths, and that Process makes the first variant of the path "".
func TestProcessVariants(t *testing.T) {
	in, dir := variantInputs(t), t.TempDir()
	r := mustRecipe(t, everyOp)
	j := recipeJob(in, dir, r, 3, 2)
	outs, man := variantRun(t, j)
	p, err := NewProcessor(j.Config)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(in, "big.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	want := manifestLines(t, man)
	n := 0
	err = p.ProcessVariants(context.Background(), data, "big.jpg", 3, func(k int, out []byte, line VariantLine) bool {
		n++
		name := "big_v" + string(rune('0'+k)) + ".jpg"
		if !bytes.Equal(out, outs[name]) {
			t.Errorf("variant %d differs from the run's %s", k, name)
		}
		for _, w := range want {
			if w.Name == name {
				line.Record.Input, line.Record.Output, line.Record.Status, line.Name = w.Record.Input, w.Record.Output, w.Record.Status, w.Name
				got, _ := json.Marshal(line)
				wantLine, _ := json.Marshal(w)
				if !bytes.Equal(got, wantLine) {
					t.Errorf("line of variant %d:\n%s\nwant\n%s", k, got, wantLine)
				}
			}
		}
		return true
	})
	if err != nil || n != 3 {
		t.Fatalf("%d variants, err %v", n, err)
	}
	first, _, err := p.Process(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	var fromEmpty []byte
	_ = p.ProcessVariants(context.Background(), data, "", 1, func(_ int, out []byte, _ VariantLine) bool {
		fromEmpty = out
		return false
	})
	if !bytes.Equal(first, fromEmpty) {
		t.Error("Process does not make the first variant of the path \"\"")
	}
}

// TestRecipeUpright checks that a recipe works on the image turned
// upright by its EXIF orientation: its sizes and crops are the upright
// image's.
func TestRecipeUpright(t *testing.T) {
	c := DefaultConfig()
	c.Recipe = mustRecipe(t, "ops:\n  - {op: resize, size: [24, 32]}\n  - {op: centre_crop, size: [12, 32]}\n")
	p, err := NewProcessor(c)
	if err != nil {
		t.Fatal(err)
	}
	out, rec, err := p.Process(context.Background(), testimg.Testdata(t, "quad-orient6.jpg")) // 64x48 stored, 48x64 upright
	if err != nil {
		t.Fatal(err)
	}
	if rec.Width != 48 || rec.Height != 64 || rec.OutWidth != 12 || rec.OutHeight != 32 {
		t.Fatalf("%dx%d -> %dx%d, want 48x64 -> 12x32", rec.Width, rec.Height, rec.OutWidth, rec.OutHeight)
	}
	img, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	// Upright, the picture is red at the top right: the centre half of
	// it keeps red in its top right corner, and another colour below.
	if r, g, b, _ := img.At(10, 2).RGBA(); r>>8 < 190 || g>>8 > 60 || b>>8 > 60 {
		t.Errorf("top right is (%d,%d,%d), want red: not upright", r>>8, g>>8, b>>8)
	}
}

// TestReplayRefuses checks that a manifest line that could not have been
// made is refused rather than tried: an unknown operation, a huge resize.
func TestReplayRefuses(t *testing.T) {
	data := testimg.EncodeJPEG(t, testimg.PhotoLike(64, 48, 1), 90)
	for _, tc := range []struct {
		name string
		op   AppliedOp
		want string
	}{
		{"unknown", AppliedOp{Op: "x", Do: "explode"}, "unknown operation"},
		{"huge", AppliedOp{Op: "resize", Do: "resize", Width: 65535, Height: 65535}, "over 200000000 pixels"},
		{"zero", AppliedOp{Op: "resize", Do: "resize", Width: 0, Height: 10}, "sizes are from 1"},
		{"quality", AppliedOp{Op: "jpeg_quality", Do: "jpeg", Quality: 101}, "from 1 to 100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			line := VariantLine{Name: "a.jpg", Quality: 90, OutputFormat: FormatJPEG, Ops: []AppliedOp{tc.op}}
			if _, err := Replay(context.Background(), line, data); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
