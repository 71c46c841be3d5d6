package migrate

import "errors"

// Kind says which exit code an Error maps to.
type Kind int

const (
	// KindInput: bad input or configuration (URL, scheme, connection,
	// migrations directory, target). Exit code 2.
	KindInput Kind = iota + 1
	// KindFailed: a migration failed, the database is dirty, the lock could
	// not be taken, the run was cancelled, or verify found pending
	// migrations. Exit code 1.
	KindFailed
)

// Error is a command failure with a message for people. Msg never contains
// the database URL or its password (Err may, coming from a driver; callers
// redact before printing).
type Error struct {
	Kind Kind
	// Input names the input at fault, when there is one.
	Input string
	Msg   string
	Err   error
}

func (e *Error) Error() string {
	msg := e.Msg
	if e.Input != "" {
		msg = "input " + e.Input + ": " + msg
	}
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

func inputError(input, msg string, err error) *Error {
	return &Error{Kind: KindInput, Input: input, Msg: msg, Err: err}
}

func failed(msg string, err error) *Error {
	return &Error{Kind: KindFailed, Msg: msg, Err: err}
}

// KindOf returns the kind of err, KindFailed for errors of other types.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindFailed
}
