package report

import (
	"fmt"

	"github.com/schemagate/schemagate/internal/check"
	"github.com/schemagate/schemagate/internal/classify"
	"github.com/schemagate/schemagate/internal/finding"
)

// MaxAnnotations is how many error (and, separately, warning) annotations
// GitHub shows for one step; it drops the rest without a word.
const MaxAnnotations = 10

// CheckAnnotate writes the check's annotations in the order that survives
// GitHub's limits: the verdict first, then the errors, then the warnings, at
// most MaxAnnotations of each level (the verdict counts against its level),
// then one notice that says how many were left out and where they are.
func CheckAnnotate(s *Sink, r *check.Result) {
	if !s.Actions {
		return
	}
	budget := map[finding.Severity]int{finding.Error: MaxAnnotations, finding.Warning: MaxAnnotations}
	if level, msg := verdictAnnotation(r); msg != "" {
		s.annotate(level, map[string]string{"title": "schemagate check"}, msg)
		budget[level]--
	}
	left := 0
	for _, sev := range []finding.Severity{finding.Error, finding.Warning} {
		for _, g := range groupByFile(r.Findings) {
			for _, f := range g.findings {
				if f.Severity != sev {
					continue
				}
				if budget[sev] <= 0 {
					left++
					continue
				}
				budget[sev]--
				s.Annotate(f)
			}
		}
	}
	if left > 0 {
		s.annotate("notice", map[string]string{"title": "schemagate check"},
			fmt.Sprintf("%s: see the job summary (GitHub shows at most %d error and %d warning annotations per step)", plural(left, "more finding"), MaxAnnotations, MaxAnnotations))
	}
}

// verdictAnnotation is the one annotation that carries the verdict, or ""
// for a check that passed without an override.
func verdictAnnotation(r *check.Result) (finding.Severity, string) {
	errs, _ := finding.Count(r.Findings)
	lint := ""
	if errs > 0 {
		lint = fmt.Sprintf("%s the check: see the annotations and the job summary", failPhrase(errs, "migration lint error"))
	}
	switch {
	case r.Class.Kind == classify.KindMixed && !r.Overridden:
		msg := MixedMessage(r)
		if lint != "" {
			msg += " Also " + lint + "."
		}
		return finding.Error, msg
	case r.Class.Kind == classify.KindMixed && errs > 0:
		return finding.Error, fmt.Sprintf("%s (the mixed change set itself is allowed by label %s).", lint, r.Label)
	case r.Class.Kind == classify.KindMixed:
		return finding.Warning, fmt.Sprintf("%s Allowed by label %s.", MixedMessage(r), r.Label)
	case errs > 0:
		return finding.Error, fmt.Sprintf("%s change set: %s.", r.Class.Kind, lint)
	}
	return "", ""
}
