/*
 * cmd_service.c: "fleetaudit service install|remove|start|stop": "fleetaudit
 * run" as a Windows service, through the platform layer's Service Control
 * Manager calls (fa_service_*, cli/plat.h).  Where there is no such
 * manager (Linux, macOS) systemd or launchd starts run, with the unit in
 * samples/fleetaudit.service: the command says so and exits 2.
 *
 * The service is one per machine, named SERVICE_NAME, and runs
 * "fleetaudit service run --home HOME" with the home given at install
 * (made absolute).  "service run" is what the manager starts, not for
 * people: it sends stdout and stderr to HOME\service.log (appended, each
 * log line with its UTC time) and runs "run --home HOME" until the manager
 * stops it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "plat.h"
#include "runlog.h"
#include "util.h"

#define SERVICE_NAME	"fleetaudit"
#define SERVICE_LOG	"service.log"	/* in the home */

static char	*svc_home;

/* The service's body, in the thread the service manager gives it. */
static int
service_body(int argc, char *argv[])
{
	char	*log = fa_asprintf("%s\\%s", svc_home, SERVICE_LOG);
	char	*av[4];
	int	 rc;

	(void)argc;
	(void)argv;
	(void)fa_plat_output_to(log);
	free(log);
	runlog_stamp(1);
	runlog_printf(RUNLOG_INFO, "service: started by the service manager "
	    "(pid %ld)", (long)getpid());
	av[0] = (char *)(uintptr_t)"run";
	av[1] = (char *)(uintptr_t)"--home";
	av[2] = svc_home;
	av[3] = NULL;
	rc = cmd_run(3, av);
	runlog_printf(RUNLOG_INFO, "service: run ended, exit status %d", rc);
	return rc;
}

int
cmd_service(int argc, char *argv[])
{
	struct settings	 s;
	struct strv	 pos = { NULL, 0 };
	struct fa_err	 e;
	const char	*verb;
	int		 rc, i;

	if ((rc = cmd_setup("service", argc, argv, &s, &pos)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		goto out;
	}
	if (pos.n != 1 || (strcmp(pos.v[0], "install") != 0 &&
	    strcmp(pos.v[0], "remove") != 0 && strcmp(pos.v[0], "start") != 0 &&
	    strcmp(pos.v[0], "stop") != 0 && strcmp(pos.v[0], "run") != 0)) {
		rc = cmd_fail(EXIT_USAGE, "service needs one of install, "
		    "remove, start, stop (see --help)");
		goto out;
	}
	verb = pos.v[0];
	for (i = 1; i < argc; i++)
		if (strncmp(argv[i], "--config", 8) == 0) {
			rc = cmd_fail(EXIT_USAGE, "service: --config is not "
			    "kept; the service reads HOME/fleetaudit.conf");
			goto out;
		}
	if (!fa_service_supported()) {
		rc = cmd_fail(EXIT_USAGE, "service: Windows only; on this "
		    "system systemd starts 'fleetaudit run' "
		    "(samples/fleetaudit.service)");
		goto out;
	}
	if (strcmp(verb, "install") == 0 || strcmp(verb, "run") == 0) {
		/* the service's home, absolute: the manager starts it from
		 * another directory, as another user */
		if (mkdir(s.home, 0700) != 0 && errno != EEXIST) {
			rc = cmd_fail(EXIT_FAIL, "cannot create '%s': %s",
			    s.home, strerror(errno));
			goto out;
		}
		if ((svc_home = fa_realpath(s.home)) == NULL) {
			rc = cmd_fail(EXIT_FAIL, "cannot resolve '%s': %s",
			    s.home, strerror(errno));
			goto out;
		}
	}
	if (strcmp(verb, "run") == 0) {
		rc = fa_service_run(SERVICE_NAME, service_body, 0, NULL, &e);
		if (rc < 0)
			rc = cmd_fail(EXIT_USAGE, "%s", e.msg);
		goto out;
	}
	if (fa_service_ctl(verb, SERVICE_NAME, svc_home, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (!s.quiet) {
		if (strcmp(verb, "install") == 0)
			printf("service '%s' installed: 'fleetaudit run' on "
			    "home '%s' at boot (log: %s\\%s)\n", SERVICE_NAME,
			    svc_home, svc_home, SERVICE_LOG);
		else
			printf("service '%s' %s\n", SERVICE_NAME,
			    strcmp(verb, "remove") == 0 ? "removed" :
			    strcmp(verb, "start") == 0 ? "started" :
			    "stopped");
	}
	rc = EXIT_OK;
out:
	free(svc_home);
	svc_home = NULL;
	free(pos.v);
	settings_release(&s);
	return rc;
}
