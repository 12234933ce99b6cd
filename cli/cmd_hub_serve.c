/*
 * cmd_hub_serve.c: "fleetaudit hub serve" and "fleetaudit hub command",
 * the hub's side of SOAP over HTTPS (docs/soap.md); cmd_hub_table.c
 * dispatches here.
 *
 * serve runs in the foreground until SIGTERM or SIGINT (for systemd, as
 * "run" on the collector's side), one log line per request on stderr.
 * The secret keys are opened once at start, with their passphrase
 * (--passphrase-file or FLEETAUDIT_PASSPHRASE), and stay in guarded
 * memory while it serves.
 *
 * command add queues a command for a trusted collector, which fetches it
 * on its next Hello (upload, or run after a scan), runs it and sends the
 * result back; command list shows the queue, and with an id that
 * command's output, as the collector sent it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "../crypto/keys.h"
#include "../export/hub/hubserve.h"
#include "../export/hub/hubstore.h"
#include "../export/hub/hubweb.h"
#include "cmd.h"
#include "cmd_hub.h"
#include "json.h"
#include "util.h"

static void
serve_log(void *arg, const char *msg)
{
	const struct settings	*s = arg;
	char			 ts[32];

	if (s->quiet && strncmp(msg, "hub ", 4) != 0 &&
	    strcmp(msg, "stopped") != 0)
		return;
	fa_iso8601(fa_wall(), ts, sizeof(ts));
	fprintf(stderr, "%s hub serve: %s\n", ts, msg);
}

int
cmd_hub_serve(struct hub_args *a)
{
	struct settings		*s = &a->s;
	struct hubserve_conf	 c;
	struct key_pass		*pass = NULL;
	struct fa_err		 e;
	int			 rc, slots = HUBWEB_LOGIN_SLOTS;

	if (a->pos.n != 1)
		return cmd_fail(EXIT_USAGE, "hub serve takes no arguments");
	if ((rc = cmd_opt_int(a->login_slots, 1, HUBWEB_LOGIN_SLOTS_MAX,
	    "--login-slots", &slots)) != 0)
		return rc;
	if (s->listen == NULL || s->tls_cert == NULL || s->tls_key == NULL)
		return cmd_fail(EXIT_USAGE, "hub serve needs --listen "
		    "HOST:PORT, --cert FILE and --key FILE (a TLS certificate "
		    "and its key, PEM: see 'fleetaudit hub serve --help')");
	if ((rc = cmd_passphrase(s, &pass)) != 0)
		return rc;
	memset(&c, 0, sizeof(c));
	c.dir = a->dir;
	c.listen = s->listen;
	c.cert = s->tls_cert;
	c.key = s->tls_key;
	c.pass = pass;
	c.login_slots = (unsigned)slots;
	c.log = serve_log;
	c.log_arg = s;
	cmd_signals();
	rc = hubserve_run(&c, &e) == 0 ? EXIT_OK :
	    cmd_fail(EXIT_FAIL, "%s", e.msg);
	key_pass_free(pass);
	return rc;
}

/* Checks a command's words (pos->v[2...]) into kind and arg (caller
 * frees *arg). */
static int
command_args(const struct settings *s, const struct strv *pos,
    const char **kind, char **arg)
{
	static const char *const kinds[] = { "discovery", "meters",
	    "supplies", "errors", "attributes" };
	struct fa_err	 e;
	const char	*k = pos->n > 2 ? pos->v[2] : "";
	int64_t		 t;
	size_t		 i;
	char		 ts[32];

	*arg = NULL;
	if (strcmp(k, "logs") != 0 && s->since != NULL)
		return cmd_fail(EXIT_USAGE, "--since applies to 'hub command "
		    "add ... logs' only");
	if (strcmp(k, "scan") == 0) {
		if (pos->n != 4)
			return cmd_fail(EXIT_USAGE, "scan needs one KIND "
			    "(discovery, meters, supplies, errors, "
			    "attributes)");
		for (i = 0; i < nitems(kinds); i++)
			if (strcmp(pos->v[3], kinds[i]) == 0)
				break;
		if (i == nitems(kinds))
			return cmd_fail(EXIT_USAGE, "unknown scan kind '%s' "
			    "(discovery, meters, supplies, errors, "
			    "attributes)", pos->v[3]);
		*kind = "scan";
		*arg = fa_strdup(pos->v[3]);
		return 0;
	}
	if (strcmp(k, "walk") == 0) {
		if (pos->n != 4 || *pos->v[3] == '\0' ||
		    strlen(pos->v[3]) > 253 ||
		    strspn(pos->v[3], "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:") !=
		    strlen(pos->v[3]))
			return cmd_fail(EXIT_USAGE, "walk needs one HOST (an "
			    "address or a host name)");
		*kind = "walk";
		*arg = fa_strdup(pos->v[3]);
		return 0;
	}
	if (strcmp(k, "logs") == 0) {
		if (pos->n != 3)
			return cmd_fail(EXIT_USAGE, "logs takes no argument "
			    "but --since DATE");
		t = 0;
		if (s->since != NULL && cmd_parse_since(s->since, fa_wall(),
		    &t, &e) != 0)
			return cmd_fail(EXIT_USAGE, "%s", e.msg);
		*kind = "logs";
		if (t > 0) {
			fa_iso8601(t, ts, sizeof(ts));
			*arg = fa_strdup(ts);
		} else
			*arg = fa_strdup("");
		return 0;
	}
	return cmd_fail(EXIT_USAGE, "hub command add needs scan KIND, walk "
	    "HOST or logs [--since DATE]");
}

static int
command_add(struct settings *s, const struct strv *pos, struct hubstore *hs)
{
	struct fa_err	 e;
	const char	*kind = NULL;
	char		*arg = NULL, fp[KEY_FP_LEN + 1];
	int64_t		 id;
	int		 rc;

	if (s->collector == NULL)
		return cmd_fail(EXIT_USAGE, "hub command add needs --collector "
		    "FINGERPRINT (see 'fleetaudit hub trust list')");
	if (key_fingerprint_parse(s->collector, fp, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	if ((rc = command_args(s, pos, &kind, &arg)) != 0)
		return rc;
	if (hubstore_command_add(hs, fp, kind, arg, fa_wall(), &id, &e) != 0)
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
	else
		printf("command %lld queued for collector %s: %s%s%s\n",
		    (long long)id, fp, kind, *arg ? " " : "", arg);
	free(arg);
	return rc;
}

static const char *
state(const struct hubstore_cmdrow *r)
{
	if (r->status != NULL)
		return r->status;
	return r->sent != 0 ? "sent" : "queued";
}

static int
command_list(struct settings *s, const struct strv *pos, struct hubstore *hs)
{
	struct hubstore_cmdrow	*rows = NULL;
	struct fa_err		 e;
	long long		 id = 0;
	size_t			 n = 0, i;
	char			 ts[32];
	int			 rc = EXIT_OK;

	if (pos->n > 3)
		return cmd_fail(EXIT_USAGE, "hub command list takes at most "
		    "one command ID");
	if (pos->n == 3 && fa_strtonum(pos->v[2], 1, INT64_MAX, &id,
	    "command id", &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	if (hubstore_command_list(hs, id, &rows, &n, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	if (id != 0 && n == 0) {
		rc = cmd_fail(EXIT_USAGE, "no command %lld", id);
		goto out;
	}
	if (s->json) {
		json_object *a = json_object_new_array();

		for (i = 0; i < n; i++) {
			json_object *o = json_object_new_object();

			json_object_object_add(o, "id",
			    json_object_new_int64(rows[i].id));
			json_object_object_add(o, "collector",
			    json_object_new_string(rows[i].fingerprint));
			json_object_object_add(o, "kind",
			    json_object_new_string(rows[i].kind));
			json_object_object_add(o, "argument",
			    json_object_new_string(rows[i].argument));
			json_object_object_add(o, "state",
			    json_object_new_string(state(&rows[i])));
			fa_iso8601(rows[i].created, ts, sizeof(ts));
			json_object_object_add(o, "created",
			    json_object_new_string(ts));
			if (rows[i].done != 0) {
				fa_iso8601(rows[i].done, ts, sizeof(ts));
				json_object_object_add(o, "done",
				    json_object_new_string(ts));
				json_object_object_add(o, "output",
				    json_object_new_string_len(rows[i].output,
				    (int)rows[i].output_len));
			}
			json_object_array_add(a, o);
		}
		json_print(a);
		json_object_put(a);
		goto out;
	}
	if (id != 0) {
		if (rows[0].done == 0)
			fprintf(stderr, "command %lld: %s, no result yet\n",
			    id, state(&rows[0]));
		else
			fwrite(rows[0].output, 1, rows[0].output_len, stdout);
		goto out;
	}
	printf("%6s  %-19s  %-6s %-24s %-6s  %s\n", "ID", "COLLECTOR", "KIND",
	    "ARGUMENT", "STATE", "CREATED");
	for (i = 0; i < n; i++) {
		fa_iso8601(rows[i].created, ts, sizeof(ts));
		printf("%6lld  %-19s  %-6s %-24.60s %-6s  %s\n",
		    (long long)rows[i].id, rows[i].fingerprint, rows[i].kind,
		    *rows[i].argument ? rows[i].argument : "-",
		    state(&rows[i]), ts);
	}
out:
	for (i = 0; i < n; i++)
		hubstore_cmdrow_release(&rows[i]);
	free(rows);
	return rc;
}

/* Opens the hub of a and runs fn on it. */
static int
with_store(struct hub_args *a, int (*fn)(struct settings *,
    const struct strv *, struct hubstore *))
{
	struct hubstore	*hs = NULL;
	struct fa_err	 e;
	int		 rc;

	if (hubstore_open_hub(a->dir, &hs, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	rc = fn(&a->s, &a->pos, hs);
	hubstore_close(hs);
	return rc;
}

int
cmd_hub_command_add(struct hub_args *a)
{
	return with_store(a, command_add);
}

int
cmd_hub_command_list(struct hub_args *a)
{
	return with_store(a, command_list);
}
