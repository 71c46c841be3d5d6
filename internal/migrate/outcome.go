package migrate

import (
	"errors"
	"strings"

	"github.com/go-sql-driver/mysql"
	"modernc.org/sqlite"
)

// outcomeOf says what a migration file's error shows about the file: an
// answer from the engine (OutcomeFailed: the statement failed, the file did
// not complete), or no answer (OutcomeUnknown: the connection or the server
// was lost, so the engine may have committed it or not). Only an answer
// counts: a rollback is never assumed from a lost connection.
func outcomeOf(engine Engine, err error) Outcome {
	if err == nil {
		return OutcomeCompleted
	}
	if engine == SQLite {
		// SQLite runs in this process: whatever the error (the driver's, or
		// the context's after an interrupt), the engine has returned and
		// rolled the file's transaction back.
		return OutcomeFailed
	}
	orig := origErr(err)
	var me *mysql.MySQLError
	var se *sqlite.Error
	switch {
	case errors.As(orig, &se):
		return OutcomeFailed
	case errors.As(orig, &me):
		switch me.Number {
		case 1053, 1927, 2006, 2013: // server shutdown, connection killed, gone away, lost
			return OutcomeUnknown
		}
		return OutcomeFailed
	case hasAnySQLState(orig):
		var s sqlState
		errors.As(orig, &s)
		code := strings.ToUpper(s.SQLState())
		// 08: connection exception; 57P01-57P05: the server shut down or
		// crashed under the session (57014, a cancelled statement, is an
		// answer: the statement failed). XX: internal error.
		if strings.HasPrefix(code, "08") || strings.HasPrefix(code, "57P") || strings.HasPrefix(code, "XX") {
			return OutcomeUnknown
		}
		return OutcomeFailed
	}
	return OutcomeUnknown
}

// hasAnySQLState says whether err carries a PostgreSQL SQLSTATE.
func hasAnySQLState(err error) bool {
	var s sqlState
	return errors.As(err, &s)
}
