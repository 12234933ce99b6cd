/*
 * cmd_hub_table.c: "fleetaudit hub": its subcommands and their options
 * in one table each (cmd_hub.h), and the one parser that reads argv
 * against them, as git's OPT_SUBCOMMAND and tmux's cmd_entry do.
 *
 * argv is read once, left to right: the first words that are not options
 * name the subcommand ("trust add"), options may come before or after
 * them.  Each option given must be one the subcommand accepts, else one
 * line names the option, the subcommands it belongs to and the one given.
 * An option whose meaning differs by subcommand (--csv DIR of report,
 * --csv of meters) is read with the meaning of the subcommand named
 * before it, so it must come after the subcommand's first word.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd_hub.h"
#include "util.h"

#define OFF(f)	offsetof(struct hub_args, f)

/* Rows by name; the help lists them in this order. */
static const struct hub_opt hub_opts[] = {
	{ "hub", 0, HO_HUB, "DIR", HV_OWN, OFF(s.hub),
	    "hub directory; default $FLEETAUDIT_HUB, else the current "
	    "directory" },
	{ "account", 0, HO_ACCOUNT, "NAME", HV_ACCOUNT, 0,
	    "customer account (attention, user add: repeatable)" },
	{ "name", 0, HO_NAME, "TEXT", HV_OWN, OFF(s.site_name),
	    "the site's name, shown instead of the collector's fingerprint" },
	{ "passphrase-file", 0, HO_PASSFILE, "FILE", HV_OWN,
	    OFF(s.passphrase_file),
	    "passphrase of the hub's secret keys: FILE's first line (else "
	    "$FLEETAUDIT_PASSPHRASE)" },
	{ "store", 0, HO_STORE, "CONNINFO", HV_OWN, OFF(s.store),
	    "keep the central store in PostgreSQL (a libpq connection "
	    "string, postgresql://HOST/DB; the password in PGPASSWORD or "
	    "~/.pgpass, never here); default HUB/hub.db (SQLite)" },
	{ "to", 0, HO_MIGRATE_TO, "CONNINFO", HV_OWN, OFF(s.to),
	    "the PostgreSQL store to copy the SQLite store into" },
	{ "listen", 0, HO_LISTEN, "HOST:PORT", HV_OWN, OFF(s.listen),
	    "the address and port to serve HTTPS on (127.0.0.1:8443, "
	    "[::1]:8443, 0.0.0.0:443, localhost:8443: a name is resolved "
	    "once, at start)" },
	{ "cert", 0, HO_CERT, "FILE", HV_OWN, OFF(s.tls_cert),
	    "the TLS certificate (PEM, chain after it; not the hub's signing "
	    "keys)" },
	{ "key", 0, HO_KEY, "FILE", HV_OWN, OFF(s.tls_key),
	    "the TLS certificate's private key (PEM, mode 0600; not the "
	    "hub's signing keys)" },
	{ "login-slots", 0, HO_LOGIN_SLOTS, "N", HV_BORROW, OFF(login_slots),
	    "serve: web logins whose password is checked at once, 64 MiB "
	    "each (1 to 64, default 2); more wait 1 s, then get 503" },
	{ "collector", 0, HO_COLLECTOR, "FINGERPRINT", HV_OWN,
	    OFF(s.collector), "the trusted collector that runs the command" },
	{ "since", 0, HO_SINCE, "DATE", HV_OWN, OFF(s.since),
	    "command add logs: the collector's log lines, rdl log: the "
	    "sessions, since DATE (2026-11-25, "
	    "2026-11-25T08:00Z, UTC) or a while ago (30m, 2h, 7d)" },
	{ "json", 'j', HO_JSON, NULL, HV_FLAG, OFF(s.json),
	    "machine-readable output" },
	{ "xlsx", 0, HO_XLSX, "FILE", HV_OWN, OFF(s.xlsx),
	    "write the report as an xlsx workbook" },
	{ "html", 0, HO_HTML, "FILE", HV_OWN, OFF(s.html),
	    "write the report as one self-contained HTML file" },
	{ "csv", 0, HO_CSVDIR, "DIR", HV_OWN, OFF(s.csv),
	    "report: write the report as CSV files, one per part, in DIR" },
	{ "csv", 0, HO_CSV, NULL, HV_FLAG, OFF(csv),
	    "meters, supplies: CSV on standard output" },
	{ "prices", 0, HO_PRICES, "FILE", HV_OWN, OFF(s.prices),
	    "a price book for costs per page (docs/report.md); default "
	    "HUB/prices.csv when it exists" },
	{ "proposal", 0, HO_PROPOSAL, "FILE", HV_OWN, OFF(s.proposal),
	    "a proposal: the contract's cost per page and the devices "
	    "offered; needs --prices; default HUB/proposals/ACCOUNT.csv "
	    "when it exists" },
	{ "dealer-name", 0, HO_DEALER, "TEXT", HV_OWN, OFF(s.dealer_name),
	    "the dealer's name on the report (default: HUB/branding.conf's)" },
	{ "dealer-logo", 0, HO_LOGO, "FILE", HV_OWN, OFF(s.dealer_logo),
	    "the dealer's logo on the report: a PNG or JPEG file (1 MiB at "
	    "most; default: HUB/branding.conf's)" },
	{ "customer", 0, HO_CUSTOMER, "TEXT", HV_OWN, OFF(s.customer),
	    "the customer the report is prepared for" },
	{ "prepared-by", 0, HO_PREPBY, "TEXT", HV_OWN, OFF(s.prepared_by),
	    "who prepared the report (default: HUB/branding.conf's)" },
	{ "report-date", 0, HO_RDATE, "DATE", HV_OWN, OFF(s.report_date),
	    "the date shown on the report (YYYY-MM-DD; default today)" },
	{ "from", 0, HO_FROM, "DATE", HV_OWN, OFF(s.from),
	    "start of the report's period (2026-01-01, or a while ago: 90d)" },
	{ "to", 0, HO_TO, "DATE", HV_OWN, OFF(s.to),
	    "end of the report's period (a plain date includes that day); "
	    "default now" },
	{ "period", 0, HO_PERIOD, "YYYY-MM", HV_BORROW, OFF(period),
	    "the billing month" },
	{ "map", 0, HO_MAP, "FILE", HV_BORROW, OFF(map),
	    "the meter map (default HUB/meters/ACCOUNT.map, else the "
	    "built-in one)" },
	{ "tolerance", 0, HO_TOLERANCE, "DURATION", HV_BORROW, OFF(tolerance),
	    "how far from the cut-off a read still counts (default 3d, at "
	    "most 31d)" },
	{ "threshold", 0, HO_THRESHOLD, "PERCENT", HV_BORROW, OFF(threshold),
	    "a supply at or under this level is listed (default 10)" },
	{ "days", 0, HO_DAYS, "N", HV_BORROW, OFF(days),
	    "a supply empty within N days is listed (default 14)" },
	{ "new", 0, HO_NEW, NULL, HV_FLAG, OFF(only_new),
	    "only the cartridges suggested for the first time" },
	{ "by", 0, HO_BY, "NAME", HV_BORROW, OFF(by),
	    "who ordered (default the login name)" },
	{ "silent-days", 0, HO_SILENT, "N", HV_BORROW, OFF(silent_days),
	    "a device not heard from in N days is listed (default 3)" },
	{ "output", 'o', HO_OUTPUT, "FILE", HV_BORROW, OFF(output),
	    "the file to write" },
	{ "yes", 0, HO_YES, NULL, HV_FLAG, OFF(yes),
	    "yes, delete it for good" },
	{ "role", 0, HO_ROLE, "ROLE", HV_BORROW, OFF(role),
	    "admin (every account) or user (its --account ones)" },
	{ "password-file", 0, HO_PASSWORD, "FILE", HV_BORROW,
	    OFF(password_file),
	    "the password: FILE's first line (else a prompt on a terminal, "
	    "else standard input's first line)" },
	{ "name", 0, HO_RULE, "RULE", HV_BORROW, OFF(rule),
	    "notify: the rule's name (letters, digits, - and _)" },
	{ "on", 0, HO_ON, "COND", HV_BORROW, OFF(on),
	    "notify: the conditions, comma-separated: error, empty, low, "
	    "silent, anomaly or all" },
	{ "to", 0, HO_NOTIFY_TO, "ADDRESS|URL", HV_BORROW, OFF(notify_to),
	    "notify: an e-mail address, or an https:// URL for a webhook" },
	{ "secret-file", 0, HO_SECRET, "FILE", HV_BORROW, OFF(secret_file),
	    "notify: the webhook's HMAC secret, FILE's first line (default a "
	    "new one, printed once)" },
	{ "digest", 0, HO_DIGEST, "HOUR", HV_BORROW, OFF(digest),
	    "notify: one mail a day at HOUR (UTC, 0-23) instead of one a "
	    "notice" },
	{ "now", 0, HO_NOW, "TIME", HV_BORROW, OFF(now),
	    "notify run: the time to run as (a replay; default now)" },
	{ "limit", 0, HO_LIMIT, "N", HV_BORROW, OFF(limit),
	    "notify log: the newest N deliveries (default 50)" },
	{ "domain", 0, HO_DOMAIN, "DOMAIN", HV_BORROW, OFF(domain),
	    "rdl: the domain each session's origin is a name under "
	    "(https://LABEL.DOMAIN/)" },
	{ "idle", 0, HO_IDLE, "DURATION", HV_BORROW, OFF(idle),
	    "rdl: a session idle this long ends (default 20m)" },
	{ "max", 0, HO_MAXLIFE, "DURATION", HV_BORROW, OFF(maxlife),
	    "rdl: a session ends this long after it started (default 2h)" },
	{ "poll", 0, HO_POLL, "DURATION", HV_BORROW, OFF(poll),
	    "rdl: how long the hub holds a collector's poll (default 20s)" },
	{ "session", 0, HO_SESSION, "ID", HV_BORROW, OFF(session),
	    "rdl log: every request of this session" },
	{ "quiet", 'q', HO_QUIET, NULL, HV_FLAG, OFF(s.quiet),
	    "no progress or notes on stderr" },
	{ "help", 'h', HO_HELP, NULL, HV_FLAG, 0, "this help" },
};

/* The subcommands, in the order "hub --help" lists them. */
static const struct hub_sub hub_subs[] = {
	{ "init", "[DIR]", "create a hub: key pairs, hub.pub, an empty store",
	    "Creates DIR (mode 0700; new or empty) with hub-encrypt.key and\n"
	    "hub-sign.key (secret, 0600), hub.pub and an empty hub.db; never\n"
	    "replaces a hub.  --store CONNINFO: the store in PostgreSQL\n"
	    "instead (postgresql://USER@HOST/DB, a database without a hub\n"
	    "store).  With --passphrase-file (or FLEETAUDIT_PASSPHRASE) the\n"
	    "secret keys are sealed under that passphrase.\n",
	    cmd_hub_init, HO_ALWAYS | HO_STORE | HO_PASSFILE, HUB_NODIR },
	{ "migrate", "--to CONNINFO", "move the SQLite store into PostgreSQL",
	    "Copies every row (counts checked, one transaction), then uses\n"
	    "it; hub.db stays as it was.  Stop hub serve first;\n"
	    "docs/hub-postgresql.md.\n",
	    cmd_hub_migrate, HO_ALWAYS | HO_MIGRATE_TO, 0 },
	{ "show", "", "hub.pub's path and fingerprint", NULL,
	    cmd_hub_show, HO_ALWAYS | HO_JSON, 0 },
	{ "trust add", "FILE --account NAME",
	    "trust a collector (its public key FILE) for an account",
	    "The account is created when new.  Before trusting a collector,\n"
	    "compare the fingerprint printed here with the one 'fleetaudit\n"
	    "keys show' prints on site (read it out on the phone).\n",
	    cmd_hub_trust_add, HO_ALWAYS | HO_ACCOUNT | HO_NAME, 0 },
	{ "trust list", "", "the trusted collectors, by account", NULL,
	    cmd_hub_trust_list, HO_ALWAYS | HO_JSON, 0 },
	{ "trust remove", "FINGERPRINT", "stop trusting a collector",
	    "Its row is kept, with the time it was removed.\n",
	    cmd_hub_trust_remove, HO_ALWAYS, 0 },
	{ "serve", "--listen HOST:PORT --cert FILE --key FILE",
	    "serve the SOAP endpoint and the web view over HTTPS",
	    "TLS 1.2+: /WebServices/Onsite2Service.asmx, WSDL at ?wsdl;\n"
	    "collectors say hello, upload bundles (imported as by import,\n"
	    "answered with the signed receipt) and send command results\n"
	    "(docs/soap.md); people use the web view (docs/web.md).\n"
	    "--cert and --key are a TLS certificate and its private key, in\n"
	    "PEM, not the hub's signing keys; e.g. a self-signed pair, with\n"
	    "collectors given hub-tls.pem as 'upload --cacert':\n"
	    "  openssl req -x509 -newkey rsa:3072 -nodes -days 825 \\\n"
	    "    -subj /CN=hub.example \\\n"
	    "    -addext subjectAltName=DNS:hub.example \\\n"
	    "    -keyout hub-tls.key -out hub-tls.pem\n"
	    "  chmod 600 hub-tls.key\n",
	    cmd_hub_serve, HO_ALWAYS | HO_LISTEN | HO_CERT | HO_KEY |
	    HO_PASSFILE | HO_LOGIN_SLOTS, 0 },
	{ "command add", "--collector FP scan KIND | walk HOST | logs",
	    "queue a command the collector runs on its next contact",
	    "KIND: discovery, meters, supplies, errors or attributes; logs\n"
	    "takes --since DATE.\n",
	    cmd_hub_command_add, HO_ALWAYS | HO_COLLECTOR | HO_SINCE, 0 },
	{ "command list", "[ID]", "the command queue, or one command's output",
	    NULL, cmd_hub_command_list, HO_ALWAYS | HO_JSON, 0 },
	{ "import", "FILE... | DIR", "import bundles into the central store",
	    "A DIR: its *.bundle files.  In the order their collectors wrote\n"
	    "them (by sequence number): each is checked (signature, this\n"
	    "hub, a trusted collector, a new sequence number, the payload's\n"
	    "schema and limits) and written under the collector's account in\n"
	    "one transaction, or refused with one line and nothing written;\n"
	    "the same bundle again is 'already imported'.  Each import writes\n"
	    "a receipt signed by the hub, HUB/receipts/ID.receipt, for\n"
	    "'fleetaudit bundle check-receipt' on site.  Exits 1 when one was\n"
	    "refused.\n",
	    cmd_hub_import, HO_ALWAYS | HO_PASSFILE, 0 },
	{ "devices", "--account NAME", "the devices imported for an account",
	    NULL, cmd_hub_devices, HO_ALWAYS | HO_ACCOUNT | HO_JSON, 0 },
	{ "report", "--account NAME --xlsx FILE | --html FILE | --csv DIR",
	    "the assessment report of an account's imported data",
	    "The report of 'fleetaudit report' (the same code, the same\n"
	    "numbers) from the data imported for an account.\n",
	    cmd_hub_report, HO_ALWAYS | HO_ACCOUNT | HO_REPORT, 0 },
	{ "meters", "--account NAME --period YYYY-MM",
	    "the billing counters of each device at a month's cut-off",
	    "The cut-off is the first day of the next month, 00:00 UTC: the\n"
	    "read nearest it within the tolerance, else a linear estimate\n"
	    "between the reads around it, never past the last read; the\n"
	    "meter map HUB/meters/NAME.map; docs/billing.md.\n",
	    cmd_hub_meters, HO_ALWAYS | HO_ACCOUNT | HO_PERIOD | HO_MAP |
	    HO_TOLERANCE | HO_CSV | HO_JSON, 0 },
	{ "supplies", "--account NAME", "the cartridges to ship",
	    "At or under --threshold percent, or empty within --days days,\n"
	    "with part number, quantity, device, site and location; each\n"
	    "listed until marked ordered, then again only after a swap;\n"
	    "docs/supplies.md.\n",
	    cmd_hub_supplies, HO_ALWAYS | HO_ACCOUNT | HO_THRESHOLD | HO_DAYS |
	    HO_NEW | HO_CSV | HO_JSON, 0 },
	{ "supplies order", "ID --account NAME", "mark a suggestion ordered",
	    NULL, cmd_hub_supplies_order, HO_ALWAYS | HO_ACCOUNT | HO_BY, 0 },
	{ "attention", "[--account NAME]...",
	    "what needs the service desk, most urgent first",
	    "Across accounts: devices in error, supplies empty or running\n"
	    "out, devices not reporting, meter anomalies (also the web\n"
	    "view's /attention); docs/attention.md.  Without --silent-days,\n"
	    "each account's from HUB/attention.conf (\"ACCOUNT silent-days\n"
	    "N\"), else 3.\n",
	    cmd_hub_attention, HO_ALWAYS | HO_ACCOUNT | HO_JSON | HO_SILENT |
	    HO_THRESHOLD | HO_DAYS, 0 },
	{ "account export", "NAME -o FILE",
	    "everything the hub holds for an account, as one file",
	    "JSON lines, one a row; written whole (docs/accounts.md).\n",
	    cmd_hub_account_export, HO_ALWAYS | HO_OUTPUT, 0 },
	{ "account delete", "NAME --yes",
	    "remove an account's data from every table (receipts kept)", NULL,
	    cmd_hub_account_delete, HO_ALWAYS | HO_YES, 0 },
	{ "account audit", "[NAME]",
	    "who viewed or downloaded which account's data, newest first",
	    NULL, cmd_hub_account_audit, HO_ALWAYS | HO_JSON, 0 },
	{ "rdl enable", "--domain DOMAIN",
	    "allow Remote Device Link sessions on this hub",
	    "Remote Device Link: a device's own web page opened from the\n"
	    "hub's device page through the collector on site ('run --rdl'),\n"
	    "each session on its own origin https://LABEL.DOMAIN/.  Off until\n"
	    "enabled here, for the account and for the user (docs/rdl.md).\n",
	    cmd_hub_rdl, HO_ALWAYS | HO_DOMAIN | HO_IDLE | HO_MAXLIFE |
	    HO_POLL, 0 },
	{ "rdl disable", "", "no new Remote Device Link session", NULL,
	    cmd_hub_rdl, HO_ALWAYS, 0 },
	{ "rdl account", "NAME on|off",
	    "allow or stop Remote Device Link for an account", NULL,
	    cmd_hub_rdl, HO_ALWAYS, 0 },
	{ "rdl grant", "USER --account NAME",
	    "give a user the right to open device pages of an account", NULL,
	    cmd_hub_rdl, HO_ALWAYS | HO_ACCOUNT, 0 },
	{ "rdl revoke", "USER --account NAME", "take that right back", NULL,
	    cmd_hub_rdl, HO_ALWAYS | HO_ACCOUNT, 0 },
	{ "rdl show", "", "the switch, its limits, accounts and rights", NULL,
	    cmd_hub_rdl, HO_ALWAYS, 0 },
	{ "rdl log", "[--since DATE] [--session ID]",
	    "the audit: every session, or every request of one", NULL,
	    cmd_hub_rdl, HO_ALWAYS | HO_SINCE | HO_SESSION | HO_JSON, 0 },
	{ "notify add", "--account NAME --name RULE --on COND --to ADDRESS|URL",
	    "add a notification rule for an account",
	    "COND: error, empty, low, silent, anomaly or all, comma-separated;\n"
	    "--threshold, --days and --silent-days as for attention.  Rules\n"
	    "run after each 'hub import' and on 'hub notify run' (cron); the\n"
	    "mail server is set in HUB/notify.conf (docs/notify.md).\n",
	    cmd_hub_notify, HO_ALWAYS | HO_ACCOUNT | HO_RULE | HO_ON |
	    HO_NOTIFY_TO | HO_SECRET | HO_DIGEST | HO_THRESHOLD | HO_DAYS |
	    HO_SILENT, 0 },
	{ "notify list", "[--account NAME]", "the notification rules", NULL,
	    cmd_hub_notify, HO_ALWAYS | HO_ACCOUNT | HO_JSON, 0 },
	{ "notify remove", "--account NAME --name RULE",
	    "remove a notification rule", NULL,
	    cmd_hub_notify, HO_ALWAYS | HO_ACCOUNT | HO_RULE, 0 },
	{ "notify run", "[--account NAME]...",
	    "check the rules now: send, retry, digests (for cron)",
	    "Exits 1 when a delivery failed in this run.\n",
	    cmd_hub_notify, HO_ALWAYS | HO_ACCOUNT | HO_NOW, 0 },
	{ "notify log", "[--account NAME]", "the deliveries, newest first",
	    NULL, cmd_hub_notify, HO_ALWAYS | HO_ACCOUNT | HO_LIMIT |
	    HO_JSON, 0 },
	{ "user add", "NAME --role admin|user [--account A]...",
	    "add a user of the web view",
	    "A dealer admin sees every account, a user its --account ones;\n"
	    "the password from a prompt, else the file's or standard input's\n"
	    "first line, never the command line; docs/web.md.\n",
	    cmd_hub_user_add, HO_ALWAYS | HO_ROLE | HO_ACCOUNT | HO_PASSWORD,
	    0 },
	{ "user remove", "NAME", "remove a user and its sessions", NULL,
	    cmd_hub_user_remove, HO_ALWAYS, 0 },
	{ "user list", "", "the web view's users", NULL,
	    cmd_hub_user_list, HO_ALWAYS | HO_JSON, 0 },
	{ "user passwd", "NAME", "set a user's password (its sessions end)",
	    NULL, cmd_hub_user_passwd, HO_ALWAYS | HO_PASSWORD, 0 },
};

const struct hub_sub *
cmd_hub_subs(size_t *n)
{
	*n = nitems(hub_subs);
	return hub_subs;
}

const struct hub_opt *
cmd_hub_opts(size_t *n)
{
	*n = nitems(hub_opts);
	return hub_opts;
}

/* Whether sub's name is "word" or begins with "word ". */
static int
first_word(const struct hub_sub *sub, const char *word)
{
	size_t	n = strlen(word);

	return strncmp(sub->name, word, n) == 0 &&
	    (sub->name[n] == '\0' || sub->name[n] == ' ');
}

/* The word of sub's name after group ("trust" -> "add"), or its first
 * word (group NULL), at *w: its length, 0 when sub has none there. */
static size_t
sub_word(const struct hub_sub *sub, const char *group, const char **w)
{
	const char	*p = sub->name;

	if (group != NULL) {
		if (!first_word(sub, group) || p[strlen(group)] != ' ')
			return 0;
		p += strlen(group) + 1;
	}
	*w = p;
	return strcspn(p, " ");
}

/* The words of sub_word() over the table, once each, in its order:
 * "init, migrate, ...", the last after lastsep (", ", " or "). */
static char *
first_words(const char *group, const char *lastsep)
{
	struct fa_buf	 b = FA_BUF_INIT;
	const char	*w, *v, *last = NULL;
	size_t		 i, j, n, m, lastn = 0;

	for (i = 0; i < nitems(hub_subs); i++) {
		if ((n = sub_word(&hub_subs[i], group, &w)) == 0)
			continue;
		for (j = 0; j < i; j++)
			if ((m = sub_word(&hub_subs[j], group, &v)) == n &&
			    strncmp(v, w, n) == 0)
				break;
		if (j < i)
			continue;
		if (last != NULL)
			fa_buf_printf(&b, "%s%.*s", b.len > 0 ? ", " : "",
			    (int)lastn, last);
		last = w;
		lastn = n;
	}
	if (last != NULL)
		fa_buf_printf(&b, "%s%.*s", b.len > 0 ? lastsep : "",
		    (int)lastn, last);
	return fa_buf_steal(&b);
}

/* The subcommands taking an option of this name, "'hub a', 'hub b'". */
static char *
taken_by(const char *name)
{
	struct fa_buf	 b = FA_BUF_INIT;
	uint64_t	 bits = 0;
	size_t		 i, n = 0;

	for (i = 0; i < nitems(hub_opts); i++)
		if (strcmp(hub_opts[i].name, name) == 0)
			bits |= hub_opts[i].bit;
	for (i = 0; i < nitems(hub_subs); i++)
		if (hub_subs[i].opts & bits)
			n++;
	for (i = 0; i < nitems(hub_subs); i++) {
		if (!(hub_subs[i].opts & bits))
			continue;
		fa_buf_printf(&b, "%s'hub %s'", b.len == 0 ? "" : --n == 1 ?
		    " and " : ", ", hub_subs[i].name);
	}
	return fa_buf_steal(&b);
}

static void
opt_left(const struct hub_opt *o, char *buf, size_t len)
{
	if (o->shortc)
		snprintf(buf, len, "-%c, --%s%s%s", o->shortc, o->name,
		    o->arg ? " " : "", o->arg ? o->arg : "");
	else
		snprintf(buf, len, "    --%s%s%s", o->name, o->arg ? " " : "",
		    o->arg ? o->arg : "");
}

/* text at column col (already reached), its lines wrapped before
 * column 80 and continued at column indent. */
static void
wrap(FILE *f, const char *text, int col, int indent)
{
	const char	*p = text;
	int		 n, first = 1;

	while (*p != '\0') {
		n = (int)strcspn(p, " ");
		if (!first && col + 1 + n >= 80) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fprintf(f, "%.*s", n, p);
		col += n;
		first = 0;
		p += n;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

/* The options of bits, one a line, as --help shows them. */
static void
hub_opts_print(FILE *f, uint64_t bits)
{
	char	left[64];
	size_t	i;
	int	col;

	for (i = 0; i < nitems(hub_opts); i++) {
		if (!(hub_opts[i].bit & bits))
			continue;
		opt_left(&hub_opts[i], left, sizeof(left));
		col = fprintf(f, "  %-26s ", left);
		wrap(f, hub_opts[i].help, col, 29);
	}
}

/* "options: --role, --account" of what sub takes besides the general
 * ones, wrapped. */
static void
opts_names(FILE *f, const struct hub_sub *sub)
{
	struct fa_buf	 b = FA_BUF_INIT;
	char		*t;
	size_t		 i;

	for (i = 0; i < nitems(hub_opts); i++)
		if (hub_opts[i].bit & sub->opts & ~HO_ALWAYS)
			fa_buf_printf(&b, "%s--%s", b.len == 0 ? "options: " :
			    ", ", hub_opts[i].name);
	if (b.len == 0)
		return;
	t = fa_buf_steal(&b);
	fprintf(f, "%16s", "");
	wrap(f, t, 16, 25);
	free(t);
}

void
cmd_hub_help(FILE *f)
{
	size_t	i;

	fprintf(f, "\nSubcommands:\n");
	for (i = 0; i < nitems(hub_subs); i++) {
		fprintf(f, "  %s%s%s\n", hub_subs[i].name,
		    *hub_subs[i].args ? " " : "", hub_subs[i].args);
		fprintf(f, "                %s\n", hub_subs[i].summary);
		opts_names(f, &hub_subs[i]);
	}
	fprintf(f, "\nEach also takes --hub DIR, -q and --help; 'fleetaudit "
	    "hub SUBCOMMAND\n--help' says more of it.  Before trusting a "
	    "collector, compare the\nfingerprint 'hub trust add' prints with "
	    "the one 'fleetaudit keys show'\nprints on site.  Formats and a "
	    "walk-through: docs/keys.md,\ndocs/bundle-format.md, "
	    "docs/soap.md.\n\n"
	    "Examples:\n"
	    "  fleetaudit hub init /srv/fleetaudit-hub\n"
	    "  fleetaudit hub init /srv/hub --store "
	    "postgresql://fleetaudit@db.example/fleetaudit\n"
	    "  export FLEETAUDIT_HUB=/srv/fleetaudit-hub\n"
	    "  fleetaudit hub trust add site1.pub --account acme\n"
	    "  fleetaudit hub trust list --json\n"
	    "  fleetaudit hub import /media/usb/*.bundle\n"
	    "  fleetaudit hub devices --account acme --json\n"
	    "  fleetaudit hub serve --listen 0.0.0.0:8443 --cert hub-tls.pem "
	    "--key hub-tls.key\n"
	    "  fleetaudit hub command add --collector k7q2-9xmd-3vaf-0c1e "
	    "walk 192.0.2.15\n"
	    "\nOptions:\n");
	hub_opts_print(f, ~0ULL);
}

/* "hub SUB --help", or "hub GROUP --help" for each of the group. */
static void
sub_help(const char *group, const struct hub_sub *sub)
{
	size_t	i;

	if (sub != NULL) {
		printf("usage: fleetaudit hub %s%s%s [options]\n\n%s\n",
		    sub->name, *sub->args ? " " : "", sub->args,
		    sub->summary);
		if (sub->help != NULL)
			printf("\n%s", sub->help);
		printf("\nOptions:\n");
		hub_opts_print(stdout, sub->opts);
		return;
	}
	for (i = 0; i < nitems(hub_subs); i++)
		if (first_word(&hub_subs[i], group))
			printf("%s fleetaudit hub %s%s%s\n", i == 0 ||
			    !first_word(&hub_subs[i - 1], group) ? "usage:" :
			    "      ", hub_subs[i].name,
			    *hub_subs[i].args ? " " : "", hub_subs[i].args);
	printf("\n'fleetaudit hub %s SUBCOMMAND --help' for each.\n", group);
}

/* The row named name (len bytes), or with the short option shortc when
 * not 0, among the options of bits; NULL when none. */
static const struct hub_opt *
find_opt(const char *name, size_t len, char shortc, uint64_t bits)
{
	size_t	i;

	for (i = 0; i < nitems(hub_opts); i++) {
		if (!(hub_opts[i].bit & bits))
			continue;
		if (shortc != 0 ? hub_opts[i].shortc == shortc :
		    strlen(hub_opts[i].name) == len &&
		    strncmp(hub_opts[i].name, name, len) == 0)
			return &hub_opts[i];
	}
	return NULL;
}

/* The options that a subcommand of the group word (every one: NULL)
 * accepts. */
static uint64_t
group_opts(const char *word)
{
	uint64_t	bits = 0;
	size_t		i;

	for (i = 0; i < nitems(hub_subs); i++)
		if (word == NULL || first_word(&hub_subs[i], word))
			bits |= hub_subs[i].opts;
	return bits;
}

/* An option as given: its row and its value. */
struct given {
	const struct hub_opt	*o;
	const char		*v;
};

/* The subcommand pos's words name: two words ("trust add"), else one
 * ("supplies"); NULL when none.  *group: the first word begins names. */
static const struct hub_sub *
lookup(const struct strv *pos, int *group)
{
	const struct hub_sub	*sub = NULL;
	char			*two = NULL;
	size_t			 i;

	*group = 0;
	if (pos->n == 0)
		return NULL;
	if (pos->n > 1)
		two = fa_asprintf("%s %s", pos->v[0], pos->v[1]);
	for (i = 0; i < nitems(hub_subs) && sub == NULL; i++)
		if (two != NULL && strcmp(hub_subs[i].name, two) == 0)
			sub = &hub_subs[i];
	for (i = 0; i < nitems(hub_subs); i++) {
		if (sub == NULL && strcmp(hub_subs[i].name, pos->v[0]) == 0)
			sub = &hub_subs[i];
		if (first_word(&hub_subs[i], pos->v[0]) &&
		    strcmp(hub_subs[i].name, pos->v[0]) != 0)
			*group = 1;
	}
	free(two);
	return sub;
}

/* The subcommand the words of pos name; prints why not (exit 2). */
static int
find_sub(const struct strv *pos, const struct hub_sub **out)
{
	char	*list;
	int	 group;

	if ((*out = lookup(pos, &group)) != NULL)
		return 0;
	if (pos->n == 0) {
		list = first_words(NULL, " or ");
		cmd_fail(EXIT_USAGE, "hub needs a subcommand: %s (see "
		    "'fleetaudit help hub')", list);
	} else if (!group) {
		list = first_words(NULL, ", ");
		cmd_fail(EXIT_USAGE, "unknown hub subcommand '%s' (%s)",
		    pos->v[0], list);
	} else if (pos->n < 2) {
		list = first_words(pos->v[0], " or ");
		cmd_fail(EXIT_USAGE, "hub %s needs %s (see 'fleetaudit help "
		    "hub')", pos->v[0], list);
	} else {
		list = first_words(pos->v[0], ", ");
		cmd_fail(EXIT_USAGE, "unknown hub %s subcommand '%s' (%s)",
		    pos->v[0], pos->v[1], list);
	}
	free(list);
	return EXIT_USAGE;
}

/* Stores one option's value into a. */
static int
apply(struct hub_args *a, const struct hub_opt *o, const char *v)
{
	char	*base = (char *)a, **own;

	switch (o->how) {
	case HV_OWN:
		own = (char **)(void *)(base + o->off);
		free(*own);
		*own = fa_strdup(v);
		break;
	case HV_BORROW:
		*(const char **)(void *)(base + o->off) = v;
		break;
	case HV_FLAG:
		if (o->bit != HO_HELP)
			*(int *)(void *)(base + o->off) = 1;
		break;
	case HV_ACCOUNT:
		if (a->naccounts == HUB_ACCOUNTS_MAX)
			return cmd_fail(EXIT_USAGE, "more than %d --account",
			    HUB_ACCOUNTS_MAX);
		a->accounts[a->naccounts++] = v;
		free(a->s.account);
		a->s.account = fa_strdup(v);
		break;
	}
	return 0;
}

/* The hub directory of every subcommand but init; caller frees. */
static char *
hub_dir(const struct settings *s)
{
	const char	*env = getenv("FLEETAUDIT_HUB");

	if (s->hub != NULL)
		return fa_strdup(s->hub);
	if (env != NULL && *env != '\0')
		return fa_strdup(env);
	return fa_strdup(".");
}

/*
 * One option of argv at *k (moved past its value): its row, among those
 * of the subcommands of group (the first word seen so far; NULL: none
 * yet), and its value.  Prints the error (exit 2).
 */
static int
read_opt(int argc, char *argv[], int *k, const char *group,
    struct given *g)
{
	const struct hub_opt	*o, *other;
	const char		*arg = argv[*k], *name = NULL, *eq = NULL;
	size_t			 n = 0;
	char			 sc = 0;

	if (arg[1] == '-') {
		name = arg + 2;
		eq = strchr(name, '=');
		n = eq != NULL ? (size_t)(eq - name) : strlen(name);
	} else if (arg[2] == '\0')
		sc = arg[1];
	else
		return cmd_fail(EXIT_USAGE, "unknown option '%s' (see "
		    "'fleetaudit hub --help')", arg);
	if ((o = find_opt(name, n, sc, group_opts(group))) == NULL &&
	    (o = find_opt(name, n, sc, ~0ULL)) == NULL)
		return cmd_fail(EXIT_USAGE, "unknown option '%.*s' (see "
		    "'fleetaudit hub --help')", sc != 0 ? 2 : (int)n + 2, arg);
	other = find_opt(name, n, sc, ~o->bit);
	if (group == NULL && other != NULL &&
	    (other->arg == NULL) != (o->arg == NULL))
		return cmd_fail(EXIT_USAGE, "'--%s' goes after the subcommand "
		    "(its meaning depends on it)", o->name);
	g->o = o;
	g->v = NULL;
	if (o->arg != NULL && eq != NULL)
		g->v = eq + 1;
	else if (o->arg != NULL) {
		if (*k + 1 >= argc)
			return cmd_fail(EXIT_USAGE, "option '--%s' needs %s",
			    o->name, o->arg);
		g->v = argv[++*k];
	} else if (eq != NULL)
		return cmd_fail(EXIT_USAGE, "option '--%s' takes no value",
		    o->name);
	return 0;
}

/* "hub [SUB] --help": the hub's, a subcommand's or a group's help. */
static int
help(const struct strv *pos)
{
	const struct hub_sub	*sub;
	char			*hv[2];
	int			 group;

	if (pos->n == 0) {
		hv[0] = (char *)(uintptr_t)"help";
		hv[1] = (char *)(uintptr_t)"hub";
		return cmd_help(2, hv);
	}
	sub = lookup(pos, &group);
	if (sub == NULL && !group)
		return find_sub(pos, &sub);
	/* "hub supplies --help" is the list's; "hub user --help" the
	 * group's */
	sub_help(pos->v[0], sub);
	return EXIT_OK;
}

int
cmd_hub(int argc, char *argv[])
{
	struct hub_args		*a;
	struct given		*g;
	const struct hub_sub	*sub = NULL;
	const struct hub_opt	*o;
	char			*dir = NULL, *where;
	size_t			 ng = 0, i;
	int			 k, rc = EXIT_USAGE, want_help = 0;

	a = fa_calloc(1, sizeof(*a));
	settings_init(&a->s);
	g = fa_calloc((size_t)argc + 1, sizeof(*g));
	a->pos.v = fa_calloc((size_t)argc + 1, sizeof(*a->pos.v));
	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--") == 0) {
			while (++k < argc)
				a->pos.v[a->pos.n++] = argv[k];
			break;
		}
		if (argv[k][0] != '-' || argv[k][1] == '\0') {
			a->pos.v[a->pos.n++] = argv[k];
			continue;
		}
		if ((rc = read_opt(argc, argv, &k, a->pos.n > 0 ?
		    a->pos.v[0] : NULL, &g[ng])) != 0)
			goto out;
		if (g[ng].o->bit == HO_HELP)
			want_help = 1;
		ng++;
	}
	if (want_help) {
		rc = help(&a->pos);
		goto out;
	}
	if ((rc = find_sub(&a->pos, &sub)) != 0)
		goto out;
	for (i = 0; i < ng; i++) {
		/* the row of its name that is sub's, of the same kind */
		o = g[i].o;
		if (!(o->bit & sub->opts) && ((o = find_opt(o->name,
		    strlen(o->name), 0, sub->opts)) == NULL ||
		    (o->arg == NULL) != (g[i].o->arg == NULL))) {
			where = taken_by(g[i].o->name);
			rc = cmd_fail(EXIT_USAGE, "--%s applies to %s only, "
			    "not to 'hub %s'", g[i].o->name, where,
			    sub->name);
			free(where);
			goto out;
		}
		if ((rc = apply(a, o, g[i].v)) != 0)
			goto out;
	}
	if (!(sub->flags & HUB_NODIR))
		a->dir = dir = hub_dir(&a->s);
	rc = sub->run(a);
out:
	free(dir);
	free(g);
	free(a->pos.v);
	settings_release(&a->s);
	free(a);
	return rc;
}
