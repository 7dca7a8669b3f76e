package augbeam

import (
	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/augpipe/augpipe/augment"
)

// Namespace is the namespace of the job's Beam metrics.
const Namespace = "augpipe"

// The job's Beam metrics. Counters count files; distributions hold one
// value per file: the microseconds of a step (StepMetric) or bytes.
const (
	MetricWritten     = "written"
	MetricFailed      = "failed"
	MetricUnsupported = "unsupported"
	MetricUpToDate    = "up_to_date"
	// MetricPixels counts the input pixels of the files processed (at
	// full scale, upright), for the time per megapixel.
	MetricPixels   = "input_pixels"
	MetricBytesIn  = "bytes_in"
	MetricBytesOut = "bytes_out"
	stepPrefix     = "us_"
)

// StepMetric is the name of the distribution of a step's time per file,
// in microseconds.
func StepMetric(step string) string { return stepPrefix + step }

// meters are a DoFn's handles on the job's metrics.
type meters struct {
	written, failed, unsupported, upToDate, pixels beam.Counter
	bytesIn, bytesOut                              beam.Distribution
	steps                                          map[string]beam.Distribution
}

// newMeters returns the handles for the steps of cfg.
func newMeters(cfg augment.Config) meters {
	m := meters{
		written:     beam.NewCounter(Namespace, MetricWritten),
		failed:      beam.NewCounter(Namespace, MetricFailed),
		unsupported: beam.NewCounter(Namespace, MetricUnsupported),
		upToDate:    beam.NewCounter(Namespace, MetricUpToDate),
		pixels:      beam.NewCounter(Namespace, MetricPixels),
		bytesIn:     beam.NewDistribution(Namespace, MetricBytesIn),
		bytesOut:    beam.NewDistribution(Namespace, MetricBytesOut),
		steps:       make(map[string]beam.Distribution),
	}
	for _, s := range cfg.StepNames() {
		m.steps[s] = beam.NewDistribution(Namespace, StepMetric(s))
	}
	return m
}
