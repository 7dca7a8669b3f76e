// Package pipeline runs fan-out/fan-in channel pipelines: a source feeds a
// chain of stages, each a function run by a fixed number of goroutines and
// joined to the next by a bounded channel.
//
// The package knows nothing of what flows through it. It owns the channels,
// the worker pools, cancellation (one context for the whole pipeline, cancelled
// on the first fatal error or by the caller) and per-stage timing: for every
// stage it measures the time its goroutines spent busy in the stage function,
// waiting for input and waiting for room downstream.
//
// Errors that concern one item belong in the item: a stage function returns
// an error only when the whole run must stop.
package pipeline
