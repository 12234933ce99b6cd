/*
 * mdf.h: model definitions (docs/models.md): per-family knowledge of where
 * a device keeps its private counters, supply extras and identity, as
 * data read from *.model files.  The built-in files are compiled into the
 * binary; more can be read from a directory.
 */
#ifndef FA_MDF_H
#define FA_MDF_H

#include <stddef.h>
#include <stdint.h>

#include "../cli/util.h"
#include "device.h"
#include "vb.h"

#define MDF_MAX_DEFS	512
#define MDF_MAX_METERS	64	/* per definition */
#define MDF_MAX_SUM	8	/* OIDs in one sum */
#define MDF_MAX_FILE	(256 * 1024)
#define MDF_MAX_IPP	16	/* "ipp" lines per definition */
#define MDF_MAX_USES	4	/* "use" lines per definition */
#define MDF_IPP_NAME	64	/* bytes of an IPP attribute's name (RFC
				 * 8011 5.1.4: keywords up to 255; ours are
				 * vendors' attribute names, far shorter) */

/* MDF_LABEL: the row of a vendor table whose name column (oids[1]) reads
 * label; the value is that row's value column (oids[0]).  MDF_ROWS: the
 * sum of the value column (oids[0]) over the rows whose columns oids[k]
 * hold one of the numbers in vals[k] (k >= 1): counter tables keyed by
 * several columns (SAMSUNG-HOST-RESOURCES-EXT-MIB's job type, colour,
 * unit). */
enum mdf_kind { MDF_OID, MDF_SUM, MDF_BLOB, MDF_LABEL, MDF_ROWS };

struct mdf_meter {
	char		*name;
	char		*unit;
	enum mdf_kind	 kind;
	char		*oids[MDF_MAX_SUM];
	size_t		 noids;
	char		*label;		/* MDF_LABEL only */
	char		*vals[MDF_MAX_SUM];	/* MDF_ROWS: "1,3" per column */
};

/*
 * "ipp ATTRIBUTE[/MEMBER] = meter NAME [UNIT]" | "supply TYPE [TEXT]" |
 * "attribute FIELD": what an IPP read takes from an attribute the family
 * puts more in (docs/models.md, "IPP attributes").
 */
enum mdf_ipp_kind { MDF_IPP_METER, MDF_IPP_SUPPLY, MDF_IPP_FIELD };

struct mdf_ipp {
	char		*attr;		/* the attribute asked for */
	char		*member;	/* of its collection, or NULL */
	enum mdf_ipp_kind kind;
	char		*name;		/* meter name, supply type, field */
	char		*unit;		/* meter unit */
	char		*text;		/* supply description, or NULL */
};

struct mdf_def {
	char		*id;
	char		*file;		/* where it was read, for messages */
	int		 line;
	char		*vendor;
	char		**brands;
	size_t		 nbrands;
	long		 enterprise;	/* 0: no such match */
	char		*sysobjectid;	/* prefix, or NULL */
	char		*descr;		/* substring, or NULL */
	int		 priority;
	char		*model_oid, *model_field;
	int		 model_first;	/* model OID beats a sysDescr guess */
	char		*serial_oid, *firmware_oid, *status_oid;
	struct mdf_meter meters[MDF_MAX_METERS];
	size_t		 nmeters;
	char		*supply_level, *supply_serial, *supply_part;
	char		*supply_match;	/* vendor supply table's description
					 * column: serial/part rows by it */
	char		*supply_blob;
	char		*supply_partpattern;	/* POSIX ERE on descriptions */
	char		*supply_serialpattern;	/* the same, for serials */
	void		*part_re, *serial_re;	/* both compiled (regex_t) */
	unsigned	 lacks;		/* bit i: prt_tables[i] is absent */
	struct mdf_ipp	 ipp[MDF_MAX_IPP];
	size_t		 nipp;
	int		 order;		/* read order, for ties */
	int		 shared;	/* a [shared ID] block: lines for
					 * "use", never matched itself */
	char		*uses[MDF_MAX_USES];	/* "use = ID" blocks ... */
	size_t		 nuses;
	unsigned	 used;		/* ... bit i: uses[i] copied in */
};

struct mdf_set {
	struct mdf_def	*v;
	size_t		 n;
};
#define MDF_SET_INIT	{ NULL, 0 }
void	mdf_set_release(struct mdf_set *);

/* Parses one file's text into set; "file:line: message" on error, the
 * set unchanged then. */
int	mdf_parse(const char *text, size_t len, const char *name,
	    struct mdf_set *, struct fa_err *) FA_WUR;
/* The built-in definitions. */
int	mdf_load_builtin(struct mdf_set *, struct fa_err *) FA_WUR;
/* Every *.model file of dir, in name order. */
int	mdf_load_dir(const char *dir, struct mdf_set *, struct fa_err *)
	    FA_WUR;
/* -1 and "file:line: ..." when a definition of set uses a [shared ID]
 * block no file read defines (mdf_parse copies a block in as soon as it
 * is read, from any file, before or after the one that uses it). */
int	mdf_check_uses(const struct mdf_set *, struct fa_err *) FA_WUR;

/*
 * The definition an IPP read takes "ipp" lines from, or NULL: among those
 * with any, one whose "match descr" text is in make_model (the
 * printer-make-and-model), else one whose vendor or a brand is vendor.
 */
const struct mdf_def *mdf_match_ipp(const struct mdf_set *,
	    const char *vendor, const char *make_model);

/* The most specific definition for a device, or NULL. */
const struct mdf_def *mdf_match(const struct mdf_set *,
	    const char *sysobjectid, const char *descr, long enterprise);

/*
 * Scalars to GET for def, by class: identity (model, serial, firmware)
 * always; with DEV_P_METERS in parts the meters' OIDs and the blobs their
 * rules read, with DEV_P_ERRORS the status object, with DEV_P_SUPPLIES
 * the supply blob (DEV_P_ATTRS adds nothing: identity is always there).
 * Each OID once; returns the count (at most max).  Strings are def's or
 * static.
 */
size_t	mdf_scalars(const struct mdf_def *, unsigned parts, const char **oids,
	    size_t max);
/* Columns to walk (supply level, serial, part: DEV_P_SUPPLIES only);
 * returns the count (at most max).  Strings are def's. */
size_t	mdf_columns(const struct mdf_def *, unsigned parts, const char **oids,
	    size_t max);

/* Applies def to d after the standard decoding (prt_decode): identity
 * fallbacks and OEM brand always; meters with provenance, supply extras
 * and vendor status only for the parts in d->parts. */
void	mdf_apply(const struct mdf_def *, const struct vb_list *,
	    struct device *);
/* Cross-checks (also for devices without a definition), and "total" from
 * a single marker; nothing unless d->parts has DEV_P_METERS. */
void	mdf_checks(struct device *);

/* Built-in definition files (generated from collector/models/). */
struct mdf_builtin {
	const char	*name;
	const char	*text;
};
extern const struct mdf_builtin mdf_builtins[];
extern const size_t mdf_nbuiltins;

#endif
