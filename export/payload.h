/*
 * payload.h: a bundle's payload, a tar archive (gzip or zstd, libarchive)
 * of JSON Lines files, one object per line, in the schema of
 * docs/bundle-format.md: one kind of record per file, named
 * "KIND-NNNN.jsonl" (a kind is split in parts so that the writer keeps
 * one part in memory at most).
 *
 * payload_write() (payload_write.c) reads the store's change-only export
 * and writes the archive into a bundle; payload_read() (payload.c) is
 * the safe reader: only regular files of known names, within limits of
 * size, count and compression ratio, each line a JSON object with the
 * kind's keys and types; anything else is refused with one line.
 */
#ifndef FA_PAYLOAD_H
#define FA_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "../cli/util.h"
#include "../collector/store.h"

#define PAYLOAD_NKINDS	STORE_NX	/* the store's export kinds */
#define PAYLOAD_PART_MAX (4 * 1024 * 1024)	/* bytes the writer keeps */

/* The kind's name ("meters"): a kind is one of the store's export
 * tables, by the same name (one table of names: store_export_names). */
#define payload_kinds	store_export_names
/* The kind's columns ("name:i", "name:s"; NULL-terminated; the first one
 * is the record's key, never null). */
const char *const *payload_columns(int kind);
/* The kind named name, or -1. */
int	payload_kind(const char *name);

/* Masked fields. */
enum { PAYLOAD_MASK_IP = 1, PAYLOAD_MASK_MAC = 2, PAYLOAD_MASK_HOST = 4 };
/* "ip,mac,hostname" (any of them) into *mask; "none" alone: 0. */
int	payload_mask_parse(const char *s, unsigned *mask, struct fa_err *)
	    FA_WUR;

struct bundle_writer;
struct bundle_secret;

/*
 * Writes the archive of the scans (after, upto] of s into w: every kind,
 * values of masked fields replaced by secret's pseudonyms (secret may be
 * NULL when mask is 0).  counts[kind] gets the records written.  The
 * caller holds the store's export transaction (store_export_begin()).
 */
int	payload_write(struct store *s, int64_t after, int64_t upto,
	    unsigned mask, const struct bundle_secret *secret, int zstd,
	    struct bundle_writer *w, int64_t counts[PAYLOAD_NKINDS],
	    struct fa_err *) FA_WUR;

/* Limits of the reader; the defaults and their reasons: payload.c. */
struct payload_limits {
	uint64_t	entry_max;	/* bytes of one entry */
	uint64_t	total_max;	/* bytes of all entries */
	uint64_t	ratio_max;	/* total / packed bytes, above ... */
	uint64_t	ratio_floor;	/* ... this many bytes */
	size_t		line_max;	/* bytes of one line */
	size_t		entries_max;
};
extern const struct payload_limits payload_limits_default;

/* Gives up to n bytes of archive: the count, 0 at the end, -1 (e filled). */
typedef ssize_t (*payload_read_fn)(void *arg, void *buf, size_t n,
    struct fa_err *);
/* One record: kind and the object (borrowed); 0 to go on, -1 to stop. */
typedef int (*payload_record_fn)(void *arg, int kind, json_object *o,
    struct fa_err *);

/*
 * A record's JSON text, printed plain (JSON_C_TO_STRING_PLAIN |
 * JSON_C_TO_STRING_NOSLASHESCAPE): within a payload_record_fn, the line
 * itself when it already is that text, so that a reader keeping the text
 * does not print every record again.  Borrowed, valid until o changes or
 * the callback returns.
 */
const char	*payload_record_json(json_object *o);

/*
 * Reads an archive of packed bytes (the compressed size, for the ratio)
 * from rd, checking every entry and every line (limits: NULL for the
 * defaults), and hands each record to fn.  counts, when not NULL, gets
 * the records per kind.
 */
int	payload_read(payload_read_fn rd, void *rarg, uint64_t packed,
	    const struct payload_limits *, payload_record_fn fn, void *farg,
	    int64_t *counts, struct fa_err *) FA_WUR;

/*
 * A record as its columns' values (payload_columns(kind) order): null,
 * an integer, or a string (NUL-terminated, borrowed until the callback
 * returns).  payload_read_rows() is payload_read() handing the records
 * of the kinds in the bit set rowkinds (1 << kind) to rowfn this way
 * when their line is plain (what the collector's writer makes: keys in
 * the columns' order, no space, no escape, integers of at most 18
 * digits), with no JSON object made: the same checks, a few times
 * faster.  Any other line, and every record of another kind, goes to fn.
 */
struct payload_val {
	const char	*s;		/* a string; NULL otherwise */
	int64_t		 i;		/* an integer */
	int		 null;
};
typedef int (*payload_row_fn)(void *arg, int kind,
    const struct payload_val *v, struct fa_err *);
int	payload_read_rows(payload_read_fn rd, void *rarg, uint64_t packed,
	    const struct payload_limits *, payload_record_fn fn,
	    payload_row_fn rowfn, unsigned rowkinds, void *farg,
	    int64_t *counts, struct fa_err *) FA_WUR;

#endif
