/*
 * libFuzzer target for the scrub stage: any bytes through vox_scrub_buffer() (the JPEG
 * marker walker, the PNG and WebP chunk walkers, and the libexif reading of Orientation)
 * must give an output or an error, never a crash, a hang or a leak. The HEIF path is left
 * out: it hands the bytes to libheif, which is not ours to fuzz.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vox/scrub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GByteArray *out;
	struct vox_scrub_info info;

	if (vox_scrub_detect(data, size) == VOX_FORMAT_HEIF)
		return 0;
	out = g_byte_array_new();
	g_byte_array_append(out, (const guint8 *)"prefix", 6);
	if (vox_scrub_buffer("fuzz", data, size, out, &info) == 0) {
		/* A scrubbed JPEG starts with SOI and ends with EOI, after what was there. */
		if (info.format == VOX_FORMAT_JPEG &&
		    (out->len < 10 || out->data[6] != 0xff || out->data[7] != 0xd8 ||
		    out->data[out->len - 2] != 0xff || out->data[out->len - 1] != 0xd9))
			__builtin_trap();
	} else if (out->len != 6) {
		__builtin_trap(); /* a refusal must not leave output behind */
	}
	g_byte_array_unref(out);
	return 0;
}
