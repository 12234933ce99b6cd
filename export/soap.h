/*
 * soap.h: the SOAP 1.1 messages of the hub's endpoint
 * (/WebServices/Onsite2Service.asmx), both ends: parsing what arrives
 * (libxml2) and building what leaves (plain text, every value escaped).
 * The service is document-literal, namespace SOAP_NS; the WSDL is
 * soap_wsdl().  Operations and rules: docs/soap.md.
 *
 * A request is untrusted input: its size is capped by the caller before
 * parsing (SOAP_BODY_MAX, SOAP_UPLOAD_MAX), and the parser loads no DTD,
 * substitutes no entity, opens no network or file, and refuses any
 * DOCTYPE outright.  Nothing here prints; errors fill struct fa_err.
 */
#ifndef FA_SOAP_H
#define FA_SOAP_H

#include <stddef.h>
#include <stdint.h>

#include "../cli/util.h"

#define SOAP_PATH	"/WebServices/Onsite2Service.asmx"
#define SOAP_NS		"urn:fleetaudit:onsite2:v1"
#define SOAP_ENV_NS	"http://schemas.xmlsoap.org/soap/envelope/"
#define SOAP_BODY_MAX	(64 * 1024)		/* Hello, Result, faults */
#define SOAP_UPLOAD_MAX	(64 * 1024 * 1024)	/* one Upload: a bundle's
						 * base64 and the envelope */
#define SOAP_OUTPUT_MAX	(40 * 1024)	/* a command result's output,
					 * bytes, so that its base64 fits in
					 * SOAP_BODY_MAX */
#define SOAP_SIG_BYTES	64		/* Ed25519 */
#define SOAP_FP_MAX	32		/* a fingerprint as sent */
#define SOAP_TEXT_MAX	512		/* version, status, command fields */
#define SOAP_COMMANDS_MAX 32		/* commands in one HelloResponse */
#define SOAP_SIG_MAGIC	"fleetaudit-soap-v1"	/* a Result; a Hello
						 * without a nonce */
#define SOAP_SIG_MAGIC2	"fleetaudit-soap-v2"	/* a Hello with a nonce,
						 * a HelloResponse */
#define SOAP_NONCE_BYTES 16		/* random, per Hello */
#define SOAP_NONCE_LEN	(2 * SOAP_NONCE_BYTES)	/* as lower-case hex */
#define SOAP_SKEW_MAX	120		/* seconds between the clocks: a
					 * Hello or Result dated further
					 * from the hub's clock is refused */
#define SOAP_ANSWER_TTL	120		/* seconds after its Hello's time
					 * that a HelloResponse may be acted
					 * on (the collector's clock) */
/* The one fault for an unknown collector and a bad signature, so that an
 * outsider cannot tell which fingerprints the hub trusts. */
#define SOAP_FAULT_AUTH	"unknown collector or bad signature (the hub's " \
			"log says which)"

enum soap_op {
	SOAP_HELLO = 1,
	SOAP_UPLOAD,
	SOAP_RESULT,
};

/* One request, parsed; owns its strings. */
struct soap_req {
	enum soap_op	 op;
	char		*collector;	/* Hello, Result: fingerprint */
	char		*version;	/* Hello */
	char		*nonce;		/* Hello: SOAP_NONCE_LEN hex digits;
					 * NULL: a collector of protocol v1,
					 * which sends none */
	int64_t		 time;		/* Hello, Result: epoch seconds */
	unsigned char	 sig[SOAP_SIG_BYTES];	/* Hello, Result */
	unsigned char	*data;		/* Upload: the bundle; Result: the
					 * output (decoded base64) */
	size_t		 data_len;
	int64_t		 command;	/* Result: the command id */
	char		*status;	/* Result: "ok" or "error" */
};
void	soap_req_release(struct soap_req *);

/* Once per process, before threads: libxml2 set up, its external entity
 * loader replaced by one that loads nothing. */
void	soap_init(void);

/*
 * Parses one request envelope of len bytes.  Refuses what is not
 * well-formed XML, any DOCTYPE, an unknown operation, a missing or bad
 * field, with a message fit for a fault.  req is filled only on success.
 */
int	soap_parse_request(const char *body, size_t len, struct soap_req *,
	    struct fa_err *) FA_WUR;

/*
 * The bytes a collector signs for a Hello or a Result, appended to out:
 * SOAP_SIG_MAGIC "\n" op "\n" fingerprint "\n" time "\n", then for Hello
 * the version, for Result the command id "\n" status "\n" and the output.
 * A Hello with a nonce: SOAP_SIG_MAGIC2 "\nHello\n" fingerprint "\n" time
 * "\n" nonce "\n" version.
 */
void	soap_signed_bytes(const struct soap_req *, struct fa_buf *out);

/* A command in a HelloResponse; strings borrowed. */
struct soap_command {
	int64_t		 id;
	const char	*kind;		/* "scan", "walk", "logs" */
	const char	*arg;		/* KIND, HOST or DATE */
};

/*
 * The hub's answer to a Hello; strings borrowed.  It is signed by the
 * hub's Ed25519 key over soap_answer_signed_bytes(), bound to the
 * collector, the nonce of its Hello and an expiry, so that a collector
 * acts only on what its own hub said to it, now.
 */
struct soap_answer {
	int64_t			 hub_time;	/* epoch seconds */
	const char		*hub_fp;
	const char		*collector;	/* the Hello's fingerprint */
	const char		*nonce;		/* the Hello's; "" for v1 */
	int64_t			 expires;	/* the Hello's time +
						 * SOAP_ANSWER_TTL */
	const struct soap_command *cmds;
	size_t			 n;		/* at most SOAP_COMMANDS_MAX */
	unsigned char		 sig[SOAP_SIG_BYTES];
};

/*
 * The bytes the hub signs for a HelloResponse, appended to out, every
 * field framed by its length so that no two answers share them:
 * SOAP_SIG_MAGIC2 "\nHelloResponse\n", then hub fingerprint, collector
 * fingerprint, nonce, hub time, expiry and the number of commands, each
 * as LENGTH ":" VALUE "\n", then for each command its id, kind and
 * argument the same way.
 */
void	soap_answer_signed_bytes(const struct soap_answer *,
	    struct fa_buf *out);

/* Responses and requests as text (caller frees). */
char	*soap_hello_response(const struct soap_answer *);
char	*soap_upload_response(const char *receipt, int already);
char	*soap_result_response(void);
/* code is "Client" (the request is refused: do not send it again) or
 * "Server" (the hub cannot take it now: try again later). */
char	*soap_fault(const char *code, const char *reason);
char	*soap_hello_request(const struct soap_req *);
char	*soap_result_request(const struct soap_req *);
/* The Upload envelope around len bytes of bundle, in base64. */
char	*soap_upload_request(const unsigned char *bundle, size_t len);

/* A response, parsed (the collector's side); owns its strings. */
struct soap_resp {
	int		 fault;
	char		*fault_code;	/* "Client" or "Server", prefix gone */
	char		*fault_reason;
	int64_t		 hub_time;	/* Hello */
	char		*hub_fp;	/* Hello */
	char		*collector;	/* Hello: as the hub echoes it */
	char		*nonce;		/* Hello: as the hub echoes it */
	int64_t		 expires;	/* Hello; 0: none given */
	int		 has_sig;	/* Hello: a signature came */
	unsigned char	 sig[SOAP_SIG_BYTES];
	struct soap_rcmd {
		int64_t	 id;
		char	*kind, *arg;
	}		*cmds;		/* Hello */
	size_t		 ncmds;
	char		*receipt;	/* Upload */
	int		 already;	/* Upload */
};
void	soap_resp_release(struct soap_resp *);
/* Parses a response or fault to op, with the same parser rules.  A
 * fault's reason is made one printable line (fa_esc_line()): it comes
 * from whoever answered. */
int	soap_parse_response(const char *body, size_t len, enum soap_op op,
	    struct soap_resp *, struct fa_err *) FA_WUR;

/*
 * The collector's check of a HelloResponse (not a fault) before it acts
 * on anything in it: signed by hub (the key the collector trusts) over
 * this collector's fingerprint and the nonce of the Hello it sent at
 * hello_time, with every command as received, and not expired at now
 * (an expiry later than hello_time + SOAP_ANSWER_TTL is refused too).
 * 0, or -1 with e saying what is wrong in one line.
 */
struct key_pub;
int	soap_answer_verify(const struct soap_resp *, const struct key_pub *hub,
	    const char *collector, const char *nonce, int64_t hello_time,
	    int64_t now, struct fa_err *) FA_WUR;

/* The WSDL, with the endpoint's address url (borrowed; caller frees). */
char	*soap_wsdl(const char *url);

/* Standard base64 with padding; decoding skips XML white space and caps
 * the output at max bytes. */
char	*soap_b64_encode(const unsigned char *, size_t);
int	soap_b64_decode(const char *, size_t, size_t max, unsigned char **out,
	    size_t *outlen, struct fa_err *) FA_WUR;
/* One base64 character's value, 0 to 63; -1: not one ('=' included). */
int	soap_b64_digit(unsigned char c);

#endif
