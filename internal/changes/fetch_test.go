package changes

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// gitHTTP serves the bare repositories under root over git's smart HTTP
// protocol (git http-backend, as GitHub speaks it), accepting only basic
// auth x-access-token:token, and records the users it saw.
func gitHTTP(t *testing.T, root, token string) (*httptest.Server, *[]string) {
	t.Helper()
	execPath, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Skipf("git --exec-path: %v", err)
	}
	backend := &cgi.Handler{
		Path: filepath.Join(strings.TrimSpace(string(execPath)), "git-http-backend"),
		Env:  []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"},
	}
	var mu sync.Mutex
	var users []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		mu.Lock()
		users = append(users, user)
		mu.Unlock()
		if !ok || user != "x-access-token" || pass != token {
			w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
			http.Error(w, "auth", http.StatusUnauthorized)
			return
		}
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &users
}

// TestFetchOverHTTPWithToken: a depth-1 clone whose checkout did not
// persist credentials fetches the missing commit from an HTTPS-like origin
// with github-token as x-access-token; persisted credentials (the
// extraheader actions/checkout writes) win over the token; a wrong token
// fails with the server's answer.
func TestFetchOverHTTPWithToken(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	work := newGitDir(t)
	before := commitAll(t, work, "a.go")
	commitAll(t, work, "b.go")
	bare := filepath.Join(root, "shop.git")
	gitCmd(t, root, "clone", "-q", "--bare", work, bare)
	gitCmd(t, bare, "config", "uploadpack.allowReachableSHA1InWant", "true")
	srv, users := gitHTTP(t, root, "ghs_right")

	clone := func(t *testing.T) string {
		dir := t.TempDir()
		gitCmd(t, dir, "clone", "-q", "--depth", "1", "file://"+bare, ".")
		gitCmd(t, dir, "remote", "set-url", "origin", srv.URL+"/shop.git")
		return dir
	}
	fetch := func(dir, token string) error {
		repo, err := OpenRepo(dir)
		if err != nil {
			return err
		}
		defer repo.Close()
		repo.EnableFetch(Remote{Token: token})
		_, err = repo.Commit(context.Background(), before, "push before")
		return err
	}

	t.Run("token", func(t *testing.T) {
		if err := fetch(clone(t), "ghs_right"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("persisted credentials win", func(t *testing.T) {
		dir := clone(t)
		header := "AUTHORIZATION: basic " + base64.StdEncoding.EncodeToString([]byte("x-access-token:ghs_right"))
		gitCmd(t, dir, "config", "http."+srv.URL+"/.extraheader", header)
		if err := fetch(dir, "ghs_wrong"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("wrong token", func(t *testing.T) {
		err := fetch(clone(t), "ghs_wrong")
		if err == nil || !strings.Contains(err.Error(), "fetch-depth: 0") || !strings.Contains(err.Error(), "authentication") || !strings.Contains(err.Error(), "contents: read") {
			t.Fatalf("err = %v, want the fetch's authentication failure and the fix", err)
		}
		if strings.Contains(err.Error(), "ghs_wrong") {
			t.Errorf("the token is in the error: %v", err)
		}
	})
	if !strings.Contains(strings.Join(*users, ","), "x-access-token") {
		t.Errorf("the server saw users %q", *users)
	}
}

// TestOpenLinkedWorktreeAndFetchBranch: a linked work tree (a .git file
// and a commondir) opens like a clone, and origin/<branch> missing from a
// depth-1 clone is fetched from the branch it tracks.
func TestOpenLinkedWorktreeAndFetchBranch(t *testing.T) {
	t.Parallel()
	work := newGitDir(t)
	main := commitAll(t, work, "a.go")
	linked := filepath.Join(t.TempDir(), "linked")
	gitCmd(t, work, "worktree", "add", "-q", "-b", "feature", linked)
	feature := commitAll(t, linked, "b.go")

	repo, err := OpenRepo(filepath.Join(linked))
	if err != nil {
		t.Fatal(err)
	}
	c, err := repo.Commit(context.Background(), "HEAD", "head")
	repo.Close()
	if err != nil || c.Hash.String() != feature {
		t.Fatalf("HEAD of the linked work tree = %v, %v; want %s", c, err, feature)
	}

	clone := t.TempDir()
	gitCmd(t, clone, "clone", "-q", "--depth", "1", "--single-branch", "--branch", "feature", "file://"+work, ".")
	gitCmd(t, work, "config", "uploadpack.allowReachableSHA1InWant", "true")
	repo, err = OpenRepo(clone)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	repo.EnableFetch(Remote{})
	c, err = repo.Commit(context.Background(), "origin/main", "base-ref")
	if err != nil || c.Hash.String() != main {
		t.Fatalf("origin/main = %v, %v; want %s fetched", c, err, main)
	}
}
