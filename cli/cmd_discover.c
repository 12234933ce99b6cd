/*
 * cmd_discover.c: "fleetaudit discover": sweep and list, store nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../collector/disc.h"
#include "../collector/vendor.h"
#include "cmd.h"
#include "json.h"
#include "util.h"

int
cmd_discover(int argc, char *argv[])
{
	struct settings		 s;
	struct strv		 pos = { NULL, 0 };
	struct addr_list	 addrs = ADDR_LIST_INIT;
	struct disc_list	 found = DISC_LIST_INIT;
	struct sess_engine	*eng = NULL;
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
	if ((rc = cmd_ranges(&s, &pos, &addrs, &joined)) != 0)
		goto out;
	if (sess_engine_new(&s.net, &eng, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	cmd_signals();
	t0 = fa_now_ms();
	(void)disc_sweep(eng, &addrs, NULL, s.creds, s.ncreds, &found,
	    cmd_progress_on(&s) ? cmd_disc_progress : NULL, NULL);
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
	disc_list_release(&found);
	addr_list_release(&addrs);
	free(joined);
	free(pos.v);
	settings_release(&s);
	return rc;
}
