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

// mergeBase finds the newest common ancestor of a and b the way git's
// paint_down_to_common starts: walk both histories newest first (by
// committer date), painting each commit with the side(s) it is reachable
// from; the first commit painted by both is the merge base. Unlike go-git's
// Commit.MergeBase it stops there instead of reading the whole history, and
// it tells a history that ends at a shallow boundary (errIncomplete: deepen
// and try again) from two histories that share nothing (nil, nil).
func (g *Repo) mergeBase(a, b *object.Commit) (*object.Commit, error) {
	const (
		sideA = 1 << iota
		sideB
	)
	if a.Hash == b.Hash {
		return a, nil
	}
	flags := map[plumbing.Hash]uint8{a.Hash: sideA, b.Hash: sideB}
	q := &commitQueue{{a, sideA}, {b, sideB}}
	heap.Init(q)
	incomplete := false
	for q.Len() > 0 {
		e := heap.Pop(q).(queued)
		f := flags[e.c.Hash]
		if f == sideA|sideB {
			// Newest first: the first commit both sides reach is the
			// merge base (git would go on to list every other one).
			return e.c, nil
		}
		for _, ph := range e.c.ParentHashes {
			if flags[ph]|f == flags[ph] {
				continue // already painted with these sides
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
			heap.Push(q, queued{p, flags[ph]})
		}
	}
	if incomplete {
		return nil, errIncomplete
	}
	return nil, nil
}

type queued struct {
	c     *object.Commit
	flags uint8 // the sides when queued (flags holds the current ones)
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
