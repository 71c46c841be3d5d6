// Package window owns the migration-windows input: it parses the window
// lines (`Mon-Fri 14:00-16:00 Europe/London`) and answers, for a given
// instant, whether a window is open and when the next one opens. A window is
// a range of its zone's wall clock: it opens when the clocks of that zone
// show the start time on one of its days and closes when they show the end
// time. The time zone database is embedded (time/tzdata), so the static
// image needs no zoneinfo files.
package window

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the distroless image has no /usr/share/zoneinfo
)

// Window is one line of migration-windows.
type Window struct {
	// Line is the line as written (trimmed), for messages.
	Line string
	// Days holds the days the window opens on.
	Days [7]bool
	// Start and End are minutes after midnight on the zone's wall clock;
	// End <= Start means the window runs past midnight into the next day.
	// End is 1440 for 24:00.
	Start, End int
	Loc        *time.Location
}

// LineError is a line that is not a window.
type LineError struct {
	// N is the line number (1-based) among the input's lines.
	N      int
	Line   string
	Reason string
}

func (e *LineError) Error() string {
	return fmt.Sprintf("line %d %q: %s", e.N, e.Line, e.Reason)
}

// Syntax is the accepted form, for messages and documentation.
const Syntax = "DAYS HH:MM-HH:MM ZONE, such as Tue 14:00-16:00 Europe/London or Mon-Fri 22:00-02:00 UTC (days Mon Tue Wed Thu Fri Sat Sun or their full names, a range Mon-Fri, or a list Mon,Wed; an IANA zone or UTC)"

// Parse reads one window per line. Blank lines and lines starting with #
// are skipped. The first bad line is returned as a *LineError.
func Parse(text string) ([]Window, error) {
	var out []Window
	for i, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		w, reason := parseLine(line)
		if reason != "" {
			return nil, &LineError{N: i + 1, Line: line, Reason: reason}
		}
		out = append(out, w)
	}
	return out, nil
}

func parseLine(line string) (Window, string) {
	w := Window{Line: line}
	fields := strings.Fields(line)
	if len(fields) != 3 {
		return w, "want three fields, " + Syntax
	}
	var reason string
	if w.Days, reason = parseDays(fields[0]); reason != "" {
		return w, reason
	}
	from, to, ok := strings.Cut(fields[1], "-")
	if !ok {
		return w, fmt.Sprintf("%q is not a time range HH:MM-HH:MM", fields[1])
	}
	if w.Start, reason = parseClock(from, false); reason != "" {
		return w, reason
	}
	if w.End, reason = parseClock(to, true); reason != "" {
		return w, reason
	}
	if w.Start == w.End {
		return w, "the window starts and ends at the same time: for a whole day write 00:00-24:00"
	}
	w.Loc, reason = parseZone(fields[2])
	return w, reason
}

var dayNames = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

func parseDay(s string) (time.Weekday, bool) {
	low := strings.ToLower(s)
	for i, n := range dayNames {
		if low == n || low == n[:3] {
			return time.Weekday(i), true
		}
	}
	return 0, false
}

// parseDays reads Mon, Mon-Fri (wrapping: Fri-Mon is Fri, Sat, Sun, Mon)
// and comma lists of both.
func parseDays(s string) (days [7]bool, reason string) {
	for _, item := range strings.Split(s, ",") {
		from, to, isRange := strings.Cut(item, "-")
		a, ok := parseDay(from)
		if !ok {
			return days, fmt.Sprintf("%q is not a day: use Mon Tue Wed Thu Fri Sat Sun (or full names), a range such as Mon-Fri, or a list such as Mon,Wed", from)
		}
		b := a
		if isRange {
			if b, ok = parseDay(to); !ok {
				return days, fmt.Sprintf("%q is not a day: use Mon Tue Wed Thu Fri Sat Sun (or full names)", to)
			}
		}
		for d := a; ; d = (d + 1) % 7 {
			days[d] = true
			if d == b {
				break
			}
		}
	}
	return days, ""
}

// parseClock reads HH:MM (24-hour); end allows 24:00.
func parseClock(s string, end bool) (int, string) {
	h, m, ok := strings.Cut(s, ":")
	bad := fmt.Sprintf("%q is not a time HH:MM (24-hour clock, 00:00 to 23:59, and 24:00 as an end)", s)
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, bad
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && (mm != 0 || !end)) {
		return 0, bad
	}
	return hh*60 + mm, ""
}

func parseZone(s string) (*time.Location, string) {
	if strings.EqualFold(s, "local") {
		return nil, "zone Local depends on the runner's settings: name an IANA zone such as Europe/London, or UTC"
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil, fmt.Sprintf("unknown time zone %q: use an IANA zone name such as Europe/London, America/New_York or UTC", s)
	}
	return loc, ""
}

// Open reports whether w is open at t: the zone's wall clock at t lies in
// the window on one of its days, or in the after-midnight part of a window
// that opened the day before.
func (w Window) Open(t time.Time) bool {
	lt := t.In(w.Loc)
	min := lt.Hour()*60 + lt.Minute()
	day := lt.Weekday()
	if w.End > w.Start {
		return w.Days[day] && min >= w.Start && min < w.End
	}
	// Past midnight: today's evening part, or yesterday's window's morning.
	if w.Days[day] && min >= w.Start {
		return true
	}
	return w.Days[(day+6)%7] && min < w.End
}

// horizon bounds the search for the next window: every window recurs
// weekly, so one opens within a week unless a clock change swallows it.
const horizon = 15 * 24 * time.Hour

// OpenAt returns the window open at t, if any.
func OpenAt(ws []Window, t time.Time) (Window, bool) {
	for _, w := range ws {
		if w.Open(t) {
			return w, true
		}
	}
	return Window{}, false
}

// Next returns the first instant after t at which one of ws opens, and that
// window. ok is false when none opens within two weeks (only possible for
// windows that clock changes swallow).
func Next(ws []Window, t time.Time) (at time.Time, w Window, ok bool) {
	// Every zone in use today is a whole number of minutes from UTC, so
	// windows open on whole minutes.
	for c := t.Truncate(time.Minute).Add(time.Minute); c.Sub(t) <= horizon; c = c.Add(time.Minute) {
		if w, ok := OpenAt(ws, c); ok {
			return c, w, true
		}
	}
	return time.Time{}, Window{}, false
}

// Closed says that no window is open and when the next one opens.
type Closed struct {
	Now  time.Time
	Next time.Time
	// Window is the one that opens next; HasNext is false when none opens
	// within two weeks.
	Window  Window
	HasNext bool
}

func (c *Closed) Error() string {
	now := c.Now.UTC().Format("Mon 2006-01-02 15:04 MST")
	if !c.HasNext {
		return fmt.Sprintf("outside every migration window (now %s), and none opens in the next two weeks: check migration-windows", now)
	}
	local := c.Next.In(c.Window.Loc)
	return fmt.Sprintf("outside every migration window (now %s): the next window opens %s %s (%s, in %s; window %q). Run again then, or change migration-windows",
		now, local.Format("Mon 2006-01-02 15:04"), c.Window.Loc, local.Format("MST"), c.Next.Sub(c.Now).Round(time.Minute), c.Window.Line)
}

// Check returns nil when ws is empty (any time) or a window is open at now,
// else a *Closed.
func Check(ws []Window, now time.Time) error {
	if len(ws) == 0 {
		return nil
	}
	if _, ok := OpenAt(ws, now); ok {
		return nil
	}
	at, w, ok := Next(ws, now)
	return &Closed{Now: now, Next: at, Window: w, HasNext: ok}
}
