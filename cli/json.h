/*
 * json.h: the --json schema (docs/json.md) built with json-c.  Field names
 * are stable: scripts depend on them.
 */
#ifndef FA_JSON_H
#define FA_JSON_H

#include <json-c/json.h>

#include "../collector/device.h"

/* A new object for d (caller json_object_put()s). */
json_object	*json_device(const struct device *);
/* Prints o on stdout, pretty, with a final newline. */
void		 json_print(json_object *);

#endif
