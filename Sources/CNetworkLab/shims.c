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

#ifdef __linux__
static __thread int sigpipe_blocked = 0;

long cnetworklab_splice(int from, int to, unsigned long count) {
    // splice(2) has no MSG_NOSIGNAL: into a socket whose peer is gone it raises SIGPIPE,
    // which would kill a host process that kept the default action. Block it on the calling
    // thread (an event loop, whose sends all say MSG_NOSIGNAL anyway) and take back the one
    // a failed splice left pending.
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    if (!sigpipe_blocked) {
        if (pthread_sigmask(SIG_BLOCK, &pipe_signal, NULL) != 0) { errno = EINVAL; return -1; }
        sigpipe_blocked = 1;
    }
    long moved = (long)splice(from, NULL, to, NULL, count, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    if (moved < 0 && errno == EPIPE) {
        struct timespec now = {0, 0};
        while (sigtimedwait(&pipe_signal, NULL, &now) < 0 && errno == EINTR) {}
        errno = EPIPE;
    }
    return moved;
}

int cnetworklab_splice_pipe(int ends[2], int capacity) {
    if (pipe2(ends, O_NONBLOCK | O_CLOEXEC) != 0) return -1;
    // Past the user's pipe allowance (fs.pipe-user-pages-soft) the kernel refuses a larger
    // pipe: the default one still works, with more system calls per byte.
    int size = fcntl(ends[0], F_SETPIPE_SZ, capacity);
    if (size < 0) size = fcntl(ends[0], F_GETPIPE_SZ);
    return size > 0 ? size : 65536;
}
#endif
