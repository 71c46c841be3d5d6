package changes

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// renameLimit is git's diff.renameLimit default: with more added (or
// deleted) files than this, only exact renames are detected (content
// similarity is quadratic). A missed rename still lists both paths, as an
// addition and a deletion, so classification is the same.
const renameLimit = 1000

// Diff lists the files that differ between two commits, in path order,
// with renames detected the way git does (similarity 60%). It walks the two
// trees side by side and skips every subtree whose hash is unchanged, so it
// reads only the trees on the changed paths.
func (g *Repo) Diff(ctx context.Context, from, to *object.Commit) ([]Change, error) {
	ft, err := from.Tree()
	if err != nil {
		return nil, fmt.Errorf("read tree of %s: %w: %s", short(from), ErrShallow, fetchDepthFix)
	}
	tt, err := to.Tree()
	if err != nil {
		return nil, fmt.Errorf("read tree of %s: %w: %s", short(to), ErrShallow, fetchDepthFix)
	}
	d := &treeDiff{g: g, ctx: ctx}
	if err := d.trees("", ft, tt); err != nil {
		return nil, fmt.Errorf("diff %s..%s: %w", short(from), short(to), err)
	}
	if err := d.renames(); err != nil {
		return nil, fmt.Errorf("detect renames in %s..%s: %w", short(from), short(to), err)
	}
	// An exact-size copy: the appends' spare capacity (up to half of a
	// 100,000-file list) is not kept alive for the rest of the run.
	n := 0
	for _, c := range d.out {
		if c.Status != "" {
			n++
		}
	}
	out := make([]Change, 0, n)
	for _, c := range d.out {
		if c.Status != "" {
			out = append(out, c)
		}
	}
	return out, nil
}

// treeDiff collects the changes of one diff. Additions and deletions keep
// their tree entries (by index into out) for rename detection.
type treeDiff struct {
	g             *Repo
	ctx           context.Context
	out           []Change
	added, gone   []int
	addedE, goneE []object.ChangeEntry
}

// trees compares two trees (either may be nil: everything added or
// removed) under prefix. Entries are in git's order: by name, a tree
// sorting as if its name ended in "/", which is the key compared here.
func (d *treeDiff) trees(prefix string, ft, tt *object.Tree) error {
	if err := d.ctx.Err(); err != nil {
		return err
	}
	var fe, te []object.TreeEntry
	if ft != nil {
		fe = ft.Entries
	}
	if tt != nil {
		te = tt.Entries
	}
	i, j := 0, 0
	for i < len(fe) || j < len(te) {
		var c int
		switch {
		case i == len(fe):
			c = 1
		case j == len(te):
			c = -1
		default:
			c = strings.Compare(key(fe[i]), key(te[j]))
		}
		switch {
		case c < 0:
			if err := d.entry(prefix, ft, &fe[i], nil, nil); err != nil {
				return err
			}
			i++
		case c > 0:
			if err := d.entry(prefix, nil, nil, tt, &te[j]); err != nil {
				return err
			}
			j++
		default:
			if fe[i].Hash != te[j].Hash || fe[i].Mode != te[j].Mode {
				if err := d.entry(prefix, ft, &fe[i], tt, &te[j]); err != nil {
					return err
				}
			}
			i++
			j++
		}
	}
	return nil
}

// entry records one differing entry: f (in tree ft) and/or t (in tt), both
// of the same kind when both are set.
func (d *treeDiff) entry(prefix string, ft *object.Tree, f *object.TreeEntry, tt *object.Tree, t *object.TreeEntry) error {
	e := f
	if e == nil {
		e = t
	}
	name := prefix + e.Name
	if e.Mode == filemode.Dir {
		var fsub, tsub *object.Tree
		var err error
		if f != nil {
			if fsub, err = d.g.r.TreeObject(f.Hash); err != nil {
				return fmt.Errorf("read tree %s: %w", name, err)
			}
		}
		if t != nil {
			if tsub, err = d.g.r.TreeObject(t.Hash); err != nil {
				return fmt.Errorf("read tree %s: %w", name, err)
			}
		}
		return d.trees(name+"/", fsub, tsub)
	}
	switch {
	case f != nil && t != nil:
		d.out = append(d.out, Change{Path: name, Status: Modified})
	case f != nil:
		d.gone = append(d.gone, len(d.out))
		d.goneE = append(d.goneE, object.ChangeEntry{Name: name, Tree: ft, TreeEntry: *f})
		d.out = append(d.out, Change{Path: name, Status: Removed})
	default:
		d.added = append(d.added, len(d.out))
		d.addedE = append(d.addedE, object.ChangeEntry{Name: name, Tree: tt, TreeEntry: *t})
		d.out = append(d.out, Change{Path: name, Status: Added})
	}
	return nil
}

// key is an entry's sort key in a git tree.
func key(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

// renames pairs additions with deletions, with go-git's rename detector
// (exact renames first, then content similarity of at least 60%): the
// addition becomes the rename, the deletion is dropped.
func (d *treeDiff) renames() error {
	if len(d.added) == 0 || len(d.gone) == 0 {
		return nil
	}
	cands := make(object.Changes, 0, len(d.added)+len(d.gone))
	for _, e := range d.addedE {
		cands = append(cands, &object.Change{To: e})
	}
	for _, e := range d.goneE {
		cands = append(cands, &object.Change{From: e})
	}
	found, err := object.DetectRenames(cands, &object.DiffTreeOptions{DetectRenames: true, RenameScore: 60, RenameLimit: renameLimit})
	if err != nil {
		return err
	}
	addedAt := make(map[string]int, len(d.added))
	for k, i := range d.added {
		addedAt[d.addedE[k].Name] = i
	}
	goneAt := make(map[string]int, len(d.gone))
	for k, i := range d.gone {
		goneAt[d.goneE[k].Name] = i
	}
	for _, c := range found {
		if c.From.Name == "" || c.To.Name == "" {
			continue
		}
		d.out[addedAt[c.To.Name]] = Change{Path: c.To.Name, PreviousPath: c.From.Name, Status: Renamed}
		d.out[goneAt[c.From.Name]].Status = ""
	}
	return nil
}
