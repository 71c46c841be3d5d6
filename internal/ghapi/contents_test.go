package ghapi

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/changes"
)

func TestListDir(t *testing.T) {
	t.Parallel()
	const sha = "0123456789abcdef0123456789abcdef01234567"
	var big []string
	var bigNames []string
	for i := range 1500 {
		name := fmt.Sprintf("%06d_step.up.sql", i)
		big = append(big, "huge/migrations/"+name)
		bigNames = append(bigNames, name)
	}
	var exact []string
	var exactNames []string
	for i := range 1000 {
		name := fmt.Sprintf("%04d_x.sql", i)
		exact = append(exact, "exact/"+name)
		exactNames = append(exactNames, name)
	}
	sort.Strings(bigNames)
	tree := append([]string{
		"README.md",
		"db/migrations/0002_b.up.sql",
		"db/migrations/0001_a.up.sql",
		"db/migrations/0001_a.down.sql",
		"db/migrations/archive/0000_old.up.sql",
		"main.go",
	}, append(big, exact...)...)

	tests := []struct {
		name, ref, dir string
		want           []string
		wantTrees      bool
		wantErr        string
	}{
		{name: "files only, sorted", ref: "main", dir: "db/migrations", want: []string{"0001_a.down.sql", "0001_a.up.sql", "0002_b.up.sql"}},
		{name: "trailing slash and dot", ref: sha, dir: "./db/migrations/", want: []string{"0001_a.down.sql", "0001_a.up.sql", "0002_b.up.sql"}},
		{name: "missing dir", ref: "main", dir: "db/nothing", want: nil},
		{name: "missing ref", ref: "no-such-branch", dir: "db/migrations", want: nil},
		{name: "root", ref: "main", dir: "", want: []string{"README.md", "main.go"}},
		{name: "more than 1000 entries through the trees API", ref: "main", dir: "huge/migrations", want: bigNames, wantTrees: true},
		{name: "default branch through the trees API", ref: "", dir: "huge/migrations", want: bigNames, wantTrees: true},
		{name: "exactly 1000 entries through the trees API", ref: sha, dir: "exact", want: exactNames, wantTrees: true},
		{name: "a file is not a directory", ref: "main", dir: "main.go", wantErr: `"main.go" is a file, not a directory`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, "")
			f.addTree("main", tree)
			f.addTree(sha, tree)
			got, err := f.client(t).ListDir(context.Background(), "octo", "hello", tt.ref, tt.dir)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got %d names %.200v, want %d names %.200v", len(got), got, len(tt.want), tt.want)
			}
			if used := f.count("GET", "/repos/octo/hello/git/trees/") > 0; used != tt.wantTrees {
				t.Errorf("trees API used = %v, want %v", used, tt.wantTrees)
			}
		})
	}
}

func TestListDirErrors(t *testing.T) {
	t.Parallel()
	f := newFake(t, "")
	f.addTree("main", []string{"db/migrations/0001_a.up.sql"})
	f.addFault(&fault{method: "GET", path: "/repos/octo/hello/contents/db/migrations", times: 1, status: 403,
		body: `{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/repos/contents#get-repository-content","status":"403"}`})
	_, err := f.client(t).ListDir(context.Background(), "octo", "hello", "main", "db/migrations")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Kind != KindPermission || !strings.Contains(err.Error(), "lacks contents: read") {
		t.Fatalf("err = %v, want a permission error naming contents: read", err)
	}
}

func TestFile(t *testing.T) {
	t.Parallel()
	const sha = "0123456789abcdef0123456789abcdef01234567"
	const limit = 1 << 20
	tests := []struct {
		name, path string
		blob       *fakeBlob
		want       string
		wantOK     bool
		wantErr    string
	}{
		{name: "a file at the commit", path: ".schemagate.yml", blob: &fakeBlob{content: "units: []\n"}, want: "units: []\n", wantOK: true},
		{name: "missing file", path: "nothing.yml", wantOK: false},
		{name: "a symlink to a file is refused, not followed", path: "link.yml", blob: &fakeBlob{path: "secret/real.yml", content: "x: 1\n"}, wantOK: true, wantErr: `symbolic link (to "secret/real.yml")`},
		{name: "a symlink elsewhere is refused", path: "out.yml", blob: &fakeBlob{typ: "symlink"}, wantOK: true, wantErr: "is a symlink, not a regular file"},
		{name: "over the limit", path: "big.yml", blob: &fakeBlob{content: "", size: limit + 1}, wantOK: true, wantErr: "over the 1048576-byte limit"},
		{name: "a directory", path: "db", wantOK: true, wantErr: "is a directory"},
		{name: "over 1 MB, not inlined by the API", path: "mb.yml", blob: &fakeBlob{size: 1_000_001, encoding: "none"}, wantOK: true, wantErr: "more than the contents API returns inline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, "")
			f.addTree(sha, []string{"db/migrations/0001_a.up.sql", "main.go"})
			if tt.blob != nil {
				f.addFile(sha, tt.path, *tt.blob)
			}
			got, ok, err := f.client(t).File(context.Background(), "octo", "hello", sha, tt.path, limit)
			if ok != tt.wantOK {
				t.Errorf("ok = %v, want %v", ok, tt.wantOK)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if !errors.Is(err, changes.ErrUnsafeFile) {
					t.Errorf("err = %v, want it marked changes.ErrUnsafeFile", err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
			if n := f.count("GET", "/repos/octo/hello/contents/"+tt.path); n != 1 {
				t.Errorf("contents API called %d times for %s", n, tt.path)
			}
		})
	}
}
