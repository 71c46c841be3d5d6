// Package signals turns the runner's cancellation into two steps. GitHub's
// runner cancels a job with SIGINT, then SIGTERM 7.5 s later, then SIGKILL
// 2.5 s after that. The first signal cancels the context Notify returns (a
// migration run stops between migrations); the second closes the channel
// Second returns (the migration in flight cancels its statement, so the
// database answers before the kill and the state is known). A third signal
// changes nothing more: SIGKILL cannot be caught.
package signals

import (
	"context"
	"os"
	"os/signal"
	"sync"
)

type secondKey struct{}

// Notify returns a context cancelled on the first of sigs, carrying the
// channel Second returns, closed on the second. stop releases the signals.
func Notify(parent context.Context, sigs ...os.Signal) (ctx context.Context, stop func()) {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, sigs...)
	return watch(parent, ch, func() { signal.Stop(ch) })
}

// watch is Notify on any channel of signals (tests feed it directly).
func watch(parent context.Context, ch <-chan os.Signal, release func()) (context.Context, func()) {
	second := make(chan struct{})
	ctx, cancel := context.WithCancel(context.WithValue(parent, secondKey{}, (<-chan struct{})(second)))
	done := make(chan struct{})
	go func() {
		n := 0
		for {
			select {
			case <-ch:
				n++
				switch n {
				case 1:
					cancel()
				case 2:
					close(second)
					return
				}
			case <-done:
				return
			}
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			release()
			close(done)
			cancel()
		})
	}
}

// Second is the channel closed on the second signal; nil (never closed)
// when ctx does not come from Notify.
func Second(ctx context.Context) <-chan struct{} {
	ch, _ := ctx.Value(secondKey{}).(<-chan struct{})
	return ch
}
