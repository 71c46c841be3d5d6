package ghapi

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/changes"
)

func manyFiles(n int) []fakeFile {
	files := make([]fakeFile, n)
	for i := range files {
		files[i] = fakeFile{Filename: fmt.Sprintf("src/file%04d.go", i), Status: "modified"}
	}
	return files
}

func TestPullRequestFiles(t *testing.T) {
	t.Parallel()
	mixed := append(manyFiles(250),
		fakeFile{Filename: "db/migrations/0002_b.up.sql", Status: "renamed", PreviousFilename: "db/migrations/0001_b.up.sql"},
		fakeFile{Filename: "new.go", Status: "added"},
		fakeFile{Filename: "old.go", Status: "removed"},
		fakeFile{Filename: "copy.go", Status: "copied", PreviousFilename: "orig.go"},
		fakeFile{Filename: "mode.sh", Status: "changed"},
		fakeFile{Filename: "same.txt", Status: "unchanged"},
	)
	tests := []struct {
		name       string
		files      []fakeFile
		changed    int // -1: len(files)
		wantN      int
		wantPages  int
		wantErr    error
		wantInText string
	}{
		{name: "one page", files: manyFiles(3), changed: -1, wantN: 3, wantPages: 1},
		{name: "empty", files: nil, changed: -1, wantN: 0, wantPages: 1},
		{name: "several pages with renames", files: mixed, changed: -1, wantN: 255, wantPages: 3},
		{name: "exactly 100", files: manyFiles(100), changed: -1, wantN: 100, wantPages: 1},
		{name: "2999 files", files: manyFiles(2999), changed: -1, wantN: 2999, wantPages: 30},
		{name: "at the 3000-file cap", files: manyFiles(3000), changed: -1, wantErr: ErrTruncated, wantPages: 30, wantInText: "listed 3000 files, its cap"},
		{name: "beyond the cap fails before listing", files: manyFiles(3500), changed: -1, wantErr: ErrTruncated, wantPages: 0, wantInText: "changes 3500 files"},
		{name: "changed_files more than listed", files: manyFiles(120), changed: 130, wantErr: ErrTruncated, wantPages: 2, wantInText: "API listed 120 of the 130 files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, "")
			f.setPR(7, &fakePR{files: tt.files, changedFiles: tt.changed})
			got, err := f.client(t).PullRequestFiles(context.Background(), "octo", "hello", 7)
			if pages := f.count("GET", "/repos/octo/hello/pulls/7/files"); pages != tt.wantPages {
				t.Errorf("file pages requested = %d, want %d", pages, tt.wantPages)
			}
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if got != nil {
					t.Errorf("got %d files with the error, want none (never a truncated list)", len(got))
				}
				if !strings.Contains(err.Error(), tt.wantInText) || !strings.Contains(err.Error(), "from git") {
					t.Errorf("error %q lacks %q and the fix", err, tt.wantInText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.wantN {
				t.Fatalf("got %d files, want %d", len(got), tt.wantN)
			}
			seen := map[string]int{}
			for _, c := range got {
				seen[c.Path]++
			}
			for _, fl := range tt.files {
				want := 1
				if fl.Status == "unchanged" {
					want = 0
				}
				if seen[fl.Filename] != want {
					t.Errorf("%s listed %d times, want %d", fl.Filename, seen[fl.Filename], want)
				}
			}
		})
	}
}

func TestPullRequestFilesStatuses(t *testing.T) {
	t.Parallel()
	f := newFake(t, "")
	f.setPR(3, &fakePR{changedFiles: -1, files: []fakeFile{
		{Filename: "db/migrations/0002_b.up.sql", Status: "renamed", PreviousFilename: "db/migrations/0001_b.up.sql"},
		{Filename: "new.go", Status: "added"},
		{Filename: "old.go", Status: "removed"},
		{Filename: "copy.go", Status: "copied", PreviousFilename: "orig.go"},
		{Filename: "mode.sh", Status: "changed"},
		{Filename: "same.txt", Status: "unchanged"},
		{Filename: "edit.go", Status: "modified"},
	}})
	got, err := f.client(t).PullRequestFiles(context.Background(), "octo", "hello", 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []changes.Change{
		{Path: "db/migrations/0002_b.up.sql", PreviousPath: "db/migrations/0001_b.up.sql", Status: changes.Renamed},
		{Path: "new.go", Status: changes.Added},
		{Path: "old.go", Status: changes.Removed},
		{Path: "copy.go", PreviousPath: "orig.go", Status: changes.Copied},
		{Path: "mode.sh", Status: changes.Modified},
		{Path: "edit.go", Status: changes.Modified},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestLabels(t *testing.T) {
	t.Parallel()
	var labels []string
	for i := range 130 {
		labels = append(labels, fmt.Sprintf("label-%03d", i))
	}
	labels = append(labels, "allow-mixed-deploy")
	tests := []struct {
		name      string
		labels    []string
		wantPages int
	}{
		{name: "none", labels: nil, wantPages: 1},
		{name: "one page", labels: []string{"bug", "allow-mixed-deploy"}, wantPages: 1},
		{name: "two pages", labels: labels, wantPages: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, "")
			f.setPR(9, &fakePR{labels: tt.labels})
			got, err := f.client(t).Labels(context.Background(), "octo", "hello", 9)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, ",") != strings.Join(tt.labels, ",") {
				t.Errorf("got %v, want %v", got, tt.labels)
			}
			if n := f.count("GET", "/repos/octo/hello/issues/9/labels"); n != tt.wantPages {
				t.Errorf("pages = %d, want %d", n, tt.wantPages)
			}
		})
	}
}

// Labels are read live: a label added between two calls is seen by the second.
func TestLabelsLive(t *testing.T) {
	t.Parallel()
	f := newFake(t, "")
	f.setPR(9, &fakePR{labels: []string{"bug"}})
	c := f.client(t)
	first, err := c.Labels(context.Background(), "octo", "hello", 9)
	if err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	f.prs[9].labels = append(f.prs[9].labels, "allow-mixed-deploy")
	f.mu.Unlock()
	second, err := c.Labels(context.Background(), "octo", "hello", 9)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 1 || len(second) != 2 || second[1] != "allow-mixed-deploy" {
		t.Errorf("first %v, second %v: want the second call to see the new label", first, second)
	}
}
