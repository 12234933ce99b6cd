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
#define SOAP_SIG_MAGIC	"fleetaudit-soap-v1"
#define SOAP_SKEW_MAX	300		/* seconds between the clocks */

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
 * The bytes a collector signs for a Hello or a Result (caller frees *out):
 * SOAP_SIG_MAGIC "\n" op "\n" fingerprint "\n" time "\n", then for Hello
 * the version, for Result the command id "\n" status "\n" and the output.
 */
void	soap_signed_bytes(const struct soap_req *, struct fa_buf *out);

/* A command in a HelloResponse; strings borrowed. */
struct soap_command {
	int64_t		 id;
	const char	*kind;		/* "scan", "walk", "logs" */
	const char	*arg;		/* KIND, HOST or DATE */
};

/* Responses and requests as text (caller frees). */
char	*soap_hello_response(int64_t hub_time, const char *hub_fp,
	    const struct soap_command *, size_t n);
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
	struct soap_rcmd {
		int64_t	 id;
		char	*kind, *arg;
	}		*cmds;		/* Hello */
	size_t		 ncmds;
	char		*receipt;	/* Upload */
	int		 already;	/* Upload */
};
void	soap_resp_release(struct soap_resp *);
/* Parses a response or fault to op, with the same parser rules. */
int	soap_parse_response(const char *body, size_t len, enum soap_op op,
	    struct soap_resp *, struct fa_err *) FA_WUR;

/* The WSDL, with the endpoint's address url (borrowed; caller frees). */
char	*soap_wsdl(const char *url);

/* Standard base64 with padding; decoding skips XML white space and caps
 * the output at max bytes. */
char	*soap_b64_encode(const unsigned char *, size_t);
int	soap_b64_decode(const char *, size_t, size_t max, unsigned char **out,
	    size_t *outlen, struct fa_err *) FA_WUR;

#endif
