package sqllint

import (
	"strconv"
	"strings"
	"testing"

	"github.com/schemagate/schemagate/internal/finding"
)

func rulesOf(fs []finding.Finding) string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.Rule+"@"+strconv.Itoa(f.Line))
	}
	return strings.Join(ids, " ")
}

func TestLint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, dialect, src, want string
	}{
		{"none is off", "none", "DROP TABLE users;", ""},
		{"unknown dialect is off", "oracle", "DROP TABLE users;", ""},
		{"empty file", dialectPostgres, "", ""},
		{"only comments", dialectMySQL, "-- nothing\n# here\n/* at all */", ""},
		{"line of the statement, not of its comment", dialectPostgres,
			"-- drop it\n\n  DROP TABLE users;", "SG201@3 SG224@3"},
		{"suppression on the line before", dialectPostgres,
			"SET lock_timeout = '1s';\n-- schemagate:ignore SG201 unused since v3\nDROP TABLE users;", ""},
		{"suppression trailing the statement", dialectSQLite,
			"DROP TABLE users; -- schemagate:ignore SG201 unused since v3\nDROP TABLE orders;", "SG201@2"},
		{"suppression inside a multi-line statement", dialectMySQL,
			"SET SESSION lock_wait_timeout = 5;\nALTER TABLE users\n  -- schemagate:ignore SG202 unused since v3\n  DROP COLUMN name;", ""},
		{"suppression covers only the next statement", dialectSQLite,
			"-- schemagate:ignore SG201 unused since v3\nDROP TABLE a;\nDROP TABLE b;", "SG201@3"},
		{"suppression of another rule does not cover and is stale", dialectSQLite,
			"-- schemagate:ignore SG202 wrong rule\nDROP TABLE a;", "SG291@1 SG201@2"},
		{"suppression of a rule of another dialect is not stale", dialectSQLite,
			"-- schemagate:ignore SG211 PostgreSQL only\nCREATE INDEX i ON t (c);", ""},
		{"two suppressions of one finding both match", dialectPostgres,
			"SET lock_timeout = '1s';\n-- schemagate:ignore SG201 unused since v3\nDROP TABLE a; -- schemagate:ignore SG201 really\n", ""},
		{"stale suppression is reported once per comment", dialectPostgres,
			"SET lock_timeout = '1s';\n-- schemagate:ignore SG201,SG202,SG201 nothing here\nSELECT 1;", "SG291@2"},
		{"mysql engine after another table option", dialectMySQL,
			"SET SESSION lock_wait_timeout = 5;\nALTER TABLE t ROW_FORMAT=DYNAMIC ENGINE InnoDB;", "SG219@2"},
		{"mysql convert to charset", dialectMySQL,
			"SET SESSION lock_wait_timeout = 5;\nALTER TABLE t CONVERT TO CHARSET latin1, ALGORITHM=INPLACE;", "SG219@2"},
		{"mysql rebuild suppressed", dialectMySQL,
			"SET SESSION lock_wait_timeout = 5;\n-- schemagate:ignore SG219 40 rows\nALTER TABLE t FORCE;", ""},
		{"postgres rewrite without lock timeout", dialectPostgres,
			"ALTER TABLE t SET UNLOGGED;", "SG219@1 SG224@1"},
		{"suppression without reason is a finding and silences nothing", dialectSQLite,
			"-- schemagate:ignore SG201\nDROP TABLE a;", "SG290@1 SG201@2"},
		{"suppression without rule", dialectSQLite,
			"-- schemagate:ignore\nDROP TABLE a;", "SG290@1 SG201@2"},
		{"lower-case rule id", dialectSQLite,
			"-- schemagate:ignore sg201 fine\nDROP TABLE a;", ""},
		{"block comments are not suppressions", dialectSQLite,
			"/* schemagate:ignore SG201 nope */\nDROP TABLE a;", "SG201@2"},
		{"other tools' comments are ignored", dialectSQLite,
			"-- schemagate:ignore-file everything\nDROP TABLE a;", "SG201@2"},
		{"parse error is one finding", dialectPostgres, "SELECT 1;\nDROP TABLE (;\nDROP TABLE x;", "SG200@2"},
		{"parse error suppressed anywhere", dialectPostgres, "-- schemagate:ignore SG200 vendor syntax\nSELECT 1;\nFROB;", ""},
		{"NUL byte", dialectPostgres, "SELECT 1;\n\x00", "SG200@2"},
		{"mysql unterminated comment", dialectMySQL, "SELECT 1;\n/* open", "SG200@2"},
		{"mysql backslash escape keeps the string open", dialectMySQL, `UPDATE t SET a = 'it\'s; fine' WHERE id = 1;`, ""},
		{"mysql executable comment is SQL", dialectMySQL, "/*!50700 DROP TABLE t */;", "SG201@1 SG224@1"},
		{"postgres DO block: its statements are linted, its semicolons split nothing", dialectPostgres,
			"DO $$ BEGIN UPDATE t SET a = 1; END $$;", "SG223@1"},
		{"postgres DO block that does not parse as PL/pgSQL", dialectPostgres,
			"DO $$\nBEGIN\n  UPDAT t SET a = 1;\nEND $$;", "SG200@1"},
		{"postgres DO block in another language is not read", dialectPostgres,
			"DO LANGUAGE plperl $$ my $x = 1; $$;", ""},
		{"sqlite trigger body is one statement", dialectSQLite,
			"CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM u; UPDATE v SET a = 1; END;", ""},
		{"mysql IF NOT EXISTS is not a block", dialectMySQL,
			"CREATE TRIGGER IF NOT EXISTS tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1;\nDELETE FROM t;", "SG223@2"},
		{"mysql update with subquery where is still unbounded", dialectMySQL,
			"UPDATE t SET a = (SELECT b FROM u WHERE u.id = 1);", "SG223@1"},
		{"new table exempt from locking and breaking rules", dialectPostgres,
			"CREATE TABLE t (id int);\nCREATE INDEX t_id ON t (id);\nALTER TABLE t ADD COLUMN x int NOT NULL;\nUPDATE t SET x = 1;", ""},
		{"schema-qualified table", dialectPostgres,
			"SET lock_timeout = '1s';\nALTER TABLE app.users DROP COLUMN name;", "SG202@2"},
		{"quoted identifiers", dialectMySQL,
			"SET SESSION lock_wait_timeout = 5;\nALTER TABLE `my db`.`user list` DROP COLUMN `full name`;", "SG202@2"},
		{"mysql add several columns in parentheses", dialectMySQL,
			"SET SESSION lock_wait_timeout = 5;\nALTER TABLE t ADD COLUMN (a int NULL, b int NOT NULL, c int NOT NULL DEFAULT 0);", "SG205@2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Lint(tc.dialect, "m.sql", []byte(tc.src))
			if rulesOf(got) != tc.want {
				t.Errorf("got %q, want %q\n%s", rulesOf(got), tc.want, render(got))
			}
			for _, f := range got {
				if f.File != "m.sql" || f.Line < 1 || f.Message == "" || (f.Severity != finding.Error && f.Severity != finding.Warning) {
					t.Errorf("malformed finding %+v", f)
				}
			}
		})
	}
}

func TestMessagesNameTheFix(t *testing.T) {
	t.Parallel()
	// Every rule with a check has a golden case whose message says what to
	// do instead; a message that only complains would fail this.
	verbs := []string{"instead", "Use ", "Add ", "Put ", "Start ", "Backfill", "Contract", "Build", "Expand", "Remove ", "Shorten ", "Deploy ", "Say where", "Drop the", "Fix the name"}
	for _, r := range allRules {
		if r.check == nil {
			continue
		}
		r := r
		t.Run(r.id, func(t *testing.T) {
			t.Parallel()
			// A rule-specific snippet known to trigger it.
			for _, f := range lintGoldenBad(t, r.id) {
				if f.Rule != r.id {
					continue
				}
				ok := false
				for _, v := range verbs {
					ok = ok || strings.Contains(f.Message, v)
				}
				if !ok {
					t.Errorf("%s message names no safe alternative: %s", r.id, f.Message)
				}
			}
		})
	}
}
