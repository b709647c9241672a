/*
 * Fuzzes the typed consent sheet parser: any bytes either parse into rows whose fields are
 * valid, or fail with a message naming the file. The sheet's name follows the length, so
 * that TSV, CSV (comma or semicolon) and sniffed sheets are all reached from one seed set.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "vox/consent.h"
#include "vox/consent_sheet.h"
#include "vox/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "fuzz.tsv", "fuzz.csv", "fuzz.txt" };
	const char *name = names[size % 3];
	g_autofree char *prefix = g_strdup_printf("'%s': ", name);
	GPtrArray *rows = vox_consent_sheet_parse(name, (const char *)data, size);

	if (!rows) {
		if (strncmp(vox_error_message(), prefix, strlen(prefix)) != 0)
			__builtin_trap();
		return 0;
	}
	for (guint i = 0; i < rows->len; i++) {
		struct vox_consent_row *r = g_ptr_array_index(rows, i);

		if (!r->ref || !*r->ref || r->line < 1)
			__builtin_trap();
		if (r->audience < -1 || r->audience > VOX_AUDIENCE_PUBLIC ||
		    r->audience == VOX_AUDIENCE_WITHDRAWN)
			__builtin_trap();
		if (r->people < -1 || r->people > VOX_PEOPLE_UNKNOWN)
			__builtin_trap();
		if (r->audience < 0 && r->people < 0)
			__builtin_trap();
	}
	g_ptr_array_unref(rows);
	return 0;
}
