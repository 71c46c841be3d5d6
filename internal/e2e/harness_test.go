// Package e2e runs the built schemagate binary the way the GitHub runner runs
// a Docker action: every input as an INPUT_* variable (hyphens kept) with the
// defaults taken from action.yml itself, an event payload file, and
// GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files. Tests assert on the exit code,
// the outputs and the summary.
package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// BuildFlags are the go build flags of the release binary; the Dockerfile
// uses the same ones (a test holds them together).
var BuildFlags = []string{"-trimpath", "-ldflags", "-s -w"}

var (
	binary   string
	repoRoot string
)

func TestMain(m *testing.M) {
	os.Exit(mainWithBinary(m))
}

func mainWithBinary(m *testing.M) int {
	_, file, _, _ := runtime.Caller(0)
	repoRoot = filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
	dir, err := os.MkdirTemp("", "schemagate-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "schemagate")
	args := append([]string{"build"}, BuildFlags...)
	args = append(args, "-o", binary, ".")
	cmd := exec.Command("go", args...)
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// Action is one run of the action.
type Action struct {
	// Dir is the workspace (GITHUB_WORKSPACE and the working directory).
	Dir string
	// Inputs are the step's with: values; the rest come from action.yml.
	Inputs map[string]string
	// Event is GITHUB_EVENT_NAME; Payload is written to GITHUB_EVENT_PATH.
	Event   string
	Payload any
	// Env adds or overrides variables (GITHUB_API_URL, GITHUB_REF, ...).
	Env map[string]string
	// Token replaces the ${{ github.token }} default.
	Token string
}

// Result is what one run produced.
type Result struct {
	Code    int
	Stdout  string
	Stderr  string
	Outputs map[string]string
	Summary string
	// Elapsed is the run's wall time; State its process state (resource
	// usage for the benchmarks).
	Elapsed time.Duration
	State   *os.ProcessState
}

// actionDefaults reads the inputs' defaults from action.yml.
func actionDefaults(t testing.TB) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Inputs map[string]struct {
			Default string `yaml:"default"`
		} `yaml:"inputs"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("parse action.yml: %v", err)
	}
	out := map[string]string{}
	for name, in := range doc.Inputs {
		out[name] = in.Default
	}
	return out
}

// RunAction runs the binary as the runner would and collects the result.
func RunAction(t testing.TB, a Action) Result {
	t.Helper()
	tmp := t.TempDir()
	outFile := filepath.Join(tmp, "output")
	sumFile := filepath.Join(tmp, "summary")
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + tmp,
		"GITHUB_ACTIONS=true",
		"CI=true",
		"GITHUB_WORKSPACE=" + a.Dir,
		"GITHUB_OUTPUT=" + outFile,
		"GITHUB_STEP_SUMMARY=" + sumFile,
		"GITHUB_REPOSITORY=acme/shop",
		"GITHUB_API_URL=http://127.0.0.1:1",
	}
	if a.Event != "" {
		env = append(env, "GITHUB_EVENT_NAME="+a.Event)
		payload, err := json.Marshal(a.Payload)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(tmp, "event.json")
		if err := os.WriteFile(path, payload, 0o600); err != nil {
			t.Fatal(err)
		}
		env = append(env, "GITHUB_EVENT_PATH="+path)
	}
	for name, def := range actionDefaults(t) {
		v := def
		if in, ok := a.Inputs[name]; ok {
			v = in
		}
		if strings.Contains(v, "${{ github.token }}") {
			v = a.Token
		}
		env = append(env, "INPUT_"+strings.ToUpper(name)+"="+v)
	}
	for k, v := range a.Env {
		env = append(env, k+"="+v)
	}
	cmd := exec.Command(binary)
	cmd.Dir = a.Dir
	cmd.Env = env
	res := runCmd(t, cmd)
	res.Outputs = ParseOutputs(t, outFile)
	if b, err := os.ReadFile(sumFile); err == nil {
		res.Summary = string(b)
	}
	return res
}

// RunCLI runs the binary with arguments and a plain environment (no GitHub).
func RunCLI(t testing.TB, dir string, env map[string]string, args ...string) Result {
	t.Helper()
	return runCmd(t, cliCmd(t, dir, env, args...))
}

// cliCmd prepares the binary with arguments and a plain environment.
func cliCmd(t testing.TB, dir string, env map[string]string, args ...string) *exec.Cmd {
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// runCmd runs the binary to the end and collects its output and exit code.
func runCmd(t testing.TB, cmd *exec.Cmd) Result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	res := Result{Stdout: stdout.String(), Stderr: stderr.String(), Elapsed: time.Since(start), State: cmd.ProcessState}
	if ee, ok := err.(*exec.ExitError); ok {
		res.Code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run schemagate: %v", err)
	}
	return res
}

// ParseOutputs reads a GITHUB_OUTPUT file (name<<delimiter blocks).
func ParseOutputs(t testing.TB, path string) map[string]string {
	t.Helper()
	out := map[string]string{}
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return out
	}
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		name, delim, ok := strings.Cut(lines[i], "<<")
		if !ok {
			if n, v, ok := strings.Cut(lines[i], "="); ok {
				out[n] = v
			}
			continue
		}
		var val []string
		for i++; i < len(lines) && lines[i] != delim; i++ {
			val = append(val, lines[i])
		}
		out[name] = strings.Join(val, "\n")
	}
	return out
}
