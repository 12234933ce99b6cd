/*
 * hubchart.h: the meter history chart of the web view's device page
 * (templates/web-device.html): up to a few series of readings by time,
 * drawn as inline SVG polylines.  This module works out the geometry
 * (axis ticks, labels, each line's points) into template data; the
 * template only places it, and every value goes through the engine's
 * escaping.  The axis step is the report's (period_nice(), period.h).
 */
#ifndef FA_HUBCHART_H
#define FA_HUBCHART_H

#include <stddef.h>
#include <stdint.h>

struct tpl_node;

/* Chart area, in user units (the viewBox scales it). */
#define HUBCHART_W	720
#define HUBCHART_H	240
#define HUBCHART_LEFT	70
#define HUBCHART_RIGHT	14
#define HUBCHART_BOTTOM	30
#define HUBCHART_TOP	10
#define HUBCHART_TICKS	4	/* steps of the value axis, at least */

/* One meter's readings, by time; name borrowed, t and v owned. */
struct hubchart_series {
	const char	*name;
	int64_t		*t, *v;
	size_t		 n, cap;
};

/* Adds reading (t, v); a time below 0 (unknown) is left out. */
void	hubchart_add(struct hubchart_series *, int64_t t, int64_t v);
/* Sorts the readings by time (stable: equal times keep their order). */
void	hubchart_sort(struct hubchart_series *);
/* Frees the readings (the name is borrowed). */
void	hubchart_release(struct hubchart_series *);

/* The value axis for values lo..hi: *step from period_nice() over
 * HUBCHART_TICKS steps, *min a multiple of it at or under lo, *max at or
 * above hi and at least HUBCHART_TICKS steps above *min. */
void	hubchart_axis(double lo, double hi, double *min, double *max,
	    double *step);

/* Fills root's "chart" (ticks, xlabels, lines) from the ns series s;
 * nothing when no series has a reading. */
void	hubchart_fill(struct tpl_node *root, const struct hubchart_series *s,
	    size_t ns);

/*
 * Fills root's "volume": pages per month (the report's proration,
 * report_prorate()) of the mono and colour series, as stacked bars, for
 * the months of their readings within the HUBCHART_MONTHS to now; each
 * month labelled once.  Nothing without two readings.
 */
#define HUBCHART_MONTHS	12
void	hubchart_volume(struct tpl_node *root,
	    const struct hubchart_series *mono,
	    const struct hubchart_series *colour, int64_t now);

#endif
