/*
 * soapup.h: the hub's reading of an Upload request (export/soap.h's
 * operation) as a stream, and the signed headers that let a collector
 * send a large one.
 *
 * An Upload carries a bundle of up to SOAP_UPLOAD_MAX bytes of envelope.
 * Parsed into a tree, a body of that size costs many times its size
 * (16 MiB of "<a/>" took hundreds of MB); here it goes through libxml2's
 * push parser with SAX callbacks that build nothing: the elements are
 * counted (SOAPUP_ELEMS_MAX) and nested at most SOAPUP_DEPTH_MAX deep,
 * the bundle's base64 is decoded as it arrives and handed on in small
 * pieces, and the bytes libxml2 holds unparsed (one tag, one name) are
 * capped at SOAPUP_PENDING_MAX.  The memory of one Upload is therefore
 * bounded whatever its size or shape.  Same parser rules as soap.h: no
 * DTD, no entity, no network, any DOCTYPE refused; never XML_PARSE_HUGE.
 *
 * The signed headers (SOAPUP_H_*) are checked by the hub when the
 * request's headers have arrived, before any byte of the body is taken:
 * the collector's fingerprint, a time, a random nonce and the body's
 * length, signed with the collector's Ed25519 key.  Nothing here prints.
 */
#ifndef FA_SOAPUP_H
#define FA_SOAPUP_H

#include <stddef.h>
#include <stdint.h>

#include "../cli/util.h"
#include "soap.h"

#define SOAPUP_ELEMS_MAX	64	/* elements in one Upload: it needs 4,
					 * a SOAP Header adds a few */
#define SOAPUP_DEPTH_MAX	16	/* nesting of elements */
#define SOAPUP_PENDING_MAX	(256 * 1024)	/* bytes libxml2 may hold
					 * unparsed: a tag, a name; text is
					 * handed on as it comes */

#define SOAPUP_AUTH_MAGIC	"fleetaudit-upload-v1"
#define SOAPUP_NONCE_LEN	32	/* hex digits of 16 random bytes */
#define SOAPUP_H_COLLECTOR	"X-Fleetaudit-Collector"
#define SOAPUP_H_TIME		"X-Fleetaudit-Time"
#define SOAPUP_H_NONCE		"X-Fleetaudit-Nonce"
#define SOAPUP_H_SIGNATURE	"X-Fleetaudit-Signature"

struct soapup;

/*
 * A reader of one Upload envelope.  put is called with each piece of the
 * decoded bundle (borrowed, at most a few KiB), in order; it returns 0,
 * or -1 with e filled to stop the reading.  The bundle is capped at max
 * bytes.  Free with soapup_free().
 */
struct soapup	*soapup_new(size_t max, int (*put)(void *arg,
		    const unsigned char *, size_t, struct fa_err *),
		    void *arg);
void		 soapup_free(struct soapup *);	/* NULL is a no-op */

/*
 * Feeds len bytes of the body.  -1 with e filled (a message fit for a
 * fault) when the envelope is refused; every later call fails the same.
 */
int	soapup_push(struct soapup *, const char *buf, size_t len,
	    struct fa_err *) FA_WUR;

/* The body has ended: 0 with *len the bundle's bytes, or -1 and e. */
int	soapup_finish(struct soapup *, size_t *len, struct fa_err *) FA_WUR;

/* The signed headers of a large Upload, parsed; owns nothing. */
struct soapup_auth {
	char		collector[SOAP_FP_MAX + 1];
	int64_t		time;		/* epoch seconds */
	char		nonce[SOAPUP_NONCE_LEN + 1];
	long long	length;		/* the body's Content-Length */
	unsigned char	sig[SOAP_SIG_BYTES];
};

/*
 * The bytes a collector signs: SOAPUP_AUTH_MAGIC "\n" fingerprint "\n"
 * time "\n" nonce "\n" length "\n" (caller releases out).
 */
void	soapup_auth_bytes(const struct soapup_auth *, struct fa_buf *out);

/* A new a for collector's Upload of length bytes at time, with a random
 * nonce; sig is left to the caller (key_secret_sign() of
 * soapup_auth_bytes()). */
int	soapup_auth_new(const char *collector, int64_t time,
	    long long length, struct soapup_auth *a, struct fa_err *) FA_WUR;

/* The four header values (any may be NULL: refused) and the body's
 * length into a; -1 and e when one is missing or malformed. */
int	soapup_auth_parse(const char *collector, const char *time,
	    const char *nonce, const char *sig, long long length,
	    struct soapup_auth *a, struct fa_err *) FA_WUR;

#endif
