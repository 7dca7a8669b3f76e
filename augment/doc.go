// Package augment is augpipe's job: it finds the images in a folder, runs
// each through read, decode, blur, thumbnail, encode and write on a
// pipeline of reader, worker and writer stages, optionally runs the same
// work sequentially first as a baseline, and builds the report.
//
// The command (main.go) and the benchmark (bench/) both drive it.
package augment
