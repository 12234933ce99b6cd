/*
 * notify.h: notifications from the hub ("fleetaudit hub notify",
 * docs/notify.md): per-account rules that watch the needs-attention
 * conditions (export/hub/hubattention.c: devices in error, supplies empty
 * or low, devices not reporting, meter anomalies) and tell an e-mail
 * address (SMTP with STARTTLS) or a webhook (HTTPS POST of JSON signed
 * with HMAC-SHA-256) once per condition, until it clears.
 *
 * State lives in the hub store (schema version 10): the rules, the
 * conditions open for each, every notice, the messages that carry them
 * with their retry state, and a log of every delivery tried.  Nothing
 * here prints: notify_run() reports through a callback.
 */
#ifndef FA_NOTIFY_H
#define FA_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "../../cli/util.h"
#include "hubstore.h"
#include "notifyconf.h"

#define NOTIFY_RULES_MAX	1000	/* rules looked at per run */
#define NOTIFY_PER_MESSAGE	200	/* notices in one message */
#define NOTIFY_MESSAGES_MAX	20	/* messages made per rule and run */
#define NOTIFY_SENDS_MAX	500	/* deliveries tried per run */
#define NOTIFY_CONNECT_S	10	/* a delivery's connect timeout */
#define NOTIFY_TIMEOUT_S	30	/* a delivery's whole timeout */
#define NOTIFY_LEASE_S		600	/* a message being sent: others wait */
/* Tries of one message: the first, then after each failure the wait
 * notify_backoff() gives; after the last the message is given up. */
#define NOTIFY_TRIES		6

/* A rule.  Strings owned. */
struct notify_rule {
	int64_t	 id;
	char	*account, *name;
	unsigned conditions;	/* NOTIFY_COND_ALL's bits */
	char	*target;	/* "mailto:ADDR" or "https://..." */
	char	*secret;	/* the webhook's HMAC key; NULL for mail */
	int	 threshold;	/* supply percent, 0..100 */
	int	 days;		/* supply empty within, 0..365 */
	int	 silent_days;	/* not reporting after, 1..365 */
	int	 digest_hour;	/* -1: at once; 0..23: a daily digest (UTC) */
	int64_t	 created, last_digest;	/* epoch s; 0 never */
};
void	notify_rule_release(struct notify_rule *);

/* Adds a rule (r->id, r->created set); fails on an unknown account or a
 * name already used in the account. */
int	notify_rule_add(struct hubstore *, struct notify_rule *, int64_t now,
	    struct fa_err *) FA_WUR;
/* Removes a rule with its open conditions, notices and messages (the
 * delivery log stays): 0 removed, 1 no such rule, -1 error. */
int	notify_rule_remove(struct hubstore *, const char *account,
	    const char *name, struct fa_err *) FA_WUR;
/* The rules of account (NULL: every account), by account and name.
 * *v: caller releases each and frees the array. */
int	notify_rule_list(struct hubstore *, const char *account,
	    struct notify_rule **v, size_t *n, struct fa_err *) FA_WUR;

/* Seconds to wait after the n-th failed try (n from 1). */
int64_t	notify_backoff(int n);

struct notify_result {
	int	rules;		/* rules run */
	int	notices;	/* conditions newly open */
	int	cleared;	/* conditions that cleared */
	int	messages;	/* messages made */
	int	sent, failed, gave_up;	/* deliveries */
};
/* Gets one line per delivery tried and per rule that failed. */
typedef void notify_say_fn(void *arg, const char *line);

/*
 * Runs the rules of the accounts named (every rule when names is NULL)
 * at time now: new conditions become notices, cleared ones are closed,
 * notices become messages (at once, or a digest once a day), and the
 * messages of those accounts that are due are delivered (retries
 * included), each try logged.  A rule whose account cannot
 * be read is told through say and counted, the others go on; -1 only
 * when the store fails.
 */
int	notify_run(struct hubstore *, const struct notify_conf *,
	    const char *const *names, size_t nnames, int64_t now,
	    notify_say_fn *say, void *arg, struct notify_result *,
	    struct fa_err *) FA_WUR;

/* One delivery tried.  Strings owned. */
struct notify_logrow {
	int64_t	 time, message;
	int	 attempt;
	char	*account, *rule, *target, *outcome, *detail;
};
void	notify_logrow_release(struct notify_logrow *);
/* The newest max tries (of account, NULL every one), newest first. */
int	notify_log_list(struct hubstore *, const char *account, size_t max,
	    struct notify_logrow **v, size_t *n, struct fa_err *) FA_WUR;

#endif
