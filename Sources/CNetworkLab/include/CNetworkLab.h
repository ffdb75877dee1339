// Linux system headers that Swift's Glibc module does not export.
#pragma once

#ifdef __linux__
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#endif
