package event

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	sha1 = "1111111111111111111111111111111111111111"
	sha2 = "2222222222222222222222222222222222222222"
)

func TestParse(t *testing.T) {
	t.Parallel()
	pr := `{"number":5,"pull_request":{"number":5,"changed_files":3000,
		"base":{"ref":"main","sha":"` + sha1 + `","repo":{"full_name":"acme/shop"}},
		"head":{"ref":"feat","sha":"` + sha2 + `","repo":{"full_name":"fork/shop"}},
		"labels":[{"name":"allow-mixed-deploy"},{"name":"x"}]},
		"repository":{"name":"shop","owner":{"login":"acme"},"default_branch":"main"}}`
	e, err := Parse("pull_request", []byte(pr))
	if err != nil {
		t.Fatal(err)
	}
	p := e.PullRequest
	if p.Number != 5 || p.BaseSHA != sha1 || p.HeadSHA != sha2 || p.ChangedFiles != 3000 || !p.Fork ||
		len(p.Labels) != 2 || e.Owner != "acme" || e.Repo != "shop" || e.DefaultBranch != "main" {
		t.Errorf("got %+v %+v", e, p)
	}
	push := `{"before":"` + ZeroSHA + `","after":"` + sha2 + `","created":true,"forced":false,"repository":{"name":"shop","owner":{"login":"acme"},"default_branch":"trunk"}}`
	e, err = Parse("push", []byte(push))
	if err != nil {
		t.Fatal(err)
	}
	if !e.Push.Created || e.Push.Before != ZeroSHA || e.DefaultBranch != "trunk" {
		t.Errorf("push %+v", e.Push)
	}
	mg := `{"merge_group":{"base_sha":"` + sha1 + `","head_sha":"` + sha2 + `","base_ref":"refs/heads/main"}}`
	e, err = Parse("merge_group", []byte(mg))
	if err != nil {
		t.Fatal(err)
	}
	if e.MergeGroup.BaseSHA != sha1 || e.MergeGroup.HeadSHA != sha2 {
		t.Errorf("merge group %+v", e.MergeGroup)
	}
	if e, err := Parse("workflow_dispatch", []byte(`{"inputs":{}}`)); err != nil || e.PullRequest != nil {
		t.Errorf("dispatch: %v %+v", err, e)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, payload, want string }{
		{"pull_request", `{`, "not valid JSON"},
		{"pull_request", `{}`, "no pull_request object"},
		{"pull_request", `{"pull_request":{"number":1,"base":{"sha":"x"},"head":{"sha":"` + sha2 + `"}}}`, "pull_request.base.sha"},
		{"pull_request_target", `{"pull_request":{"base":{"sha":"` + sha1 + `"},"head":{"sha":"` + sha2 + `"}}}`, "no pull request number"},
		{"push", `{"before":"` + sha1 + `","after":""}`, "field after"},
		{"merge_group", `{"merge_group":{"base_sha":"` + sha1 + `","head_sha":"nope"}}`, "merge_group.head_sha"},
		{"merge_group", `[]`, "not valid JSON"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.name, []byte(tt.payload))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %s: err = %v, want %q", tt.name, tt.payload, err, tt.want)
		}
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "event.json")
	if err := os.WriteFile(path, []byte(`{"before":"`+sha1+`","after":"`+sha2+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": path, "GITHUB_REF": "refs/heads/main", "GITHUB_REPOSITORY": "acme/shop"}
	e, err := Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if e.RefName() != "main" || e.Owner != "acme" || e.Repo != "shop" || e.Push.After != sha2 {
		t.Errorf("got %+v", e)
	}
	env["GITHUB_EVENT_PATH"] = filepath.Join(dir, "missing.json")
	if _, err := Load(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "GITHUB_EVENT_PATH") {
		t.Errorf("missing file: err = %v", err)
	}
}

// FuzzParse: no payload makes the parser panic, and an accepted pull
// request always has valid SHAs and a positive number.
func FuzzParse(f *testing.F) {
	f.Add("pull_request", `{"number":1,"pull_request":{"base":{"sha":"`+sha1+`"},"head":{"sha":"`+sha2+`"}}}`)
	f.Add("push", `{"before":"`+sha1+`","after":"`+sha2+`"}`)
	f.Add("merge_group", `{"merge_group":{"base_sha":"`+sha1+`","head_sha":"`+sha2+`"}}`)
	f.Add("pull_request_target", `{"pull_request":null}`)
	f.Fuzz(func(t *testing.T, name, payload string) {
		e, err := Parse(name, []byte(payload))
		if err != nil {
			return
		}
		if p := e.PullRequest; p != nil && (p.Number <= 0 || !shaRE.MatchString(p.BaseSHA) || !shaRE.MatchString(p.HeadSHA)) {
			t.Fatalf("accepted a bad pull request: %+v", p)
		}
	})
}
