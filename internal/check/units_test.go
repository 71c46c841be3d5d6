package check

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/changes"
	"github.com/schemagate/schemagate/internal/classify"
	"github.com/schemagate/schemagate/internal/config"
	"github.com/schemagate/schemagate/internal/event"
	"github.com/schemagate/schemagate/internal/finding"
	"github.com/schemagate/schemagate/internal/sqllint"
)

// monorepoFile is the contract's example: two units sharing libs/.
const monorepoFile = `.schemagate.yml=units:
  - name: billing
    migrations-path: services/billing/migrations
    code-paths: ["services/billing/**", "libs/**"]
    sql-dialect: postgres
  - name: accounts
    migrations-path: services/accounts/migrations
    code-paths: ["services/accounts/**", "libs/**"]
    sql-dialect: mysql
rules:
  SG224: off
postgres-version: 14
`

// monorepoFiles are the two services at the base, with a migration each.
var monorepoFiles = []string{
	"services/billing/migrations/000001_init.up.sql", "services/billing/migrations/000001_init.down.sql",
	"services/billing/main.go=package main\n",
	"services/accounts/migrations/000001_init.up.sql", "services/accounts/migrations/000001_init.down.sql",
	"services/accounts/main.go=package main\n",
	"libs/money/money.go=package money\n",
}

// monorepo commits the services (and the config file, when given) on main
// and checks out a feature branch.
func monorepo(t *testing.T, config ...string) (g *gitRepo, main string) {
	g = newRepo(t)
	main = g.commit("init", append(slices.Clone(monorepoFiles), config...)...)
	g.git("checkout", "-q", "-b", "feature")
	return g, main
}

func runRange(t *testing.T, g *gitRepo, base, head string, inputs map[string]string) (*Result, error) {
	t.Helper()
	in := map[string]string{"base-ref": base, "head-ref": head}
	for k, v := range inputs {
		in[k] = v
	}
	cfg := loadConfig(t, g.dir, in)
	return Run(context.Background(), Options{Cfg: cfg, Event: &event.Event{}, SQL: realSQL})
}

func unitKinds(us []UnitResult) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.Name+"="+string(u.Kind))
	}
	return out
}

func TestUnits(t *testing.T) {
	t.Parallel()
	billingMigration := []string{"services/billing/migrations/000002_orders.up.sql", "services/billing/migrations/000002_orders.down.sql"}
	tests := []struct {
		name   string
		files  []string
		kind   classify.Kind
		units  []string
		failed bool
		code   map[string][]string // unit -> its code files
	}{
		{
			name:  "schema in billing and code in accounts deploy separately",
			files: append(slices.Clone(billingMigration), "services/accounts/handler.go=package main\n"),
			kind:  classify.KindSchema, units: []string{"billing=schema", "accounts=code"},
		},
		{
			name:  "schema and code in billing is mixed",
			files: append(slices.Clone(billingMigration), "services/billing/handler.go=package main\n"),
			kind:  classify.KindMixed, units: []string{"billing=mixed", "accounts=none"}, failed: true,
		},
		{
			name:  "a shared lib counts for both units",
			files: []string{"libs/money/round.go=package money\n"},
			kind:  classify.KindCode, units: []string{"billing=code", "accounts=code"},
			code: map[string][]string{"billing": {"libs/money/round.go"}, "accounts": {"libs/money/round.go"}},
		},
		{
			name:  "a shared lib with a billing migration makes billing mixed",
			files: append(slices.Clone(billingMigration), "libs/money/round.go=package money\n"),
			kind:  classify.KindMixed, units: []string{"billing=mixed", "accounts=code"}, failed: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g, main := monorepo(t, monorepoFile)
			head := g.commit("change", tt.files...)
			res, err := runRange(t, g, main, head, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Class.Kind != tt.kind || res.Failed != tt.failed {
				t.Errorf("kind %s failed %v, want %s %v", res.Class.Kind, res.Failed, tt.kind, tt.failed)
			}
			if got := unitKinds(res.Units); !slices.Equal(got, tt.units) {
				t.Errorf("units %q, want %q", got, tt.units)
			}
			for _, u := range res.Units {
				if want, ok := tt.code[u.Name]; ok && !slices.Equal(u.Code, want) {
					t.Errorf("unit %s code %q, want %q", u.Name, u.Code, want)
				}
			}
			if res.ConfigFile != ".schemagate.yml" || res.ConfigAt != "the base "+main[:12] || len(res.Notes) != 0 {
				t.Errorf("config file %q at %q notes %q", res.ConfigFile, res.ConfigAt, res.Notes)
			}
			// The base's rule settings reach the SQL rules: the linter is
			// built once they are on the Config.
			if got := sqlSettings(t, g, main, head); got != "off" {
				t.Errorf("the SQL linter was built with SG224 %q, want the base file's off", got)
			}
		})
	}
}

// sqlSettings runs the check and returns the SG224 setting the SQL linter
// was built with.
func sqlSettings(t *testing.T, g *gitRepo, base, head string) string {
	t.Helper()
	cfg := loadConfig(t, g.dir, map[string]string{"base-ref": base, "head-ref": head})
	got := "linter never built"
	build := func(c *config.Config) (SQLLinter, error) {
		got = c.RuleSeverity["SG224"]
		return realSQL, nil
	}
	if _, err := Run(context.Background(), Options{Cfg: cfg, Event: &event.Event{}, SQLFor: build}); err != nil {
		t.Fatal(err)
	}
	return got
}

// TestUnitsConfigFileFromTheBase: a change set is judged by the base's
// config file, never by its own edits to it; only where the base has none
// does the head's count, and the report says which.
func TestUnitsConfigFileFromTheBase(t *testing.T) {
	t.Parallel()
	t.Run("an edit that loosens the gate does not apply to its own change set", func(t *testing.T) {
		t.Parallel()
		g, main := monorepo(t, monorepoFile)
		// Move billing's handler out of billing's code-paths, in the same
		// change set as a billing migration and a billing code change.
		loosened := strings.Replace(monorepoFile, `["services/billing/**", "libs/**"]`, `["services/billing/cmd/**"]`, 1)
		head := g.commit("loosen", loosened, "services/billing/migrations/000002_orders.up.sql",
			"services/billing/migrations/000002_orders.down.sql", "services/billing/handler.go=package main\n")
		res, err := runRange(t, g, main, head, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Class.Kind != classify.KindMixed || !res.Failed {
			t.Errorf("kind %s failed %v: the head's loosened file was applied", res.Class.Kind, res.Failed)
		}
		want := "this change set edits .schemagate.yml; it is judged by the base's version; the edits apply from the next change set"
		if !slices.Contains(res.Notes, want) {
			t.Errorf("notes %q lack %q", res.Notes, want)
		}
	})
	t.Run("first adoption uses the head's file and says so", func(t *testing.T) {
		t.Parallel()
		g, main := monorepo(t)
		head := g.commit("adopt", monorepoFile, "services/billing/migrations/000002_orders.up.sql",
			"services/billing/migrations/000002_orders.down.sql", "services/accounts/handler.go=package main\n")
		res, err := runRange(t, g, main, head, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Failed || res.ConfigAt != "the head "+head[:12] || !slices.Equal(unitKinds(res.Units), []string{"billing=schema", "accounts=code"}) {
			t.Errorf("failed %v units %q", res.Failed, unitKinds(res.Units))
		}
		if n := strings.Join(res.Notes, "\n"); !strings.Contains(n, "has no .schemagate.yml: this change set adopts it and is judged by its own version") {
			t.Errorf("notes %q", res.Notes)
		}
	})
	t.Run("a file without units: one unit from the inputs, the file's rule settings", func(t *testing.T) {
		t.Parallel()
		g, main := history(t)
		g.commit("settings", ".schemagate.yml=rules:\n  SG224: off\nmysql-version: \"8.0\"\n")
		main = g.git("rev-parse", "HEAD")
		head := g.commit("both", "migrations/000003_x.up.sql", "migrations/000003_x.down.sql", "app/x.go=package main\n")
		cfg := loadConfig(t, g.dir, map[string]string{"base-ref": main, "head-ref": head})
		res, err := Run(context.Background(), Options{Cfg: cfg, Event: &event.Event{}})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(unitKinds(res.Units), []string{"=mixed"}) || !res.Failed || res.ConfigFile != ".schemagate.yml" {
			t.Errorf("units %q failed %v config %q", unitKinds(res.Units), res.Failed, res.ConfigFile)
		}
		if cfg.RuleSeverity["SG224"] != "off" || cfg.MySQLVersion != "8.0" {
			t.Errorf("rule settings %v %q", cfg.RuleSeverity, cfg.MySQLVersion)
		}
	})
	t.Run("without a config file: one unit from the inputs", func(t *testing.T) {
		t.Parallel()
		g, main := history(t)
		head := g.commit("code", "app/x.go=package main\n")
		res, err := runRange(t, g, main, head, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.ConfigFile != "" || len(res.Units) != 1 || res.Units[0].Name != "" || res.Units[0].Kind != classify.KindCode || res.Units[0].MigrationsPath != "migrations" {
			t.Errorf("config %q units %+v", res.ConfigFile, res.Units)
		}
	})
}

// TestUnitsLintPerDialect: each unit's migrations are linted in its own
// dialect, and the migration rules run in each unit's directory.
func TestUnitsLintPerDialect(t *testing.T) {
	t.Parallel()
	g, main := monorepo(t, monorepoFile)
	const index = "CREATE INDEX orders_total ON orders (total);\n"
	head := g.commit("both",
		"services/billing/migrations/000002_idx.up.sql="+index, "services/billing/migrations/000002_idx.down.sql",
		"services/accounts/migrations/000002_idx.up.sql="+index, "services/accounts/migrations/000002_idx.down.sql",
		"services/accounts/migrations/000003_copy.up.sql=ALTER TABLE orders ADD COLUMN note text, ALGORITHM=COPY;\n",
		"services/accounts/migrations/000003_copy.down.sql",
		"services/accounts/migrations/000001_again.up.sql", // SG102 in accounts only
	)
	res, err := runRange(t, g, main, head, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := rules(res.Findings)
	for _, want := range []string{
		"SG211 services/billing/migrations/000002_idx.up.sql",    // PostgreSQL only
		"SG218 services/accounts/migrations/000003_copy.up.sql",  // MySQL only
		"SG102 services/accounts/migrations/000001_again.up.sql", // per unit directory
	} {
		if !slices.Contains(got, want) {
			t.Errorf("findings %q lack %q", got, want)
		}
	}
	for _, never := range []string{
		"SG211 services/accounts/migrations/000002_idx.up.sql",
	} {
		if slices.Contains(got, never) {
			t.Errorf("findings %q hold %q: the wrong dialect was applied", got, never)
		}
	}
	if !slices.Contains(res.NewMigrations, "services/billing/migrations/000002_idx.up.sql") || !slices.Contains(res.NewMigrations, "services/accounts/migrations/000002_idx.up.sql") {
		t.Errorf("new migrations %q", res.NewMigrations)
	}
	var billing, accounts int
	for _, f := range res.Findings {
		switch {
		case strings.HasPrefix(f.File, "services/billing/"):
			billing++
		case strings.HasPrefix(f.File, "services/accounts/"):
			accounts++
		}
	}
	if res.Units[0].Findings != billing || res.Units[1].Findings != accounts || billing == 0 || accounts == 0 {
		t.Errorf("unit findings %d %d, want %d %d", res.Units[0].Findings, res.Units[1].Findings, billing, accounts)
	}
}

// TestUnitsMigrationsPathMatchesNothing: the misconfiguration rule applies
// per unit and names the unit.
func TestUnitsMigrationsPathMatchesNothing(t *testing.T) {
	t.Parallel()
	g, main := monorepo(t, monorepoFile+"")
	typo := strings.Replace(monorepoFile, "services/accounts/migrations", "services/acounts/migrations", 1)
	g.commit("typo", typo)
	main = g.git("rev-parse", "HEAD")
	head := g.commit("code", "services/accounts/handler.go=package main\n")
	_, err := runRange(t, g, main, head, nil)
	var in *config.InputError
	if !errors.As(err, &in) || in.Input != "config-file" || !strings.Contains(err.Error(), `unit accounts: migrations-path "services/acounts/migrations" holds no file`) {
		t.Fatalf("err = %v", err)
	}
}

// TestUnitsPullRequestAPI: with the pull request's files from the API and
// a workspace that is not a git checkout, the base's config file comes
// from the contents API at the base SHA, not from the workspace.
func TestUnitsPullRequestAPI(t *testing.T) {
	t.Parallel()
	const base, head = "1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222"
	ws := t.TempDir()
	g := &gitRepo{t: t, dir: ws}
	loosened := strings.Replace(monorepoFile, `["services/billing/**", "libs/**"]`, `["services/billing/cmd/**"]`, 1)
	g.write(append(slices.Clone(monorepoFiles), loosened, "services/billing/migrations/000002_orders.up.sql",
		"services/billing/migrations/000002_orders.down.sql", "services/billing/handler.go=package main\n")...)
	_, baseFile, _ := strings.Cut(monorepoFile, "=")
	api := &fakeAPI{
		files: []changes.Change{
			{Path: ".schemagate.yml", Status: changes.Modified},
			{Path: "services/billing/migrations/000002_orders.up.sql", Status: changes.Added},
			{Path: "services/billing/migrations/000002_orders.down.sql", Status: changes.Added},
			{Path: "services/billing/handler.go", Status: changes.Added},
		},
		contents: map[string]string{base + ":.schemagate.yml": baseFile},
	}
	cfg := loadConfig(t, ws, nil)
	ev := &event.Event{Name: "pull_request", Owner: "acme", Repo: "shop", PullRequest: &event.PullRequest{
		Number: 4, BaseRef: "main", BaseSHA: base, HeadSHA: head,
	}}
	res, err := Run(context.Background(), Options{Cfg: cfg, Event: ev, API: api})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(api.calls, "file "+base+" .schemagate.yml") {
		t.Errorf("calls %q: the base's file was not read through the contents API", api.calls)
	}
	if res.Class.Kind != classify.KindMixed || !res.Failed || !slices.Equal(unitKinds(res.Units), []string{"billing=mixed", "accounts=none"}) {
		t.Errorf("kind %s failed %v units %q: judged by the workspace's file", res.Class.Kind, res.Failed, unitKinds(res.Units))
	}
	want := "this pull request edits .schemagate.yml; it is judged by the base's version; the edits apply from the next change set"
	if !slices.Contains(res.Notes, want) {
		t.Errorf("notes %q lack %q", res.Notes, want)
	}
	// Each unit's base names are listed at the base branch.
	if !slices.Contains(api.calls, "listdir main services/billing/migrations") || !slices.Contains(api.calls, "listdir main services/accounts/migrations") {
		t.Errorf("calls %q", api.calls)
	}
}

// TestUnitsPullRequestAPIGitBase: when the clone has the pull request's
// base commit, or can fetch it from origin, the base's config file is read
// from git and the contents API is not asked.
func TestUnitsPullRequestAPIGitBase(t *testing.T) {
	t.Parallel()
	setup := func(t *testing.T) (g *gitRepo, main, head string, api *fakeAPI) {
		g, main = monorepo(t, monorepoFile)
		loosened := strings.Replace(monorepoFile, `["services/billing/**", "libs/**"]`, `["services/billing/cmd/**"]`, 1)
		head = g.commit("loosen", loosened, "services/billing/migrations/000002_orders.up.sql",
			"services/billing/migrations/000002_orders.down.sql", "services/billing/handler.go=package main\n")
		api = &fakeAPI{files: []changes.Change{
			{Path: ".schemagate.yml", Status: changes.Modified},
			{Path: "services/billing/migrations/000002_orders.up.sql", Status: changes.Added},
			{Path: "services/billing/migrations/000002_orders.down.sql", Status: changes.Added},
			{Path: "services/billing/handler.go", Status: changes.Added},
		}}
		return g, main, head, api
	}
	run := func(t *testing.T, dir, main, head string, api *fakeAPI) {
		t.Helper()
		cfg := loadConfig(t, dir, nil)
		ev := &event.Event{Name: "pull_request", Owner: "acme", Repo: "shop", PullRequest: &event.PullRequest{
			Number: 5, BaseRef: "main", BaseSHA: main, HeadSHA: head,
		}}
		res, err := Run(context.Background(), Options{Cfg: cfg, Event: ev, API: api})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Failed || !slices.Equal(unitKinds(res.Units), []string{"billing=mixed", "accounts=none"}) || res.ConfigAt != "the base "+main[:12] {
			t.Errorf("failed %v units %q at %q: not judged by the base's file", res.Failed, unitKinds(res.Units), res.ConfigAt)
		}
		for _, c := range api.calls {
			if strings.HasPrefix(c, "file ") {
				t.Errorf("calls %q: the contents API was asked although git has the base", api.calls)
			}
		}
	}
	t.Run("the clone has the base", func(t *testing.T) {
		t.Parallel()
		g, main, head, api := setup(t)
		run(t, g.dir, main, head, api)
	})
	t.Run("a shallow clone of the head fetches the base from origin", func(t *testing.T) {
		t.Parallel()
		g, main, head, api := setup(t)
		g.git("config", "uploadpack.allowReachableSHA1InWant", "true") // as GitHub allows
		clone := &gitRepo{t: t, dir: t.TempDir()}
		clone.git("clone", "-q", "--depth", "1", "--branch", "feature", "file://"+g.dir, ".")
		has := func() bool {
			return exec.Command("git", "-C", clone.dir, "cat-file", "-e", main+"^{commit}").Run() == nil
		}
		if has() {
			t.Fatalf("the shallow clone already has the base %s", main)
		}
		run(t, clone.dir, main, head, api)
		if !has() {
			t.Errorf("the base %s was not fetched", main)
		}
	})
}

// TestUnitsHeadFileNotAdded: where the base has no config file and the
// change set does not add the head's, the head's is not used: the base
// removed it after the branch started.
func TestUnitsHeadFileNotAdded(t *testing.T) {
	t.Parallel()
	g, _ := monorepo(t, monorepoFile)
	g.git("checkout", "-q", "-b", "branch")
	head := g.commit("billing code and schema", "services/billing/migrations/000002_orders.up.sql",
		"services/billing/migrations/000002_orders.down.sql", "services/billing/handler.go=package main\n")
	g.git("checkout", "-q", "feature")
	g.git("rm", "-q", ".schemagate.yml")
	base := g.commit("drop the config file")
	res, err := runRange(t, g, base, head, map[string]string{"migrations-path": "services/billing/migrations"})
	if err != nil {
		t.Fatal(err)
	}
	if res.ConfigFile != "" || !slices.Equal(unitKinds(res.Units), []string{"=mixed"}) || !res.Failed {
		t.Errorf("config %q units %q failed %v", res.ConfigFile, unitKinds(res.Units), res.Failed)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "this change set does not add one") {
		t.Errorf("notes %q", res.Notes)
	}
}

// TestUnitsBadConfigFile: a config file that cannot be what the user meant
// is bad input naming config-file, whatever the change set holds.
func TestUnitsBadConfigFile(t *testing.T) {
	t.Parallel()
	symlink := func(g *gitRepo) {
		if err := os.Symlink("/etc/passwd", filepath.Join(g.dir, ".schemagate.yml")); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		file   []string // the base's config file, if any
		plant  func(g *gitRepo)
		inputs map[string]string
		want   string // "<base>" stands for the base's short SHA
	}{
		{name: "an unknown key", file: []string{monorepoFile + "unit-tests: true\n"}, want: `.schemagate.yml (at the base <base>) line 13: unknown key "unit-tests"`},
		{name: "an unknown rule id", file: []string{strings.Replace(monorepoFile, "SG224: off", "SG299: off", 1)}, want: `unknown rule "SG299"`},
		{name: "a named file missing at base and head", inputs: map[string]string{"config-file": "ci/schemagate.yml"}, want: "ci/schemagate.yml exists at neither the base <base> nor the head"},
		{name: "a symlink at the base", plant: symlink, want: ".schemagate.yml at the base <base> is a symbolic link"},
		{name: "over 1 MiB at the base", file: []string{monorepoFile + "#" + strings.Repeat("x", config.MaxConfigFile) + "\n"}, want: "over the 1048576-byte limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g, main := monorepo(t, tt.file...)
			if tt.plant != nil {
				tt.plant(g)
				main = g.commit("plant")
			}
			head := g.commit("code", "services/accounts/handler.go=package main\n")
			_, err := runRange(t, g, main, head, tt.inputs)
			var in *config.InputError
			want := strings.ReplaceAll(tt.want, "<base>", main[:12])
			if !errors.As(err, &in) || in.Input != "config-file" || !strings.Contains(err.Error(), want) {
				t.Fatalf("err = %v, want an InputError naming config-file and %q", err, want)
			}
		})
	}
}

// realSQL is the SQL rules as app wires them, with default settings.
func realSQL(ctx context.Context, dialect string, base, changed []SQLFile) ([]finding.Finding, []string, error) {
	files := func(in []SQLFile) []sqllint.File {
		out := make([]sqllint.File, len(in))
		for i, f := range in {
			out[i] = sqllint.File{Path: f.Path, Src: f.Src}
		}
		return out
	}
	return sqllint.Settings{}.LintChangeSetContext(ctx, dialect, files(base), files(changed))
}
