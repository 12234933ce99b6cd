/*
 * notifyconf.h: the parsers of the hub's notifications (notifyconf.c,
 * docs/notify.md): a rule's conditions, target and name, and the hub's
 * mail settings, HUB/notify.conf.  No store, no network.
 */
#ifndef FA_NOTIFYCONF_H
#define FA_NOTIFYCONF_H

#include <stddef.h>

#include "../../cli/util.h"

#define NOTIFY_NAME_MAX		64	/* a rule's name, bytes */
#define NOTIFY_TARGET_MAX	512	/* an address or a URL, bytes */
#define NOTIFY_SECRET_MIN	16	/* a webhook secret, bytes */
#define NOTIFY_SECRET_MAX	256
#define NOTIFY_CONF_MAX		65536	/* notify.conf, bytes */
#define NOTIFY_CONF_LINE	1024	/* one of its lines, bytes */

/* The conditions a rule watches: bit (1 << hubattention_kind). */
#define NOTIFY_COND_ALL	0x3e

/* "error,empty,low,silent,anomaly" (any of them, or "all") into bits. */
int	notify_conditions_parse(const char *, unsigned *, struct fa_err *)
	    FA_WUR;
/* The names of the bits, comma-separated.  Caller frees. */
char	*notify_conditions_format(unsigned);
/* A target: 1 an e-mail address ("mailto:ADDR" or "ADDR": *norm gets
 * "mailto:ADDR"), 2 an https:// URL (*norm its copy), -1 neither (e
 * filled).  *norm: caller frees. */
int	notify_target_check(const char *, char **norm, struct fa_err *)
	    FA_WUR;
/* A rule's name: 1 to NOTIFY_NAME_MAX of [A-Za-z0-9._-]. */
int	notify_name_check(const char *, struct fa_err *) FA_WUR;

/* The hub's mail settings, HUB/notify.conf.  Strings owned. */
struct notify_conf {
	char	*smtp;		/* smtp://host:port (STARTTLS) or smtps:// */
	char	*from;		/* the envelope and From: address */
	char	*cacert;	/* CAs for SMTP and webhooks; NULL system */
	char	*user;		/* SMTP AUTH, NULL none */
	char	*password_file;	/* smtp-password-file */
	char	*password;	/* its first line (notify_conf_read()) */
};
/* Parses len bytes of "key = value" lines (# comments) named name in
 * messages ("name:line: ..."); fills c (released on failure). */
int	notify_conf_parse(const char *text, size_t len, const char *name,
	    struct notify_conf *c, struct fa_err *) FA_WUR;
/* Reads path (at most NOTIFY_CONF_MAX bytes) and the password file it
 * names; a missing path is an empty conf. */
int	notify_conf_read(const char *path, struct notify_conf *,
	    struct fa_err *) FA_WUR;
void	notify_conf_release(struct notify_conf *);

#endif
