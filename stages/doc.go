// Package stages holds augpipe's image operations: orientation, flattening,
// Gaussian blur and thumbnailing. Each takes an image and returns an image;
// none touches files, flags or logs, and none starts goroutines: parallelism
// belongs to the pipeline's worker pool.
package stages
