package migrate

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
)

// PendingSQL is a pending file's text, as plan shows it to the reviewer
// who approves the migrate job.
type PendingSQL struct {
	Step Step
	// SQL is the file's text, cut to Shown bytes when Size is larger.
	SQL   string
	Size  int64
	Shown int64
	// Omitted says why nothing is shown (not a regular file, over the
	// total budget); empty when SQL holds the text.
	Omitted string
}

// Bounds of the SQL plan shows: GitHub takes at most 1 MiB of job summary
// per step, and the summary holds more than the SQL.
const (
	pendingSQLPerFile = 64 << 10
	pendingSQLTotal   = 512 << 10
)

// pendingSQL reads the text of each pending file, within the bounds.
func (s *session) pendingSQL() []PendingSQL {
	var out []PendingSQL
	budget := int64(pendingSQLTotal)
	for _, st := range s.res.Pending {
		p := PendingSQL{Step: st}
		if st.File == "" {
			p.Omitted = "no up file: golang-migrate only moves the version"
			out = append(out, p)
			continue
		}
		full := filepath.Join(s.o.Dir, path.Base(st.File))
		fi, err := os.Lstat(full)
		switch {
		case err != nil:
			p.Omitted = "cannot read it: " + err.Error()
		case !fi.Mode().IsRegular():
			p.Omitted = "not a regular file: never read"
		case budget < min(fi.Size(), pendingSQLPerFile):
			p.Size = fi.Size()
			p.Omitted = fmt.Sprintf("not shown: the summary's budget of %d KiB of SQL is spent; read the file in the repository", pendingSQLTotal>>10)
		default:
			p.Size = fi.Size()
			n := min(p.Size, pendingSQLPerFile, budget)
			b, rerr := readPrefix(full, n)
			if rerr != nil {
				p.Omitted = "cannot read it: " + rerr.Error()
				break
			}
			if int64(len(b)) < p.Size {
				// Cut at a line end, so no statement shows half-written.
				if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
					b = b[:i+1]
				}
			}
			p.SQL, p.Shown = string(b), int64(len(b))
			budget -= p.Shown
		}
		out = append(out, p)
	}
	return out
}

func readPrefix(p string, n int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, n))
}
