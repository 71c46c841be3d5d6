package ghapi

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

const marker = "<!-- schemagate:report -->"

func TestUpsertCommentCreatesThenUpdates(t *testing.T) {
	t.Parallel()
	f := newFake(t, "")
	f.setPR(4, &fakePR{})
	f.setComments(4, []*fakeComment{{ID: 1, Body: "LGTM"}}, 1000)
	c := f.client(t)
	ctx := context.Background()

	url1, created, err := c.UpsertComment(ctx, "octo", "hello", 4, marker, marker+"\nrun 1")
	if err != nil || !created {
		t.Fatalf("first run: created %v err %v, want created", created, err)
	}
	url2, created, err := c.UpsertComment(ctx, "octo", "hello", 4, marker, marker+"\nrun 2")
	if err != nil || created {
		t.Fatalf("second run: created %v err %v, want updated", created, err)
	}
	if url1 != url2 || !strings.Contains(url1, "#issuecomment-") {
		t.Errorf("urls %q and %q: want the same comment's html_url", url1, url2)
	}
	// A third run with the same body changes nothing.
	if _, created, err := c.UpsertComment(ctx, "octo", "hello", 4, marker, marker+"\nrun 2"); err != nil || created {
		t.Fatalf("third run: created %v err %v", created, err)
	}

	got := f.commentsOf(4)
	if len(got) != 2 || got[0].Body != "LGTM" || got[1].Body != marker+"\nrun 2" {
		t.Fatalf("comments = %+v, want the unrelated one and one updated report", got)
	}
	if p, e := f.count("POST", "/repos/octo/hello/issues/4/comments"), f.count("PATCH", "/repos/octo/hello/issues/comments/"); p != 1 || e != 1 {
		t.Errorf("POSTs %d, PATCHes %d; want 1 and 1", p, e)
	}
}

func TestUpsertCommentFindsMarkerOnLaterPage(t *testing.T) {
	t.Parallel()
	f := newFake(t, "")
	f.setPR(4, &fakePR{})
	var cs []*fakeComment
	for i := range 250 {
		body := fmt.Sprintf("comment %d", i)
		if i == 130 || i == 200 { // the first carrying the marker wins
			body += "\n" + marker
		}
		cs = append(cs, &fakeComment{ID: int64(i + 1), Body: body})
	}
	f.setComments(4, cs, 1000)
	url, created, err := f.client(t).UpsertComment(context.Background(), "octo", "hello", 4, marker, "new report")
	if err != nil || created {
		t.Fatalf("created %v err %v, want the existing comment updated", created, err)
	}
	if !strings.HasSuffix(url, "#issuecomment-131") {
		t.Errorf("url = %q, want comment 131", url)
	}
	after := f.commentsOf(4)
	if b := after[130].Body; b != "new report\n\n"+marker+"\n" {
		t.Errorf("updated body = %q, want the report with the marker appended", b)
	}
	if n := len(after); n != 250 {
		t.Errorf("%d comments, want 250 (none created)", n)
	}
	if n := f.count("GET", "/repos/octo/hello/issues/4/comments"); n != 2 {
		t.Errorf("comment pages read = %d, want 2 (stop at the marker)", n)
	}
}

func TestUpsertCommentNeverDuplicates(t *testing.T) {
	t.Parallel()
	const post = "/repos/octo/hello/issues/4/comments"
	tests := []struct {
		name      string
		fault     *fault
		wantPosts int
	}{
		{name: "502 after the comment was created", fault: &fault{method: "POST", path: post, times: 1, status: 502, body: badGateway, afterHandler: true}, wantPosts: 1},
		{name: "502 before the comment was created", fault: &fault{method: "POST", path: post, times: 1, status: 502, body: badGateway}, wantPosts: 2},
		{name: "503 on PATCH is retried with its body", fault: &fault{method: "PATCH", path: "/repos/octo/hello/issues/comments/1", times: 1, status: 503, body: badGateway}, wantPosts: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, "")
			f.setPR(4, &fakePR{})
			if tt.wantPosts == 0 {
				f.setComments(4, []*fakeComment{{ID: 1, Body: marker + " old"}}, 1)
			}
			f.addFault(tt.fault)
			_, _, err := f.client(t).UpsertComment(context.Background(), "octo", "hello", 4, marker, marker+" report")
			if err != nil {
				t.Fatal(err)
			}
			if got := f.commentsOf(4); len(got) != 1 || got[0].Body != marker+" report" {
				t.Fatalf("comments = %+v, want exactly one with the report", got)
			}
			if n := f.count("POST", post); n != tt.wantPosts {
				t.Errorf("POSTs = %d, want %d", n, tt.wantPosts)
			}
		})
	}
}

func TestUpsertCommentErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fault    *fault
		marker   string
		number   int
		wantKind Kind
		wantText []string
	}{
		{
			name:   "read-only token (fork PR)",
			fault:  &fault{method: "POST", path: "/repos/octo/hello/issues/4/comments", times: 1, status: 403, body: notAccessible},
			marker: marker, number: 4, wantKind: KindPermission,
			wantText: []string{"Resource not accessible by integration", "permissions: block lacks pull-requests: write", "forks"},
		},
		{name: "no such PR", marker: marker, number: 404, wantKind: KindNotFound, wantText: []string{"404 Not Found", "cannot see the repository"}},
		{name: "empty marker", marker: " ", number: 4, wantKind: KindOther, wantText: []string{"empty comment marker"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, "")
			f.setPR(4, &fakePR{})
			if tt.fault != nil {
				f.addFault(tt.fault)
			}
			_, _, err := f.client(t).UpsertComment(context.Background(), "octo", "hello", tt.number, tt.marker, "body")
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.Kind != tt.wantKind {
				t.Fatalf("err = %v, want *APIError of kind %v", err, tt.wantKind)
			}
			for _, s := range tt.wantText {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
			if n := len(f.clock.Sleeps()); n != 0 {
				t.Errorf("slept %d times, want no retry", n)
			}
			if len(f.commentsOf(4)) != 0 {
				t.Errorf("a comment was created")
			}
		})
	}
}

// TestUpsertCommentEditsOnlyItsOwn: a marker comment written by anyone but
// the token's identity is left alone, on any page; the report goes into the
// token's own comment, or a new one.
func TestUpsertCommentEditsOnlyItsOwn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		userLogin   string // "" : an installation token (GET /user is 403)
		viewerLogin string
		authors     map[int]string // comment index -> author, for comments with the marker
		wantEdited  int            // index of the edited comment; -1: a new one is created
		wantAuthor  string
	}{
		{
			name:        "GITHUB_TOKEN: a foreign marker on page 1, its own on page 2",
			viewerLogin: "github-actions",
			authors:     map[int]string{5: "mallory", 140: "github-actions[bot]"},
			wantEdited:  140, wantAuthor: "github-actions[bot]",
		},
		{
			name:        "GITHUB_TOKEN: only a foreign marker comment",
			viewerLogin: "github-actions",
			authors:     map[int]string{3: "mallory"},
			wantEdited:  -1, wantAuthor: "github-actions[bot]",
		},
		{
			name:        "GitHub App token: another bot's marker comment is foreign",
			viewerLogin: "schemagate-app",
			authors:     map[int]string{2: "github-actions[bot]", 120: "schemagate-app[bot]"},
			wantEdited:  120, wantAuthor: "schemagate-app[bot]",
		},
		{
			name:       "installation token and no GraphQL: the Actions bot",
			authors:    map[int]string{1: "octocat", 110: "github-actions[bot]"},
			wantEdited: 110, wantAuthor: "github-actions[bot]",
		},
		{
			name:       "personal token: the bot's marker comment is foreign",
			userLogin:  "octocat",
			authors:    map[int]string{4: "github-actions[bot]", 130: "octocat"},
			wantEdited: 130, wantAuthor: "octocat",
		},
		{
			name:       "personal token: only the bot's marker comment",
			userLogin:  "octocat",
			authors:    map[int]string{4: "github-actions[bot]"},
			wantEdited: -1, wantAuthor: "octocat",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, "")
			f.userLogin, f.viewerLogin = tt.userLogin, tt.viewerLogin
			f.setPR(4, &fakePR{})
			var cs []*fakeComment
			for i := range 150 {
				c := &fakeComment{ID: int64(i + 1), Body: fmt.Sprintf("comment %d", i), Login: "someone"}
				if a, ok := tt.authors[i]; ok {
					c.Body, c.Login = fmt.Sprintf("old report %d\n%s", i, marker), a
				}
				cs = append(cs, c)
			}
			f.setComments(4, cs, 1000)

			_, created, err := f.client(t).UpsertComment(context.Background(), "octo", "hello", 4, marker, marker+"\nnew report")
			if err != nil {
				t.Fatal(err)
			}
			after := f.commentsOf(4)
			for i, c := range after[:150] {
				if i == tt.wantEdited {
					if c.Body != marker+"\nnew report" {
						t.Errorf("comment %d = %q, want the new report", i, c.Body)
					}
					continue
				}
				if c.Body != cs[i].Body {
					t.Errorf("comment %d by %s was changed to %q", i, c.Login, c.Body)
				}
			}
			if tt.wantEdited >= 0 {
				if created || len(after) != 150 {
					t.Errorf("created %v, %d comments: want comment %d edited, none created", created, len(after), tt.wantEdited)
				}
				return
			}
			if !created || len(after) != 151 {
				t.Fatalf("created %v, %d comments: want one new comment", created, len(after))
			}
			if n := after[150]; n.Body != marker+"\nnew report" || n.Login != tt.wantAuthor {
				t.Errorf("new comment %+v, want the report by %s", n, tt.wantAuthor)
			}
		})
	}
}

func TestIdentity(t *testing.T) {
	t.Parallel()
	t.Run("GHES GraphQL endpoint", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, "/api/v3")
		f.viewerLogin = "ghes-app"
		got, err := f.client(t).Identity(context.Background())
		if err != nil || got != "ghes-app[bot]" {
			t.Errorf("Identity = %q, %v; want ghes-app[bot] from /api/graphql", got, err)
		}
	})
	t.Run("bad token is an error, not a guess", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, "")
		c, err := New(f.URL(), "wrong", WithSleep(f.clock.Sleep))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Identity(context.Background())
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Kind != KindAuth {
			t.Errorf("err = %v, want a KindAuth *APIError", err)
		}
	})
}
