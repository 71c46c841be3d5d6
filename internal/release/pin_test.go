package release

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestPinImageRealActionYML(t *testing.T) {
	t.Parallel()
	in, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := PinImage(in, "ghcr.io/schemagate/schemagate", digest)
	if err != nil {
		t.Fatal(err)
	}
	inLines, outLines := strings.Split(string(in), "\n"), strings.Split(string(out), "\n")
	if len(inLines) != len(outLines) {
		t.Fatalf("line count changed: %d -> %d", len(inLines), len(outLines))
	}
	changed := 0
	for i := range inLines {
		if inLines[i] != outLines[i] {
			changed++
			if inLines[i] != "  image: Dockerfile" || outLines[i] != "  image: docker://ghcr.io/schemagate/schemagate@"+digest {
				t.Errorf("line %d: %q -> %q", i+1, inLines[i], outLines[i])
			}
		}
	}
	if changed != 1 {
		t.Errorf("%d lines changed, want exactly 1", changed)
	}
	// Inputs, outputs and their defaults are the same action.
	var a, b map[string]any
	if err := yaml.Unmarshal(in, &a); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(out, &b); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"name", "description", "inputs", "outputs", "branding"} {
		if !reflect.DeepEqual(a[k], b[k]) {
			t.Errorf("%s changed", k)
		}
	}
	// Pinning twice is refused: the tag's action.yml is never re-pinned.
	if _, err := PinImage(out, "ghcr.io/schemagate/schemagate", digest); err == nil || !strings.Contains(err.Error(), "only a docker action whose image is Dockerfile") {
		t.Errorf("second pin: %v", err)
	}
}

func TestPinImageRefuses(t *testing.T) {
	t.Parallel()
	good := []byte("name: x\nruns:\n  using: docker\n  image: Dockerfile\n")
	for _, tc := range []struct {
		name, yml, image, digest, want string
	}{
		{"upper-case image", string(good), "ghcr.io/Schemagate/x", digest, "lower-case"},
		{"image with tag", string(good), "ghcr.io/schemagate/schemagate:v1", digest, "no tag"},
		{"short digest", string(good), "ghcr.io/a/b", "sha256:abc", "64 hex"},
		{"tag as digest", string(good), "ghcr.io/a/b", "v1.2.3", "64 hex"},
		{"composite action", "runs:\n  using: composite\n  steps: []\n", "ghcr.io/a/b", digest, "only a docker action"},
		{"quoted image", "runs:\n  using: docker\n  image: 'Dockerfile'\n", "ghcr.io/a/b", digest, "no line `image: Dockerfile`"},
		{"not yaml", "runs: [", "ghcr.io/a/b", digest, "not valid YAML"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := PinImage([]byte(tc.yml), tc.image, tc.digest)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("want %q, got %v", tc.want, err)
			}
		})
	}
	// An image: Dockerfile line outside runs: (a comment or another key) is not touched.
	yml := "# image: Dockerfile\nruns:\n  using: docker\n  # image: Dockerfile is built per job\n  image: Dockerfile\n"
	out, err := PinImage([]byte(yml), "ghcr.io/a/b", digest)
	if err != nil {
		t.Fatal(err)
	}
	want := "# image: Dockerfile\nruns:\n  using: docker\n  # image: Dockerfile is built per job\n  image: docker://ghcr.io/a/b@" + digest + "\n"
	if string(out) != want {
		t.Errorf("got\n%s", out)
	}
}
