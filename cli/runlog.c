/*
 * runlog.c: the levelled log of "fleetaudit run" (runlog.h).  The ring is
 * an array of RUNLOG_MAX_LINES slots reused in turn, each message copied
 * into its own allocation capped at RUNLOG_MAX_TEXT bytes, so the log
 * costs at most a few megabytes however long the collector runs.
 */
#include <stdio.h>
#include <stdlib.h>

#include "runlog.h"
#include "util.h"

struct line {
	int64_t			 t;	/* wall clock, epoch seconds */
	enum runlog_level	 lv;
	char			*text;
};

static enum runlog_level	 level = RUNLOG_INFO;
static struct line		*ring;
static size_t			 head, count;	/* next slot; slots used */

void
runlog_set_level(enum runlog_level lv)
{
	level = lv;
}

/* Whether the ring keeps a line of lv (runlog.h says why). */
static int
kept(enum runlog_level lv)
{
	return lv <= (level > RUNLOG_INFO ? level : RUNLOG_INFO);
}

/* Lines on stderr start with their time: a log file (the Windows
 * service's) has no journal to add it. */
static int	stamp;

void
runlog_stamp(int on)
{
	stamp = on;
}

void
runlog_vprintf(enum runlog_level lv, const char *fmt, va_list ap)
{
	char		 text[RUNLOG_MAX_TEXT];
	struct line	*l;
	size_t		 i;

	(void)vsnprintf(text, sizeof(text), fmt, ap);
	for (i = 0; text[i] != '\0'; i++)
		if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
			text[i] = '?';
	if (lv <= level && stamp) {
		char	t[32];

		fa_iso8601(fa_wall(), t, sizeof(t));
		fprintf(stderr, "%s fleetaudit run: %s: %s\n", t,
		    runlog_level_name(lv), text);
	} else if (lv <= level)
		fprintf(stderr, "fleetaudit run: %s: %s\n",
		    runlog_level_name(lv), text);
	if (!kept(lv))
		return;
	if (ring == NULL)
		ring = fa_calloc(RUNLOG_MAX_LINES, sizeof(*ring));
	l = &ring[head];
	free(l->text);
	l->t = fa_wall();
	l->lv = lv;
	l->text = fa_strdup(text);
	head = (head + 1) % RUNLOG_MAX_LINES;
	if (count < RUNLOG_MAX_LINES)
		count++;
}

void
runlog_printf(enum runlog_level lv, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	runlog_vprintf(lv, fmt, ap);
	va_end(ap);
}

size_t
runlog_dump(enum runlog_level lv, int64_t since, struct fa_buf *b)
{
	const struct line	*l;
	char			 ts[32];
	size_t			 i, n = 0;

	for (i = 0; i < count; i++) {
		l = &ring[(head + RUNLOG_MAX_LINES - count + i) %
		    RUNLOG_MAX_LINES];
		if (l->lv > lv || l->t < since)
			continue;
		fa_iso8601(l->t, ts, sizeof(ts));
		fa_buf_printf(b, "%s %s: %s\n", ts, runlog_level_name(l->lv),
		    l->text);
		n++;
	}
	return n;
}

void
runlog_free(void)
{
	size_t	i;

	if (ring != NULL)
		for (i = 0; i < RUNLOG_MAX_LINES; i++)
			free(ring[i].text);
	FA_FREE(ring);
	head = count = 0;
}
