/*
 * rdl.h: "run"'s side of Remote Device Link (cli/rdl.c, docs/rdl.md):
 * the relay (export/rdlrelay.h) started when the config says "rdl = yes"
 * and a hub URL is set, a Hello when the hub asks for one, and the check
 * of each session the hub's signed answer offers.
 */
#ifndef FA_CLI_RDL_H
#define FA_CLI_RDL_H

#include "cmd.h"

struct rdl_site;

/* Once per pass of run's loop: starts (or, "rdl" turned off, stops) the
 * relay, gives it the addresses it may take a session for by itself
 * (every 10 s), passes its messages to the log, and says Hello when a
 * session waits that the relay left (x: run's commands). */
void	rdl_site_tick(struct rdl_site **, struct settings *,
	    const struct upload_exec *x);
/* upload_exec's rdl: a session "SID ADDRESS SCHEME" taken when ADDRESS
 * is a device of the store inside the configured ranges, else refused. */
void	rdl_site_command(void *site, const char *argument);
/* Stops the relay (the hub is told); NULL is a no-op. */
void	rdl_site_end(struct rdl_site *);

#endif
