// See CLabTLS.h. OpenSSL's types are opaque here (void *) and its few constants are copied from
// the OpenSSL 3 headers, which keep them stable across the 3.x ABI.
#define _GNU_SOURCE
#include "CLabTLS.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    SSL_ERROR_SSL = 1, SSL_ERROR_WANT_READ = 2, SSL_ERROR_WANT_WRITE = 3, SSL_ERROR_ZERO_RETURN = 6,
    SSL_VERIFY_PEER = 1, SSL_FILETYPE_PEM = 1, TLS1_2_VERSION = 0x0303,
    SSL_CTRL_MODE = 33, SSL_MODE_RELEASE_BUFFERS = 0x10,
    SSL_CTRL_SET_TLSEXT_HOSTNAME = 55, TLSEXT_NAMETYPE_host_name = 0,
    SSL_CTRL_SET_MIN_PROTO_VERSION = 123,
    BIO_CTRL_PENDING = 10, BIO_C_SET_BUF_MEM_EOF_RETURN = 130,
};
#define OPENSSL_INIT_NO_ATEXIT 0x00080000L

struct functions {
    const void *(*TLS_client_method)(void);
    const void *(*TLS_server_method)(void);
    void *(*SSL_CTX_new)(const void *);
    void (*SSL_CTX_free)(void *);
    long (*SSL_CTX_ctrl)(void *, int, long, void *);
    int (*SSL_CTX_set_default_verify_paths)(void *);
    int (*SSL_CTX_load_verify_locations)(void *, const char *, const char *);
    void (*SSL_CTX_set_verify)(void *, int, void *);
    int (*SSL_CTX_use_certificate_chain_file)(void *, const char *);
    int (*SSL_CTX_use_PrivateKey_file)(void *, const char *, int);
    void *(*SSL_new)(void *);
    void (*SSL_free)(void *);
    long (*SSL_ctrl)(void *, int, long, void *);
    void (*SSL_set_bio)(void *, void *, void *);
    void (*SSL_set_connect_state)(void *);
    void (*SSL_set_accept_state)(void *);
    int (*SSL_set1_host)(void *, const char *);
    void *(*SSL_get0_param)(void *);
    int (*SSL_set_alpn_protos)(void *, const unsigned char *, unsigned int);
    int (*SSL_do_handshake)(void *);
    int (*SSL_read)(void *, void *, int);
    int (*SSL_write)(void *, const void *, int);
    int (*SSL_pending)(const void *);
    int (*SSL_shutdown)(void *);
    int (*SSL_get_error)(const void *, int);
    long (*SSL_get_verify_result)(const void *);
    const void *(*BIO_s_mem)(void);
    void *(*BIO_new)(const void *);
    int (*BIO_read)(void *, void *, int);
    int (*BIO_write)(void *, const void *, int);
    long (*BIO_ctrl)(void *, int, long, void *);
    int (*BIO_free)(void *);
    int (*X509_VERIFY_PARAM_set1_ip_asc)(void *, const char *);
    const char *(*X509_verify_cert_error_string)(long);
    int (*OPENSSL_init_ssl)(uint64_t, const void *);
    unsigned long (*ERR_get_error)(void);
    void (*ERR_clear_error)(void);
    const char *(*ERR_reason_error_string)(unsigned long);
};

/// The functions every call below goes through, filled once by clab_tls_load.
static struct functions ssl;

#define LOOK_UP(library, name)                                                                     \
    if (!(*(void **)&table->name = dlsym(library, #name))) {                                       \
        snprintf(reason, size, "%s has no %s (OpenSSL 3 is needed)",                               \
                 library == crypto ? crypto_name : ssl_name, #name);                               \
        return -1;                                                                                 \
    }

static int resolve(struct functions *table, const char *ssl_name, const char *crypto_name, char *reason, size_t size) {
    void *crypto = dlopen(crypto_name, RTLD_NOW | RTLD_LOCAL);
    if (!crypto) {
        snprintf(reason, size, "cannot load %s (OpenSSL 3; on Debian: apt-get install libssl3): %s", crypto_name, dlerror());
        return -1;
    }
    void *library = dlopen(ssl_name, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(reason, size, "cannot load %s (OpenSSL 3; on Debian: apt-get install libssl3): %s", ssl_name, dlerror());
        return -1;
    }
    LOOK_UP(library, TLS_client_method) LOOK_UP(library, TLS_server_method)
    LOOK_UP(library, SSL_CTX_new) LOOK_UP(library, SSL_CTX_free) LOOK_UP(library, SSL_CTX_ctrl)
    LOOK_UP(library, SSL_CTX_set_default_verify_paths) LOOK_UP(library, SSL_CTX_load_verify_locations)
    LOOK_UP(library, SSL_CTX_set_verify) LOOK_UP(library, SSL_CTX_use_certificate_chain_file)
    LOOK_UP(library, SSL_CTX_use_PrivateKey_file)
    LOOK_UP(library, SSL_new) LOOK_UP(library, SSL_free) LOOK_UP(library, SSL_ctrl) LOOK_UP(library, SSL_set_bio)
    LOOK_UP(library, SSL_set_connect_state) LOOK_UP(library, SSL_set_accept_state) LOOK_UP(library, SSL_set1_host)
    LOOK_UP(library, SSL_get0_param) LOOK_UP(library, SSL_set_alpn_protos) LOOK_UP(library, SSL_do_handshake)
    LOOK_UP(library, SSL_read) LOOK_UP(library, SSL_write) LOOK_UP(library, SSL_pending) LOOK_UP(library, SSL_shutdown)
    LOOK_UP(library, SSL_get_error) LOOK_UP(library, SSL_get_verify_result) LOOK_UP(library, OPENSSL_init_ssl)
    LOOK_UP(crypto, BIO_s_mem) LOOK_UP(crypto, BIO_new) LOOK_UP(crypto, BIO_read) LOOK_UP(crypto, BIO_write)
    LOOK_UP(crypto, BIO_ctrl) LOOK_UP(crypto, BIO_free) LOOK_UP(crypto, X509_VERIFY_PARAM_set1_ip_asc)
    LOOK_UP(crypto, X509_verify_cert_error_string)
    LOOK_UP(crypto, ERR_get_error) LOOK_UP(crypto, ERR_clear_error) LOOK_UP(crypto, ERR_reason_error_string)
    return 0;
}

static char load_failure[256];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    if (resolve(&ssl, "libssl.so.3", "libcrypto.so.3", load_failure, sizeof load_failure) != 0) return;
    // Without this, OpenSSL frees its global state in an atexit handler, while a task on
    // another thread may still be freeing a server's last TLS context as the process exits
    // (lab proxy crashed so on SIGTERM under AddressSanitizer). The process's memory goes
    // back to the system anyway.
    ssl.OPENSSL_init_ssl(OPENSSL_INIT_NO_ATEXIT, NULL);
}

int clab_tls_probe(const char *ssl_library, const char *crypto_library, char *reason, size_t size) {
    struct functions table;
    return resolve(&table, ssl_library, crypto_library, reason, size);
}

int clab_tls_load(char *reason, size_t size) {
    pthread_once(&load_once, load);
    if (load_failure[0]) {
        snprintf(reason, size, "%s", load_failure);
        return -1;
    }
    return 0;
}

/// The reason of the first error OpenSSL queued on this thread, or `fallback`; clears the queue.
static void queued_failure(char *reason, size_t size, const char *fallback) {
    unsigned long code = ssl.ERR_get_error();
    const char *text = code ? ssl.ERR_reason_error_string(code) : NULL;
    snprintf(reason, size, "%s", text ? text : fallback);
    ssl.ERR_clear_error();
}

struct clab_tls_context {
    void *ctx;
};

static clab_tls_context *context_new(int server, char *reason, size_t size) {
    if (clab_tls_load(reason, size) != 0) return NULL;
    ssl.ERR_clear_error();
    void *ctx = ssl.SSL_CTX_new(server ? ssl.TLS_server_method() : ssl.TLS_client_method());
    if (!ctx) {
        queued_failure(reason, size, "SSL_CTX_new failed");
        return NULL;
    }
    ssl.SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, TLS1_2_VERSION, NULL);
    // Idle keep-alive connections then hold no 34 KiB read and write buffers each.
    ssl.SSL_CTX_ctrl(ctx, SSL_CTRL_MODE, SSL_MODE_RELEASE_BUFFERS, NULL);
    clab_tls_context *context = calloc(1, sizeof *context);
    if (!context) {
        ssl.SSL_CTX_free(ctx);
        snprintf(reason, size, "out of memory");
        return NULL;
    }
    context->ctx = ctx;
    return context;
}

clab_tls_context *clab_tls_client_context(const char *ca_file, char *reason, size_t size) {
    clab_tls_context *context = context_new(0, reason, size);
    if (!context) return NULL;
    int loaded;
    if (ca_file) {
        loaded = ssl.SSL_CTX_load_verify_locations(context->ctx, ca_file, NULL);
    } else {
        // OpenSSL's compiled-in default may not be where Debian keeps its bundle.
        loaded = ssl.SSL_CTX_set_default_verify_paths(context->ctx);
        ssl.SSL_CTX_load_verify_locations(context->ctx, "/etc/ssl/certs/ca-certificates.crt", NULL);
        ssl.ERR_clear_error();
    }
    if (loaded != 1) {
        queued_failure(reason, size, "no certificate could be loaded");
        clab_tls_context_free(context);
        return NULL;
    }
    ssl.SSL_CTX_set_verify(context->ctx, SSL_VERIFY_PEER, NULL);
    return context;
}

clab_tls_context *clab_tls_server_context(const char *certificate_file, const char *key_file, char *reason, size_t size) {
    clab_tls_context *context = context_new(1, reason, size);
    if (!context) return NULL;
    if (ssl.SSL_CTX_use_certificate_chain_file(context->ctx, certificate_file) != 1
        || ssl.SSL_CTX_use_PrivateKey_file(context->ctx, key_file, SSL_FILETYPE_PEM) != 1) {
        queued_failure(reason, size, "the certificate or key could not be loaded");
        clab_tls_context_free(context);
        return NULL;
    }
    return context;
}

void clab_tls_context_free(clab_tls_context *context) {
    if (!context) return;
    ssl.SSL_CTX_free(context->ctx);
    free(context);
}

struct clab_tls_session {
    void *ssl;
    /// Ciphertext from the peer (the session reads it) and to the peer (the session writes it).
    void *input, *output;
    /// Whether SSL_free frees the two buffers (once SSL_set_bio has handed them over).
    int attached;
    char failure[256];
};

clab_tls_session *clab_tls_session_new(clab_tls_context *context, const char *host, char *reason, size_t size) {
    ssl.ERR_clear_error();
    clab_tls_session *session = calloc(1, sizeof *session);
    if (!session) {
        snprintf(reason, size, "out of memory");
        return NULL;
    }
    session->ssl = ssl.SSL_new(context->ctx);
    session->input = ssl.BIO_new(ssl.BIO_s_mem());
    session->output = ssl.BIO_new(ssl.BIO_s_mem());
    if (!session->ssl || !session->input || !session->output) {
        queued_failure(reason, size, "SSL_new failed");
        clab_tls_session_free(session);
        return NULL;
    }
    // An empty input buffer means "wait for more", never end of stream.
    ssl.BIO_ctrl(session->input, BIO_C_SET_BUF_MEM_EOF_RETURN, -1, NULL);
    ssl.BIO_ctrl(session->output, BIO_C_SET_BUF_MEM_EOF_RETURN, -1, NULL);
    ssl.SSL_set_bio(session->ssl, session->input, session->output);
    session->attached = 1;
    if (!host) {
        ssl.SSL_set_accept_state(session->ssl);
        return session;
    }
    ssl.SSL_set_connect_state(session->ssl);
    unsigned char address[16];
    int numeric = inet_pton(AF_INET, host, address) == 1 || inet_pton(AF_INET6, host, address) == 1;
    int named = numeric ? ssl.X509_VERIFY_PARAM_set1_ip_asc(ssl.SSL_get0_param(session->ssl), host)
                        : ssl.SSL_set1_host(session->ssl, host)
                              && ssl.SSL_ctrl(session->ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, (void *)host);
    static const unsigned char alpn[] = "\x08http/1.1";
    if (!named || ssl.SSL_set_alpn_protos(session->ssl, alpn, sizeof alpn - 1) != 0) {
        queued_failure(reason, size, "the host name cannot be checked");
        clab_tls_session_free(session);
        return NULL;
    }
    return session;
}

void clab_tls_session_free(clab_tls_session *session) {
    if (!session) return;
    if (!session->attached) {
        if (session->input) ssl.BIO_free(session->input);
        if (session->output) ssl.BIO_free(session->output);
    }
    if (session->ssl) ssl.SSL_free(session->ssl);
    free(session);
}

/// Maps a failed SSL call's result to WANT_INPUT, CLOSED or FAILED (recording why).
static long outcome(clab_tls_session *session, int result) {
    int error = ssl.SSL_get_error(session->ssl, result);
    switch (error) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        ssl.ERR_clear_error();
        return CLAB_TLS_WANT_INPUT;
    case SSL_ERROR_ZERO_RETURN:
        ssl.ERR_clear_error();
        return CLAB_TLS_CLOSED;
    default: {
        long verified = ssl.SSL_get_verify_result(session->ssl);
        if (verified != 0) {
            snprintf(session->failure, sizeof session->failure, "certificate verify failed: %s",
                     ssl.X509_verify_cert_error_string(verified));
            ssl.ERR_clear_error();
        } else {
            char fallback[64];
            snprintf(fallback, sizeof fallback, "TLS failure (SSL error %d)", error);
            queued_failure(session->failure, sizeof session->failure, fallback);
        }
        return CLAB_TLS_FAILED;
    }
    }
}

int clab_tls_handshake(clab_tls_session *session) {
    ssl.ERR_clear_error();
    int result = ssl.SSL_do_handshake(session->ssl);
    if (result == 1) return 1;
    long mapped = outcome(session, result);
    if (mapped == CLAB_TLS_CLOSED) {
        snprintf(session->failure, sizeof session->failure, "the peer closed the TLS stream during the handshake");
        return CLAB_TLS_FAILED;
    }
    return (int)mapped;
}

void clab_tls_feed(clab_tls_session *session, const void *bytes, size_t count) {
    // A memory BIO grows as needed; it fails only when memory runs out.
    while (count > 0) {
        int piece = count > (1 << 30) ? (1 << 30) : (int)count;
        int written = ssl.BIO_write(session->input, bytes, piece);
        if (written <= 0) return;
        bytes = (const char *)bytes + written;
        count -= (size_t)written;
    }
}

long clab_tls_read(clab_tls_session *session, void *buffer, size_t count) {
    ssl.ERR_clear_error();
    int result = ssl.SSL_read(session->ssl, buffer, count > (1 << 30) ? (1 << 30) : (int)count);
    return result > 0 ? result : outcome(session, result);
}

long clab_tls_write(clab_tls_session *session, const void *bytes, size_t count) {
    ssl.ERR_clear_error();
    int result = ssl.SSL_write(session->ssl, bytes, count > (1 << 30) ? (1 << 30) : (int)count);
    if (result > 0) return result;
    long mapped = outcome(session, result);
    if (mapped != CLAB_TLS_FAILED) {
        snprintf(session->failure, sizeof session->failure, "the TLS stream cannot be written now");
    }
    return CLAB_TLS_FAILED;
}

void clab_tls_shutdown(clab_tls_session *session) {
    ssl.ERR_clear_error();
    ssl.SSL_shutdown(session->ssl);
    ssl.ERR_clear_error();
}

size_t clab_tls_output_count(clab_tls_session *session) {
    return (size_t)ssl.BIO_ctrl(session->output, BIO_CTRL_PENDING, 0, NULL);
}

size_t clab_tls_take_output(clab_tls_session *session, void *buffer, size_t count) {
    int read = ssl.BIO_read(session->output, buffer, count > (1 << 30) ? (1 << 30) : (int)count);
    return read > 0 ? (size_t)read : 0;
}

size_t clab_tls_buffered_input(clab_tls_session *session) {
    return (size_t)ssl.BIO_ctrl(session->input, BIO_CTRL_PENDING, 0, NULL) + (size_t)ssl.SSL_pending(session->ssl);
}

void clab_tls_failure(clab_tls_session *session, char *reason, size_t size) {
    snprintf(reason, size, "%s", session->failure[0] ? session->failure : "unknown TLS failure");
}
