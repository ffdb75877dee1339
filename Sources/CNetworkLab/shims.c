#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include "CNetworkLab.h"

static int stop_signal_write_end = -1;

static void stop_signal_handler(int number) {
    int saved = errno;
    unsigned char byte = (unsigned char)number;
    // A full pipe already holds a stop; dropping this one loses nothing.
    if (write(stop_signal_write_end, &byte, 1) < 0) {}
    errno = saved;
}

int cnetworklab_stop_signal_pipe(void) {
    int ends[2];
    if (pipe(ends) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        if (fcntl(ends[i], F_SETFD, FD_CLOEXEC) != 0 || fcntl(ends[i], F_SETFL, O_NONBLOCK) != 0) {
            int saved = errno;
            close(ends[0]);
            close(ends[1]);
            errno = saved;
            return -1;
        }
    }
    stop_signal_write_end = ends[1];
    struct sigaction action = {0};
    action.sa_handler = stop_signal_handler;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGINT, &action, NULL) != 0 || sigaction(SIGTERM, &action, NULL) != 0) return -1;
    return ends[0];
}

#ifdef __linux__
#include <stdint.h>
#include <sys/socket.h>
#include <sys/syscall.h>

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

#ifdef __linux__
#include <linux/sockios.h>
#include <sys/ioctl.h>

int cnetworklab_unsent_bytes(int fd) {
    int count = 0;
    if (ioctl(fd, SIOCOUTQ, &count) != 0) return -1;
    return count;
}

int cnetworklab_readable_bytes(int fd) {
    int count = 0;
    if (ioctl(fd, SIOCINQ, &count) != 0) return -1;
    return count;
}
#endif
