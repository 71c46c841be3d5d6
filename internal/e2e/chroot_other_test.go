//go:build !linux

package e2e

import "syscall"

// chrootAttr: entering a root directory is only implemented on Linux; the
// chroot test fails to start the binary elsewhere and skips.
func chrootAttr(root string, mode chrootMode) *syscall.SysProcAttr {
	return nil
}
