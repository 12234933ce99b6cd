/*
 * cmd_models.c: "fleetaudit models" lists the model definitions and what
 * each matches; "fleetaudit models test DIR" serves the snmprec
 * recordings of DIR with snmpsim on loopback (one community per file, as
 * snmpsim does) and reads each as assess would, with the definitions, so
 * a new definition can be checked without the device.  Nothing is stored.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../collector/mdf.h"
#include "../collector/scan.h"
#include "../collector/walk.h"
#include "cmd.h"
#include "plat.h"
#include "plat_net.h"
#include "json.h"
#include "util.h"

#define MODELS_MAX_FILES	256
#define MODELS_WAIT_MS		20000	/* for snmpsim to answer */

extern char **environ;

static json_object *
def_json(const struct mdf_def *d)
{
	json_object	*o = json_object_new_object(), *a;
	size_t		 i;

	json_object_object_add(o, "id", json_object_new_string(d->id));
	json_object_object_add(o, "vendor", json_object_new_string(d->vendor));
	a = json_object_new_array();
	for (i = 0; i < d->nbrands; i++)
		json_object_array_add(a, json_object_new_string(d->brands[i]));
	json_object_object_add(o, "brands", a);
	json_object_object_add(o, "enterprise", d->enterprise ?
	    json_object_new_int64(d->enterprise) : NULL);
	json_object_object_add(o, "sysobjectid", d->sysobjectid ?
	    json_object_new_string(d->sysobjectid) : NULL);
	json_object_object_add(o, "descr", d->descr ?
	    json_object_new_string(d->descr) : NULL);
	a = json_object_new_array();
	for (i = 0; i < d->nmeters; i++)
		json_object_array_add(a,
		    json_object_new_string(d->meters[i].name));
	json_object_object_add(o, "meters", a);
	json_object_object_add(o, "file", json_object_new_string(d->file));
	json_object_object_add(o, "line", json_object_new_int(d->line));
	return o;
}

static void
list(const struct mdf_set *set, int json)
{
	json_object	*a;
	size_t		 i;
	char		 m[128];

	if (json) {
		a = json_object_new_array();
		for (i = 0; i < set->n; i++)
			if (!set->v[i].shared)	/* lines for "use" only */
				json_object_array_add(a, def_json(&set->v[i]));
		json_print(a);
		json_object_put(a);
		return;
	}
	printf("%-22s %-16s %-44s %6s  %s\n", "MODEL", "VENDOR", "MATCHES",
	    "METERS", "FILE");
	for (i = 0; i < set->n; i++) {
		const struct mdf_def *d = &set->v[i];

		if (d->shared)
			continue;
		m[0] = '\0';
		if (d->enterprise)
			snprintf(m, sizeof(m), "enterprise %ld", d->enterprise);
		if (d->sysobjectid) {
			fa_strlcat(m, m[0] ? ", " : "", sizeof(m));
			fa_strlcat(m, d->sysobjectid, sizeof(m));
		}
		if (d->descr) {
			fa_strlcat(m, m[0] ? ", \"" : "\"", sizeof(m));
			fa_strlcat(m, d->descr, sizeof(m));
			fa_strlcat(m, "\"", sizeof(m));
		}
		printf("%-22s %-16s %-44.44s %6zu  %s:%d\n", d->id, d->vendor,
		    m, d->nmeters, d->file, d->line);
	}
}

struct replay {
	int		 json;
	json_object	*arr;
	const char	*name;
};

static void
on_device(struct device *d, void *arg)
{
	struct replay	*r = arg;
	json_object	*o;
	size_t		 i;

	if (r->json) {
		o = json_device(d);
		json_object_object_add(o, "recording",
		    json_object_new_string(r->name));
		json_object_array_add(r->arr, o);
		return;
	}
	printf("== %s: %s %s, serial %s, definition %s%s%s\n", r->name,
	    d->vendor ? d->vendor : "?", d->model ? d->model : "?",
	    d->serial ? d->serial : "-", d->model_def ? d->model_def :
	    "(standard MIBs only)", d->error ? "; read error: " : "",
	    d->error ? d->error : "");
	for (i = 0; i < d->nmeters; i++)
		printf("   meter  %-14s %12lld %-12s %s\n", d->meters[i].name,
		    (long long)d->meters[i].value, d->meters[i].unit ?
		    d->meters[i].unit : "", d->meters[i].source_oid);
	for (i = 0; i < d->nsupplies; i++) {
		const struct dev_supply *s = &d->supplies[i];
		char lv[16];

		if (s->percent >= 0)
			snprintf(lv, sizeof(lv), "%d%%", s->percent);
		else
			fa_strlcpy(lv, s->state ? s->state : "-", sizeof(lv));
		printf("   supply %-3d %-32.32s %-14s", s->index,
		    s->description ? s->description : "-", lv);
		if (s->part_number != NULL)
			printf(" part %s", s->part_number);
		if (s->level_source != NULL)
			printf(" level from %s", s->level_source);
		putchar('\n');
	}
	for (i = 0; i < d->nchecks; i++)
		printf("   check  %-22s %s (%lld vs %lld)\n", d->checks[i].name,
		    d->checks[i].ok ? "agrees" : "DISAGREES",
		    (long long)d->checks[i].left,
		    (long long)d->checks[i].right);
}

/* Any answer (even "no such object") means snmpsim is up. */
static void
probe_done(enum sess_status st, const char *why, void *arg)
{
	(void)why;
	*(int *)arg = st == SESS_OK;
}

/* A free UDP port on 127.0.0.1 (bound and released: a small race with
 * other programs, acceptable for a local test). */
static int
free_port(void)
{
	struct sockaddr_in	sa;
	socklen_t		len = sizeof(sa);
	int			fd, port = -1;

	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	fa_sock_close(fd);
	return port;
}

static int
copy_file(const char *from, const char *to)
{
	FILE	*in, *out;
	char	 buf[8192];
	size_t	 n;
	int	 rc = 0;

	if ((in = fopen(from, "r")) == NULL)
		return -1;
	if ((out = fopen(to, "w")) == NULL) {
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	fclose(in);
	if (fclose(out) != 0)
		rc = -1;
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
rm_tree(const char *dir)
{
	DIR		*dp;
	struct dirent	*de;
	char		*p;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		struct stat sb;

		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		p = fa_asprintf("%s/%s", dir, de->d_name);
		if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
			rm_tree(p);
		else
			unlink(p);
		free(p);
	}
	closedir(dp);
	rmdir(dir);
}

static int
replay(struct settings *s, const struct mdf_set *set, const char *dir)
{
	DIR			*dp;
	struct dirent		*de;
	char			**names = NULL;
	char			*tmp = NULL, *data = NULL, *cache = NULL, *a[16];
	char			 ep[64], *logp = NULL;
	size_t			 n = 0, i;
	int			 rc = EXIT_FAIL, port, na = 0;
	struct fa_proc		*proc = NULL;
	struct sess_engine	*eng = NULL;
	struct sess_cred	*creds = NULL;
	struct scan_target	*t = NULL;
	struct scan_opts	 so = { 4, SCAN_MAX_VBS, NULL, 0 };
	struct replay		 r = { s->json, NULL, NULL };
	struct fa_err		 e;

	if ((dp = opendir(dir)) == NULL)
		return cmd_fail(EXIT_USAGE, "cannot read '%s': %s", dir,
		    strerror(errno));
	while ((de = readdir(dp)) != NULL && n < MODELS_MAX_FILES) {
		size_t l = strlen(de->d_name);

		if (l > 8 && strcmp(de->d_name + l - 8, ".snmprec") == 0) {
			names = fa_reallocarray(names, n + 1, sizeof(*names));
			names[n++] = fa_strndup(de->d_name, l - 8);
		}
	}
	closedir(dp);
	if (n == 0) {
		rc = cmd_fail(EXIT_USAGE, "no .snmprec recordings in '%s'",
		    dir);
		goto out;
	}
	fa_sort(names, n, sizeof(*names), name_cmp);
	if ((tmp = fa_mkdtemp("fleetaudit")) == NULL) {
		rc = cmd_fail(EXIT_FAIL, "cannot make a temporary directory");
		goto out;
	}
	chmod(tmp, 0755);
	data = fa_asprintf("%s/data", tmp);
	cache = fa_asprintf("%s/cache", tmp);
	mkdir(data, 0755);
	mkdir(cache, 0755);
	for (i = 0; i < n; i++) {
		char *from = fa_asprintf("%s/%s.snmprec", dir, names[i]);
		char *to = fa_asprintf("%s/%s.snmprec", data, names[i]);
		int ok = copy_file(from, to) == 0;

		chmod(to, 0644);
		free(from);
		free(to);
		if (!ok) {
			rc = cmd_fail(EXIT_FAIL, "cannot copy '%s'", names[i]);
			goto out;
		}
	}
	if ((port = s->net.port != 161 ? s->net.port : free_port()) < 0) {
		rc = cmd_fail(EXIT_FAIL, "no free UDP port on 127.0.0.1");
		goto out;
	}
	snprintf(ep, sizeof(ep), "--agent-udpv4-endpoint=127.0.0.1:%d", port);
	a[na++] = (char *)(uintptr_t)"snmpsimd";
	a[na++] = fa_asprintf("--data-dir=%s", data);
	a[na++] = fa_asprintf("--cache-dir=%s", cache);
	a[na++] = ep;
	a[na++] = (char *)(uintptr_t)"--logging-method=null";
	a[na++] = (char *)(uintptr_t)"--force-index-rebuild";
	if (fa_is_root()) {
		/* snmpsim refuses to run as root: it drops to nobody. */
		fa_give_to(cache, "nobody");
		a[na++] = (char *)(uintptr_t)"--process-user=nobody";
		a[na++] = (char *)(uintptr_t)"--process-group=nogroup";
	}
	a[na] = NULL;
	logp = fa_asprintf("%s/snmpsimd.log", tmp);
	if (fa_proc_start(a, logp, &proc, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "cannot run snmpsimd (package "
		    "snmpsim): %s", e.msg);
		goto out;
	}
	/* One credential per recording: the community is the file name. */
	creds = fa_calloc(n, sizeof(*creds));
	t = fa_calloc(n, sizeof(*t));
	for (i = 0; i < n; i++) {
		creds[i].label = fa_strdup(names[i]);
		creds[i].version = 2;
		creds[i].community = fa_strdup(names[i]);
		if (fa_addr_parse("127.0.0.1", &t[i].addr) != 0)
			fa_bug("loopback address");
		t[i].cred = &creds[i];
		t[i].printer_mib = -1;
	}
	s->net.port = port;
	if (sess_engine_new(&s->net, &eng, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	{
		static const char *const probe[] = { "1.3.6.1.2.1.1.3.0" };
		int64_t	 end = fa_now_ms() + MODELS_WAIT_MS;
		int	 up = 0;

		while (!up && fa_now_ms() < end && !fa_interrupted) {
			struct vb_list	l = VB_LIST_INIT;

			if (!fa_proc_running(proc)) {
				rc = cmd_fail(EXIT_FAIL, "snmpsimd stopped: see "
				    "'%s'", logp);
				goto out;
			}
			if (walk_get(eng, &t[0].addr, &creds[0], probe, 1, &l,
			    probe_done, &up) != 0)
				break;
			(void)sess_run(eng, fa_now_ms() + 1500);
			vb_list_release(&l);
		}
		if (!up) {
			rc = cmd_fail(EXIT_FAIL, "snmpsimd did not answer in %d "
			    "s", MODELS_WAIT_MS / 1000);
			goto out;
		}
	}
	so.models = set;
	if (s->json)
		r.arr = json_object_new_array();
	for (i = 0; i < n && !fa_interrupted; i++) {
		r.name = names[i];
		(void)scan_read(eng, &t[i], 1, &so, on_device, &r);
	}
	if (r.arr != NULL)
		json_print(r.arr);
	rc = fa_interrupted ? EXIT_FAIL : EXIT_OK;
out:
	if (r.arr != NULL)
		json_object_put(r.arr);
	fa_proc_stop(proc);
	sess_engine_free(eng);
	for (i = 0; creds != NULL && i < n; i++)
		sess_cred_release(&creds[i]);
	free(creds);
	free(t);
	if (na > 2) {
		free(a[1]);
		free(a[2]);
	}
	if (tmp != NULL)
		rm_tree(tmp);
	free(tmp);
	free(data);
	free(cache);
	free(logp);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
cmd_models(int argc, char *argv[])
{
	struct settings	 s;
	struct strv	 pos = { NULL, 0 };
	struct mdf_set	 set = MDF_SET_INIT;
	int		 rc;

	if ((rc = cmd_setup("models", argc, argv, &s, &pos)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		goto out;
	}
	if ((rc = cmd_load_models(&s, &set)) != 0)
		goto out;
	if (pos.n == 0) {
		list(&set, s.json);
		rc = EXIT_OK;
	} else if (pos.n == 2 && strcmp(pos.v[0], "test") == 0) {
		cmd_signals();
		rc = replay(&s, &set, pos.v[1]);
	} else
		rc = cmd_fail(EXIT_USAGE, "usage: fleetaudit models [test DIR]");
out:
	mdf_set_release(&set);
	free(pos.v);
	settings_release(&s);
	return rc;
}
