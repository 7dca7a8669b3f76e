package cli

import (
	"io"
	"sync"
)

// clearLine returns the cursor to the start of the line and erases it.
const clearLine = "\r\033[K"

// sharedLine lets a progress bar and log lines share a terminal. The bar
// redraws its line in place; a log line first erases whatever the bar has
// on that line, so that the two never run together (a Ctrl-C warning, a
// file's error). The bar draws itself again at its next update.
type sharedLine struct {
	mu        sync.Mutex
	w         io.Writer
	barOnLine bool // the bar has drawn since the last log line
}

func (s *sharedLine) barWriter() io.Writer {
	return writerFunc(func(p []byte) (int, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.barOnLine = true
		return s.w.Write(p)
	})
}

func (s *sharedLine) logWriter() io.Writer {
	return writerFunc(func(p []byte) (int, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.barOnLine {
			s.barOnLine = false
			if _, err := io.WriteString(s.w, clearLine); err != nil {
				return 0, err
			}
		}
		return s.w.Write(p)
	})
}

// writerFunc is a function that is an io.Writer.
type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
