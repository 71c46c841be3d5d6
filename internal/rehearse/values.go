package rehearse

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/schemagate/schemagate/internal/schema"
)

// kind is how the generator fills a column type.
type kind int

const (
	kUnknown kind = iota
	kBool
	kInt
	kDecimal
	kText
	kUUID
	kDate
	kTimestamp
	kTime
	kYear
	kInterval
	kJSON
	kBytes
	kInet
	kEnum
	kArray
	kXML
	kTSVector
	kBit // MySQL BIT(n): a number, not a string
)

// colType is a column's kind with what bounds its values.
type colType struct {
	kind   kind
	length int      // character or byte length, 0 for unbounded
	values []string // enum labels, or the values a check allows
	// max is the largest distinct integer the type holds (0: plenty).
	max int
}

var lengthRe = regexp.MustCompile(`\((\d+)`)

// classify maps an engine's type spelling to a kind. enums are the
// schema's PostgreSQL enum types.
func classify(dialect, typ string, enums map[string]*schema.Enum) colType {
	t := strings.ToLower(strings.TrimSpace(typ))
	n := 0
	if m := lengthRe.FindStringSubmatch(t); m != nil {
		n, _ = strconv.Atoi(m[1])
	}
	if e := enums[t]; e != nil {
		return colType{kind: kEnum, values: e.Values}
	}
	if dialect == schema.SQLite {
		return sqliteAffinity(t, n)
	}
	if dialect == schema.MySQL && strings.HasPrefix(t, "bit") {
		return colType{kind: kBit, max: 1}
	}
	switch {
	case strings.HasSuffix(t, "[]"):
		return colType{kind: kArray}
	case strings.HasPrefix(t, "enum("), strings.HasPrefix(t, "set("):
		return colType{kind: kEnum, values: quoted(t)}
	case t == "boolean" || t == "bool" || t == "tinyint(1)" || t == "bit(1)":
		return colType{kind: kBool}
	case strings.HasPrefix(t, "tinyint"):
		return colType{kind: kInt, max: 127}
	case strings.HasPrefix(t, "smallint") || t == "smallserial" || strings.HasPrefix(t, "int2"):
		return colType{kind: kInt, max: 32767}
	case strings.Contains(t, "int") && !strings.Contains(t, "interval") && !strings.Contains(t, "point") || strings.Contains(t, "serial"):
		return colType{kind: kInt}
	case strings.HasPrefix(t, "numeric"), strings.HasPrefix(t, "decimal"), strings.HasPrefix(t, "real"),
		strings.HasPrefix(t, "double"), strings.HasPrefix(t, "float"), t == "money":
		return colType{kind: kDecimal, max: decimalMax(t)}
	case strings.HasPrefix(t, "character varying"), strings.HasPrefix(t, "varchar"), strings.HasPrefix(t, "character"),
		strings.HasPrefix(t, "char"), strings.HasPrefix(t, "nchar"), strings.HasPrefix(t, "nvarchar"),
		strings.HasSuffix(t, "text"), t == "citext", t == "name":
		return colType{kind: kText, length: n}
	case t == "uuid":
		return colType{kind: kUUID}
	case t == "date":
		return colType{kind: kDate}
	case strings.HasPrefix(t, "timestamp"), strings.HasPrefix(t, "datetime"):
		return colType{kind: kTimestamp}
	case strings.HasPrefix(t, "time"):
		return colType{kind: kTime}
	case strings.HasPrefix(t, "year"):
		return colType{kind: kYear, max: 150}
	case strings.HasPrefix(t, "interval"):
		return colType{kind: kInterval}
	case t == "json" || t == "jsonb":
		return colType{kind: kJSON}
	case t == "bytea", strings.HasSuffix(t, "blob"), strings.HasPrefix(t, "binary"), strings.HasPrefix(t, "varbinary"):
		return colType{kind: kBytes, length: n}
	case t == "inet" || t == "cidr":
		return colType{kind: kInet}
	case t == "xml":
		return colType{kind: kXML}
	case t == "tsvector":
		return colType{kind: kTSVector}
	}
	return colType{kind: kUnknown}
}

// sqliteAffinity follows SQLite's rules for a declared type (section 3.1
// of its datatype page): SQLite stores any value in any column, so only the
// affinity matters.
func sqliteAffinity(t string, n int) colType {
	switch {
	case t == "boolean" || t == "bool":
		return colType{kind: kBool}
	case strings.Contains(t, "int"):
		return colType{kind: kInt}
	case strings.Contains(t, "char"), strings.Contains(t, "clob"), strings.Contains(t, "text"):
		return colType{kind: kText, length: n}
	case strings.Contains(t, "blob"), t == "":
		return colType{kind: kText}
	case t == "date":
		return colType{kind: kDate}
	case strings.HasPrefix(t, "datetime"), strings.HasPrefix(t, "timestamp"):
		return colType{kind: kTimestamp}
	case strings.Contains(t, "json"):
		return colType{kind: kJSON}
	case strings.Contains(t, "uuid"):
		return colType{kind: kUUID}
	}
	return colType{kind: kDecimal}
}

// decimalMax is the largest whole number numeric(p,s) holds, 0 for plenty.
func decimalMax(t string) int {
	m := regexp.MustCompile(`\((\d+)\s*,\s*(\d+)\)`).FindStringSubmatch(t)
	if m == nil {
		return 0
	}
	p, _ := strconv.Atoi(m[1])
	s, _ := strconv.Atoi(m[2])
	if d := p - s; d < 9 {
		v := 1
		for range d {
			v *= 10
		}
		return v - 1
	}
	return 0
}

var quotedRe = regexp.MustCompile(`'((?:[^']|'')*)'`)

// quoted lists the string literals in s.
func quoted(s string) []string {
	var out []string
	for _, m := range quotedRe.FindAllStringSubmatch(s, -1) {
		out = append(out, strings.ReplaceAll(m[1], "''", "'"))
	}
	return out
}

var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// value is the generated value of row i for a column of type ct. distinct
// asks for a value no other row has; otherwise values repeat, as real data
// does. ord is the column's position, so that a later date column holds
// later dates (CHECK (ends_at > starts_at) holds).
func value(dialect string, ct colType, i int, distinct bool, ord int) any {
	n := i % 7
	if distinct {
		n = i
	}
	switch ct.kind {
	case kBool:
		return strconv.Itoa(n % 2)
	case kBit:
		return int64(n % 2)
	case kInt, kDecimal, kYear:
		v := n + 1
		if ct.kind == kYear {
			return strconv.Itoa(1901 + v%150)
		}
		return strconv.Itoa(v)
	case kText:
		s := "v" + strconv.FormatInt(int64(n), 36)
		if !distinct {
			s = "v" + strconv.Itoa(i%13)
		}
		if len(ct.values) > 0 {
			s = ct.values[n%len(ct.values)]
		}
		if ct.length > 0 && len(s) > ct.length {
			s = s[len(s)-ct.length:]
		}
		return s
	case kEnum:
		return ct.values[n%len(ct.values)]
	case kUUID:
		return fmt.Sprintf("00000000-0000-4000-8000-%012x", n)
	case kDate:
		return epoch.AddDate(0, 0, ord*2000+n).Format("2006-01-02")
	case kTimestamp:
		return epoch.Add(time.Duration(ord)*10_000*time.Minute + time.Duration(n)*time.Minute).Format("2006-01-02 15:04:05")
	case kTime:
		return fmt.Sprintf("%02d:%02d:%02d", (n/3600)%24, (n/60)%60, n%60)
	case kInterval:
		return strconv.Itoa(n+1) + " days"
	case kJSON:
		return `{"n": ` + strconv.Itoa(n) + `}`
	case kBytes:
		b := []byte("v" + strconv.Itoa(n))
		if ct.length > 0 && len(b) > ct.length {
			b = b[len(b)-ct.length:]
		}
		if dialect == schema.Postgres {
			return `\x` + hex.EncodeToString(b)
		}
		return b
	case kInet:
		return fmt.Sprintf("10.%d.%d.%d", (n>>16)&255, (n>>8)&255, n&255)
	case kArray:
		return "{}"
	case kXML:
		return "<v n=\"" + strconv.Itoa(n) + "\"/>"
	case kTSVector:
		return "v" + strconv.Itoa(n)
	}
	return nil
}

// capacity is how many distinct values the type holds (0: plenty).
func (ct colType) capacity() int {
	switch ct.kind {
	case kBool, kBit:
		return 2
	case kEnum, kArray:
		if ct.kind == kArray {
			return 1
		}
		return len(ct.values)
	case kInt, kDecimal, kYear:
		return ct.max
	case kText:
		if len(ct.values) > 0 {
			return len(ct.values)
		}
		if ct.length > 0 && ct.length < 5 {
			c := 1
			for range ct.length - 1 {
				c *= 36
			}
			return c
		}
	}
	if len(ct.values) > 0 {
		return len(ct.values)
	}
	return 0
}
