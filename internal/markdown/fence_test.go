package markdown

import "testing"

func TestFence(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s    string
		min  int
		want string
	}{
		{"plain", 1, "`"},
		{"a`b", 1, "``"},
		{"a``b`c", 1, "```"},
		{"```sql", 3, "````"},
		{"no ticks", 3, "```"},
		{"", 1, "`"},
	} {
		if got := Fence(tc.s, tc.min); got != tc.want {
			t.Errorf("Fence(%q, %d) = %q, want %q", tc.s, tc.min, got, tc.want)
		}
	}
}
