package migrate

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/golang-migrate/migrate/v4/database"

	"github.com/schemagate/schemagate/internal/dbtest"
)

// mysqlGetLockGiveUp is how long golang-migrate v4.20.1's MySQL driver waits
// in its SELECT GET_LOCK(?, 10) before it reports database.ErrLocked.
const mysqlGetLockGiveUp = 10 * time.Second

// mysqlLockName is the GET_LOCK name golang-migrate's MySQL driver takes
// for the database behind url, computed as the driver does (database/mysql
// Lock): GenerateAdvisoryLockId("<database>:<migrations table>").
func mysqlLockName(t testing.TB, url string) string {
	t.Helper()
	cfg, err := mysql.ParseDSN(strings.TrimPrefix(url, "mysql://"))
	if err != nil {
		t.Fatal(err)
	}
	id, err := database.GenerateAdvisoryLockId(fmt.Sprintf("%s:%s", cfg.DBName, "schema_migrations"))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// holdMySQLLock takes golang-migrate's migration lock for the database
// behind url on a connection of its own, as another migration run would,
// and returns the function that releases it (also called when t ends).
func holdMySQLLock(t *testing.T, url string) (release func()) {
	t.Helper()
	name := mysqlLockName(t, url)
	conn, err := dbtest.Open(t, url).Conn(bg)
	if err != nil {
		t.Fatal(err)
	}
	var got sql.NullInt64
	if err := conn.QueryRowContext(bg, "SELECT GET_LOCK(?, 0)", name).Scan(&got); err != nil || got.Int64 != 1 {
		conn.Close()
		t.Fatalf("take the migration lock %s: got %v, %v", name, got, err)
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			defer conn.Close()
			var rel sql.NullInt64
			// RELEASE_LOCK is 1 only if this connection held the lock: proof
			// that nobody else had it meanwhile.
			if err := conn.QueryRowContext(bg, "SELECT RELEASE_LOCK(?)", name).Scan(&rel); err != nil || rel.Int64 != 1 {
				t.Errorf("release the migration lock %s: got %v, %v", name, rel, err)
			}
		})
	}
	t.Cleanup(release)
	return release
}

// TestMySQLLockWaitPastGetLock: golang-migrate's MySQL driver gives up on
// the migration lock after a fixed 10 s GET_LOCK; migrate must keep
// waiting up to lock-timeout instead. Another connection holds the lock
// for about 12 s: a run with lock-timeout 20s waits past 10 s, then applies
// each migration once; a run with lock-timeout 3s gives up after about
// 3 s with the lock message and applies nothing.
func TestMySQLLockWaitPastGetLock(t *testing.T) {
	t.Parallel()
	const hold = 12 * time.Second

	t.Run("lock-timeout 20s waits past GET_LOCK's 10s", func(t *testing.T) {
		t.Parallel()
		url := dbtest.MariaDB(t)
		o := writeDir(t, url, three)
		o.LockTimeout = 20 * time.Second
		release := holdMySQLLock(t, url)
		start := time.Now()
		releasing := make(chan time.Duration, 1)
		go func() {
			time.Sleep(hold)
			at := time.Since(start) // no one else can have the lock before this
			release()
			releasing <- at
		}()

		r, err := Migrate(context.Background(), o, 0, false)
		waited := time.Since(start)
		rel := <-releasing
		t.Logf("mariadb: lock held %v (until RELEASE_LOCK was sent); migrate with lock-timeout 20s took %v, LockWait %v",
			rel.Round(time.Millisecond), waited.Round(time.Millisecond), r.LockWait.Round(time.Millisecond))
		if err != nil {
			t.Fatalf("migrate with lock-timeout 20s after a %v lock: %v", hold, err)
		}
		if !equal(versions(r.Applied), []uint{1, 2, 3}) || r.After.Version != 3 || r.After.Dirty {
			t.Fatalf("migrate: applied %v, after %+v", versions(r.Applied), r.After)
		}
		if r.LockWait <= mysqlGetLockGiveUp || r.LockWait >= o.LockTimeout {
			t.Errorf("LockWait = %v, want between GET_LOCK's %v and lock-timeout %v", r.LockWait, mysqlGetLockGiveUp, o.LockTimeout)
		}
		if waited < rel {
			t.Errorf("migrate finished after %v, before the lock was released at %v", waited, rel)
		}
		if c := dbtest.AppliedLog(t, url); len(c) != 3 || c[1] != 1 || c[2] != 1 || c[3] != 1 {
			t.Fatalf("each migration must run once: applied_log = %v", c)
		}
	})

	t.Run("lock-timeout 3s gives up", func(t *testing.T) {
		t.Parallel()
		url := dbtest.MariaDB(t)
		o := writeDir(t, url, three)
		o.LockTimeout = 3 * time.Second
		holdMySQLLock(t, url) // held until the test ends

		start := time.Now()
		r, err := Migrate(context.Background(), o, 0, false)
		waited := time.Since(start)
		t.Logf("mariadb: migrate with lock-timeout 3s gave up after %v", waited.Round(time.Millisecond))
		wantKind(t, err, KindFailed, "another migration run holds the migration lock")
		if !strings.Contains(err.Error(), "lock-timeout 3s") {
			t.Errorf("message does not name the timeout: %v", err)
		}
		if waited < o.LockTimeout-100*time.Millisecond || waited > o.LockTimeout+3*time.Second {
			t.Errorf("gave up after %v, want about lock-timeout %v", waited, o.LockTimeout)
		}
		if len(r.Applied) != 0 || r.Connected {
			t.Errorf("the refused run applied %v (connected %v)", versions(r.Applied), r.Connected)
		}
		if dbtest.HasTable(t, url, "applied_log") {
			t.Error("the refused run created applied_log")
		}
	})
}
