package augment

import (
	"encoding/json"
	"time"
)

// Step is one of the operations every file goes through, in order.
type Step int

// The steps, in the order a file goes through them.
const (
	StepRead Step = iota
	StepDecode
	StepBlur
	StepThumbnail
	StepEncode
	StepWrite
	numSteps
)

var stepNames = [numSteps]string{"read", "decode", "blur", "thumbnail", "encode", "write"}

func (s Step) String() string { return stepNames[s] }

// Steps returns every step in order.
func Steps() []Step {
	s := make([]Step, numSteps)
	for i := range s {
		s[i] = Step(i)
	}
	return s
}

// StepTimes holds the time one file spent in each step.
type StepTimes [numSteps]time.Duration

// MarshalJSON writes the times as an object of step name to milliseconds,
// leaving out steps that did not run.
func (t StepTimes) MarshalJSON() ([]byte, error) {
	m := make(map[string]float64, numSteps)
	for i, d := range t {
		if d > 0 {
			m[stepNames[i]] = ms(d)
		}
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (t *StepTimes) UnmarshalJSON(data []byte) error {
	var m map[string]float64
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	*t = StepTimes{}
	for i, name := range stepNames {
		t[i] = time.Duration(m[name] * float64(time.Millisecond))
	}
	return nil
}

// Status is what became of one file.
type Status string

// The statuses a file can end with.
const (
	StatusWritten   Status = "written"
	StatusFailed    Status = "failed"
	StatusCancelled Status = "cancelled"
	// StatusUpToDate is a file left alone by --skip-existing: its output
	// exists and is newer than it.
	StatusUpToDate Status = "up-to-date"
)

// FileRecord is what happened to one input file.
type FileRecord struct {
	Input  string `json:"input"`
	Output string `json:"output"`
	Status Status `json:"status"`
	// Format is the file's format, by content.
	Format string `json:"format,omitempty"`
	// Decoder is the decoder that read it, with its scale: "jpegdec 1/4",
	// "image/png".
	Decoder string `json:"decoder,omitempty"`
	// Width and Height are the decoded (upright) input's size; OutWidth and
	// OutHeight the output's.
	Width     int   `json:"width,omitempty"`
	Height    int   `json:"height,omitempty"`
	OutWidth  int   `json:"out_width,omitempty"`
	OutHeight int   `json:"out_height,omitempty"`
	BytesIn   int64 `json:"bytes_in"`
	BytesOut  int64 `json:"bytes_out,omitempty"`
	// Steps is the time spent in each step, in milliseconds in JSON.
	Steps StepTimes `json:"ms"`
	// Err is the reason the file failed, naming the step.
	Err string `json:"error,omitempty"`
}

// Megapixels is the decoded input's size in millions of pixels.
func (r *FileRecord) Megapixels() float64 {
	return float64(r.Width) * float64(r.Height) / 1e6
}

func ms(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}
