package signals

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"
)

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	case <-time.After(200 * time.Millisecond):
		return false
	}
}

// TestTwoSignals: the first signal cancels the context only; the second
// closes Second.
func TestTwoSignals(t *testing.T) {
	t.Parallel()
	ch := make(chan os.Signal, 2)
	ctx, stop := watch(context.Background(), ch, func() {})
	defer stop()
	if closed(ctx.Done()) || closed(Second(ctx)) {
		t.Fatal("cancelled before any signal")
	}
	ch <- syscall.SIGINT
	if !closed(ctx.Done()) {
		t.Fatal("the first signal did not cancel the context")
	}
	if closed(Second(ctx)) {
		t.Fatal("the first signal closed Second")
	}
	ch <- syscall.SIGTERM
	if !closed(Second(ctx)) {
		t.Fatal("the second signal did not close Second")
	}
}

// TestRealSignals sends this process SIGINT twice through Notify.
func TestRealSignals(t *testing.T) {
	ctx, stop := Notify(context.Background(), os.Interrupt)
	defer stop()
	self, _ := os.FindProcess(os.Getpid())
	_ = self.Signal(os.Interrupt)
	if !closed(ctx.Done()) || closed(Second(ctx)) {
		t.Fatal("first SIGINT")
	}
	_ = self.Signal(os.Interrupt)
	if !closed(Second(ctx)) {
		t.Fatal("second SIGINT")
	}
}

func TestSecondWithoutNotify(t *testing.T) {
	t.Parallel()
	if Second(context.Background()) != nil {
		t.Fatal("a plain context has a second-signal channel")
	}
}
