package ghapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeGitHub answers the few REST endpoints ghapi uses the way GitHub
// documents them: Link headers with rel="next"/"prev"/"first"/"last",
// x-ratelimit-* headers on every answer, the 3000-file cap of the pull
// request files API, the 1,000-entry cap of the contents API, and GitHub's
// JSON shapes for answers and errors. Faults (rate limits, 5xx) are queued
// per request.
type fakeGitHub struct {
	t      *testing.T
	owner  string
	repo   string
	token  string // required as "Bearer <token>" when set
	prefix string // "/api/v3" for GHES
	clock  *fakeClock
	srv    *httptest.Server

	mu       sync.Mutex
	prs      map[int]*fakePR
	comments map[int][]*fakeComment
	nextID   int64
	refs     map[string]string // ref name or commit SHA -> root tree SHA
	trees    map[string][]fakeTreeEntry
	faults   []*fault
	requests []string // "METHOD /path?query"

	// userLogin is what GET /user answers for a user's token; "" answers
	// 403 as GitHub does for an installation token (the GITHUB_TOKEN).
	userLogin string
	// viewerLogin is GraphQL's viewer.login for an installation token (the
	// app's bot login without "[bot]"); "" makes GraphQL fail.
	viewerLogin string
	blobs       map[string]fakeBlob // "ref:path" -> a file the contents API serves
}

// fakeBlob is one answer of the contents API for a file path: typ is
// "file", "symlink" or "submodule"; path is what the answer names (the
// target's path for a symbolic link to a file, which GitHub follows).
type fakeBlob struct {
	typ, path, content string
	size               int    // 0: len(content)
	encoding           string // "": base64; "none" as GitHub answers for a file over 1 MB
}

// addFile makes the contents API answer for path at ref (see fakeBlob).
func (f *fakeGitHub) addFile(ref, path string, b fakeBlob) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.blobs == nil {
		f.blobs = map[string]fakeBlob{}
	}
	if b.typ == "" {
		b.typ = "file"
	}
	if b.path == "" {
		b.path = path
	}
	if b.size == 0 {
		b.size = len(b.content)
	}
	f.blobs[ref+":"+path] = b
}

// serveBlob answers for a path added with addFile.
func (f *fakeGitHub) serveBlob(w http.ResponseWriter, ref, p string) bool {
	f.mu.Lock()
	b, ok := f.blobs[ref+":"+p]
	f.mu.Unlock()
	if !ok {
		return false
	}
	e := map[string]any{"type": b.typ, "size": b.size, "name": b.path[strings.LastIndex(b.path, "/")+1:], "path": b.path, "sha": fmt.Sprintf("%040x", len(b.content))}
	switch {
	case b.typ == "file" && b.encoding == "none":
		e["encoding"], e["content"] = "none", ""
	case b.typ == "file":
		e["encoding"], e["content"] = "base64", base64.StdEncoding.EncodeToString([]byte(b.content))
	}
	writeJSON(w, http.StatusOK, e)
	return true
}

type fakePR struct {
	changedFiles int // -1: the number of files
	files        []fakeFile
	labels       []string
}

type fakeFile struct {
	Filename         string `json:"filename"`
	Status           string `json:"status"`
	PreviousFilename string `json:"previous_filename,omitempty"`
}

type fakeComment struct {
	ID   int64
	Body string
	// Login is the author; "" is github-actions[bot].
	Login string
}

type fakeTreeEntry struct {
	Name string
	Type string // "blob" or "tree"
	SHA  string
}

// fault replaces (or, with afterHandler, follows) the real answer to the
// next times requests matching method and path.
type fault struct {
	method, path string
	times        int
	status       int // 0: keep the real answer, only set header
	header       func(now time.Time) http.Header
	body         string
	afterHandler bool // run the real handler first (a POST that took effect)
}

type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	// In the future: go-github compares rate-limit resets with the real clock.
	return &fakeClock{now: time.Date(2099, 5, 9, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

const testToken = "ghs_TESTtoken0123456789abcdefSECRET"

func newFake(t *testing.T, prefix string) *fakeGitHub {
	t.Helper()
	f := &fakeGitHub{
		t: t, owner: "octo", repo: "hello", token: testToken, prefix: prefix,
		clock:    newFakeClock(),
		prs:      map[int]*fakePR{},
		comments: map[int][]*fakeComment{},
		nextID:   1000,
		refs:     map[string]string{},
		trees:    map[string][]fakeTreeEntry{},
		// The GITHUB_TOKEN: an installation token of the GitHub Actions app.
		viewerLogin: "github-actions",
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /repos/{owner}/{repo}", f.getRepo)
	mux.HandleFunc("GET /repos/{owner}/{repo}/pulls/{number}", f.getPR)
	mux.HandleFunc("GET /repos/{owner}/{repo}/pulls/{number}/files", f.listFiles)
	mux.HandleFunc("GET /repos/{owner}/{repo}/issues/{number}/labels", f.listLabels)
	mux.HandleFunc("GET /repos/{owner}/{repo}/issues/{number}/comments", f.listComments)
	mux.HandleFunc("POST /repos/{owner}/{repo}/issues/{number}/comments", f.createComment)
	mux.HandleFunc("PATCH /repos/{owner}/{repo}/issues/comments/{id}", f.editComment)
	mux.HandleFunc("GET /repos/{owner}/{repo}/contents/{path...}", f.getContents)
	mux.HandleFunc("GET /repos/{owner}/{repo}/git/trees/{sha...}", f.getTree)
	mux.HandleFunc("GET /user", f.getUser)
	mux.HandleFunc("POST /graphql", f.graphql)
	var h http.Handler = mux
	if prefix != "" {
		// GHES serves REST under /api/v3 and GraphQL at /api/graphql.
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/graphql" {
				r.URL.Path = "/graphql"
				mux.ServeHTTP(w, r)
				return
			}
			http.StripPrefix(prefix, mux).ServeHTTP(w, r)
		})
	}
	f.srv = httptest.NewServer(f.middleware(h))
	t.Cleanup(f.srv.Close)
	return f
}

// URL is what GITHUB_API_URL would be.
func (f *fakeGitHub) URL() string { return f.srv.URL + f.prefix }

func (f *fakeGitHub) client(t *testing.T, opts ...Option) *Client {
	t.Helper()
	all := append([]Option{WithSleep(f.clock.Sleep), withNow(f.clock.Now)}, opts...)
	c, err := New(f.URL(), f.token, all...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func (f *fakeGitHub) addFault(ft *fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, ft)
}

func (f *fakeGitHub) count(method, pathPrefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if strings.HasPrefix(r, method+" "+f.prefix+pathPrefix) {
			n++
		}
	}
	return n
}

func (f *fakeGitHub) rateHeaders(h http.Header, remaining int) {
	now := f.clock.Now()
	h.Set("X-RateLimit-Limit", "5000")
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Used", strconv.Itoa(5000-remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(now.Add(time.Hour).Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
}

func (f *fakeGitHub) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests = append(f.requests, r.Method+" "+r.URL.RequestURI())
		remaining := 5000 - len(f.requests)
		var ft *fault
		for _, cand := range f.faults {
			if cand.times > 0 && cand.method == r.Method && f.prefix+cand.path == r.URL.Path {
				cand.times--
				ft = cand
				break
			}
		}
		f.mu.Unlock()

		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("X-GitHub-Api-Version-Selected", "2022-11-28")
		f.rateHeaders(w.Header(), remaining)

		if f.token != "" && r.Header.Get("Authorization") != "Bearer "+f.token {
			writeError(w, http.StatusUnauthorized, "Bad credentials", "https://docs.github.com/rest")
			return
		}
		if ft == nil {
			next.ServeHTTP(w, r)
			return
		}
		if ft.afterHandler {
			next.ServeHTTP(httptest.NewRecorder(), r)
		}
		if ft.header != nil {
			for k, vs := range ft.header(f.clock.Now()) {
				w.Header()[http.CanonicalHeaderKey(k)] = vs
			}
		}
		if ft.status == 0 {
			next.ServeHTTP(w, r)
			return
		}
		w.WriteHeader(ft.status)
		_, _ = io.WriteString(w, ft.body)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, message, doc string) {
	writeJSON(w, status, map[string]string{"message": message, "documentation_url": doc, "status": strconv.Itoa(status)})
}

func (f *fakeGitHub) notFound(w http.ResponseWriter) {
	writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest")
}

// repoOK checks owner/repo; GitHub answers 404 for repositories the token
// cannot see.
func (f *fakeGitHub) repoOK(w http.ResponseWriter, r *http.Request) bool {
	if r.PathValue("owner") != f.owner || r.PathValue("repo") != f.repo {
		f.notFound(w)
		return false
	}
	return true
}

func (f *fakeGitHub) pr(w http.ResponseWriter, r *http.Request) (*fakePR, int, bool) {
	if !f.repoOK(w, r) {
		return nil, 0, false
	}
	n, err := strconv.Atoi(r.PathValue("number"))
	f.mu.Lock()
	pr := f.prs[n]
	f.mu.Unlock()
	if err != nil || pr == nil {
		f.notFound(w)
		return nil, 0, false
	}
	return pr, n, true
}

// paginate slices items as GitHub does (per_page default 30, at most 100)
// and sets the Link header with absolute URLs.
func paginate[T any](f *fakeGitHub, w http.ResponseWriter, r *http.Request, items []T) []T {
	q := r.URL.Query()
	per := 30
	if v, err := strconv.Atoi(q.Get("per_page")); err == nil && v > 0 {
		per = min(v, 100)
	}
	page := 1
	if v, err := strconv.Atoi(q.Get("page")); err == nil && v > 0 {
		page = v
	}
	last := max(1, (len(items)+per-1)/per)
	link := func(p int, rel string) string {
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		qq.Set("page", strconv.Itoa(p))
		u := url.URL{Scheme: "http", Host: r.Host, Path: f.prefix + r.URL.Path, RawQuery: qq.Encode()}
		return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
	}
	var links []string
	if page > 1 {
		links = append(links, link(page-1, "prev"))
	}
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	start := (page - 1) * per
	if start >= len(items) {
		return []T{}
	}
	return items[start:min(start+per, len(items))]
}

func (f *fakeGitHub) getRepo(w http.ResponseWriter, r *http.Request) {
	if !f.repoOK(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": 1, "node_id": "R_x", "name": f.repo, "full_name": f.owner + "/" + f.repo,
		"private": false, "default_branch": "main",
		"owner": map[string]any{"login": f.owner, "id": 2, "type": "Organization"},
	})
}

func (f *fakeGitHub) getPR(w http.ResponseWriter, r *http.Request) {
	pr, n, ok := f.pr(w, r)
	if !ok {
		return
	}
	changed := pr.changedFiles
	if changed < 0 {
		changed = len(pr.files)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"url":           fmt.Sprintf("http://%s%s/repos/%s/%s/pulls/%d", r.Host, f.prefix, f.owner, f.repo, n),
		"id":            1,
		"number":        n,
		"state":         "open",
		"title":         "test",
		"changed_files": changed,
		"commits":       1,
		"additions":     1,
		"deletions":     0,
		"head":          map[string]any{"ref": "feature", "sha": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
		"base":          map[string]any{"ref": "main", "sha": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
	})
}

func (f *fakeGitHub) listFiles(w http.ResponseWriter, r *http.Request) {
	pr, _, ok := f.pr(w, r)
	if !ok {
		return
	}
	files := pr.files
	if len(files) > MaxPullRequestFiles { // the API lists at most 3000 files
		files = files[:MaxPullRequestFiles]
	}
	type file struct {
		SHA              string `json:"sha"`
		Filename         string `json:"filename"`
		Status           string `json:"status"`
		Additions        int    `json:"additions"`
		Deletions        int    `json:"deletions"`
		Changes          int    `json:"changes"`
		BlobURL          string `json:"blob_url"`
		RawURL           string `json:"raw_url"`
		ContentsURL      string `json:"contents_url"`
		Patch            string `json:"patch,omitempty"`
		PreviousFilename string `json:"previous_filename,omitempty"`
	}
	var out []file
	for _, fl := range paginate(f, w, r, files) {
		out = append(out, file{
			SHA: "cccccccccccccccccccccccccccccccccccccccc", Filename: fl.Filename, Status: fl.Status,
			Additions: 1, Changes: 1, PreviousFilename: fl.PreviousFilename,
			BlobURL:     "https://github.com/octo/hello/blob/aaaa/" + fl.Filename,
			RawURL:      "https://github.com/octo/hello/raw/aaaa/" + fl.Filename,
			ContentsURL: "https://api.github.com/repos/octo/hello/contents/" + fl.Filename + "?ref=aaaa",
		})
	}
	if out == nil {
		out = []file{}
	}
	writeJSON(w, http.StatusOK, out)
}

func (f *fakeGitHub) listLabels(w http.ResponseWriter, r *http.Request) {
	pr, _, ok := f.pr(w, r)
	if !ok {
		return
	}
	out := []map[string]any{}
	for i, name := range paginate(f, w, r, pr.labels) {
		out = append(out, map[string]any{
			"id": 200 + i, "node_id": "LA_x", "url": "https://api.github.com/repos/octo/hello/labels/" + url.PathEscape(name),
			"name": name, "description": "", "color": "f29513", "default": false,
		})
	}
	writeJSON(w, http.StatusOK, out)
}

func (f *fakeGitHub) commentJSON(r *http.Request, number int, c *fakeComment) map[string]any {
	return map[string]any{
		"id":                 c.ID,
		"node_id":            "IC_x",
		"url":                fmt.Sprintf("http://%s%s/repos/%s/%s/issues/comments/%d", r.Host, f.prefix, f.owner, f.repo, c.ID),
		"html_url":           fmt.Sprintf("https://github.com/%s/%s/pull/%d#issuecomment-%d", f.owner, f.repo, number, c.ID),
		"issue_url":          fmt.Sprintf("http://%s%s/repos/%s/%s/issues/%d", r.Host, f.prefix, f.owner, f.repo, number),
		"body":               c.Body,
		"user":               userJSON(c.Login),
		"created_at":         "2026-05-09T12:00:00Z",
		"updated_at":         "2026-05-09T12:00:00Z",
		"author_association": "NONE",
	}
}

func (f *fakeGitHub) listComments(w http.ResponseWriter, r *http.Request) {
	_, n, ok := f.pr(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	all := append([]*fakeComment(nil), f.comments[n]...)
	f.mu.Unlock()
	out := []map[string]any{}
	for _, c := range paginate(f, w, r, all) {
		out = append(out, f.commentJSON(r, n, c))
	}
	writeJSON(w, http.StatusOK, out)
}

func (f *fakeGitHub) createComment(w http.ResponseWriter, r *http.Request) {
	_, n, ok := f.pr(w, r)
	if !ok {
		return
	}
	var in struct {
		Body *string `json:"body"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == nil {
		writeError(w, http.StatusUnprocessableEntity, "Invalid request.\n\n\"body\" wasn't supplied.", "https://docs.github.com/rest/issues/comments#create-an-issue-comment")
		return
	}
	author := f.author()
	f.mu.Lock()
	f.nextID++
	c := &fakeComment{ID: f.nextID, Body: *in.Body, Login: author}
	f.comments[n] = append(f.comments[n], c)
	f.mu.Unlock()
	w.Header().Set("Location", fmt.Sprintf("http://%s%s/repos/%s/%s/issues/comments/%d", r.Host, f.prefix, f.owner, f.repo, c.ID))
	writeJSON(w, http.StatusCreated, f.commentJSON(r, n, c))
}

func (f *fakeGitHub) editComment(w http.ResponseWriter, r *http.Request) {
	if !f.repoOK(w, r) {
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var in struct {
		Body *string `json:"body"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == nil {
		writeError(w, http.StatusUnprocessableEntity, "Invalid request.\n\n\"body\" wasn't supplied.", "https://docs.github.com/rest/issues/comments#update-an-issue-comment")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for n, list := range f.comments {
		for _, c := range list {
			if c.ID == id {
				c.Body = *in.Body
				writeJSON(w, http.StatusOK, f.commentJSON(r, n, c))
				return
			}
		}
	}
	f.notFound(w)
}

// resolve walks from ref's root tree to p ("" is the root); it returns the
// entry type and SHA.
func (f *fakeGitHub) resolve(ref, p string) (typ, sha string, refOK bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	root, ok := f.refs[ref]
	if !ok {
		return "", "", false
	}
	typ, sha = "tree", root
	if p == "" {
		return typ, sha, true
	}
	for _, part := range strings.Split(p, "/") {
		if typ != "tree" {
			return "", "", true
		}
		found := false
		for _, e := range f.trees[sha] {
			if e.Name == part {
				typ, sha, found = e.Type, e.SHA, true
				break
			}
		}
		if !found {
			return "", "", true
		}
	}
	return typ, sha, true
}

func (f *fakeGitHub) getContents(w http.ResponseWriter, r *http.Request) {
	if !f.repoOK(w, r) {
		return
	}
	ref := r.URL.Query().Get("ref")
	if ref == "" {
		ref = "main"
	}
	p := strings.Trim(r.PathValue("path"), "/")
	if f.serveBlob(w, ref, p) {
		return
	}
	typ, sha, refOK := f.resolve(ref, p)
	if !refOK {
		writeError(w, http.StatusNotFound, "No commit found for the ref "+ref, "https://docs.github.com/rest/repos/contents#get-repository-content")
		return
	}
	entry := func(name, typ, sha string) map[string]any {
		full := strings.TrimPrefix(p+"/"+name, "/")
		if name == "" {
			full = p
			name = full[strings.LastIndex(full, "/")+1:]
		}
		ctype := map[string]string{"blob": "file", "tree": "dir"}[typ]
		return map[string]any{
			"type": ctype, "size": 10, "name": name, "path": full, "sha": sha,
			"url":          fmt.Sprintf("http://%s%s/repos/%s/%s/contents/%s?ref=%s", r.Host, f.prefix, f.owner, f.repo, full, ref),
			"git_url":      fmt.Sprintf("http://%s%s/repos/%s/%s/git/%ss/%s", r.Host, f.prefix, f.owner, f.repo, typ, sha),
			"html_url":     fmt.Sprintf("https://github.com/%s/%s/blob/%s/%s", f.owner, f.repo, ref, full),
			"download_url": nil,
		}
	}
	switch typ {
	case "":
		f.notFound(w)
	case "blob":
		e := entry("", typ, sha)
		e["encoding"], e["content"] = "base64", ""
		writeJSON(w, http.StatusOK, e)
	default:
		f.mu.Lock()
		list := f.trees[sha]
		f.mu.Unlock()
		if len(list) > contentsDirLimit { // the contents API lists at most 1,000 entries
			list = list[:contentsDirLimit]
		}
		out := []map[string]any{}
		for _, e := range list {
			out = append(out, entry(e.Name, e.Type, e.SHA))
		}
		writeJSON(w, http.StatusOK, out)
	}
}

func (f *fakeGitHub) getTree(w http.ResponseWriter, r *http.Request) {
	if !f.repoOK(w, r) {
		return
	}
	sha := r.PathValue("sha")
	f.mu.Lock()
	if root, ok := f.refs[sha]; ok { // tree_sha may be a ref name
		sha = root
	}
	list, ok := f.trees[sha]
	f.mu.Unlock()
	if !ok {
		f.notFound(w)
		return
	}
	entries := []map[string]any{}
	for _, e := range list {
		m := map[string]any{"path": e.Name, "mode": "100644", "type": e.Type, "sha": e.SHA,
			"url": fmt.Sprintf("http://%s%s/repos/%s/%s/git/%ss/%s", r.Host, f.prefix, f.owner, f.repo, e.Type, e.SHA)}
		if e.Type == "tree" {
			m["mode"] = "040000"
		} else {
			m["size"] = 10
		}
		entries = append(entries, m)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"sha": sha, "url": fmt.Sprintf("http://%s%s/repos/%s/%s/git/trees/%s", r.Host, f.prefix, f.owner, f.repo, sha),
		"tree": entries, "truncated": false,
	})
}

// addTree stores a directory tree: paths are file paths under the root.
func (f *fakeGitHub) addTree(ref string, files []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	type node struct {
		files []string
		dirs  map[string]*node
	}
	root := &node{dirs: map[string]*node{}}
	for _, p := range files {
		parts := strings.Split(p, "/")
		n := root
		for _, d := range parts[:len(parts)-1] {
			if n.dirs[d] == nil {
				n.dirs[d] = &node{dirs: map[string]*node{}}
			}
			n = n.dirs[d]
		}
		n.files = append(n.files, parts[len(parts)-1])
	}
	seq := 0
	var store func(n *node) string
	store = func(n *node) string {
		seq++
		sha := fmt.Sprintf("%040x", seq)
		var entries []fakeTreeEntry
		for name, d := range n.dirs {
			entries = append(entries, fakeTreeEntry{Name: name, Type: "tree", SHA: store(d)})
		}
		for _, name := range n.files {
			seq++
			entries = append(entries, fakeTreeEntry{Name: name, Type: "blob", SHA: fmt.Sprintf("%040x", seq)})
		}
		f.trees[sha] = entries
		return sha
	}
	f.refs[ref] = store(root)
}

func primaryRateLimit(after time.Duration) func(time.Time) http.Header {
	return func(now time.Time) http.Header {
		h := http.Header{}
		h.Set("X-RateLimit-Limit", "5000")
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Used", "5000")
		h.Set("X-RateLimit-Reset", strconv.FormatInt(now.Add(after).Unix(), 10))
		h.Set("X-RateLimit-Resource", "core")
		return h
	}
}

func retryAfter(v string) func(time.Time) http.Header {
	return func(time.Time) http.Header {
		h := http.Header{}
		h.Set("Retry-After", v)
		return h
	}
}

const (
	primaryBody   = `{"message":"API rate limit exceeded for installation ID 1234.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api","status":"403"}`
	secondaryBody = `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 1234.","documentation_url":"https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits","status":"403"}`
	badGateway    = `{"message":"Server Error"}`
	notAccessible = `{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/issues/comments#create-an-issue-comment","status":"403"}`
)

func (f *fakeGitHub) setPR(n int, pr *fakePR) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.prs[n] = pr
}

func (f *fakeGitHub) setComments(n int, cs []*fakeComment, nextID int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.comments[n] = cs
	f.nextID = nextID
}

// commentsOf returns a copy of the pull request's comments.
func (f *fakeGitHub) commentsOf(n int) []fakeComment {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeComment
	for _, c := range f.comments[n] {
		out = append(out, *c)
	}
	return out
}

func userJSON(login string) map[string]any {
	if login == "" {
		login = "github-actions[bot]"
	}
	typ := "User"
	if strings.HasSuffix(login, "[bot]") {
		typ = "Bot"
	}
	return map[string]any{"login": login, "id": len(login), "type": typ}
}

// author is the login the token's comments carry.
func (f *fakeGitHub) author() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.userLogin != "" {
		return f.userLogin
	}
	return f.viewerLogin + "[bot]"
}

// getUser answers GET /user: the user for a user's token, 403 for an
// installation token.
func (f *fakeGitHub) getUser(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	login := f.userLogin
	f.mu.Unlock()
	if login == "" {
		writeError(w, http.StatusForbidden, "Resource not accessible by integration", "https://docs.github.com/rest/users/users#get-the-authenticated-user")
		return
	}
	writeJSON(w, http.StatusOK, userJSON(login))
}

// graphql answers the one query ghapi sends, { viewer { login } }, the way
// GitHub's GraphQL API does (200 with data, or 200 with errors).
func (f *fakeGitHub) graphql(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Query string `json:"query"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || !strings.Contains(in.Query, "viewer") {
		writeJSON(w, http.StatusOK, map[string]any{"errors": []map[string]string{{"message": "unexpected query"}}})
		return
	}
	f.mu.Lock()
	login := f.userLogin
	if login == "" {
		login = f.viewerLogin
	}
	f.mu.Unlock()
	if login == "" {
		writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/graphql")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"viewer": map[string]any{"login": login}}})
}
