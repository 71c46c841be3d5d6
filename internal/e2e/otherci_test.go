package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/schemagate/schemagate/internal/config"
)

// cliCall is a schemagate command line of a script: a GitLab script item
// (- schemagate ...) or a Jenkins sh step (sh "schemagate ..."), with the
// rest of its line.
var cliCall = regexp.MustCompile(`(?m)(?:^\s*- |sh ["'])schemagate (\w+)(.*)$`)
var cliFlag = regexp.MustCompile(`--([a-z-]+)`)

// TestOtherCITemplates holds the GitLab template and the Jenkinsfile to the
// CLI: every command and flag they use exists, the GitLab file is valid
// YAML whose jobs run in the CI image, and both use the image with a shell
// (the action's image has none, and both systems run job scripts in one).
func TestOtherCITemplates(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"ci/gitlab/schemagate.gitlab-ci.yml", "ci/jenkins/Jenkinsfile"} {
		data, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		calls := cliCall.FindAllStringSubmatch(text, -1)
		if len(calls) < 4 {
			t.Errorf("%s: %d schemagate calls, want check, plan, migrate and verify", name, len(calls))
		}
		for _, c := range calls {
			if !slices.Contains(config.Commands, c[1]) {
				t.Errorf("%s: schemagate %s: no such command", name, c[1])
			}
			for _, f := range cliFlag.FindAllStringSubmatch(c[2], -1) {
				if _, ok := config.Lookup(f[1]); !ok {
					t.Errorf("%s: schemagate %s --%s: no such input", name, c[1], f[1])
				}
			}
		}
		if !strings.Contains(text, "ghcr.io/schemagate/schemagate:v1-ci") {
			t.Errorf("%s does not use the -ci image (the one with a shell)", name)
		}
	}
	var gl map[string]any
	data, _ := os.ReadFile(filepath.Join(repoRoot, "ci", "gitlab", "schemagate.gitlab-ci.yml"))
	if err := yaml.Unmarshal(data, &gl); err != nil {
		t.Fatalf("GitLab template is not YAML: %v", err)
	}
	for _, job := range []string{"schemagate-check", "schemagate-migrate"} {
		j, ok := gl[job].(map[string]any)
		if !ok {
			t.Fatalf("GitLab template has no job %s", job)
		}
		img, _ := j["image"].(map[string]any)
		if img["name"] != "$SCHEMAGATE_IMAGE" {
			t.Errorf("job %s image %v, want $SCHEMAGATE_IMAGE", job, j["image"])
		}
	}
}
