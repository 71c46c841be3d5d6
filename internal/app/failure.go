package app

import "github.com/schemagate/schemagate/internal/report"

// failed reports a run that stopped without a result: the error as a log
// line (an annotation on a runner) and, on a runner, a job summary saying
// what went wrong and the fix. It returns code.
func failed(s *report.Sink, command string, code int, errs ...error) int {
	var msgs []string
	for _, err := range errs {
		for _, one := range flatten(err) {
			s.Error("%v", one)
			msgs = append(msgs, one.Error())
		}
	}
	// Outside GitHub the messages on standard error are the whole report.
	if !s.Actions {
		return code
	}
	if serr := s.Summary(report.FailureSummary(command, code, msgs)); serr != nil {
		s.Warning("%v", serr)
	}
	return code
}
