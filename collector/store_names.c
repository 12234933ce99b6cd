/*
 * store_names.c: the names of the kinds a store exports (store.h's
 * store_export_names), alone in a file: the bundle's payload reader
 * (export/payload.c) names its kinds by them, and the fuzzers link that
 * reader without the store itself.
 */
#include <stddef.h>

#include "store.h"

const char *const store_export_names[STORE_NX] = {
	[STORE_X_DEVICES] = "devices",
	[STORE_X_SCANS] = "scans",
	[STORE_X_METERS] = "meters",
	[STORE_X_SUPPLIES] = "supplies",
	[STORE_X_TRAYS] = "trays",
	[STORE_X_ALERTS] = "alerts",
	[STORE_X_CHECKS] = "meter_checks",
	[STORE_X_ERRORS] = "status_errors",
	[STORE_X_DISPLAY] = "display",
	[STORE_X_FLAGS] = "meter_flags",
	[STORE_X_INSTANCES] = "supply_instances",
	[STORE_X_SEEN] = "seen",
};
