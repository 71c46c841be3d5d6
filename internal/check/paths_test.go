package check

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/changes"
	"github.com/schemagate/schemagate/internal/classify"
	"github.com/schemagate/schemagate/internal/config"
	"github.com/schemagate/schemagate/internal/event"
)

// TestPathsMatchNothing: a migrations-path or schema-paths that matches
// nothing at the base and the head is bad input naming the input and the
// directories that do hold migrations; one the change set creates is fine.
func TestPathsMatchNothing(t *testing.T) {
	t.Parallel()
	build := func(t *testing.T) (*gitRepo, string, string) {
		g := newRepo(t)
		base := g.commit("init",
			"services/api/db/migrations/000001_init.up.sql", "services/api/db/migrations/000001_init.down.sql",
			"services/api/db/migrations/000002_users.up.sql", "tools/seed/1_x.up.sql", "app/main.go=package main\n")
		head := g.commit("mixed", "services/api/db/migrations/000003_orders.up.sql", "app/orders.go=package main\n")
		return g, base, head
	}
	tests := []struct {
		name   string
		inputs map[string]string
		files  []string // committed on top of head, in the change set
		input  string   // the input the error names; "" for no error
		want   []string
		kind   classify.Kind
	}{
		{
			name: "wrong migrations-path", inputs: map[string]string{"migrations-path": "db/migration"},
			input: "migrations-path",
			want:  []string{`"db/migration" holds no file`, "did you mean services/api/db/migrations or tools/seed?"},
		},
		{
			name: "the change set creates the directory", inputs: map[string]string{"migrations-path": "db/migrations"},
			files: []string{"db/migrations/000001_first.up.sql", "db/migrations/000001_first.down.sql"},
			kind:  classify.KindMixed,
		},
		{
			name:   "schema-paths matching nothing",
			inputs: map[string]string{"migrations-path": "services/api/db/migrations", "schema-paths": "db/**/*.sql"},
			input:  "schema-paths",
			want:   []string{"matches no file", "did you mean services/api/db/migrations"},
		},
		{
			name:   "schema-paths matching a file outside the change set",
			inputs: map[string]string{"migrations-path": "services/api/db/migrations", "schema-paths": "tools/**"},
			kind:   classify.KindCode,
		},
		{
			name:   "right migrations-path",
			inputs: map[string]string{"migrations-path": "services/api/db/migrations"},
			kind:   classify.KindMixed,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g, base, _ := build(t)
			if tt.files != nil {
				g.commit("more", tt.files...)
			}
			in := map[string]string{"base-ref": base}
			for k, v := range tt.inputs {
				in[k] = v
			}
			cfg := loadConfig(t, g.dir, in)
			res, err := Run(context.Background(), Options{Cfg: cfg, Event: &event.Event{}})
			if tt.input == "" {
				if err != nil {
					t.Fatal(err)
				}
				if res.Class.Kind != tt.kind {
					t.Errorf("kind %s, want %s", res.Class.Kind, tt.kind)
				}
				return
			}
			var ie *config.InputError
			if !errors.As(err, &ie) || ie.Input != tt.input {
				t.Fatalf("err = %v, want an InputError naming %s", err, tt.input)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestPathsMatchNothingAPI: the pull request's API path (no git needed)
// suggests directories from the workspace (here not a git checkout).
func TestPathsMatchNothingAPI(t *testing.T) {
	t.Parallel()
	g := &gitRepo{t: t, dir: t.TempDir()}
	g.write("db/migrations/1_a.up.sql", "app/x.go=package main\n")
	cfg := loadConfig(t, g.dir, nil)
	ev := &event.Event{Name: "pull_request", Owner: "acme", Repo: "shop", PullRequest: &event.PullRequest{
		Number: 2, BaseRef: "main", BaseSHA: strings.Repeat("a", 40), HeadSHA: strings.Repeat("b", 40),
	}}
	api := &fakeAPI{files: []changes.Change{{Path: "app/x.go", Status: changes.Modified}}}
	_, err := Run(context.Background(), Options{Cfg: cfg, Event: ev, API: api})
	var ie *config.InputError
	if !errors.As(err, &ie) || ie.Input != "migrations-path" || !strings.Contains(err.Error(), "did you mean db/migrations?") {
		t.Fatalf("err = %v", err)
	}
}
