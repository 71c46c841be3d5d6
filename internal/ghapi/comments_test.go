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
