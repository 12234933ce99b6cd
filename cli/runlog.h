/*
 * runlog.h: the levelled log of "fleetaudit run".  A line goes to stderr
 * (journald keeps it there) when its level is at or above the stderr
 * level, and into a bounded ring in memory, with its time and level, that
 * "fleetaudit ctl logs" reads: the ring answers "what did the collector
 * say" without the journal, on any machine.
 *
 * The ring keeps info and above whatever the stderr level, so lowering
 * the noise on stderr does not blind "ctl logs"; debug lines only when
 * stderr shows them too, so a chatty level never pushes the warnings out
 * of the ring.  One line per message: control characters become '?'.
 *
 * Global, like stderr itself, and not thread-safe (the collector is one
 * thread).
 */
#ifndef FA_RUNLOG_H
#define FA_RUNLOG_H

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "util.h"

/* Most severe first: "at or above LEVEL" is "<= LEVEL". */
enum runlog_level {
	RUNLOG_CRITICAL, RUNLOG_ERROR, RUNLOG_WARNING, RUNLOG_INFO,
	RUNLOG_DEBUG, RUNLOG_NLEVELS
};

#define RUNLOG_MAX_LINES	5000	/* lines kept; the oldest goes first */
#define RUNLOG_MAX_TEXT		1024	/* bytes kept of one message */

/* Inline so that opts.c (in the library the unit tests link) can check a
 * level name without this module. */
static inline const char *
runlog_level_name(enum runlog_level lv)
{
	static const char *const names[RUNLOG_NLEVELS] = {
		"critical", "error", "warning", "info", "debug"
	};

	return (unsigned)lv < RUNLOG_NLEVELS ? names[lv] : "?";
}

/* "warning" into *out; -1 for anything else (names are exact). */
static inline int
runlog_level_parse(const char *s, enum runlog_level *out)
{
	int	lv;

	for (lv = 0; lv < RUNLOG_NLEVELS; lv++)
		if (strcmp(s, runlog_level_name((enum runlog_level)lv)) == 0) {
			*out = (enum runlog_level)lv;
			return 0;
		}
	return -1;
}

/* The least severe level written to stderr (default RUNLOG_INFO). */
void	runlog_set_level(enum runlog_level);

/* One message: "fleetaudit run: LEVEL: TEXT" on stderr, and in the ring. */
void	runlog_printf(enum runlog_level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	runlog_vprintf(enum runlog_level, const char *fmt, va_list)
	    __attribute__((format(printf, 2, 0)));

/*
 * Appends the kept lines at or above level whose time (wall clock, epoch
 * seconds) is at or after since, oldest first, one "TIME LEVEL: TEXT"
 * line each, to b.  Returns how many.
 */
struct fa_buf;
size_t	runlog_dump(enum runlog_level, int64_t since, struct fa_buf *b);

/* Empties the ring (at exit). */
void	runlog_free(void);

/* on: each line on stderr starts with its UTC time (for a log file). */
void	runlog_stamp(int on);

#endif
