// Package report owns everything a run shows: step outputs, the Markdown job
// summary, annotations, log messages, the sticky PR comment body, the CLI's
// plain text, the SARIF file, and the failure summary of a run that stopped
// early. On a runner it speaks workflow commands and environment files;
// outside GitHub it writes the report to standard output. Reporters render
// results; they never decide whether a run passed. Escaping belongs here,
// in each sink (escape.go), so no caller can forget it.
package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sethvargo/go-githubactions"

	"github.com/schemagate/schemagate/internal/finding"
)

// Sink is where a run's report goes. Every string passes through Redact
// before it is written, so a secret cannot leave through any path.
type Sink struct {
	// Actions is true on a GitHub runner (GITHUB_ACTIONS=true).
	Actions bool
	a       *githubactions.Action
	out     io.Writer
	errOut  io.Writer
	getenv  func(string) string
	// Redact removes secrets from text; nil means no redaction.
	Redact func(string) string
}

// NewSink builds a sink around the action (whose writer is stdout).
func NewSink(getenv func(string) string, stdout, stderr io.Writer) *Sink {
	a := githubactions.New(githubactions.WithGetenv(getenv), githubactions.WithWriter(stdout))
	return &Sink{
		Actions: getenv("GITHUB_ACTIONS") == "true",
		a:       a,
		out:     stdout,
		errOut:  stderr,
		getenv:  getenv,
	}
}

func (s *Sink) clean(v string) string {
	if s.Redact != nil {
		return s.Redact(v)
	}
	return v
}

// fileCommand runs an environment-file command, turning the library's panic
// on an unwritable file into an error.
func fileCommand(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	fn()
	return nil
}

// Mask tells the runner to hide secret in every later log line. Outside
// GitHub there is no log to mask, and the secret is not printed.
func (s *Sink) Mask(secret string) {
	if s.Actions && secret != "" {
		for _, line := range strings.Split(secret, "\n") {
			if line != "" {
				s.a.AddMask(line)
			}
		}
	}
}

// SetOutput sets a step output. It is a no-op when GITHUB_OUTPUT is unset
// (the CLI), so a terminal never sees workflow commands.
func (s *Sink) SetOutput(name, value string) error {
	if s.getenv("GITHUB_OUTPUT") == "" {
		return nil
	}
	value = s.clean(value)
	if err := fileCommand(func() { s.a.SetOutput(name, value) }); err != nil {
		return fmt.Errorf("write output %s to GITHUB_OUTPUT: %w", name, err)
	}
	return nil
}

// Summary appends Markdown to the job summary, or prints it to standard
// output outside GitHub.
func (s *Sink) Summary(md string) error {
	md = s.clean(md)
	if s.getenv("GITHUB_STEP_SUMMARY") == "" {
		// Standard output is a terminal or a runner's log: no escape
		// sequences, no workflow commands, whatever the report holds.
		_, err := io.WriteString(s.out, termBlock(md))
		return err
	}
	if err := fileCommand(func() { s.a.AddStepSummary(md) }); err != nil {
		return fmt.Errorf("write job summary to GITHUB_STEP_SUMMARY: %w", err)
	}
	return nil
}

// Annotate shows a finding on its file and line in the pull request. Outside
// GitHub the finding is part of the summary text instead. The library
// escapes the properties (%, CR, LF, ":" and ",") and the message (%, CR,
// LF) as the runner expects.
func (s *Sink) Annotate(f finding.Finding) {
	if !s.Actions {
		return
	}
	fields := map[string]string{"file": f.File, "title": f.Rule}
	if f.Line > 0 {
		fields["line"] = strconv.Itoa(f.Line)
	}
	level := "warning"
	if f.Severity == finding.Error {
		level = "error"
	}
	s.annotate(finding.Severity(level), fields, f.Message)
}

// annotate writes one annotation of level error, warning or notice.
func (s *Sink) annotate(level finding.Severity, fields map[string]string, msg string) {
	clean := make(map[string]string, len(fields))
	for k, v := range fields {
		clean[k] = s.clean(v)
	}
	a := s.a.WithFieldsMap(clean)
	// The library escapes CR, LF and '%'; other control characters (ANSI
	// escapes colour the runner's log) are ours.
	msg = controls(s.clean(msg), true)
	switch level {
	case finding.Error:
		a.Errorf("%s", msg)
	case finding.Warning:
		a.Warningf("%s", msg)
	default:
		a.Noticef("%s", msg)
	}
}

// Notice, Warning and Error log a message: as workflow commands on a runner,
// as plain lines outside (warnings and errors on standard error).
func (s *Sink) Notice(format string, args ...any) { s.log(s.a.Noticef, s.out, "notice", format, args) }

func (s *Sink) Warning(format string, args ...any) {
	s.log(s.a.Warningf, s.errOut, "warning", format, args)
}

func (s *Sink) Error(format string, args ...any) { s.log(s.a.Errorf, s.errOut, "error", format, args) }

func (s *Sink) log(command func(string, ...any), plain io.Writer, level, format string, args []any) {
	// The library escapes CR, LF and '%' in workflow commands; other
	// control characters (ANSI escapes color the runner's log) are ours.
	msg := controls(s.clean(fmt.Sprintf(format, args...)), true)
	if s.Actions {
		command("%s", msg)
		return
	}
	fmt.Fprintf(plain, "%s: %s\n", level, termText(msg))
}

// Info logs a plain line: one line whatever the arguments hold (a file
// name with a CR or LF cannot start a line of its own, see termLine).
func (s *Sink) Info(format string, args ...any) {
	// One line that cannot start with "::": a runner would run it as a
	// workflow command.
	fmt.Fprintf(s.out, "%s\n", termLine(s.clean(fmt.Sprintf(format, args...))))
}

// Group folds the lines fn logs under title on a runner.
func (s *Sink) Group(title string, fn func()) {
	title = termLine(s.clean(title))
	if s.Actions {
		s.a.Group(title)
		defer s.a.EndGroup()
	} else {
		fmt.Fprintf(s.out, "== %s\n", termText(title))
	}
	fn()
}
