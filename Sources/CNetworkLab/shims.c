#ifdef __linux__
#define _GNU_SOURCE
#include <sys/socket.h>
#include "CNetworkLab.h"

int cnetworklab_accept_nonblocking(int fd) {
    return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
#endif
