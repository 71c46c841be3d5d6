package lint

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/schemagate/schemagate/internal/changes"
	"github.com/schemagate/schemagate/internal/finding"
)

const up = "CREATE TABLE t (id int);\n"

// dir builds a migrations directory from names; a name with "=" carries
// its content after it.
func dir(files ...string) fstest.MapFS {
	m := fstest.MapFS{}
	for _, f := range files {
		name, body, ok := strings.Cut(f, "=")
		if !ok {
			body = up
		}
		m[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return m
}

func add(names ...string) []changes.Change {
	var cs []changes.Change
	for _, n := range names {
		cs = append(cs, changes.Change{Path: "migrations/" + n, Status: changes.Added})
	}
	return cs
}

// got renders findings as "RULE severity file" lines for comparison.
func got(fds []finding.Finding) []string {
	out := []string{}
	for _, f := range fds {
		out = append(out, fmt.Sprintf("%s %s %s", f.Rule, f.Severity, f.File))
	}
	return out
}

func TestRules(t *testing.T) {
	t.Parallel()
	base := []string{"1_init.up.sql", "1_init.down.sql", "2_users.up.sql", "2_users.down.sql"}
	baseFiles := []string{"1_init.up.sql", "1_init.down.sql", "2_users.up.sql", "2_users.down.sql"}
	tests := []struct {
		name        string
		head        []string
		base        []string
		changes     []changes.Change
		requireDown bool
		dialect     string
		want        []string
	}{
		{
			name:    "clean new pair",
			head:    append(slices.Clone(baseFiles), "3_orders.up.sql", "3_orders.down.sql"),
			base:    base,
			changes: add("3_orders.up.sql", "3_orders.down.sql"),
			want:    []string{},
		},
		{
			name:    "SG101 hyphen instead of underscore",
			head:    append(slices.Clone(baseFiles), "3-orders.up.sql"),
			base:    base,
			changes: add("3-orders.up.sql"),
			want:    []string{"SG101 error migrations/3-orders.up.sql"},
		},
		{
			name:    "SG101 missing direction, flyway style, upper-case direction",
			head:    append(slices.Clone(baseFiles), "3_orders.sql", "V4__x.sql", "5_a.UP.sql"),
			base:    base,
			changes: add("3_orders.sql", "V4__x.sql", "5_a.UP.sql"),
			want: []string{
				"SG101 error migrations/3_orders.sql",
				"SG101 error migrations/5_a.UP.sql",
				"SG101 error migrations/V4__x.sql",
			},
		},
		{
			name: "SG101 backup and editor files are read by golang-migrate",
			head: append(slices.Clone(baseFiles), "2_users.up.sql.bak", "2_users.up.sql~"),
			base: base,
			want: []string{
				"SG101 error migrations/2_users.up.sql.bak",
				"SG101 error migrations/2_users.up.sql~",
			},
		},
		{
			name: "non-migration files are not findings",
			head: append(slices.Clone(baseFiles), "README.md", "atlas.sum", ".keep"),
			base: base,
			want: []string{},
		},
		{
			name:    "SG102 same version written differently, new file blamed",
			head:    append(slices.Clone(baseFiles), "002_orders.up.sql", "002_orders.down.sql"),
			base:    base,
			changes: add("002_orders.up.sql", "002_orders.down.sql"),
			want: []string{
				"SG102 error migrations/002_orders.down.sql",
				"SG102 error migrations/002_orders.up.sql",
			},
		},
		{
			name:    "SG103 new version below base maximum",
			head:    []string{"1_init.up.sql", "1_init.down.sql", "3_x.up.sql", "3_x.down.sql", "2_late.up.sql", "2_late.down.sql"},
			base:    []string{"1_init.up.sql", "1_init.down.sql", "3_x.up.sql", "3_x.down.sql"},
			changes: add("2_late.up.sql", "2_late.down.sql"),
			want: []string{
				"SG103 error migrations/2_late.down.sql",
				"SG103 error migrations/2_late.up.sql",
			},
		},
		{
			name:    "SG103 equal to base maximum is also a duplicate",
			head:    append(slices.Clone(baseFiles), "2_other.up.sql", "2_other.down.sql"),
			base:    base,
			changes: add("2_other.up.sql", "2_other.down.sql"),
			want: []string{
				"SG102 error migrations/2_other.down.sql",
				"SG102 error migrations/2_other.up.sql",
			},
		},
		{
			name:    "adding a forgotten down file for a base version is fine",
			head:    []string{"1_init.up.sql", "1_init.down.sql", "2_users.up.sql", "2_users.down.sql", "3_x.up.sql"},
			base:    []string{"1_init.up.sql", "1_init.down.sql", "2_users.up.sql", "3_x.up.sql"},
			changes: add("2_users.down.sql"),
			want:    []string{},
		},
		{
			name:    "SG104 modified",
			head:    baseFiles,
			base:    base,
			changes: []changes.Change{{Path: "migrations/2_users.up.sql", Status: changes.Modified}},
			want:    []string{"SG104 error migrations/2_users.up.sql"},
		},
		{
			name: "SG104 deleted, both files",
			head: []string{"1_init.up.sql", "1_init.down.sql"},
			base: base,
			changes: []changes.Change{
				{Path: "migrations/2_users.up.sql", Status: changes.Removed},
				{Path: "migrations/2_users.down.sql", Status: changes.Removed},
			},
			want: []string{"SG104 error migrations/2_users.down.sql", "SG104 error migrations/2_users.up.sql"},
		},
		{
			// Only down breaks; it is still SG104's error (CONTRACT.md).
			name:    "SG104 only the down file deleted",
			head:    []string{"1_init.up.sql", "1_init.down.sql", "2_users.up.sql"},
			base:    base,
			changes: []changes.Change{{Path: "migrations/2_users.down.sql", Status: changes.Removed}},
			want:    []string{"SG104 error migrations/2_users.down.sql"},
		},
		{
			name:        "SG104 only the down file deleted, require-down",
			head:        []string{"1_init.up.sql", "1_init.down.sql", "2_users.up.sql"},
			base:        base,
			changes:     []changes.Change{{Path: "migrations/2_users.down.sql", Status: changes.Removed}},
			requireDown: true,
			want:        []string{"SG104 error migrations/2_users.down.sql"},
		},
		{
			name:    "SG104 only the up file deleted",
			head:    []string{"1_init.up.sql", "1_init.down.sql", "2_users.down.sql"},
			base:    base,
			changes: []changes.Change{{Path: "migrations/2_users.up.sql", Status: changes.Removed}},
			want:    []string{"SG104 error migrations/2_users.up.sql"},
		},
		{
			name: "SG104 renamed, and the new name is below the base maximum",
			head: []string{"1_init.up.sql", "1_init.down.sql", "2_people.up.sql", "2_users.down.sql"},
			base: base,
			changes: []changes.Change{{
				Path: "migrations/2_people.up.sql", PreviousPath: "migrations/2_users.up.sql", Status: changes.Renamed,
			}},
			want: []string{"SG104 error migrations/2_users.up.sql"},
		},
		{
			name: "renaming a badly named file into shape is welcome",
			head: append(slices.Clone(baseFiles), "3_fix.up.sql", "3_fix.down.sql"),
			base: append(slices.Clone(base), "3-fix.up.sql"),
			changes: append(add("3_fix.down.sql"), changes.Change{
				Path: "migrations/3_fix.up.sql", PreviousPath: "migrations/3-fix.up.sql", Status: changes.Renamed,
			}),
			want: []string{},
		},
		{
			name:    "changes outside the migrations directory are not SG104",
			head:    baseFiles,
			base:    base,
			changes: []changes.Change{{Path: "other/2_users.up.sql", Status: changes.Modified}},
			want:    []string{},
		},
		{
			name:    "SG105 warning",
			head:    append(slices.Clone(baseFiles), "3_orders.up.sql"),
			base:    base,
			changes: add("3_orders.up.sql"),
			want:    []string{"SG105 warning migrations/3_orders.up.sql"},
		},
		{
			name:        "SG105 error with require-down",
			head:        append(slices.Clone(baseFiles), "3_orders.up.sql"),
			base:        base,
			changes:     add("3_orders.up.sql"),
			requireDown: true,
			want:        []string{"SG105 error migrations/3_orders.up.sql"},
		},
		{
			name:    "SG106 empty and comment-only files",
			head:    append(slices.Clone(baseFiles), "3_a.up.sql=  \n\t", "3_a.down.sql=-- nothing\n/* really */\n"),
			base:    base,
			changes: add("3_a.up.sql", "3_a.down.sql"),
			want: []string{
				"SG106 warning migrations/3_a.down.sql",
				"SG106 warning migrations/3_a.up.sql",
			},
		},
		{
			name:    "SG106 under MySQL: an empty up file is an error, a comment-only one and down files are not",
			head:    append(slices.Clone(baseFiles), "3_a.up.sql=  \n\t", "3_a.down.sql=", "4_b.up.sql=-- nothing to do\n", "4_b.down.sql=-- x\n"),
			base:    base,
			changes: add("3_a.up.sql", "3_a.down.sql", "4_b.up.sql", "4_b.down.sql"),
			dialect: "mysql",
			want: []string{
				"SG106 warning migrations/3_a.down.sql",
				"SG106 error migrations/3_a.up.sql",
				"SG106 warning migrations/4_b.down.sql",
				"SG106 warning migrations/4_b.up.sql",
			},
		},
		{
			name: "SG106 only for files the change set touches",
			head: append(slices.Clone(baseFiles), "0_empty.up.sql="),
			base: append(slices.Clone(base), "0_empty.up.sql"),
			want: []string{},
		},
		{
			name: "SG107 subdirectory",
			head: append(slices.Clone(baseFiles), "old/3_x.up.sql", "seeds/users.sql", "docs/notes.txt"),
			base: base,
			want: []string{
				"SG107 warning migrations/old/3_x.up.sql",
				"SG107 warning migrations/seeds/users.sql",
			},
		},
		{
			name:    "first migration ever, no base",
			head:    []string{"1_init.up.sql", "1_init.down.sql"},
			changes: add("1_init.up.sql", "1_init.down.sql"),
			want:    []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := Run(Input{Dir: "migrations", Head: dir(tt.head...), BaseNames: tt.base, Changes: tt.changes, RequireDown: tt.requireDown, SQLDialect: tt.dialect})
			if err != nil {
				t.Fatal(err)
			}
			if g := got(res.Findings); !slices.Equal(g, tt.want) {
				t.Errorf("findings:\n got %q\nwant %q\nmessages: %v", g, tt.want, res.Findings)
			}
		})
	}
}

func TestMessagesNameTheFix(t *testing.T) {
	t.Parallel()
	res, err := Run(Input{
		Dir:       "db/migrations",
		Head:      dir("000001_a.up.sql", "000001_a.down.sql", "000005_b.up.sql", "000005_b.down.sql", "000003_late.up.sql", "000003_late.down.sql"),
		BaseNames: []string{"000001_a.up.sql", "000001_a.down.sql", "000005_b.up.sql", "000005_b.down.sql"},
		Changes:   []changes.Change{{Path: "db/migrations/000003_late.up.sql", Status: changes.Added}, {Path: "db/migrations/000003_late.down.sql", Status: changes.Added}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 2 {
		t.Fatalf("want 2 findings, got %v", res.Findings)
	}
	msg := res.Findings[1].Message
	for _, want := range []string{"version 3", "highest version on the base (5)", "Renumber it to 000006"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if res.Findings[1].File != "db/migrations/000003_late.up.sql" {
		t.Errorf("file = %q", res.Findings[1].File)
	}
}

func TestNewAndTouched(t *testing.T) {
	t.Parallel()
	res, err := Run(Input{
		Dir:       "migrations",
		Head:      dir("1_a.up.sql", "1_a.down.sql", "2_b.up.sql", "2_b.down.sql"),
		BaseNames: []string{"1_a.up.sql", "1_a.down.sql"},
		Changes: []changes.Change{
			{Path: "migrations/2_b.up.sql", Status: changes.Added},
			{Path: "migrations/2_b.down.sql", Status: changes.Added},
			{Path: "migrations/1_a.up.sql", Status: changes.Modified},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"migrations/2_b.down.sql", "migrations/2_b.up.sql"}; !slices.Equal(res.New, want) {
		t.Errorf("New = %q, want %q", res.New, want)
	}
	if want := []string{"migrations/1_a.up.sql", "migrations/2_b.up.sql"}; !slices.Equal(res.Touched, want) {
		t.Errorf("Touched = %q, want %q", res.Touched, want)
	}
}

func TestMissingDirectory(t *testing.T) {
	t.Parallel()
	res, err := Run(Input{Dir: "migrations", Head: nil, BaseNames: []string{"1_a.up.sql"},
		Changes: []changes.Change{{Path: "migrations/1_a.up.sql", Status: changes.Removed}}})
	if err != nil {
		t.Fatal(err)
	}
	if g := got(res.Findings); !slices.Equal(g, []string{"SG104 error migrations/1_a.up.sql"}) {
		t.Errorf("got %q", g)
	}
}

// FuzzLint feeds arbitrary file names and contents to the linter: it must
// never panic, and every finding must name a file inside the directory.
func FuzzLint(f *testing.F) {
	for _, s := range []string{"1_a.up.sql", "001_a.down.sql", "1_a.up.sql.bak", "x.sql", "99999999999999999999999_a.up.sql", "1_.up.", "a/b/1_c.up.sql"} {
		f.Add(s, "SELECT 1;", true)
	}
	f.Fuzz(func(t *testing.T, name, body string, added bool) {
		if !fs.ValidPath(name) || name == "." {
			return // not a name a directory can hold
		}
		head := fstest.MapFS{name: &fstest.MapFile{Data: []byte(body)}, "1_a.up.sql": &fstest.MapFile{Data: []byte(up)}}
		var cs []changes.Change
		if added {
			cs = add(name)
		}
		res, err := Run(Input{Dir: "migrations", Head: head, BaseNames: []string{"2_b.up.sql", name}, Changes: cs})
		if err != nil {
			return // an invalid fs path is an error, not a panic
		}
		for _, fd := range res.Findings {
			if !strings.HasPrefix(fd.File, "migrations/") || fd.Message == "" {
				t.Fatalf("bad finding %+v", fd)
			}
		}
	})
}

// TestRootDirectory: migrations at the repository root (migrations-path ".")
// are matched against root-level changes.
func TestRootDirectory(t *testing.T) {
	t.Parallel()
	res, err := Run(Input{Dir: ".", Head: dir("1_a.up.sql", "1_a.down.sql", "2_b.up.sql"), BaseNames: []string{"1_a.up.sql", "1_a.down.sql"},
		Changes: []changes.Change{{Path: "2_b.up.sql", Status: changes.Added}, {Path: "1_a.up.sql", Status: changes.Modified}, {Path: "sub/1_a.up.sql", Status: changes.Modified}}})
	if err != nil {
		t.Fatal(err)
	}
	if g := got(res.Findings); !slices.Equal(g, []string{"SG104 error 1_a.up.sql", "SG105 warning 2_b.up.sql"}) {
		t.Errorf("got %q", g)
	}
	if !slices.Equal(res.Touched, []string{"1_a.up.sql", "2_b.up.sql"}) {
		t.Errorf("touched %q", res.Touched)
	}
}

// TestMessagesSayWhatBreaks: a deleted file's message names the command
// it breaks, and the suggested version keeps the author's padding, also
// when the change set renamed away the base's highest migration.
func TestMessagesSayWhatBreaks(t *testing.T) {
	t.Parallel()
	base := []string{"000001_init.up.sql", "000001_init.down.sql", "000005_e.up.sql", "000005_e.down.sql"}
	tests := []struct {
		name    string
		head    []string
		changes []changes.Change
		rule    string
		want    []string
		not     []string
	}{
		{
			name:    "down file deleted breaks down, not up",
			head:    []string{"000001_init.up.sql", "000001_init.down.sql", "000005_e.up.sql"},
			changes: []changes.Change{{Path: "migrations/000005_e.down.sql", Status: changes.Removed}},
			rule:    "SG104",
			want:    []string{"up is unaffected", "down can no longer undo version 5"},
			not:     []string{"fails on a database"},
		},
		{
			name:    "up file deleted breaks up for new databases",
			head:    []string{"000001_init.up.sql", "000001_init.down.sql", "000005_e.down.sql"},
			changes: []changes.Change{{Path: "migrations/000005_e.up.sql", Status: changes.Removed}},
			rule:    "SG104",
			want:    []string{"record it as applied without running any of it", "numbered 000006"},
		},
		{
			name: "SG103 after the base's top migration was renamed away",
			head: []string{"000001_init.up.sql", "000001_init.down.sql", "000003_e.up.sql", "000003_e.down.sql", "000004_new.up.sql", "000004_new.down.sql"},
			changes: []changes.Change{
				{Path: "migrations/000003_e.up.sql", PreviousPath: "migrations/000005_e.up.sql", Status: changes.Renamed},
				{Path: "migrations/000003_e.down.sql", PreviousPath: "migrations/000005_e.down.sql", Status: changes.Renamed},
				{Path: "migrations/000004_new.up.sql", Status: changes.Added},
				{Path: "migrations/000004_new.down.sql", Status: changes.Added},
			},
			rule: "SG103",
			want: []string{"Renumber it to 000006 or higher"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := Run(Input{Dir: "migrations", Head: dir(tt.head...), BaseNames: base, Changes: tt.changes})
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, f := range res.Findings {
				if f.Rule == tt.rule {
					msgs = append(msgs, f.Message)
				}
			}
			all := strings.Join(msgs, "\n")
			if len(msgs) == 0 {
				t.Fatalf("no %s finding in %v", tt.rule, res.Findings)
			}
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("%s messages lack %q:\n%s", tt.rule, w, all)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(all, n) {
					t.Errorf("%s messages claim %q:\n%s", tt.rule, n, all)
				}
			}
		})
	}
}
