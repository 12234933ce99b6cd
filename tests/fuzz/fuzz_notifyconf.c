/*
 * fuzz_notifyconf.c: libFuzzer target for the notifications' parsers
 * (export/hub/notifyconf.c): any bytes as HUB/notify.conf
 * (notify_conf_parse()), and the same bytes, up to the first NUL, as a
 * rule's target, conditions and name.  Checked: no crash, no leak; a
 * refusal of the file says where ("fuzz.conf:LINE: "); a target taken is
 * "mailto:" with no control character or space, or the https:// URL as
 * given; conditions taken are within NOTIFY_COND_ALL and format back to
 * what parses to the same bits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../export/hub/notifyconf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct notify_conf	 c;
	struct fa_err		 e;
	char			*s, *norm = NULL, *f, *p;
	unsigned		 v, w;
	int			 k;

	if (notify_conf_parse((const char *)data, len, "fuzz.conf", &c,
	    &e) != 0) {
		if (strncmp(e.msg, "fuzz.conf:", 10) != 0)
			abort();
	} else {
		if (c.smtp != NULL && strncmp(c.smtp, "smtp", 4) != 0)
			abort();
		notify_conf_release(&c);
	}
	s = fa_strndup((const char *)data, len);
	if ((k = notify_target_check(s, &norm, &e)) == 1) {
		if (strncmp(norm, "mailto:", 7) != 0)
			abort();
		for (p = norm; *p != '\0'; p++)
			if ((unsigned char)*p <= ' ' || *p == 0x7f)
				abort();
	} else if (k == 2) {
		if (strcmp(norm, s) != 0 || strncmp(norm, "https://", 8) != 0)
			abort();
	} else if (k != -1 || norm != NULL)
		abort();
	free(norm);
	if (notify_conditions_parse(s, &v, &e) == 0) {
		if ((v & ~(unsigned)NOTIFY_COND_ALL) != 0 || v == 0)
			abort();
		f = notify_conditions_format(v);
		if (notify_conditions_parse(f, &w, &e) != 0 || w != v)
			abort();
		free(f);
	}
	(void)notify_name_check(s, &e);
	free(s);
	return 0;
}
