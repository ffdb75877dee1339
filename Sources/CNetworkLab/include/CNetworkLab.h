// Linux system calls that Swift's Glibc module does not export.
#pragma once

#ifdef __linux__
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC; Glibc hides accept4 behind _GNU_SOURCE.
int cnetworklab_accept_nonblocking(int fd);
#endif
