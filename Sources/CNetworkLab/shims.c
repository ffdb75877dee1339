#ifdef __linux__
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "CNetworkLab.h"

int cnetworklab_accept_nonblocking(int fd) {
    return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int cnetworklab_open_beneath(const char *root, const char *path, int flags) {
#ifdef SYS_openat2
    int folder = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (folder < 0) return -1;
    // struct open_how from <linux/openat2.h>, spelled out: older headers lack the file.
    struct { uint64_t flags, mode, resolve; } how = {
        .flags = (uint64_t)flags, .mode = 0, .resolve = 0x08 /* RESOLVE_BENEATH */ | 0x02 /* RESOLVE_NO_MAGICLINKS */,
    };
    int fd = (int)syscall(SYS_openat2, folder, path, &how, sizeof how);
    int saved = errno;
    close(folder);
    errno = saved;
    return fd;
#else
    (void)root; (void)path; (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}
#endif
