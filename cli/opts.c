/*
 * opts.c: the option table (see opts.h).  One table drives the argv
 * parser, the config reader and --help, so the three cannot drift.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../collector/scan.h"
#include "home.h"
#include "opts.h"
#include "runlog.h"
#include "plat.h"
#include "util.h"

#define CONFIG_MAX_BYTES	(1024 * 1024)
#define CONFIG_MAX_CREDS	64
#define MAX_LIST		4096	/* ranges or excludes */

enum okey {
	O_HOME, O_DB, O_CONFIG, O_RANGE, O_EXCLUDE, O_COMMUNITY,
	O_V1COMMUNITY, O_V3USER, O_V3AUTH, O_V3PRIV, O_V3CONTEXT, O_TIMEOUT,
	O_RETRIES, O_INFLIGHT, O_RATE, O_PORT, O_DEVICES, O_FORCE, O_ALL,
	O_JSON, O_QUIET, O_OUTPUT, O_ROOT, O_MAXVBS, O_MAXTIME, O_HELP,
	O_MODELS, O_NOMODELS, O_INTERVAL, O_PARTS, O_PASSFILE,
	O_LOGLEVEL, O_WAIT, O_LEVEL, O_SINCE, O_MASK,
	O_XLSX, O_HTML, O_CSV, O_FROM, O_TO, O_PRICES,
	O_PROPOSAL, O_DEALER, O_LOGO, O_CUSTOMER, O_PREPBY, O_RDATE,
	O_HUBURL, O_CACERT, O_PIN, O_PROXY, O_IPP, O_IPPPROBE, O_IPPPORT,
	O_LOCAL, O_CUPSSERVER, O_MDNS,
	O_RDL,
};

struct opt {
	const char	*name;
	char		 shortc;
	enum okey	 key;
	unsigned	 cmds;
	int		 config;	/* allowed in the config file */
	const char	*arg;		/* NULL for flags */
	const char	*help;
};

static const struct opt opts[] = {
	{ "home", 0, O_HOME, C_HOME, 0, "DIR",
	    "collector home (store, config, logs); default "
	    "$FLEETAUDIT_HOME or $XDG_DATA_HOME/fleetaudit" },
	{ "db", 0, O_DB, C_STORE, 1, "FILE",
	    "store file; default HOME/store.db (config key: db or store)" },
	{ "config", 0, O_CONFIG, C_HOME, 0, "FILE",
	    "config file; default HOME/fleetaudit.conf when present" },
	{ "range", 0, O_RANGE, C_ASSESS | C_DISCOVER | C_RUN, 1, "RANGE",
	    "range to sweep (also as arguments); repeatable" },
	{ "exclude", 'x', O_EXCLUDE, C_ASSESS | C_DISCOVER | C_RUN, 1, "RANGE",
	    "leave these addresses out; repeatable" },
	{ "community", 'c', O_COMMUNITY, C_NET, 1, "C",
	    "SNMPv2c community, tried in order; repeatable (default public)" },
	{ "v1-community", 0, O_V1COMMUNITY, C_NET, 1, "C",
	    "SNMPv1 community; all credentials are tried in the order\n"
	    "\t\t\t\t given; repeatable" },
	{ "v3-user", 'u', O_V3USER, C_NET, 0, "NAME", "SNMPv3 user" },
	{ "v3-auth", 0, O_V3AUTH, C_NET, 0, "PROTO:PASS",
	    "SNMPv3 auth: MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512" },
	{ "v3-priv", 0, O_V3PRIV, C_NET, 0, "PROTO:PASS",
	    "SNMPv3 privacy: DES, AES (128), AES-192, AES-256 "
	    "(AES-192C/AES-256C: Cisco key extension)" },
	{ "v3-context", 0, O_V3CONTEXT, C_NET, 0, "NAME",
	    "SNMPv3 context name" },
	{ "timeout", 't', O_TIMEOUT, C_NET, 1, "DURATION",
	    "wait per try, e.g. 800ms or 2s (default 1s)" },
	{ "retries", 'r', O_RETRIES, C_NET, 1, "N",
	    "tries after the first (default 1)" },
	{ "max-inflight", 0, O_INFLIGHT, C_NET, 1, "N",
	    "requests awaiting an answer at once (default 8192)" },
	{ "rate", 0, O_RATE, C_NET, 1, "PPS",
	    "packets sent per second, all devices together,\n"
	    "\t\t\t\t retries included (default 8000: reading printers\n"
	    "\t\t\t\t that answer is then about 40 Mbit/s both ways);\n"
	    "\t\t\t\t each device gets one table request at a time" },
	{ "port", 0, O_PORT, C_NET | C_MODELS, 1, "PORT",
	    "SNMP port (default 161)" },
	{ "max-devices", 0, O_DEVICES, C_ASSESS | C_RUN, 1, "N",
	    "devices read at once (default 256)" },
	{ "force", 'f', O_FORCE, C_ASSESS | C_DISCOVER | C_RUN, 0, NULL,
	    "allow ranges larger than a /16" },
	{ "force", 'f', O_FORCE, C_KEYS, 0, NULL,
	    "replace an existing key pair or trusted hub key" },
	{ "all", 'a', O_ALL, C_ASSESS | C_DISCOVER | C_RUN, 0, NULL,
	    "every SNMP device, not only printers" },
	{ "json", 'j', O_JSON, C_ASSESS | C_DISCOVER | C_DEVICES | C_SHOW |
	    C_MODELS | C_KEYS | C_CTL | C_CHANGES | C_BUNDLE, 0,
	    NULL, "machine-readable output" },
	{ "quiet", 'q', O_QUIET, C_ALL, 0, NULL, "no progress on stderr" },
	{ "output", 'o', O_OUTPUT, C_WALK, 0, "FILE",
	    "write the walk here instead of standard output" },
	{ "output", 'o', O_OUTPUT, C_EXPORT, 0, "FILE",
	    "the bundle file (default fleetaudit-FINGERPRINT-SEQUENCE.bundle "
	    "in the current directory)" },
	{ "root", 0, O_ROOT, C_WALK, 0, "OID",
	    "subtree to walk (default 1.3.6.1)" },
	{ "max-varbinds", 0, O_MAXVBS, C_WALK, 0, "N",
	    "stop after N values (default 200000)" },
	{ "max-time", 0, O_MAXTIME, C_WALK, 0, "DURATION",
	    "stop after this long (default 10m)" },
	{ "models", 0, O_MODELS, C_ASSESS | C_MODELS | C_RUN, 1, "DIR",
	    "model definitions (*.model) read after the built-in ones and "
	    "HOME/models" },
	{ "no-models", 0, O_NOMODELS, C_ASSESS | C_MODELS | C_RUN, 0, NULL,
	    "read the standard MIBs only, no model definitions" },
	{ "interval", 'i', O_INTERVAL, C_RUN, 1, "KIND=DURATION",
	    "how often: discovery (60m, 10m to 7d), meters (24h, 30m to 14d), "
	    "supplies (4h, 30m to 7d), errors (60m, 30m to 7d), attributes "
	    "(24h, 1h to 14d); repeatable" },
	{ "ipp", 0, O_IPP, C_ASSESS | C_RUN, 1, "URI",
	    "also read this printer over IPP (ipp://HOST[:PORT]/PATH or "
	    "ipps://...); repeatable; with no range, only these" },
	{ "ipp-probe", 0, O_IPPPROBE, C_ASSESS | C_DISCOVER | C_RUN, 1, NULL,
	    "after the SNMP sweep, try IPP (TCP --ipp-port) on the addresses "
	    "SNMP found nothing at, and read the printers there" },
	{ "ipp-port", 0, O_IPPPORT, C_ASSESS | C_DISCOVER | C_RUN, 1, "PORT",
	    "TCP port of --ipp-probe (default 631)" },
	{ "local", 0, O_LOCAL, C_ASSESS | C_RUN, 1, NULL,
	    "read the printers of the local print system (CUPS queues, USB "
	    "printers through ipp-usb; on Windows the spooler's printers; "
	    "run: on every scan); with no range, only these" },
	{ "mdns", 0, O_MDNS, C_ASSESS | C_DISCOVER | C_RUN, 1, NULL,
	    "also read the IPP printers DNS-SD announces on the local link "
	    "(_ipp._tcp, _ipps._tcp, through avahi-daemon; run: browsed at "
	    "each discovery); with no range, only these" },
	{ "cups-server", 0, O_CUPSSERVER, C_ASSESS | C_RUN, 1,
	    "HOST[:PORT]|SOCKET", "the CUPS scheduler --local reads (default "
	    "$CUPS_SERVER, else the system's)" },
	{ "parts", 0, O_PARTS, C_ASSESS, 1, "LIST",
	    "what to read besides the identity: a comma list of meters, "
	    "supplies, errors, attributes (default all)" },
	{ "passphrase-file", 0, O_PASSFILE, C_KEYS | C_EXPORT | C_UPLOAD, 1,
	    "FILE",
	    "passphrase of the secret keys: FILE's first line (else "
	    "$FLEETAUDIT_PASSPHRASE)" },
	{ "log-level", 0, O_LOGLEVEL, C_RUN, 1, "LEVEL",
	    "least severe log lines on stderr: critical, error, warning, "
	    "info (default) or debug" },
	{ "wait", 0, O_WAIT, C_CTL, 0, NULL,
	    "scan: answer once the scan is done, not when it is queued" },
	{ "level", 0, O_LEVEL, C_CTL, 0, "LEVEL",
	    "logs: lines at this level and above (critical, error, warning, "
	    "info, debug)" },
	{ "since", 0, O_SINCE, C_CTL, 0, "DATE",
	    "logs: lines since DATE (2026-11-25, 2026-11-25T08:00Z, UTC) or "
	    "since a while ago (30m, 2h, 7d)" },
	{ "since", 0, O_SINCE, C_CHANGES, 0, "WHEN",
	    "last (the newest export, the default), all, a date "
	    "(2026-11-25, 2026-11-25T08:00Z) or a while ago (30m, 2h, 7d)" },
	{ "since", 0, O_SINCE, C_EXPORT, 0, "WHEN",
	    "last (the newest export, the default), all, a date "
	    "(2026-11-25, 2026-11-25T08:00Z) or a while ago (30m, 2h, 7d)" },
	{ "mask", 0, O_MASK, C_EXPORT, 1, "LIST",
	    "replace these by keyed pseudonyms: a comma list of ip, mac, "
	    "hostname, or none; default the site's masking, which upload "
	    "uses too (config key: mask; else what the site's first masked "
	    "export chose)" },
	{ "xlsx", 0, O_XLSX, C_REPORT, 0, "FILE",
	    "write the report as an xlsx workbook" },
	{ "html", 0, O_HTML, C_REPORT, 0, "FILE",
	    "write the report as one self-contained HTML file" },
	{ "csv", 0, O_CSV, C_REPORT, 0, "DIR",
	    "write the report as CSV files, one per part, in DIR (created "
	    "when missing)" },
	{ "prices", 0, O_PRICES, C_REPORT, 0, "FILE",
	    "a price book (CSV: kind,part_number,supply,model,value,yield) "
	    "for costs per page and annual costs (docs/report.md)" },
	{ "proposal", 0, O_PROPOSAL, C_REPORT, 0, "FILE",
	    "a proposal (CSV: kind,model,colour,mono,colour_cpp,monthly): "
	    "the contract's cost per page and the devices offered; needs "
	    "--prices" },
	{ "dealer-name", 0, O_DEALER, C_REPORT, 1, "TEXT",
	    "the dealer's name on the report" },
	{ "dealer-logo", 0, O_LOGO, C_REPORT, 1, "FILE",
	    "the dealer's logo on the report: a PNG or JPEG file (1 MiB at "
	    "most)" },
	{ "customer", 0, O_CUSTOMER, C_REPORT, 1, "TEXT",
	    "the customer the report is prepared for" },
	{ "prepared-by", 0, O_PREPBY, C_REPORT, 1, "TEXT",
	    "who prepared the report" },
	{ "report-date", 0, O_RDATE, C_REPORT, 1, "DATE",
	    "the date shown on the report (YYYY-MM-DD; default today)" },
	{ "from", 0, O_FROM, C_REPORT, 0, "DATE",
	    "start of the period: a date (2026-01-01, 2026-01-01T08:00Z, "
	    "UTC) or a while ago (90d); default the first day of the month "
	    "11 months before --to's" },
	{ "to", 0, O_TO, C_REPORT, 0, "DATE",
	    "end of the period: a date (a plain date includes that day) or a "
	    "while ago; default now" },
	{ "hub-url", 0, O_HUBURL, C_UPLOAD | C_RUN, 1, "URL",
	    "the hub's SOAP endpoint, https://HUB/WebServices/"
	    "Onsite2Service.asmx (run: upload after each scan)" },
	{ "cacert", 0, O_CACERT, C_UPLOAD | C_RUN, 1, "FILE",
	    "CA certificates (PEM) that vouch for the hub, instead of the "
	    "system's" },
	{ "pin", 0, O_PIN, C_UPLOAD | C_RUN, 1, "SHA256",
	    "also require the hub's public key to have this SHA-256 (base64, "
	    "as sha256//BASE64 or BASE64)" },
	{ "proxy", 0, O_PROXY, C_UPLOAD | C_RUN, 1, "URL",
	    "HTTP(S) proxy to the hub (default: https_proxy, all_proxy, "
	    "no_proxy from the environment)" },
	{ "rdl", 0, O_RDL, C_RUN, 1, NULL,
	    "let the hub open the web pages of this site's devices through "
	    "this collector (Remote Device Link, docs/rdl.md; needs hub-url)" },
	{ "help", 'h', O_HELP, C_ALL, 0, NULL, "this help" },
};

void
settings_init(struct settings *s)
{
	memset(s, 0, sizeof(*s));
	s->net.max_inflight = SESS_DEFAULT_INFLIGHT;
	s->net.pps = SESS_DEFAULT_PPS;
	s->net.timeout_ms = SESS_DEFAULT_TIMEOUT;
	s->net.retries = SESS_DEFAULT_RETRIES;
	s->net.port = 161;
	s->net.max_v3 = 64;
	s->max_devices = 256;
	s->max_vbs = 200000;
	s->max_time_ms = 600000;
	sched_defaults(s->intervals);
	s->log_level = RUNLOG_INFO;
	s->level = -1;
}

static void
strv_clear(struct strv *v)
{
	size_t	i;

	for (i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = 0;
}

static int
strv_add(struct strv *v, const char *s, struct fa_err *e)
{
	if (v->n >= MAX_LIST)
		return fa_errf(e, "too many ranges (at most %d)", MAX_LIST);
	v->v = fa_reallocarray(v->v, v->n + 1, sizeof(*v->v));
	v->v[v->n++] = fa_strdup(s);
	return 0;
}

static void
creds_clear(struct settings *s)
{
	size_t	i;

	for (i = 0; i < s->ncreds; i++)
		sess_cred_release(&s->creds[i]);
	free(s->creds);
	s->creds = NULL;
	s->ncreds = 0;
}

void
settings_release(struct settings *s)
{
	free(s->home);
	free(s->db);
	free(s->config);
	strv_clear(&s->ranges);
	strv_clear(&s->excludes);
	strv_clear(&s->ipp);
	free(s->cups_server);
	creds_clear(s);
	free(s->output);
	free(s->root);
	free(s->models);
	free(s->since);
	free(s->v3_user);
	free(s->v3_auth);
	free(s->v3_priv);
	free(s->v3_context);
	free(s->hub);
	free(s->account);
	free(s->site_name);
	free(s->passphrase_file);
	free(s->mask);
	free(s->config_mask);
	free(s->xlsx);
	free(s->prices);
	free(s->proposal);
	free(s->dealer_name);
	free(s->dealer_logo);
	free(s->customer);
	free(s->prepared_by);
	free(s->report_date);
	free(s->html);
	free(s->csv);
	free(s->from);
	free(s->to);
	free(s->listen);
	free(s->store);
	free(s->tls_cert);
	free(s->tls_key);
	free(s->collector);
	free(s->hub_url);
	free(s->cacert);
	free(s->pin);
	free(s->proxy);
	memset(s, 0, sizeof(*s));
}

static struct sess_cred *
cred_new(struct settings *s, const char *label, struct fa_err *e)
{
	struct sess_cred	*c;

	if (s->ncreds >= CONFIG_MAX_CREDS) {
		fa_errf(e, "too many credentials (at most %d)",
		    CONFIG_MAX_CREDS);
		return NULL;
	}
	s->creds = fa_reallocarray(s->creds, s->ncreds + 1, sizeof(*c));
	c = &s->creds[s->ncreds++];
	memset(c, 0, sizeof(*c));
	c->label = fa_strdup(label);
	c->version = 2;
	return c;
}

/* "PROTO:PASS" into the credential. */
static int
set_auth(struct sess_cred *c, const char *v, int priv, struct fa_err *e)
{
	const char	*colon = strchr(v, ':');
	char		 proto[16];
	size_t		 n;

	if (colon == NULL || (n = (size_t)(colon - v)) == 0 ||
	    n >= sizeof(proto))
		return fa_errf(e, "%s: expected PROTO:PASSPHRASE",
		    priv ? "v3-priv" : "v3-auth");
	memcpy(proto, v, n);
	proto[n] = '\0';
	if (priv) {
		if (sess_priv_parse(proto, &c->priv) != 0)
			return fa_errf(e, "v3-priv: unknown protocol '%s' "
			    "(DES, AES, AES-192, AES-256, AES-192C, "
			    "AES-256C)", proto);
		free(c->priv_pass);
		c->priv_pass = fa_strdup(colon + 1);
	} else {
		if (sess_auth_parse(proto, &c->auth) != 0)
			return fa_errf(e, "v3-auth: unknown protocol '%s' "
			    "(MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512)",
			    proto);
		free(c->auth_pass);
		c->auth_pass = fa_strdup(colon + 1);
	}
	return 0;
}

static int
num(const char *name, const char *v, long long min, long long max,
    int *out, struct fa_err *e)
{
	long long	n;

	if (fa_strtonum(v, min, max, &n, name, e) != 0)
		return -1;
	*out = (int)n;
	return 0;
}

/* A flag on the command line (v NULL); yes or no in the config. */
static int
yesno(const char *name, const char *v, int *out, struct fa_err *e)
{
	if (v == NULL || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
	    strcmp(v, "on") == 0)
		*out = 1;
	else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
	    strcmp(v, "off") == 0)
		*out = 0;
	else
		return fa_errf(e, "%s: '%.32s' is not yes or no", name, v);
	return 0;
}

/* Applies one option (from argv or the config file). */
static int
apply(struct settings *s, enum okey k, const char *v, struct fa_err *e)
{
	long long		 ms;
	struct sess_cred	*c;
	char			 label[32];

	switch (k) {
	case O_HOME:
		free(s->home);
		s->home = fa_strdup(v);
		return 0;
	case O_DB:
		free(s->db);
		s->db = fa_strdup(v);
		return 0;
	case O_CONFIG:
		free(s->config);
		s->config = fa_strdup(v);
		return 0;
	case O_RANGE:
		return strv_add(&s->ranges, v, e);
	case O_IPP:
		return strv_add(&s->ipp, v, e);
	case O_IPPPROBE:
		/* A flag on the command line; yes or no in the config. */
		if (v == NULL || strcmp(v, "yes") == 0 ||
		    strcmp(v, "true") == 0 || strcmp(v, "on") == 0)
			s->ipp_probe = 1;
		else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
		    strcmp(v, "off") == 0)
			s->ipp_probe = 0;
		else
			return fa_errf(e, "ipp-probe: '%.32s' is not yes or no",
			    v);
		return 0;
	case O_RDL:
		/* A flag on the command line; yes or no in the config. */
		if (v == NULL || strcmp(v, "yes") == 0 ||
		    strcmp(v, "true") == 0 || strcmp(v, "on") == 0)
			s->rdl = 1;
		else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
		    strcmp(v, "off") == 0)
			s->rdl = 0;
		else
			return fa_errf(e, "rdl: '%.32s' is not yes or no", v);
		return 0;
	case O_IPPPORT:
		return num("ipp-port", v, 1, 65535, &s->ipp_port, e);
	case O_LOCAL:
		return yesno("local", v, &s->local, e);
	case O_MDNS:
		return yesno("mdns", v, &s->mdns, e);
	case O_CUPSSERVER:
		free(s->cups_server);
		s->cups_server = fa_strdup(v);
		return 0;
	case O_EXCLUDE:
		return strv_add(&s->excludes, v, e);
	case O_COMMUNITY:
	case O_V1COMMUNITY:
		if (*v == '\0')
			return fa_errf(e, "community: empty");
		snprintf(label, sizeof(label), "%s#%zu",
		    k == O_COMMUNITY ? "v2c" : "v1", s->ncreds + 1);
		if ((c = cred_new(s, label, e)) == NULL)
			return -1;
		c->version = k == O_COMMUNITY ? 2 : 1;
		c->community = fa_strdup(v);
		return 0;
	case O_V3USER:
		free(s->v3_user);
		s->v3_user = fa_strdup(v);
		return 0;
	case O_V3AUTH:
		free(s->v3_auth);
		s->v3_auth = fa_strdup(v);
		return 0;
	case O_V3PRIV:
		free(s->v3_priv);
		s->v3_priv = fa_strdup(v);
		return 0;
	case O_V3CONTEXT:
		free(s->v3_context);
		s->v3_context = fa_strdup(v);
		return 0;
	case O_TIMEOUT:
		if (fa_parse_duration_ms(v, 10, 60000, &ms, "timeout", e) != 0)
			return -1;
		s->net.timeout_ms = (int)ms;
		return 0;
	case O_RETRIES:
		return num("retries", v, 0, 10, &s->net.retries, e);
	case O_INFLIGHT:
		return num("max-inflight", v, 1, 65536, &s->net.max_inflight,
		    e);
	case O_RATE:
		return num("rate", v, 1, 1000000, &s->net.pps, e);
	case O_PORT:
		return num("port", v, 1, 65535, &s->net.port, e);
	case O_DEVICES:
		return num("max-devices", v, 1, 4096, &s->max_devices, e);
	case O_FORCE:
		s->force = 1;
		return 0;
	case O_ALL:
		s->all = 1;
		return 0;
	case O_JSON:
		s->json = 1;
		return 0;
	case O_QUIET:
		s->quiet = 1;
		return 0;
	case O_OUTPUT:
		free(s->output);
		s->output = fa_strdup(v);
		return 0;
	case O_ROOT:
		free(s->root);
		s->root = fa_strdup(v);
		return 0;
	case O_MAXVBS:
		if (fa_strtonum(v, 1, 10000000, &s->max_vbs, "max-varbinds",
		    e) != 0)
			return -1;
		return 0;
	case O_MAXTIME:
		return fa_parse_duration_ms(v, 1000, 86400000LL,
		    &s->max_time_ms, "max-time", e);
	case O_MODELS:
		free(s->models);
		s->models = fa_strdup(v);
		return 0;
	case O_INTERVAL:
		return sched_parse_interval(v, s->intervals, e);
	case O_NOMODELS:
		s->no_models = 1;
		return 0;
	case O_PASSFILE:
		free(s->passphrase_file);
		s->passphrase_file = fa_strdup(v);
		return 0;
	case O_PARTS:
		return scan_parse_parts(v, &s->parts, e);
	case O_LOGLEVEL:
	case O_LEVEL: {
		enum runlog_level lv;

		if (runlog_level_parse(v, &lv) != 0)
			return fa_errf(e, "%s: '%s' is not a level (critical, "
			    "error, warning, info, debug)", k == O_LEVEL ?
			    "level" : "log-level", v);
		if (k == O_LEVEL)
			s->level = (int)lv;
		else
			s->log_level = (int)lv;
		return 0;
	}
	case O_WAIT:
		s->wait = 1;
		return 0;
	case O_MASK:
		free(s->mask);
		s->mask = fa_strdup(v);
		return 0;
	case O_XLSX:
	case O_HTML:
	case O_CSV:
	case O_FROM:
	case O_PRICES:
	case O_PROPOSAL:
	case O_DEALER:
	case O_LOGO:
	case O_CUSTOMER:
	case O_PREPBY:
	case O_RDATE:
	case O_TO: {
		char **f = k == O_XLSX ? &s->xlsx : k == O_HTML ? &s->html :
		    k == O_CSV ? &s->csv : k == O_FROM ? &s->from :
		    k == O_PRICES ? &s->prices :
		    k == O_PROPOSAL ? &s->proposal :
		    k == O_DEALER ? &s->dealer_name : k == O_LOGO ?
		    &s->dealer_logo : k == O_CUSTOMER ? &s->customer :
		    k == O_PREPBY ? &s->prepared_by : k == O_RDATE ?
		    &s->report_date : &s->to;

		free(*f);
		*f = fa_strdup(v);
		return 0;
	}
	case O_HUBURL:
	case O_CACERT:
	case O_PIN:
	case O_PROXY: {
		char **f = k == O_HUBURL ? &s->hub_url : k == O_CACERT ?
		    &s->cacert : k == O_PIN ? &s->pin : &s->proxy;

		free(*f);
		*f = fa_strdup(v);
		return 0;
	}
	case O_SINCE:
		free(s->since);
		s->since = fa_strdup(v);
		return 0;
	case O_HELP:
		return 0;
	}
	return fa_errf(e, "unhandled option");
}

/* An option may have one entry per group of commands (its help differs). */
static const struct opt *
find_long(const char *name, size_t len, unsigned cmd)
{
	size_t	i;

	for (i = 0; i < nitems(opts); i++)
		if (strlen(opts[i].name) == len &&
		    strncmp(opts[i].name, name, len) == 0 &&
		    (opts[i].cmds & cmd))
			return &opts[i];
	return NULL;
}

static const struct opt *
find_short(char c, unsigned cmd)
{
	size_t	i;

	for (i = 0; i < nitems(opts); i++)
		if (opts[i].shortc == c && (opts[i].cmds & cmd))
			return &opts[i];
	return NULL;
}

/* One key of a [credential NAME] section. */
static int
cred_key(struct sess_cred *c, const char *k, const char *v, struct fa_err *e)
{
	if (strcmp(k, "version") == 0) {
		if (strcmp(v, "1") == 0)
			c->version = 1;
		else if (strcmp(v, "2c") == 0 || strcmp(v, "2") == 0)
			c->version = 2;
		else if (strcmp(v, "3") == 0)
			c->version = 3;
		else
			return fa_errf(e, "version: '%s' is not 1, 2c or 3",
			    v);
		return 0;
	}
	if (strcmp(k, "community") == 0) {
		free(c->community);
		c->community = fa_strdup(v);
		return 0;
	}
	if (strcmp(k, "user") == 0) {
		free(c->user);
		c->user = fa_strdup(v);
		return 0;
	}
	if (strcmp(k, "context") == 0) {
		free(c->context);
		c->context = fa_strdup(v);
		return 0;
	}
	if (strcmp(k, "auth") == 0)
		return set_auth(c, v, 0, e);
	if (strcmp(k, "priv") == 0)
		return set_auth(c, v, 1, e);
	return fa_errf(e, "unknown credential key '%s' (version, community, "
	    "user, auth, priv, context)", k);
}

int
opts_parse_config(const char *text, size_t len, const char *name,
    struct settings *s, struct fa_err *e)
{
	struct sess_cred	*cur = NULL;
	struct fa_err		 e2;
	size_t			 off = 0, lineno = 0, curline = 0;
	char			 line[1024];

	while (off < len) {
		const char	*nl = memchr(text + off, '\n', len - off);
		size_t		 n = nl ? (size_t)(nl - text - off) : len - off;
		char		*p, *eq, *k, *v;

		lineno++;
		if (n >= sizeof(line))
			return fa_errf(e, "%s:%zu: line too long", name,
			    lineno);
		memcpy(line, text + off, n);
		line[n] = '\0';
		off += n + (nl ? 1 : 0);
		if (memchr(line, '\0', n) != NULL && strlen(line) != n)
			return fa_errf(e, "%s:%zu: NUL byte", name, lineno);
		p = fa_trim(line);
		if (*p == '\0' || *p == '#' || *p == ';')
			continue;
		if (*p == '[') {
			char *end = strchr(p, ']');

			if (cur != NULL && sess_cred_check(cur, &e2) != 0)
				return fa_errf(e, "%s:%zu: %s", name, curline,
				    e2.msg);
			if (end == NULL || end[1] != '\0' ||
			    strncmp(p, "[credential", 11) != 0 ||
			    (p[11] != ' ' && p[11] != ']'))
				return fa_errf(e, "%s:%zu: expected "
				    "[credential NAME]", name, lineno);
			*end = '\0';
			k = fa_trim(p + 11);
			if (*k == '\0')
				return fa_errf(e, "%s:%zu: credential needs a "
				    "name", name, lineno);
			if ((cur = cred_new(s, k, &e2)) == NULL)
				return fa_errf(e, "%s:%zu: %s", name, lineno,
				    e2.msg);
			curline = lineno;
			continue;
		}
		if ((eq = strchr(p, '=')) == NULL)
			return fa_errf(e, "%s:%zu: expected key = value", name,
			    lineno);
		*eq = '\0';
		k = fa_trim(p);
		v = fa_trim(eq + 1);
		if (cur != NULL) {
			if (cred_key(cur, k, v, &e2) != 0)
				return fa_errf(e, "%s:%zu: %s", name, lineno,
				    e2.msg);
			continue;
		}
		{
			const struct opt *o = strcmp(k, "store") == 0 ?
			    find_long("db", 2, C_ALL) :
			    find_long(k, strlen(k), C_ALL);

			if (o == NULL || !o->config)
				return fa_errf(e, "%s:%zu: unknown key '%s'",
				    name, lineno, k);
			if (apply(s, o->key, v, &e2) != 0)
				return fa_errf(e, "%s:%zu: %s", name, lineno,
				    e2.msg);
		}
	}
	if (cur != NULL && sess_cred_check(cur, &e2) != 0)
		return fa_errf(e, "%s:%zu: %s", name, curline, e2.msg);
	return 0;
}

int
opts_read_config(const char *path, struct settings *s, struct fa_err *e)
{
	FILE		*f;
	char		*buf;
	size_t		 n;
	int		 rc;

	if ((f = fopen(path, "r")) == NULL)
		return fa_errf(e, "cannot read config '%s': %s", path,
		    strerror(errno));
	buf = fa_malloc(CONFIG_MAX_BYTES + 1);
	n = fread(buf, 1, CONFIG_MAX_BYTES + 1, f);
	fclose(f);
	if (n > CONFIG_MAX_BYTES) {
		free(buf);
		return fa_errf(e, "config '%s' is larger than %d bytes", path,
		    CONFIG_MAX_BYTES);
	}
	rc = opts_parse_config(buf, n, path, s, e);
	free(buf);
	return rc;
}

static char *
default_home(void)
{
	const char	*h = getenv("FLEETAUDIT_HOME");

	if (h != NULL && *h != '\0')
		return fa_strdup(h);
	return fa_plat_home();
}

struct pair {
	const struct opt	*o;
	const char		*v;
};

int
opts_parse(int argc, char *argv[], unsigned cmd, struct settings *s,
    struct strv *pos, struct fa_err *e)
{
	struct pair	*pairs;
	size_t		 np = 0, i;
	int		 a, help = 0, rc = -1, seen_range = 0, seen_excl = 0;
	int		 seen_cred = 0;
	struct stat	 st;

	pairs = fa_calloc((size_t)argc + 1, sizeof(*pairs));
	pos->v = fa_calloc((size_t)argc + 1, sizeof(char *));
	pos->n = 0;
	for (a = 1; a < argc; a++) {
		const char		*arg = argv[a], *val = NULL;
		const struct opt	*o;

		if (strcmp(arg, "--") == 0) {
			for (a++; a < argc; a++)
				pos->v[pos->n++] = argv[a];
			break;
		}
		if (arg[0] == '-' && arg[1] == '-') {
			const char *eq = strchr(arg + 2, '=');
			size_t	    n = eq ? (size_t)(eq - arg - 2) :
			    strlen(arg + 2);

			o = find_long(arg + 2, n, cmd);
			if (o == NULL || !(o->cmds & cmd)) {
				fa_errf(e, "unknown option '%.*s' (see "
				    "--help)", (int)n + 2, arg);
				goto out;
			}
			if (eq != NULL)
				val = eq + 1;
		} else if (arg[0] == '-' && arg[1] != '\0' && arg[2] == '\0') {
			o = find_short(arg[1], cmd);
			if (o == NULL || !(o->cmds & cmd)) {
				fa_errf(e, "unknown option '%s' (see --help)",
				    arg);
				goto out;
			}
		} else {
			pos->v[pos->n++] = argv[a];
			continue;
		}
		if (o->arg != NULL && val == NULL) {
			if (a + 1 >= argc) {
				fa_errf(e, "option '--%s' needs %s", o->name,
				    o->arg);
				goto out;
			}
			val = argv[++a];
		} else if (o->arg == NULL && val != NULL) {
			fa_errf(e, "option '--%s' takes no value", o->name);
			goto out;
		}
		if (o->key == O_HELP)
			help = 1;
		pairs[np].o = o;
		pairs[np++].v = val;
	}
	if (help) {
		rc = 1;
		goto out;
	}
	/* Home and config first: the file is read before the rest. */
	for (i = 0; i < np; i++)
		if (pairs[i].o->key == O_HOME || pairs[i].o->key == O_CONFIG)
			(void)apply(s, pairs[i].o->key, pairs[i].v, e);
	if (s->home == NULL)
		s->home = default_home();
	if (s->config == NULL && (cmd & C_HOME)) {
		char *p = fa_asprintf("%s/%s", s->home, HOME_CONFIG);
		if (stat(p, &st) == 0)
			s->config = p;
		else
			free(p);
	}
	if (s->config != NULL && opts_read_config(s->config, s, e) != 0)
		goto out;
	/* What the file says is the site's masking, whatever --mask says. */
	s->config_mask = fa_strdup(s->mask);
	for (i = 0; i < np; i++) {
		enum okey k = pairs[i].o->key;

		if (k == O_HOME || k == O_CONFIG)
			continue;
		/* A list on the command line replaces the file's. */
		if (k == O_RANGE && !seen_range++)
			strv_clear(&s->ranges);
		if (k == O_EXCLUDE && !seen_excl++)
			strv_clear(&s->excludes);
		if ((k == O_COMMUNITY || k == O_V1COMMUNITY) && !seen_cred++) {
			creds_clear(s);
			s->creds_from_cli = 1;
		}
		if (k == O_V3USER && !seen_cred++) {
			creds_clear(s);
			s->creds_from_cli = 1;
		}
		if (apply(s, k, pairs[i].v, e) != 0)
			goto out;
	}
	/* The v3 options make one credential. */
	if (s->v3_user != NULL) {
		struct sess_cred *c = cred_new(s, "v3", e);

		if (c == NULL)
			goto out;
		c->version = 3;
		c->user = fa_strdup(s->v3_user);
		c->context = fa_strdup(s->v3_context);
		if (s->v3_auth && set_auth(c, s->v3_auth, 0, e) != 0)
			goto out;
		if (s->v3_priv && set_auth(c, s->v3_priv, 1, e) != 0)
			goto out;
		free(c->label);
		c->label = fa_asprintf("v3:%s", s->v3_user);
		if (sess_cred_check(c, e) != 0)
			goto out;
	} else if (s->v3_auth || s->v3_priv || s->v3_context) {
		fa_errf(e, "--v3-auth, --v3-priv and --v3-context need "
		    "--v3-user");
		goto out;
	}
	if (s->ncreds == 0) {
		struct sess_cred *c = cred_new(s, "v2c#1", e);
		c->community = fa_strdup("public");
	}
	if (s->db == NULL)
		s->db = fa_asprintf("%s/%s", s->home, HOME_STORE);
	rc = 0;
out:
	free(pairs);
	return rc;
}

void
opts_usage(unsigned cmd, FILE *f)
{
	size_t	i;
	char	left[64];

	for (i = 0; i < nitems(opts); i++) {
		const struct opt *o = &opts[i];

		if (!(o->cmds & cmd))
			continue;
		if (o->shortc)
			snprintf(left, sizeof(left), "-%c, --%s%s%s",
			    o->shortc, o->name, o->arg ? " " : "",
			    o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "  %-30s %s\n", left, o->help);
	}
}

void
opts_list(unsigned cmd, int config, FILE *f)
{
	size_t	i, j;

	for (i = 0; i < nitems(opts); i++) {
		if (config ? !opts[i].config : !(opts[i].cmds & cmd))
			continue;
		/* an option with one entry per group of commands: once */
		for (j = 0; j < i; j++)
			if (strcmp(opts[j].name, opts[i].name) == 0 &&
			    (config ? opts[j].config != 0 :
			    (opts[j].cmds & cmd) != 0))
				break;
		if (j < i)
			continue;
		if (config)
			fprintf(f, "%s\n", opts[i].name);
		else if (opts[i].shortc)
			fprintf(f, "--%s -%c\n", opts[i].name,
			    opts[i].shortc);
		else
			fprintf(f, "--%s\n", opts[i].name);
		/* the config reader's one alias */
		if (config && opts[i].key == O_DB)
			fprintf(f, "store\n");
	}
}

char *
opts_settings_json(const struct settings *s)
{
	json_object	*o = json_object_new_object(), *a;
	char		*r;
	size_t		 i;

	json_object_object_add(o, "timeout_ms",
	    json_object_new_int(s->net.timeout_ms));
	json_object_object_add(o, "retries",
	    json_object_new_int(s->net.retries));
	json_object_object_add(o, "max_inflight",
	    json_object_new_int(s->net.max_inflight));
	json_object_object_add(o, "rate_pps", json_object_new_int(s->net.pps));
	json_object_object_add(o, "port", json_object_new_int(s->net.port));
	json_object_object_add(o, "all", json_object_new_boolean(s->all));
	a = json_object_new_array();
	for (i = 0; i < s->excludes.n; i++)
		json_object_array_add(a,
		    json_object_new_string(s->excludes.v[i]));
	json_object_object_add(o, "exclude", a);
	/* Labels only: never a community or passphrase. */
	a = json_object_new_array();
	for (i = 0; i < s->ncreds; i++)
		json_object_array_add(a,
		    json_object_new_string(s->creds[i].label));
	json_object_object_add(o, "credentials", a);
	r = fa_strdup(json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return r;
}
