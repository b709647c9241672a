/*
 * libFuzzer target for voice stories: every input goes through the audio scrubber
 * (libavformat's demuxers for MP4, MP3, Ogg, WAV, ADTS and AMR, restricted to those, and the
 * packet copy into a fresh container) and through the audio audit. A scrubbed output must
 * audit clean and scrub again.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "vox/audit.h"
#include "vox/error.h"
#include "vox/scrub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GPtrArray *findings = g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free);
	GByteArray *out = g_byte_array_new(), *again = g_byte_array_new();
	struct vox_scrub_info info;

	if (vox_format_is_audio(vox_scrub_detect(data, size))) {
		vox_audit_buffer("fuzz", data, size, findings);
		if (vox_scrub_buffer("fuzz", data, size, out, &info) == 0) {
			g_ptr_array_set_size(findings, 0);
			if (vox_audit_buffer("out", out->data, out->len, findings) != 0)
				abort(); /* a scrubbed file audits clean */
			/* A scrubbed story scrubs again. (Byte for byte the same, as vox import
			 * requires, holds for what phones and ffmpeg write; a damaged MP4 with
			 * odd edit lists may come out a few bytes different, and import then
			 * refuses it.) */
			if (vox_scrub_buffer("out", out->data, out->len, again, NULL) != 0)
				abort();
		}
	}
	vox_error_clear();
	g_ptr_array_unref(findings);
	g_byte_array_unref(out);
	g_byte_array_unref(again);
	return 0;
}
