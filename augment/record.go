package augment

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// The names of the built-in steps, in the order an input goes through them
// (in fit-first order the thumbnail comes before the blur).
const (
	StepRead      = "read"
	StepDecode    = "decode"
	StepBlur      = "blur"
	StepThumbnail = "thumbnail"
	StepEncode    = "encode"
	StepWrite     = "write"
)

func builtinStep(name string) bool {
	switch name {
	case StepRead, StepDecode, StepBlur, StepThumbnail, StepEncode, StepWrite:
		return true
	}
	return false
}

// Status is what became of one input.
type Status string

// The statuses an input can end with.
const (
	// StatusEncoded: Process made the output bytes; nothing stored them.
	StatusEncoded Status = "encoded"
	// StatusWritten: the output was stored.
	StatusWritten Status = "written"
	// StatusFailed: a step failed; Record.Err says which and why.
	StatusFailed Status = "failed"
	// StatusCancelled: the run was interrupted (its context cancelled)
	// before the input was done. Its text is the command's word for it.
	StatusCancelled Status = "interrupted"
	// StatusUpToDate: an input a skip-existing folder run left alone, its
	// output being newer than it.
	StatusUpToDate Status = "up-to-date"
)

// Record is what happened to one input. It is the one record type of
// augpipe: the report's per-file list is made of them, with the JSON form
// of MarshalJSON.
type Record struct {
	// Input names the input (its path); Output where its output went, or
	// is (StatusUpToDate), and nothing when there is none (a failed or
	// interrupted input) once the run or ProcessTo is done with it.
	Input  string `json:"input"`
	Output string `json:"output,omitempty"`
	Status Status `json:"status"`
	// Format is the input's format, by content: "jpeg", "png"...
	Format string `json:"format,omitempty"`
	// Decoder is the decoder that read it, with its scale: "jpegdec 1/4",
	// "pngdec box 3x3" (a PNG decoded shrunk by 3 each way), "imgfile/gif".
	Decoder string `json:"decoder,omitempty"`
	// Scale is the reduction the decoder applied: 1, or 2, 4 or 8 for a
	// JPEG decoded at reduced size; 0 when nothing was decoded.
	Scale int `json:"scale,omitempty"`
	// Width and Height are the decoded (upright) input's size at full
	// scale; OutWidth and OutHeight the output's.
	Width     int   `json:"width,omitempty"`
	Height    int   `json:"height,omitempty"`
	OutWidth  int   `json:"out_width,omitempty"`
	OutHeight int   `json:"out_height,omitempty"`
	BytesIn   int64 `json:"bytes_in"`
	BytesOut  int64 `json:"bytes_out,omitempty"`
	// Damaged, when not "", says why the input's data could be decoded
	// only in part (Config.FailOn FailOnNone): its output was made from
	// what could be, the rest repeating the last decoded row.
	Damaged string `json:"damaged,omitempty"`
	// Steps is the time spent in each step, in milliseconds in JSON.
	Steps StepTimes `json:"ms"`
	// Err is why the input failed: a *StepError naming the step. It is
	// written to JSON as its text, in "error".
	Err error `json:"-"`
}

// settle gives a record its final status once nothing more will be done
// with its input: an input not seen through is interrupted, and only an
// output that exists is named.
func (r *Record) settle() {
	switch r.Status {
	case "", StatusEncoded:
		r.Status = StatusCancelled
	}
	if r.Status == StatusFailed || r.Status == StatusCancelled {
		r.Output = ""
	}
}

// recordJSON is Record's JSON form.
type recordJSON struct {
	*recordFields
	Err string `json:"error,omitempty"`
}

type recordFields Record

// MarshalJSON writes the record with its error as text.
func (r Record) MarshalJSON() ([]byte, error) {
	j := recordJSON{recordFields: (*recordFields)(&r)}
	if r.Err != nil {
		j.Err = r.Err.Error()
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes. The error comes back as a
// plain error with the same text.
func (r *Record) UnmarshalJSON(data []byte) error {
	j := recordJSON{recordFields: (*recordFields)(r)}
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	r.Err = nil
	if j.Err != "" {
		r.Err = recordedError(j.Err)
	}
	return nil
}

// recordedError is an error read back from a record's JSON.
type recordedError string

func (e recordedError) Error() string { return string(e) }

// Megapixels is the decoded input's size in millions of pixels.
func (r *Record) Megapixels() float64 {
	return float64(r.Width) * float64(r.Height) / 1e6
}

// StepTime is the time one input spent in one step.
type StepTime struct {
	Step string
	Time time.Duration
}

// StepTimes holds the time one input spent in each step, in the order the
// steps first ran.
type StepTimes []StepTime

// Add adds d to step's time.
func (t *StepTimes) Add(step string, d time.Duration) {
	for i := range *t {
		if (*t)[i].Step == step {
			(*t)[i].Time += d
			return
		}
	}
	*t = append(*t, StepTime{step, d})
}

// Get returns step's time, 0 when it did not run.
func (t StepTimes) Get(step string) time.Duration {
	for _, s := range t {
		if s.Step == step {
			return s.Time
		}
	}
	return 0
}

// Total is the time spent in all steps.
func (t StepTimes) Total() time.Duration {
	var d time.Duration
	for _, s := range t {
		d += s.Time
	}
	return d
}

// MarshalJSON writes the times as an object of step name to milliseconds,
// in order, leaving out steps that took no time.
func (t StepTimes) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	n := 0
	for _, s := range t {
		if s.Time <= 0 {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(s.Step)
		fmt.Fprintf(&b, "%s:%s", name, jsonNumber(ms(s.Time)))
		n++
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads what MarshalJSON writes, in the order written.
func (t *StepTimes) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("step times: want a JSON object")
	}
	*t = (*t)[:0]
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		var v float64
		if err := dec.Decode(&v); err != nil {
			return err
		}
		t.Add(tok.(string), time.Duration(v*float64(time.Millisecond)))
	}
	_, err := dec.Token()
	return err
}

func jsonNumber(f float64) []byte {
	b, _ := json.Marshal(f)
	return b
}

func ms(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}
