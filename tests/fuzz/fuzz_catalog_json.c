/*
 * libFuzzer target: vox import's reader of a bag's data/catalog.json (through SQLite's JSON
 * functions) must never crash or leak, and what it accepts must hold what the writes need.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vox/error.h"
#include "vox/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	/* A refusal always says why. */
	vox_error_clear();
	if (vox_import_check_catalog_json((const char *)data, len) != 0 &&
	    !*vox_error_message())
		abort();
	return 0;
}
