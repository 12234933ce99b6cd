/*
 * walk.h: GET and subtree walks on top of the engine, collecting into a
 * vb_list.  A walk uses GETBULK (v2c, v3) or GETNEXT (v1) and stops at the
 * end of the subtree, at endOfMibView, on an error status, when the agent
 * returns OIDs out of order (a loop), or at its varbind limit.
 */
#ifndef FA_WALK_H
#define FA_WALK_H

#include "sess.h"
#include "vb.h"

#define WALK_MAX_REPS	24	/* GETBULK max-repetitions */
/* What one list (one device's read, or one walk) may hold: a device that
 * answers without end is cut there, not allowed to eat the machine. */
#define WALK_MAX_BYTES	(16u * 1024 * 1024)

/* How one GET or walk ended; why is static text or NULL. */
typedef void (*walk_done)(enum sess_status, const char *why, void *arg);

/* Copies every varbind of a response into l (exceptions kept as their
 * tags) and returns how many there were. */
size_t	walk_collect(const netsnmp_pdu *, struct vb_list *l);

/* GETs oids[] (dotted text) into l; done is called once. */
int	walk_get(struct sess_engine *, const struct fa_addr *,
	    const struct sess_cred *, const char *const oids[], size_t n,
	    struct vb_list *l, walk_done, void *arg) FA_WUR;

/*
 * Walks root (dotted text) into l, until l holds max varbinds or
 * WALK_MAX_BYTES (l may be shared by several walks of one device).  Its
 * GETBULKs ask for width->reps rows (0: WALK_MAX_REPS), fewer when the
 * agent drops them or says tooBig (walk_narrow(): each answer gives the
 * walk WALK_ADAPT_TRIES request times more to find the width that works);
 * width (may be NULL) is in/out and holds on done the repetitions the walk
 * ended with.
 */
struct walk_width;
int	walk_subtree(struct sess_engine *, const struct fa_addr *,
	    const struct sess_cred *, const char *root, size_t max,
	    struct walk_width *width, struct vb_list *l, walk_done,
	    void *arg) FA_WUR;

/*
 * Walks the n subtrees roots[] side by side, one GETBULK per round with
 * one varbind per walk still running, at most width->cols of them, and
 * width->reps repetitions, until they end or l holds max varbinds or
 * WALK_MAX_BYTES; an error names (names[], may be NULL, else n names)
 * the walks left unfinished.
 *
 * The width adapts to the agent (walk_narrow()): a round that gets no
 * answer, or tooBig, is sent again with half the walks and half the
 * repetitions (rounded up) until 1 x 1, as long as one more try fits in
 * WALK_ADAPT_TRIES request times (sess_try_ms()) from the walk's start.
 * Some agents drop what is too wide (too many varbinds, or an answer over
 * about 1,400 bytes) and answer small requests.  width is in/out, owned
 * by the caller: on done it holds the width the walk ended with (what
 * worked, when it succeeded).
 * 0 in a field means the default (WALK_MULTI_COLS, WALK_MULTI_REPS).
 *
 * The first nonce roots are probes, not walks: each gets one GETNEXT, as
 * a non-repeater of the first GETBULK, and its answer is kept when it
 * falls in the root's subtree (an object the device may lack, read at
 * the cost of one varbind).
 *
 * WALK_MULTI_COLS: 8 walks x 8 repetitions is 64 varbinds, the most many
 * agents give in one answer (snmpsim's default cap; past it, snmpsim's
 * --v2c-arch responder loops for ever on a GETBULK of 9 or more columns
 * whose repetitions it has to cut).
 */
#define WALK_MULTI_REPS		8
#define WALK_MULTI_COLS		8
#define WALK_ADAPT_TRIES	6
struct walk_width {
	int	cols;		/* 1 .. WALK_MULTI_COLS, 0 default */
	int	reps;		/* 1 .. WALK_MULTI_REPS, 0 default */
};
int	walk_multi(struct sess_engine *, const struct fa_addr *,
	    const struct sess_cred *, const char *const roots[],
	    const char *const names[], size_t n, size_t nonce, size_t max,
	    struct walk_width *width, struct vb_list *l, walk_done,
	    void *arg) FA_WUR;

/*
 * The one rule of every read that adapts (walk_multi(), walk_subtree(),
 * discovery's printer probe): a request of width w that got no answer
 * (st SESS_TIMEOUT) or tooBig (resp), from an agent of version 2c or 3,
 * is sent again with half the columns and half the repetitions (rounded
 * up), until 1 x 1, as long as one more try (try_ms, sess_try_ms()) ends
 * by deadline (ms, fa_now_ms()).  Returns 1 when w was narrowed (send it
 * again), 0 when the request's outcome stands.
 */
int	walk_narrow(struct walk_width *w, enum sess_status st,
	    const netsnmp_pdu *resp, int version, int64_t deadline,
	    int64_t try_ms);
/*
 * The width of the multi-table read (the store's read_width) that asks
 * for no more values per request than a one-column walk of reps
 * repetitions that worked: what "walk" keeps for the next read.
 */
struct walk_width walk_width_of_reps(int reps);

#endif
