/*
 * vendor.c: vendor, model and firmware from identity strings.
 *
 * Tables, not code: the enterprise numbers are IANA's "SMI Network
 * Management Private Enterprise Codes"; the brands are the names printers
 * put first in sysDescr.  Longer brands are listed before their prefixes
 * ("TOSHIBA TEC" before "TOSHIBA").
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../cli/util.h"
#include "vendor.h"

static const struct {
	long		 ent;
	const char	*name;
	int		 printer;	/* makes printers */
} ents[] = {
	{ 2, "IBM", 0 }, { 9, "Cisco", 0 }, { 11, "HP", 1 },
	{ 23, "Novell", 0 }, { 42, "Sun", 0 }, { 236, "Samsung", 1 },
	{ 253, "Xerox", 1 }, { 297, "Fuji Xerox", 1 }, { 311, "Microsoft", 0 },
	{ 367, "Ricoh", 1 }, { 641, "Lexmark", 1 }, { 674, "Dell", 1 },
	{ 683, "Zebra", 1 }, { 1129, "Toshiba TEC", 1 },
	{ 1963, "Intermec", 1 },
	{ 1248, "Epson", 1 }, { 1347, "Kyocera", 1 }, { 1552, "Minolta", 1 },
	{ 1602, "Canon", 1 }, { 2001, "OKI", 1 }, { 2385, "Sharp", 1 },
	{ 2435, "Brother", 1 }, { 2590, "Panasonic", 1 },
	{ 3369, "Olivetti", 1 }, { 4322, "Kyocera", 1 },
	{ 8072, "Net-SNMP", 0 }, { 10642, "Zebra", 1 },
	{ 10504, "Printronix", 1 }, { 10917, "Datamax-O'Neil", 1 },
	{ 18334, "Konica Minolta", 1 }, { 33241, "Citizen", 1 },
	{ 40093, "Pantum", 1 }, { 42406, "SATO", 1 }, { 43564, "TSC", 1 },
	{ 48051, "SATO", 1 },
};

/*
 * Label and receipt printer makers, by the vendor name above or the brand
 * below.  Honeywell makes much else: its devices are label printers only
 * when they are printers at all (hrDeviceType, the Printer-MIB) or name a
 * printer series; Epson and Toshiba TEC by their label and receipt series
 * (Epson "TM-", Toshiba TEC "B-").
 */
static const char *const label_makers[] = { "Zebra", "TSC", "SATO",
	"Honeywell", "Intermec", "Datamax-O'Neil", "Citizen", "Godex",
	"Brady" };
static const char *const honeywell_series[] = { "PC42", "PC43", "PC45",
	"PD43", "PD45", "PM42", "PM43", "PM45", "PX4", "PX6", "PX940",
	"RP2", "RP4" };

static const struct {
	const char	*brand;		/* as in sysDescr, any case */
	const char	*name;
} brands[] = {
	{ "TOSHIBA TEC", "Toshiba TEC" }, { "TOSHIBA", "Toshiba" },
	{ "FUJI XEROX", "Fuji Xerox" }, { "FUJIFILM", "Fujifilm" },
	{ "KONICA MINOLTA", "Konica Minolta" }, { "Develop", "Develop" },
	{ "Hewlett-Packard", "HP" }, { "HP", "HP" }, { "Brother", "Brother" },
	{ "Canon", "Canon" }, { "Dell", "Dell" }, { "EPSON", "Epson" },
	{ "Gestetner", "Gestetner" }, { "Lanier", "Lanier" },
	{ "Savin", "Savin" }, { "NRG", "NRG" }, { "Infotec", "Infotec" },
	{ "KYOCERA", "Kyocera" }, { "UTAX", "UTAX" },
	{ "Triumph-Adler", "Triumph-Adler" }, { "Olivetti", "Olivetti" },
	{ "Lexmark", "Lexmark" }, { "OKI", "OKI" }, { "RICOH", "Ricoh" },
	{ "Samsung", "Samsung" }, { "SHARP", "Sharp" }, { "Xerox", "Xerox" },
	{ "Zebra", "Zebra" }, { "ZebraNet", "Zebra" },
	{ "ZTC", "Zebra" },	/* "ZTC TLP 2824 Plus": Zebra Technologies */
	{ "Pantum", "Pantum" },
	{ "Panasonic", "Panasonic" }, { "Muratec", "Muratec" },
	{ "TSC", "TSC" }, { "SATO", "SATO" }, { "Honeywell", "Honeywell" },
	{ "Intermec", "Intermec" }, { "Datamax-O'Neil", "Datamax-O'Neil" },
	{ "Datamax", "Datamax-O'Neil" }, { "Citizen", "Citizen" },
	{ "GoDEX", "Godex" }, { "Brady", "Brady" },
};


const char *
vendor_by_enterprise(long ent)
{
	size_t	i;

	for (i = 0; i < nitems(ents); i++)
		if (ents[i].ent == ent)
			return ents[i].name;
	return NULL;
}

int
vendor_is_printer_maker(long ent)
{
	size_t	i;

	for (i = 0; i < nitems(ents); i++)
		if (ents[i].ent == ent)
			return ents[i].printer;
	return 0;
}

/* Does s hold w as a word of its own (any case)? */
static int
has_word(const char *s, const char *w)
{
	size_t	n = strlen(w);
	const char *p;

	for (p = s; (p = fa_strcasestr(p, w)) != NULL; p++)
		if ((p == s || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[n]))
			return 1;
	return 0;
}

/* Does s name a series of Epson's TM or Toshiba TEC's B printers? */
static int
series(const char *s, const char *prefix)
{
	const char	*p;
	size_t		 n = strlen(prefix);

	for (p = s; p != NULL && (p = strstr(p, prefix)) != NULL; p++)
		if ((p == s || !isalnum((unsigned char)p[-1])) &&
		    isalnum((unsigned char)p[n]))
			return 1;
	return 0;
}

int
vendor_is_label(const char *vendor, const char *model, const char *descr)
{
	const char	*v = vendor, *texts[2] = { model, descr };
	size_t		 i, k;

	if (v == NULL)
		v = vendor_by_descr(descr);
	if (v == NULL)
		return 0;
	for (i = 0; i < nitems(label_makers); i++)
		if (strcasecmp(v, label_makers[i]) == 0)
			return 1;
	for (k = 0; k < 2; k++) {
		if (texts[k] == NULL)
			continue;
		if (strcasecmp(v, "Epson") == 0 && series(texts[k], "TM-"))
			return 1;
		if (strcasecmp(v, "Toshiba TEC") == 0 &&
		    series(texts[k], "B-"))
			return 1;
	}
	return 0;
}

int
vendor_label_descr(const char *descr)
{
	const char	*v;
	size_t		 i;

	if (descr == NULL || (v = vendor_by_descr(descr)) == NULL)
		return 0;
	if (strcasecmp(v, "Honeywell") == 0) {
		for (i = 0; i < nitems(honeywell_series); i++)
			if (fa_strcasestr(descr, honeywell_series[i]) != NULL)
				return 1;
		return has_word(descr, "printer");
	}
	return vendor_is_label(v, NULL, descr);
}

long
vendor_enterprise(const uint32_t *o, size_t n)
{
	static const uint32_t	pfx[] = { 1, 3, 6, 1, 4, 1 };

	if (n < 7 || memcmp(o, pfx, sizeof(pfx)) != 0)
		return 0;
	return (long)o[6];
}


/* Does s start with word w (case-insensitive), followed by a separator? */
static size_t
starts_word(const char *s, const char *w)
{
	size_t	n = strlen(w);

	if (strncasecmp(s, w, n) != 0)
		return 0;
	if (s[n] != '\0' && isalnum((unsigned char)s[n]))
		return 0;
	return n;
}

const char *
vendor_by_descr(const char *d)
{
	const char	*p;
	size_t		 i;
	int		 word;

	if (d == NULL)
		return NULL;
	/* The first two words: "TA_UTAX Printing System" names UTAX. */
	for (p = d, word = 0; *p != '\0' && word < 2; word++) {
		while (*p == ' ' || *p == '_')
			p++;
		for (i = 0; i < nitems(brands); i++)
			if (starts_word(p, brands[i].brand))
				return brands[i].name;
		while (*p != '\0' && *p != ' ' && *p != '_')
			p++;
	}
	return NULL;
}

/* Removes a leading brand (any known) and trims. In place. */
static void
strip_brand(char *s)
{
	size_t	i, n;
	int	again = 1;

	while (again) {
		again = 0;
		for (i = 0; i < nitems(brands); i++)
			if ((n = starts_word(s, brands[i].brand)) > 0 &&
			    s[n] != '\0') {
				memmove(s, s + n, strlen(s + n) + 1);
				while (*s == ' ' || *s == '_' || *s == '-')
					memmove(s, s + 1, strlen(s));
				again = 1;
				break;
			}
	}
}

static int
is_version_word(const char *w, size_t n)
{
	size_t	i, digits = 0, dots = 0;

	for (i = 0; i < n; i++) {
		if (isdigit((unsigned char)w[i]))
			digits++;
		else if (w[i] == '.')
			dots++;
		else if (!(i == 0 && (w[i] == 'V' || w[i] == 'v')))
			return 0;
	}
	return digits > 0 && dots > 0;
}

/* Drops trailing words like "1.71", "Series", "series". */
static void
strip_tail(char *s)
{
	char	*sp;
	size_t	 n;

	for (;;) {
		n = strlen(s);
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == ','))
			s[--n] = '\0';
		sp = strrchr(s, ' ');
		if (sp == NULL)
			return;
		if (is_version_word(sp + 1, strlen(sp + 1)) ||
		    strcasecmp(sp + 1, "series") == 0)
			*sp = '\0';
		else
			return;
	}
}

/* What network cards and controllers put where a model would be. */
static int
not_a_model(const char *s)
{
	static const char *const pfx[] = { "ETHERNET", "Document Solutions",
	    "NC-", "Network", "Printing System", "JETDIRECT", "Built-in" };
	size_t	i;

	for (i = 0; i < nitems(pfx); i++)
		if (strncasecmp(s, pfx[i], strlen(pfx[i])) == 0)
			return 1;
	return 0;
}

static char *
clean_model(const char *in, size_t len)
{
	char	*s = fa_strndup(in, len);

	strip_brand(s);
	strip_tail(s);
	/* "TA_UTAX": a brand left over, no model number in it. */
	if (*s != '\0' && strpbrk(s, "0123456789") == NULL &&
	    vendor_by_descr(s) != NULL)
		*s = '\0';
	if (*s == '\0' || not_a_model(s)) {
		free(s);
		return NULL;
	}
	return s;
}

static int
is_generic(const char *s)
{
	return strncasecmp(s, "Generic", 7) == 0 ||
	    strncasecmp(s, "Printer", 7) == 0 ||
	    strncasecmp(s, "Unknown", 7) == 0;
}

/* End of sysDescr's model segment: first ';', ',', " / ", " version ",
 * " Rev.", " Printing System", " Built-in", " kernel". */
static size_t
descr_segment(const char *d)
{
	static const char *stops[] = { ";", ",", " / ", " version ",
	    " Rev.", " Printing System", " Built-in", " kernel", " OS ",
	    "(" };
	size_t	i, end = strlen(d);

	for (i = 0; i < nitems(stops); i++) {
		const char *p = strstr(d, stops[i]);
		if (p != NULL && (size_t)(p - d) < end)
			end = (size_t)(p - d);
	}
	return end;
}

char *
vendor_model(const char *vendor, const char *priv, const char *hr,
    const char *descr)
{
	const char	*p;
	char		*m;

	/* The printer's own hrDeviceDescr first: a private model object
	 * may name the controller family rather than the product. */
	if (hr != NULL && *hr != '\0' && !is_generic(hr)) {
		if ((m = clean_model(hr, descr_segment(hr))) != NULL) {
			/* "Dell S5830dn 7XQ1R92 LW62.DN4.P636": keep the
			 * model word, not the serial and firmware after. */
			char *sp = strchr(m, ' ');
			if (sp != NULL && vendor != NULL &&
			    strcasecmp(vendor, "Dell") == 0)
				*sp = '\0';
			return m;
		}
	}
	if (priv != NULL && *priv != '\0') {
		/* IEEE 1284 device ID: "MFG:..;MDL:HL-L2340D series;" */
		if ((p = strstr(priv, "MDL:")) != NULL) {
			p += 4;
			return clean_model(p, strcspn(p, ";"));
		}
		if ((m = clean_model(priv, strlen(priv))) != NULL)
			return m;
	}
	if (descr == NULL)
		return NULL;
	if ((p = strstr(descr, "PID:")) != NULL) {
		p += 4;
		return clean_model(p, strcspn(p, ",;"));
	}
	if ((p = strstr(descr, "Attached to ")) != NULL) {
		p += 12;
		return clean_model(p, strcspn(p, " ,;"));
	}
	return clean_model(descr, descr_segment(descr));
}

char *
vendor_firmware(const char *d)
{
	static const char *keys[] = { "Firmware Ver.", "version ", "Rev." };
	const char	*p;
	size_t		 i, n;

	if (d == NULL)
		return NULL;
	for (i = 0; i < nitems(keys); i++)
		if ((p = strstr(d, keys[i])) != NULL) {
			p += strlen(keys[i]);
			n = strcspn(p, " ,;");
			if (n > 0)
				return fa_strndup(p, n);
		}
	return NULL;
}

char *
vendor_descr_serial(const char *d)
{
	const char	*p;
	size_t		 n;

	if (d == NULL || (p = strstr(d, "SN:")) == NULL)
		return NULL;
	p += 3;
	n = strcspn(p, " ,;");
	return n > 0 ? fa_strndup(p, n) : NULL;
}
