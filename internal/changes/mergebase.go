package changes

import (
	"container/heap"
	"errors"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// errIncomplete is a merge-base walk that reached the edge of a shallow
// clone before finding a common commit.
var errIncomplete = errors.New("the walk reached the shallow clone's edge")

// mergeBase finds a best common ancestor of a and b the way git's
// paint_down_to_common does: walk both histories newest first, painting
// each commit with the side(s) it is reachable from, until only commits
// below a common one remain. Unlike go-git's Commit.MergeBase it stops at
// the merge base instead of reading the whole history, and it tells a
// history that ends at a shallow boundary (errIncomplete: deepen and try
// again) from two histories that share nothing (nil, nil).
func (g *Repo) mergeBase(a, b *object.Commit) (*object.Commit, error) {
	const (
		sideA = 1 << iota
		sideB
		stale
	)
	if a.Hash == b.Hash {
		return a, nil
	}
	flags := map[plumbing.Hash]uint8{a.Hash: sideA, b.Hash: sideB}
	q := &commitQueue{}
	live := 0 // queued entries pushed without the stale flag
	push := func(c *object.Commit, f uint8) {
		heap.Push(q, queued{c, f})
		if f&stale == 0 {
			live++
		}
	}
	push(a, sideA)
	push(b, sideB)
	var best *object.Commit
	incomplete := false
	for live > 0 && q.Len() > 0 {
		e := heap.Pop(q).(queued)
		if e.flags&stale == 0 {
			live--
		}
		f := flags[e.c.Hash]
		if f&(sideA|sideB) == sideA|sideB && f&stale == 0 {
			if best == nil {
				best = e.c
			}
			f |= stale
			flags[e.c.Hash] = f
		}
		for _, ph := range e.c.ParentHashes {
			if flags[ph]|f == flags[ph] {
				continue
			}
			p, err := g.r.CommitObject(ph)
			if errors.Is(err, plumbing.ErrObjectNotFound) {
				incomplete = true
				continue
			}
			if err != nil {
				return nil, err
			}
			flags[ph] |= f
			push(p, flags[ph])
		}
	}
	if best == nil && incomplete {
		return nil, errIncomplete
	}
	return best, nil
}

type queued struct {
	c     *object.Commit
	flags uint8
}

// commitQueue is a max-heap by committer date, newest first.
type commitQueue []queued

func (q commitQueue) Len() int { return len(q) }
func (q commitQueue) Less(i, j int) bool {
	return q[i].c.Committer.When.After(q[j].c.Committer.When)
}
func (q commitQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *commitQueue) Push(x any)   { *q = append(*q, x.(queued)) }
func (q *commitQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}
