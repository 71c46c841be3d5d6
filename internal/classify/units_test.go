package classify

import (
	"slices"
	"testing"
)

func mustCompile(t *testing.T, p ...string) *Globs {
	t.Helper()
	g, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestClassifyUnits(t *testing.T) {
	t.Parallel()
	ignore := mustCompile(t, "**/*.md", "docs/**")
	units := []Unit{
		{"billing", mustCompile(t, "services/billing/migrations/**"), mustCompile(t, "services/billing/**", "libs/**")},
		{"accounts", mustCompile(t, "services/accounts/migrations/**"), mustCompile(t, "services/accounts/**", "libs/**")},
		{"everything", mustCompile(t, "db/**"), mustCompile(t, "**")},
	}
	for _, tc := range []struct {
		name     string
		paths    []string
		want     Kind
		perUnit  []Kind // billing, accounts, everything
		ignored  int
		codeOf   string // a unit that must list ...
		codePath string // ... this path as code
	}{
		{"schema in billing, code in accounts: not mixed",
			[]string{"services/billing/migrations/2_a.up.sql", "services/accounts/api.go"},
			KindSchema, []Kind{KindSchema, KindCode, KindCode}, 0, "accounts", "services/accounts/api.go"},
		{"schema and code in billing: mixed",
			[]string{"services/billing/migrations/2_a.up.sql", "services/billing/api.go"},
			KindMixed, []Kind{KindMixed, KindNone, KindCode}, 0, "billing", "services/billing/api.go"},
		{"a shared path counts for every unit that lists it",
			[]string{"services/accounts/migrations/3_b.up.sql", "libs/money.go"},
			KindMixed, []Kind{KindCode, KindMixed, KindCode}, 0, "billing", "libs/money.go"},
		{"a migration is never another unit's code, even under **",
			[]string{"services/billing/migrations/2_a.up.sql"},
			KindSchema, []Kind{KindSchema, KindNone, KindNone}, 0, "", ""},
		{"ignored first",
			[]string{"docs/x.go", "services/billing/README.md"},
			KindNone, []Kind{KindNone, KindNone, KindNone}, 2, "", ""},
		{"code only",
			[]string{"services/billing/api.go"},
			KindCode, []Kind{KindCode, KindNone, KindCode}, 0, "billing", "services/billing/api.go"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			all, per := ClassifyUnits(ignore, units, tc.paths)
			if all.Kind != tc.want || len(all.Ignored) != tc.ignored {
				t.Errorf("overall %s with %d ignored, want %s with %d", all.Kind, len(all.Ignored), tc.want, tc.ignored)
			}
			for i, k := range tc.perUnit {
				if per[i].Kind != k || per[i].Name != units[i].Name {
					t.Errorf("unit %s: %s, want %s", per[i].Name, per[i].Kind, k)
				}
			}
			if tc.codeOf != "" {
				for _, u := range per {
					if u.Name == tc.codeOf && !slices.Contains(u.Code, tc.codePath) {
						t.Errorf("unit %s code %v lacks %s", u.Name, u.Code, tc.codePath)
					}
				}
			}
		})
	}
}

// One unit behaves exactly as the single-unit classification.
func TestClassifyUnitsOneUnitMatchesClassify(t *testing.T) {
	t.Parallel()
	r := Rules{Ignore: mustCompile(t, "**/*.md"), Schema: mustCompile(t, "migrations/**"), Code: mustCompile(t, "**")}
	for _, paths := range [][]string{
		{"migrations/1_a.up.sql", "main.go"},
		{"migrations/1_a.up.sql", "README.md"},
		{"main.go", "main.go"},
		{"README.md"},
		{},
	} {
		want := r.Classify(paths)
		got, _ := ClassifyUnits(r.Ignore, []Unit{{"", r.Schema, r.Code}}, paths)
		if got.Kind != want.Kind || !slices.Equal(got.Schema, want.Schema) || !slices.Equal(got.Code, want.Code) || !slices.Equal(got.Ignored, want.Ignored) {
			t.Errorf("%v: units %+v, single %+v", paths, got, want)
		}
	}
}
