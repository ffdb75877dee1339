// Linux system calls that Swift's Glibc module does not export, and the one piece of C that
// must run inside a signal handler.
#pragma once

/// Routes SIGINT and SIGTERM to a pipe, on every thread and from the moment it returns: each
/// delivery writes the signal's number there as one byte, and nothing else runs in the handler.
/// Returns the pipe's non-blocking read end, or -1 with errno set.
int cnetworklab_stop_signal_pipe(void);

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

/// The bytes a socket's kernel send queue still holds, sent or not but not yet acknowledged
/// (ioctl SIOCOUTQ, which Swift cannot call: ioctl is variadic). Returns -1 with errno set.
int cnetworklab_unsent_bytes(int fd);

/// The bytes waiting in a socket's kernel receive queue, not yet read (ioctl SIOCINQ, which
/// Swift cannot call: ioctl is variadic). Returns -1 with errno set.
int cnetworklab_readable_bytes(int fd);
#endif
