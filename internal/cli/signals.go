package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/rs/zerolog"

	"github.com/augpipe/augpipe/io/imgfile"
)

// withSignals returns a context cancelled by the first SIGINT or SIGTERM:
// the pipeline then takes no new file and the files in flight are finished
// or abandoned. A second SIGINT or SIGTERM removes the temporary files
// being written (temps.Abort: outputs already renamed into place are
// complete, the others never appear) and exits at once with 128 + its
// number. signalled reports the first signal's number, or 0.
func withSignals(parent context.Context, temps *imgfile.Temps, log zerolog.Logger) (ctx context.Context, stop func(), signalled func() syscall.Signal) {
	ctx, cancel := context.WithCancel(parent)
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	got := make(chan syscall.Signal, 1)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			sig := s.(syscall.Signal)
			got <- sig
			log.Warn().Str("signal", sig.String()).Msg("stopping: finishing the files in flight (press Ctrl-C again to quit at once)")
			cancel()
		case <-done:
			return
		}
		select {
		case s := <-ch:
			log.Warn().Str("signal", s.String()).Int("temporary_files_removed", temps.Abort()).Msg("quitting at once")
			os.Exit(128 + int(s.(syscall.Signal)))
		case <-done:
		}
	}()
	var first syscall.Signal
	return ctx, func() {
			signal.Stop(ch)
			close(done)
			cancel()
		}, func() syscall.Signal {
			if first == 0 {
				select {
				case first = <-got:
				default:
				}
			}
			return first
		}
}
