/*
 * nohub.c: "fleetaudit hub" where the hub is not built (Windows): the
 * hub's store, SOAP endpoint and web view need PostgreSQL's client and
 * libmicrohttpd, and a hub is a server that runs on Linux.  The collector
 * commands (export, bundle, upload) reach a Linux hub from here.
 */
#include <stdio.h>

#include "cmd.h"
#include "cmd_hub.h"
#include "util.h"

int
cmd_hub(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "fleetaudit: the hub runs on Linux; this build has "
	    "the collector only (export, bundle and upload reach a hub)\n");
	return EXIT_USAGE;
}

void
cmd_hub_help(FILE *f)
{
	fprintf(f, "\nThe hub runs on Linux; this build has the collector "
	    "only.\n");
}
