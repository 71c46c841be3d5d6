package window

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func mustParse(t *testing.T, text string) []Window {
	t.Helper()
	ws, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text string
		line int
		want string
	}{
		{"Tue 14:00-16:00", 1, "three fields"},
		{"Tue 14:00-16:00 Europe/London extra", 1, "three fields"},
		{"\nTuesday 14:00-16:00 UTC\nTu 14:00-16:00 UTC", 3, `"Tu" is not a day`},
		{"Mon-Fr 14:00-16:00 UTC", 1, `"Fr" is not a day`},
		{"Mon 14:00 UTC", 1, "not a time range"},
		{"Mon 4:00-16:00 UTC", 1, `"4:00" is not a time`},
		{"Mon 14:60-16:00 UTC", 1, `"14:60" is not a time`},
		{"Mon 24:00-02:00 UTC", 1, `"24:00" is not a time`},
		{"Mon 22:00-24:30 UTC", 1, `"24:30" is not a time`},
		{"Mon 10:00-10:00 UTC", 1, "00:00-24:00"},
		{"Mon 10:00-11:00 Mars/Olympus", 1, "unknown time zone"},
		{"Mon 10:00-11:00 Local", 1, "Local depends"},
		{"Mon 10:00-11:00 ", 1, "three fields"},
	} {
		_, err := Parse(c.text)
		var le *LineError
		if !errors.As(err, &le) {
			t.Errorf("Parse(%q) = %v, want a LineError", c.text, err)
			continue
		}
		if le.N != c.line || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = line %d %v, want line %d containing %q", c.text, le.N, err, c.line, c.want)
		}
	}
}

func TestParseAccepts(t *testing.T) {
	t.Parallel()
	ws := mustParse(t, "# comment\n\n  tue 14:00-16:00 Europe/London  \nMonday,Thu-Sat 00:00-24:00 UTC\r\n")
	if len(ws) != 2 {
		t.Fatalf("got %d windows", len(ws))
	}
	if !ws[0].Days[time.Tuesday] || ws[0].Start != 14*60 || ws[0].End != 16*60 || ws[0].Loc.String() != "Europe/London" {
		t.Errorf("window 0: %+v", ws[0])
	}
	want := [7]bool{time.Monday: true, time.Thursday: true, time.Friday: true, time.Saturday: true}
	if ws[1].Days != want || ws[1].End != 1440 {
		t.Errorf("window 1: %+v", ws[1])
	}
}

func TestOpen(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, window, at string
		open             bool
	}{
		{"inside, winter (GMT = UTC)", "Tue 14:00-16:00 Europe/London", "2026-12-01 14:30", true},
		{"start is inclusive", "Tue 14:00-16:00 Europe/London", "2026-12-01 14:00", true},
		{"end is exclusive", "Tue 14:00-16:00 Europe/London", "2026-12-01 16:00", false},
		{"other day", "Tue 14:00-16:00 Europe/London", "2026-12-02 14:30", false},
		{"summer: 14:30 UTC is 15:30 BST", "Tue 14:00-16:00 Europe/London", "2026-07-07 14:30", true},
		{"summer: 15:00 UTC is 16:00 BST", "Tue 14:00-16:00 Europe/London", "2026-07-07 15:00", false},
		{"summer: 13:00 UTC is 14:00 BST", "Tue 14:00-16:00 Europe/London", "2026-07-07 13:00", true},
		{"zone day differs from UTC day", "Wed 08:00-10:00 Asia/Tokyo", "2026-12-01 23:30", true},
		{"past midnight, evening part", "Fri 22:00-02:00 UTC", "2026-12-04 23:00", true},
		{"past midnight, morning part", "Fri 22:00-02:00 UTC", "2026-12-05 01:59", true},
		{"past midnight, end", "Fri 22:00-02:00 UTC", "2026-12-05 02:00", false},
		{"past midnight, not the day before", "Fri 22:00-02:00 UTC", "2026-12-04 01:00", false},
		{"wrapping range Fri-Mon has Sun", "Fri-Mon 09:00-10:00 UTC", "2026-12-06 09:15", true},
		{"wrapping range Fri-Mon lacks Wed", "Fri-Mon 09:00-10:00 UTC", "2026-12-02 09:15", false},
		{"whole day", "Mon-Sun 00:00-24:00 UTC", "2026-12-02 23:59", true},
		// Spring forward, Europe/London 2026-03-29: 01:00 GMT becomes 02:00
		// BST, so the wall clock never shows 01:00-01:59 that day.
		{"DST gap: before", "Sun 01:00-03:00 Europe/London", "2026-03-29 00:59", false},
		{"DST gap: the window opens at 02:00 BST", "Sun 01:00-03:00 Europe/London", "2026-03-29 01:00", true},
		{"DST gap: closes at 03:00 BST", "Sun 01:00-03:00 Europe/London", "2026-03-29 02:00", false},
		// Fall back, 2026-10-25: 02:00 BST becomes 01:00 GMT, the wall clock
		// shows 01:00-01:59 twice, and the window lasts two hours.
		{"DST repeat: first 01:30 (BST)", "Sun 01:00-02:00 Europe/London", "2026-10-25 00:30", true},
		{"DST repeat: second 01:30 (GMT)", "Sun 01:00-02:00 Europe/London", "2026-10-25 01:30", true},
		{"DST repeat: 02:00 GMT", "Sun 01:00-02:00 Europe/London", "2026-10-25 02:00", false},
	} {
		w := mustParse(t, c.window)[0]
		if got := w.Open(utc(c.at)); got != c.open {
			t.Errorf("%s: %s at %s UTC open = %t, want %t", c.name, c.window, c.at, got, c.open)
		}
	}
}

func TestNextAndCheck(t *testing.T) {
	t.Parallel()
	ws := mustParse(t, "Tue 14:00-16:00 Europe/London\nThu 09:00-10:00 America/New_York")
	for _, c := range []struct {
		now, next string
	}{
		{"2026-12-01 08:30", "2026-12-01 14:00"}, // Tue morning: today's window
		{"2026-12-01 16:00", "2026-12-03 14:00"}, // Tue after: Thu 09:00 EST = 14:00 UTC
		{"2026-12-03 15:00", "2026-12-08 14:00"}, // Thu after: next Tue
		{"2026-03-29 00:30", "2026-03-31 13:00"}, // Tue 14:00 BST after the clock change
	} {
		at, _, ok := Next(ws, utc(c.now))
		if !ok || !at.Equal(utc(c.next)) {
			t.Errorf("Next(%s) = %s %t, want %s", c.now, at.UTC().Format("2006-01-02 15:04"), ok, c.next)
		}
	}
	if err := Check(ws, utc("2026-12-01 15:59")); err != nil {
		t.Errorf("inside a window: %v", err)
	}
	if err := Check(nil, utc("2026-12-01 03:00")); err != nil {
		t.Errorf("no windows: %v", err)
	}
	err := Check(ws, utc("2026-12-01 16:00"))
	var closed *Closed
	if !errors.As(err, &closed) {
		t.Fatalf("outside: %v", err)
	}
	for _, want := range []string{"now Tue 2026-12-01 16:00 UTC", "opens Thu 2026-12-03 09:00 America/New_York (EST, in 46h0m0s", `"Thu 09:00-10:00 America/New_York"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("Tue 14:00-16:00 Europe/London")
	f.Add("Mon-Fri,Sun 22:00-02:00 UTC\n# x")
	f.Fuzz(func(t *testing.T, s string) {
		ws, err := Parse(s)
		if err != nil {
			return
		}
		now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		for _, w := range ws {
			if w.Loc == nil || w.Start < 0 || w.Start >= 1440 || w.End < 0 || w.End > 1440 || w.Start == w.End {
				t.Fatalf("accepted %q as %+v", s, w)
			}
		}
		if at, _, ok := Next(ws, now); ok && !at.After(now) {
			t.Fatalf("Next not after now")
		}
	})
}
