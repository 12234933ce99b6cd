/*
 * main.c: the command table and dispatch.  The table is sorted by name
 * (looked up with bsearch; a unit test checks the order) and is the only
 * source of "fleetaudit help".  Exit status: 0 ok, 1 failure, 2 usage or
 * bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "util.h"

static const struct cmd cmds[] = {
	{ "assess", "[options] RANGE...",
	    "discover, read every printer found and store the assessment",
	    "Sweeps RANGE (CIDR 192.0.2.0/24, dash 192.0.2.10-192.0.2.50 or\n"
	    "192.0.2.10-50, single addresses, host names, IPv6), reads every\n"
	    "printer that answers (identity, meters, supplies, trays, status,\n"
	    "alerts) and stores the result as one assessment in the local\n"
	    "store, one transaction per device.  Prints a summary table, or\n"
	    "the whole result with --json.  Ctrl-C stops early and keeps\n"
	    "every device already stored.\n\n"
	    "Examples:\n"
	    "  fleetaudit assess 192.0.2.0/24\n"
	    "  fleetaudit assess -c public -c private 192.0.2.0/24 -x 192.0.2.1\n"
	    "  fleetaudit assess --v3-user monitor --v3-auth SHA:secret123 \\\n"
	    "      --v3-priv AES:secret456 printer1.example.com --json\n",
	    cmd_assess, C_ASSESS },
	{ "devices", "[options]",
	    "list the devices in the store with their latest values",
	    "Lists every device the store holds: id, address, vendor, model,\n"
	    "serial, last seen, latest total page count and how many times it\n"
	    "was read.\n\n"
	    "Examples:\n"
	    "  fleetaudit devices\n"
	    "  fleetaudit devices --json | jq '.[].serial'\n",
	    cmd_devices, C_DEVICES },
	{ "discover", "[options] RANGE...",
	    "sweep ranges and list the SNMP printers that answer",
	    "Sweeps RANGE and lists the devices that answer SNMP and are\n"
	    "printers (every SNMP device with --all): address, vendor, model,\n"
	    "sysObjectID and the credential that worked.  Stores nothing.\n"
	    "A device is a printer when HOST-RESOURCES hrDeviceType says so,\n"
	    "the Printer-MIB answers, or its sysObjectID belongs to a printer\n"
	    "maker.\n\n"
	    "Examples:\n"
	    "  fleetaudit discover 192.0.2.0/24\n"
	    "  fleetaudit discover --all --json 192.0.2.10-60\n",
	    cmd_discover, C_DISCOVER },
	{ "help", "[COMMAND]", "show help for fleetaudit or a command",
	    "Without COMMAND, lists the commands; with it, the command's help\n"
	    "(the same as COMMAND --help).\n",
	    cmd_help, 0 },
	{ "models", "[options] [test DIR]",
	    "list model definitions, or try them on recordings",
	    "Without arguments, lists the model definitions (built-in, then\n"
	    "HOME/models, then --models DIR): what each matches and how many\n"
	    "meters it reads.  'models test DIR' serves every .snmprec file of\n"
	    "DIR with snmpsim on 127.0.0.1 (the community is the file name)\n"
	    "and reads each as 'assess' would, with the definitions, printing\n"
	    "the definition used, every meter with the OID it came from, the\n"
	    "supplies and the cross-checks.  Stores nothing.  The format is in\n"
	    "docs/models.md.\n\n"
	    "Examples:\n"
	    "  fleetaudit models\n"
	    "  fleetaudit models test ./recordings --models ./my-models\n",
	    cmd_models, C_MODELS },
	{ "run", "[options] [RANGE...]",
	    "collect on schedules until stopped (foreground, for systemd)",
	    "Runs discovery and the scans on their own intervals until SIGTERM\n"
	    "or SIGINT: discovery sweeps RANGE and reads the printers found;\n"
	    "the meters, supplies, errors and attributes scans re-read the\n"
	    "devices the store knows, by address, without a sweep (kinds due\n"
	    "together share one read).  Intervals: --interval KIND=DURATION\n"
	    "or 'interval = KIND=DURATION' in the config; a value out of its\n"
	    "range is refused.  Due times are kept in HOME/run.state, so a\n"
	    "restart resumes; overdue kinds are spread out.  SIGHUP reloads\n"
	    "the config (a bad one is refused, the running one kept).  Logs go\n"
	    "to stderr with a level.\n\n"
	    "Examples:\n"
	    "  fleetaudit run --config /etc/fleetaudit/site.conf\n"
	    "  fleetaudit run -i supplies=1h -i discovery=4h 192.0.2.0/24\n",
	    cmd_run, C_RUN },
	{ "show", "[options] DEVICE",
	    "show one device: latest values and history",
	    "DEVICE is a device id (from 'devices'), a serial number, a MAC\n"
	    "address or an IP address.  Shows the latest read in full and one\n"
	    "line per earlier read (time, total pages, low supplies, errors).\n"
	    "\nExamples:\n"
	    "  fleetaudit show 3\n"
	    "  fleetaudit show CNB1234567 --json\n",
	    cmd_show, C_SHOW },
	{ "walk", "[options] HOST",
	    "full MIB walk of one device, in snmprec format",
	    "Walks HOST's whole MIB (or --root OID) and writes it as snmprec\n"
	    "lines (OID|TAG|VALUE, what snmpsim serves), sorted by OID, so a\n"
	    "device can be sent to support and replayed.  Bounded by\n"
	    "--max-varbinds and --max-time.\n\n"
	    "Examples:\n"
	    "  fleetaudit walk 192.0.2.15 -o printer.snmprec\n"
	    "  fleetaudit walk 192.0.2.15 --root 1.3.6.1.2.1.43\n",
	    cmd_walk, C_WALK },
};

static int
cmd_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct cmd *)e)->name);
}

const struct cmd *
cmd_find(const char *name)
{
	return bsearch(name, cmds, nitems(cmds), sizeof(cmds[0]), cmd_cmp);
}

static void
usage(FILE *f)
{
	size_t	i;

	fprintf(f, "usage: fleetaudit COMMAND [options] [args]\n"
	    "       fleetaudit help COMMAND | --version\n\n"
	    "Print-fleet assessment over SNMP: discover printers, read their\n"
	    "meters, supplies and status, keep them in a local store.\n\n"
	    "Commands:\n");
	for (i = 0; i < nitems(cmds); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\nRun 'fleetaudit help COMMAND' for a command's options."
	    "\nSee fleetaudit(1) for the config file and the JSON schema.\n");
}

int
cmd_help(int argc, char *argv[])
{
	const struct cmd	*c;

	if (argc < 2) {
		usage(stdout);
		return EXIT_OK;
	}
	if ((c = cmd_find(argv[1])) == NULL) {
		fprintf(stderr, "fleetaudit: unknown command '%s'\n",
		    argv[1]);
		return EXIT_USAGE;
	}
	printf("usage: fleetaudit %s %s\n\n%s  %s\n\n%s", c->name, c->args,
	    c->name, c->summary, c->help);
	if (c->opts != 0) {
		printf("\nOptions:\n");
		opts_usage(c->opts, stdout);
	}
	return EXIT_OK;
}

int
main(int argc, char *argv[])
{
	const struct cmd	*c;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("fleetaudit %s\n", FA_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if ((c = cmd_find(argv[1])) == NULL) {
		fprintf(stderr, "fleetaudit: unknown command '%s' (see "
		    "'fleetaudit help')\n", argv[1]);
		return EXIT_USAGE;
	}
	return c->run(argc - 1, argv + 1);
}
