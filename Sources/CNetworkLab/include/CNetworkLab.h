// Linux system calls that Swift's Glibc module does not export.
#pragma once

#ifdef __linux__
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC; Glibc hides accept4 behind _GNU_SOURCE.
int cnetworklab_accept_nonblocking(int fd);

/// openat2(2) of `path` relative to the folder `root`, refusing to resolve any component,
/// symlinks included, outside `root` (RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS). Returns the
/// descriptor, or -1 with errno set: EXDEV for an escape, ENOSYS where the kernel (before 5.6)
/// or the headers lack openat2.
int cnetworklab_open_beneath(const char *root, const char *path, int flags);
#endif
