// Package release owns what the release workflow changes in the repository:
// the action.yml of a release tag, whose runs.image points at the image the
// release pushed, by digest, so `uses: schemagate/schemagate@v1.2.3` pulls a
// pinned image instead of building the Dockerfile in every job.
package release

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	digestRe = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	// imageRe is a lower-case registry/repository name without tag or digest.
	imageRe = regexp.MustCompile(`^[a-z0-9]+([._-][a-z0-9]+)*(\.[a-z0-9-]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)+$`)
)

// PinImage rewrites action.yml so that runs.image is
// docker://<image>@<digest>. It changes that one line and nothing else, so
// the inputs, their defaults and every comment stay as they are; it refuses
// an action.yml that is not a Docker action building the Dockerfile (the
// form main keeps), so it can never pin twice or pin the wrong file.
func PinImage(actionYML []byte, image, digest string) ([]byte, error) {
	if !imageRe.MatchString(image) {
		return nil, fmt.Errorf("image %q is not a lower-case registry/repository name such as ghcr.io/schemagate/schemagate (no tag, no digest)", image)
	}
	if !digestRe.MatchString(digest) {
		return nil, fmt.Errorf("digest %q is not sha256:<64 hex digits>", digest)
	}
	var doc struct {
		Runs struct {
			Using string `yaml:"using"`
			Image string `yaml:"image"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(actionYML, &doc); err != nil {
		return nil, fmt.Errorf("action.yml is not valid YAML: %w", err)
	}
	if doc.Runs.Using != "docker" || doc.Runs.Image != "Dockerfile" {
		return nil, fmt.Errorf("action.yml has runs.using %q and runs.image %q: only a docker action whose image is Dockerfile is pinned", doc.Runs.Using, doc.Runs.Image)
	}

	lines := bytes.SplitAfter(actionYML, []byte("\n"))
	inRuns, done := false, false
	for i, l := range lines {
		s := strings.TrimRight(string(l), "\r\n")
		switch {
		case s == "runs:":
			inRuns = true
		case inRuns && len(s) > 0 && s[0] != ' ' && s[0] != '#':
			inRuns = false // the next top-level key
		case inRuns && !done && strings.TrimSpace(s) == "image: Dockerfile":
			indent := s[:len(s)-len(strings.TrimLeft(s, " "))]
			eol := string(l[len(s):])
			lines[i] = []byte(fmt.Sprintf("%simage: docker://%s@%s%s", indent, image, digest, eol))
			done = true
		}
	}
	if !done {
		return nil, fmt.Errorf("action.yml: no line `image: Dockerfile` under runs: (write it on one line, unquoted)")
	}
	out := bytes.Join(lines, nil)
	// The result must still be the same action, with only the image changed.
	var check struct {
		Runs struct {
			Using string `yaml:"using"`
			Image string `yaml:"image"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(out, &check); err != nil || check.Runs.Image != "docker://"+image+"@"+digest || check.Runs.Using != "docker" {
		return nil, fmt.Errorf("rewriting action.yml did not give runs.image docker://%s@%s (got %q, %v)", image, digest, check.Runs.Image, err)
	}
	return out, nil
}

// SelfUses is how the reusable workflows in this repository use the action
// on main. A release tag's copy pins it to the released image instead, since
// a reusable workflow cannot say "the action of my own ref".
const SelfUses = "uses: schemagate/schemagate@main"

// PinWorkflow rewrites every `uses: schemagate/schemagate@main` step of a
// workflow to `uses: docker://<image>@<digest>`. A workflow without such a
// step is an error: the release would otherwise ship a workflow that runs
// main's action.
func PinWorkflow(workflow []byte, image, digest string) ([]byte, error) {
	if !imageRe.MatchString(image) || !digestRe.MatchString(digest) {
		return nil, fmt.Errorf("image %q and digest %q must be a lower-case repository and sha256:<64 hex digits>", image, digest)
	}
	lines := bytes.SplitAfter(workflow, []byte("\n"))
	n := 0
	for i, l := range lines {
		s := string(l)
		trimmed := strings.TrimLeft(s, " -")
		if !strings.HasPrefix(trimmed, SelfUses) {
			continue
		}
		rest := trimmed[len(SelfUses):]
		if rest != "" && rest[0] != ' ' && rest[0] != '\n' && rest[0] != '\r' {
			continue // schemagate/schemagate@main-something
		}
		prefix := s[:len(s)-len(trimmed)]
		lines[i] = []byte(prefix + "uses: docker://" + image + "@" + digest + rest)
		n++
	}
	if n == 0 {
		return nil, fmt.Errorf("no step says %q: nothing to pin", SelfUses)
	}
	return bytes.Join(lines, nil), nil
}
