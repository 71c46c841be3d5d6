package e2e

import (
	"os"
	"syscall"
)

// chrootAttr enters root with chroot(2), directly (needs CAP_SYS_CHROOT) or
// from a new user namespace in which the caller is root.
func chrootAttr(root string, mode chrootMode) *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Chroot: root}
	if mode == chrootUserNS {
		a.Cloneflags = syscall.CLONE_NEWUSER
		a.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}}
		a.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}}
		a.GidMappingsEnableSetgroups = false
	}
	return a
}
