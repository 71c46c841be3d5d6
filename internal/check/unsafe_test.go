package check

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/schemagate/schemagate/internal/event"
	"github.com/schemagate/schemagate/internal/finding"
	"github.com/schemagate/schemagate/internal/safefs"
	"github.com/schemagate/schemagate/internal/sqllint"
)

// TestUnsafeFilesInGit: a symbolic link committed to git (a blob of mode
// 120000) and a blob over the size bound are SG108 findings, read neither
// through the link nor whole, and the SQL rules never see them.
func TestUnsafeFilesInGit(t *testing.T) {
	t.Parallel()
	g, main := history(t)
	g.git("checkout", "-q", "-b", "feature")
	if err := os.Symlink("/etc/passwd", filepath.Join(g.dir, "migrations/000003_passwd.up.sql")); err != nil {
		t.Fatal(err)
	}
	big, err := os.Create(filepath.Join(g.dir, "migrations/000004_dump.up.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(safefs.MaxSize + 1); err != nil {
		t.Fatal(err)
	}
	big.Close()
	head := g.commit("unsafe", "migrations/000003_passwd.down.sql", "migrations/000004_dump.down.sql")
	if mode := g.git("ls-tree", head, "migrations/000003_passwd.up.sql"); !strings.HasPrefix(mode, "120000 ") {
		t.Fatalf("the link was not committed as a link: %s", mode)
	}
	// The workspace is elsewhere, so the head is read from git.
	g.git("checkout", "-q", "main")

	var linted []string
	cfg := loadConfig(t, g.dir, map[string]string{"base-ref": main, "head-ref": head})
	res, err := Run(context.Background(), Options{Cfg: cfg, Event: &event.Event{}, SQL: func(ctx context.Context, dialect string, base, changed []SQLFile) ([]finding.Finding, []string, error) {
		for _, f := range append(base, changed...) {
			linted = append(linted, f.Path)
		}
		return nil, nil, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"SG108 migrations/000003_passwd.up.sql", "SG108 migrations/000004_dump.up.sql"}
	if got := rules(res.Findings); !slices.Equal(got, want) {
		t.Errorf("findings %v, want %v", res.Findings, want)
	}
	if !res.Failed || slices.Contains(linted, "migrations/000003_passwd.up.sql") || slices.Contains(linted, "migrations/000004_dump.up.sql") {
		t.Errorf("failed %v, SQL rules read %v", res.Failed, linted)
	}
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "root:") {
			t.Errorf("the link was followed: %s", f.Message)
		}
	}
}

// TestCheckCancelled: SIGINT/SIGTERM (a cancelled context) stops the SQL
// rules between files and inside a file, and Run returns the context's
// error rather than a result that looks complete.
func TestCheckCancelled(t *testing.T) {
	t.Parallel()
	g, main := history(t)
	var b strings.Builder
	for b.Len() < 2<<20 {
		b.WriteString("INSERT INTO users (id) VALUES (1);\n")
	}
	head := g.commit("big", "migrations/000003_a.up.sql="+b.String(), "migrations/000004_b.up.sql="+b.String())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var linted []string
	cfg := loadConfig(t, g.dir, map[string]string{"base-ref": main, "head-ref": head})
	res, err := Run(ctx, Options{Cfg: cfg, Event: &event.Event{}, SQL: func(ctx context.Context, dialect string, base, changed []SQLFile) ([]finding.Finding, []string, error) {
		for _, f := range changed {
			linted = append(linted, f.Path)
		}
		files := make([]sqllint.File, len(changed))
		for i, f := range changed {
			files[i] = sqllint.File{Path: f.Path, Src: f.Src}
		}
		time.AfterFunc(20*time.Millisecond, cancel) // the signal arrives while the files are linted
		return sqllint.Settings{}.LintChangeSetContext(ctx, dialect, nil, files)
	}})
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("Run = %v, %v; want context.Canceled", res, err)
	}
	if len(linted) != 2 || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("linted %v after the cancel; error %q", linted, err)
	}
}
