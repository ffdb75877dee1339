// TLS for `lab proxy`'s https:// upstreams, on the OpenSSL 3 the process already carries (the
// toolchain's FoundationNetworking links libcurl, which links libssl.so.3). The library is
// loaded at run time with dlopen: nothing links against it, and no OpenSSL header is needed to
// build. Sans-I/O: a session reads and writes ciphertext through memory buffers only; the caller
// moves those bytes to and from its socket.
#pragma once

#include <stddef.h>

/// Loads libssl.so.3 and libcrypto.so.3 and looks up every function used here, once. Returns 0,
/// or -1 with a one-line reason (which library or symbol is missing) in `reason`.
int clab_tls_load(char *reason, size_t size);
/// The same lookups in the libraries named, leaving the ones in use alone: how a test sees the
/// reason given when a library is missing.
int clab_tls_probe(const char *ssl_library, const char *crypto_library, char *reason, size_t size);

/// A configuration shared by sessions (an SSL_CTX). Opaque.
typedef struct clab_tls_context clab_tls_context;
/// One TLS connection's state (an SSL with two memory BIOs). Opaque.
typedef struct clab_tls_session clab_tls_session;

/// A client configuration: TLS 1.2 or later, ALPN http/1.1, the peer verified against the PEM
/// bundle `ca_file`, or with NULL the system's store (OpenSSL's default paths and Debian's
/// /etc/ssl/certs/ca-certificates.crt). NULL with a reason when the bundle holds no certificate.
clab_tls_context *clab_tls_client_context(const char *ca_file, char *reason, size_t size);
/// A server configuration with a PEM certificate chain and its key (for tests). NULL with a reason.
clab_tls_context *clab_tls_server_context(const char *certificate_file, const char *key_file, char *reason, size_t size);
void clab_tls_context_free(clab_tls_context *context);

/// A client session that sends `host` as SNI (unless it is an IP address) and accepts only a
/// certificate for `host` (a DNS name or an IP address); or, with `host` NULL, a server session.
clab_tls_session *clab_tls_session_new(clab_tls_context *context, const char *host, char *reason, size_t size);
void clab_tls_session_free(clab_tls_session *session);

/// Results of the calls below besides byte counts.
enum {
    /// More ciphertext from the peer is needed.
    CLAB_TLS_WANT_INPUT = -1,
    /// The peer closed the TLS stream cleanly (close_notify).
    CLAB_TLS_CLOSED = -2,
    /// A protocol or verification failure: see clab_tls_failure.
    CLAB_TLS_FAILED = -3,
};

/// Advances the handshake: 1 once complete, or CLAB_TLS_WANT_INPUT, or CLAB_TLS_FAILED.
/// Collect the output after each call.
int clab_tls_handshake(clab_tls_session *session);
/// Hands ciphertext received from the peer to the session.
void clab_tls_feed(clab_tls_session *session, const void *bytes, size_t count);
/// Decrypts up to `count` bytes: the count, or CLAB_TLS_WANT_INPUT, CLAB_TLS_CLOSED, CLAB_TLS_FAILED.
long clab_tls_read(clab_tls_session *session, void *buffer, size_t count);
/// Encrypts `count` bytes (at most 16 KiB a call is best): the count, or CLAB_TLS_FAILED.
long clab_tls_write(clab_tls_session *session, const void *bytes, size_t count);
/// Queues a close_notify alert in the output.
void clab_tls_shutdown(clab_tls_session *session);
/// Ciphertext waiting to be sent to the peer, in bytes.
size_t clab_tls_output_count(clab_tls_session *session);
/// Moves up to `count` bytes of waiting ciphertext into `buffer`; returns how many.
size_t clab_tls_take_output(clab_tls_session *session, void *buffer, size_t count);
/// Received bytes still held inside the session, ciphertext not yet read and plaintext
/// decrypted but not yet taken (besides part of one record OpenSSL may hold while it waits
/// for the rest).
size_t clab_tls_buffered_input(clab_tls_session *session);
/// Why the last call failed, in one line ("certificate verify failed: self-signed certificate").
void clab_tls_failure(clab_tls_session *session, char *reason, size_t size);
