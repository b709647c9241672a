/* libFuzzer target: the manifest parser must never crash, whatever the bytes, as CSV and TSV. */
#include <stdint.h>
#include <stdlib.h>

#include "vox/caption.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char *const names[] = { "fuzz.csv", "fuzz.tsv", "fuzz" };
	static const char *const prompts[] = { "see", "happening", "our-lives", "why", "do",
		"feel-safe", NULL };

	for (size_t i = 0; i < 3; i++) {
		GPtrArray *rows = vox_manifest_parse(names[i], (const char *)data, len, prompts);

		if (!rows)
			continue;
		for (guint r = 0; r < rows->len; r++) {
			struct vox_manifest_row *row = g_ptr_array_index(rows, r);

			if (!row->error && (!row->file || !row->caption))
				abort();
		}
		g_ptr_array_unref(rows);
	}
	return 0;
}
