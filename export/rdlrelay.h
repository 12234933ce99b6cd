/*
 * rdlrelay.h: Remote Device Link, the collector's side (docs/rdl.md): it
 * carries a hub's device sessions to the devices and their answers back.
 *
 * Every connection is opened here, outbound, over HTTPS with the TLS
 * rules of "upload" (export/upload.h: verified hub certificate, TLS 1.2+,
 * the pin, the proxy): a channel opened with the collector's signed
 * headers, then a long poll that brings the sessions' requests, and one
 * post per answer.  A session is taken only once the caller has checked
 * it (rdl_relay_accept(): it came in the hub's signed answer to a Hello
 * and names a device of the store inside the ranges); a request reaches
 * only its session's device: its address, port 80 (http) or 443 (https),
 * no redirect followed, no proxy.  Over https the device's certificate
 * is not checked (devices carry self-signed ones): accepted for the
 * device only, never for the hub.
 *
 * Threads (POSIX threads; winpthreads on Windows): one polls, a few
 * carry requests.  Nothing here prints: messages wait for the caller's
 * thread (rdl_relay_log()).
 */
#ifndef FA_RDLRELAY_H
#define FA_RDLRELAY_H

#include <stddef.h>
#include <stdint.h>

#include "../cli/util.h"

#define RDLRELAY_WORKERS	8	/* requests carried at once (a
					 * download streamed holds one
					 * as long as it lasts) */
#define RDLRELAY_SESSIONS	20	/* sessions at once */
#define RDLRELAY_ANSWER_MAX	(64 * 1024 * 1024)	/* bytes of a device's
							 * answer (the hub's
							 * limit) */
#define RDLRELAY_DEVICE_S	60	/* a device has this long to answer */
#define RDLRELAY_LOG		64	/* messages kept for the caller */

struct key_secret;
struct key_pub;
struct fa_addr;
struct rdl_relay;

struct rdl_relay_conf {
	const char		*hub_url;	/* the SOAP URL; its origin */
	const char		*cacert, *pin, *proxy;	/* as upload's */
	const char		*fp;		/* this collector's */
	const struct key_secret	*key;		/* borrowed, outlives */
	const struct key_pub	*hub;		/* the trusted hub key,
						 * borrowed; NULL: every
						 * session waits for run's
						 * Hello */
};

/* Starts the relay (libcurl initialised by the caller).  NULL, e. */
struct rdl_relay *rdl_relay_start(const struct rdl_relay_conf *,
		    struct fa_err *);
/* Tells the hub its sessions end, stops the threads, frees. */
void		 rdl_relay_stop(struct rdl_relay *);	/* NULL: no-op */

/*
 * The addresses a session may be taken for at once (devices of the store
 * inside the ranges, as run's thread last saw them; copied).  When the
 * hub says a session waits, the relay asks it for its offers (signed by
 * the trusted hub key for a nonce of its own, as a Hello's answer) and
 * takes those for these addresses itself; any other is left to run's
 * Hello (rdl_relay_hello_due()), which checks against the store.
 */
void		 rdl_relay_allow(struct rdl_relay *, const struct fa_addr *v,
		    size_t n);
/* 1 once each time a Hello of run is needed (a session waits that the
 * relay did not take itself). */
int		 rdl_relay_hello_due(struct rdl_relay *);
/* Session sid (the hub's number) to address (numeric), scheme "http" or
 * "https", checked by the caller; or refused, with why (borrowed). */
void		 rdl_relay_accept(struct rdl_relay *, int64_t sid,
		    const char *address, const char *scheme);
void		 rdl_relay_refuse(struct rdl_relay *, int64_t sid,
		    const char *why);
/* The messages since the last call, each to cb (level 0 info, 1
 * warning), on the caller's thread. */
void		 rdl_relay_log(struct rdl_relay *,
		    void (*cb)(void *, int, const char *), void *arg);

/* ---- the parsers, apart for tests/fuzz/fuzz_rdl.c ---- */

enum { RDLRELAY_HELLO = 1, RDLRELAY_END, RDLRELAY_REQ };
/* One frame of a poll's answer: "hello", "end SID", or "req ID SID LEN"
 * and its LEN bytes (data, borrowed from the answer). */
struct rdlrelay_frame {
	int		 kind;
	long long	 id, sid;
	const char	*data;
	size_t		 len;
};
/* The frame at *p (before end) into f, *p moved past it: 1, 0 at the
 * end, -1 malformed (a line over 127 bytes, an unknown word, a length
 * past the end): the rest is not read. */
int	rdlrelay_frame_next(const char **p, const char *end,
	    struct rdlrelay_frame *f);
/* A request frame's head: its method (upper-case letters, at most 15),
 * its path (starting with "/", no space, tab, "#", backslash or NUL;
 * *path freed by the caller) and *hn, the bytes up to its body.  0, or
 * -1 with *why. */
int	rdlrelay_request_parse(const char *frame, size_t len,
	    char method[16], char **path, size_t *hn, const char **why);
/* "Location: V" into out, V made a path when it is an absolute URL on
 * addr itself (any scheme, any port); left as it is otherwise (the hub
 * refuses those). */
void	rdlrelay_location(struct fa_buf *out, const char *v,
	    const char *addr);

#endif
