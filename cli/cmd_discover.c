/*
 * cmd_discover.c: "fleetaudit discover": sweep and list, store nothing.
 * With --ipp-probe, the addresses SNMP found nothing at are tried on IPP;
 * with --mdns, the IPP printers DNS-SD announces are listed too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "../collector/disc.h"
#include "../collector/ipp.h"
#include "../collector/mdns.h"
#include "../collector/vendor.h"
#include "cmd.h"
#include "json.h"
#include "util.h"

/*
 * Reads uri over IPP (one request) for its maker and model and lists it
 * as a printer; 1 when it was, 0 when the read failed (said on stderr).
 */
static size_t
ipp_show(const struct settings *s, const char *uri, json_object *arr)
{
	struct ipp_opts		 o = { (int64_t)s->net.timeout_ms * 10, 0 };
	struct ipp_stats	 st;
	struct device		 d;
	struct fa_err		 e;
	size_t			 n = 0;
	const char		*a;

	dev_init(&d);
	d.parts = DEV_P_ATTRS;
	if (ipp_read(uri, &o, &d, &st, &e) != 0)
		fprintf(stderr, "fleetaudit: %s\n", e.msg);
	else if (d.error != NULL)
		fprintf(stderr, "fleetaudit: %s\n", d.error);
	else {
		n = 1;
		a = d.address;
		if (arr != NULL) {
			json_object *j = json_object_new_object();
#define S(v)	((v) ? json_object_new_string(v) : NULL)
			json_object_object_add(j, "address",
			    json_object_new_string(a));
			json_object_object_add(j, "vendor", S(d.vendor));
			json_object_object_add(j, "model", S(d.model));
			json_object_object_add(j, "sys_object_id", NULL);
			json_object_object_add(j, "sys_descr",
			    S(d.sys_descr));
			json_object_object_add(j, "sys_name", S(d.sys_name));
			json_object_object_add(j, "credential",
			    S(d.credential));
			json_object_object_add(j, "is_printer",
			    json_object_new_boolean(1));
			json_object_object_add(j, "printer_reason",
			    S(d.printer_reason));
#undef S
			json_object_array_add(arr, j);
		} else
			printf("%-16s %-14.14s %-28.28s %-10.10s %s\n", a,
			    d.vendor ? d.vendor : "-",
			    d.model ? d.model : "-", d.credential, "-");
	}
	dev_release(&d);
	return n;
}

/*
 * --ipp-probe: the addresses SNMP found nothing at, tried on TCP
 * --ipp-port; each that accepts is read over IPP (one request) for its
 * maker and model, and listed as a printer.  Returns how many.
 */
static size_t
ipp_list(const struct settings *s, const struct addr_list *addrs,
    const struct disc_list *found, json_object *arr)
{
	struct fa_addr		*left;
	struct fa_err		 e;
	char			 a[64], *uri;
	size_t			 i, nl, n = 0;
	int			 port = s->ipp_port ? s->ipp_port : FA_IPP_PORT;

	if (cmd_ipp_open(s, addrs, found, &left, &nl, &e) != 0)
		fprintf(stderr, "fleetaudit: IPP probe: %s\n", e.msg);
	for (i = 0; i < nl && !fa_interrupted; i++) {
		fa_addr_str(&left[i], a, sizeof(a));
		uri = fa_asprintf(left[i].family == AF_INET6 ?
		    "ipp://[%s]:%d/ipp/print" : "ipp://%s:%d/ipp/print", a,
		    port);
		n += ipp_show(s, uri, arr);
		free(uri);
	}
	free(left);
	return n;
}

/* Did SNMP answer at the host of uri ("ipp://A.B.C.D:PORT/...")?  The
 * SNMP answer is preferred, as for --ipp-probe. */
static int
snmp_found(const struct disc_list *found, const char *uri)
{
	const char	*h = strstr(uri, "://");
	char		 host[64];
	struct fa_addr	 a;
	size_t		 n, k;

	if (h == NULL)
		return 0;
	h += 3;
	n = strcspn(h, ":/");
	if (n == 0 || n >= sizeof(host))
		return 0;
	memcpy(host, h, n);
	host[n] = '\0';
	if (fa_addr_parse(host, &a) != 0)
		return 0;
	for (k = 0; k < found->n; k++)
		if (fa_addr_cmp(&found->v[k].addr, &a) == 0)
			return 1;
	return 0;
}

int
cmd_discover(int argc, char *argv[])
{
	struct settings		 s;
	struct strv		 pos = { NULL, 0 };
	struct addr_list	 addrs = ADDR_LIST_INIT;
	struct disc_list	 found = DISC_LIST_INIT;
	struct mdns_list	 ann = MDNS_LIST_INIT;
	struct sess_engine	*eng = NULL;
	struct store		*st = NULL;
	struct walk_width	*widths = NULL;
	struct stat		 sb;
	struct fa_err		 e;
	json_object		*arr = NULL;
	char			*joined = NULL, a[64];
	size_t			 i, shown = 0;
	int64_t			 t0;
	int			 rc;

	if ((rc = cmd_setup("discover", argc, argv, &s, &pos)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		goto out;
	}
	/* --mdns alone: the announced printers only, no sweep. */
	if (pos.n == 0 && s.ranges.n == 0 && s.mdns)
		joined = fa_strdup("");
	else if ((rc = cmd_ranges(&s, &pos, &addrs, &joined)) != 0)
		goto out;
	if (s.mdns && mdns_browse((int64_t)s.net.timeout_ms * 2, &ann,
	    &e) < 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	cmd_mdns_note(&s, &ann);
	if (sess_engine_new(&s.net, &eng, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	/* A home's store, when there is one, only tells where each known
	 * device's probe starts (the read width kept for it); discover
	 * stores nothing, not even a narrower width. */
	if (stat(s.db, &sb) == 0 && store_open(s.db, &st, &e) == 0) {
		widths = cmd_disc_widths(st, &addrs);
		store_close(st);
	}
	cmd_signals();
	t0 = fa_now_ms();
	(void)disc_sweep(eng, &addrs, NULL, widths, s.creds, s.ncreds,
	    &found, cmd_progress_on(&s) ? cmd_disc_progress : NULL, NULL);
	if (found.rejected > 0)
		fprintf(stderr, "fleetaudit: warning: %zu address%s refused a "
		    "credential, e.g. %s\n", found.rejected,
		    found.rejected == 1 ? "" : "es", found.reject_why);
	if (s.json)
		arr = json_object_new_array();
	else
		printf("%-16s %-14s %-28s %-10s %s\n", "ADDRESS", "VENDOR",
		    "MODEL", "CREDENTIAL", "SYSOBJECTID");
	for (i = 0; i < found.n; i++) {
		struct disc_result	*r = &found.v[i];
		char			*model;

		if (!r->is_printer && !s.all)
			continue;
		shown++;
		model = vendor_model(r->vendor, NULL, NULL, r->sys_descr);
		fa_addr_str(&r->addr, a, sizeof(a));
		if (arr != NULL) {
			json_object *o = json_object_new_object();
#define S(v)	((v) ? json_object_new_string(v) : NULL)
			json_object_object_add(o, "address", json_object_new_string(a));
			json_object_object_add(o, "vendor", S(r->vendor));
			json_object_object_add(o, "model", S(model));
			json_object_object_add(o, "sys_object_id",
			    S(r->sys_object_id));
			json_object_object_add(o, "sys_descr",
			    S(r->sys_descr));
			json_object_object_add(o, "sys_name", S(r->sys_name));
			json_object_object_add(o, "credential",
			    S(s.creds[r->cred].label));
			json_object_object_add(o, "is_printer",
			    json_object_new_boolean(r->is_printer));
			json_object_object_add(o, "printer_reason",
			    S(r->reason));
#undef S
			json_object_array_add(arr, o);
		} else
			printf("%-16s %-14.14s %-28.28s %-10.10s %s\n", a,
			    r->vendor ? r->vendor : "-", model ? model : "-",
			    s.creds[r->cred].label,
			    r->sys_object_id ? r->sys_object_id : "-");
		free(model);
	}
	if (s.ipp_probe && !fa_interrupted)
		shown += ipp_list(&s, &addrs, &found, arr);
	for (i = 0; i < ann.n && !fa_interrupted; i++)
		if (!snmp_found(&found, ann.uri[i]))
			shown += ipp_show(&s, ann.uri[i], arr);
	if (arr != NULL)
		json_print(arr);
	if (!s.quiet)
		fprintf(stderr, "discover: %zu address%s in %.1f s, %zu "
		    "answering, %zu %s%s\n", addrs.n, addrs.n == 1 ? "" : "es",
		    (double)(fa_now_ms() - t0) / 1000.0, found.n, shown,
		    s.all ? "listed" : "printers",
		    fa_interrupted ? " (interrupted)" : "");
	cmd_log(&s, "discover %s: %zu addresses, %zu answering", joined,
	    addrs.n, found.n);
	rc = fa_interrupted ? EXIT_FAIL : EXIT_OK;
out:
	if (arr != NULL)
		json_object_put(arr);
	sess_engine_free(eng);
	free(widths);
	mdns_list_release(&ann);
	disc_list_release(&found);
	addr_list_release(&addrs);
	free(joined);
	free(pos.v);
	settings_release(&s);
	return rc;
}
