/*
 * libFuzzer target for the scrub stage: any bytes through vox_scrub_buffer() (the JPEG
 * marker walker, the PNG and WebP chunk walkers, and the libexif reading of Orientation)
 * must give an output or an error, never a crash, a hang or a leak. The same bytes then go
 * through the streaming path vox ingest takes, vox_scrub_to_fd() reading a descriptor
 * through its window: it must accept and refuse exactly what the buffer path does, write
 * the same bytes and give their SHA-256. The HEIF path is left out: it hands the bytes to
 * libheif, which is not ours to fuzz.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vox/file.h"
#include "vox/scrub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A memory file holding len bytes of data, read from its start. */
static int
memory_file(const char *name, const uint8_t *data, size_t len)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0 || vox_write_all(fd, data, len) != 0 || lseek(fd, 0, SEEK_SET) != 0)
		__builtin_trap();
	return fd;
}

/* The streaming path must agree with the buffer path (ret, and out when it accepted). */
static void
same_as_streamed(const uint8_t *data, size_t size, int ret, const uint8_t *out, size_t len)
{
	int in = memory_file("in", data, size), o = memory_file("out", NULL, 0);
	struct vox_scrub_info info;
	char sha[65] = "";
	GByteArray *got = g_byte_array_new();
	uint8_t buf[65536];
	ssize_t n;

	if ((vox_scrub_to_fd("fuzz", in, NULL, 0, o, sha, &info) == 0) != (ret == 0))
		__builtin_trap(); /* one path accepted what the other refused */
	if (ret == 0) {
		char *want = g_compute_checksum_for_data(G_CHECKSUM_SHA256, out, len);

		if (lseek(o, 0, SEEK_SET) != 0)
			__builtin_trap();
		while ((n = read(o, buf, sizeof buf)) > 0)
			g_byte_array_append(got, buf, (guint)n);
		if (got->len != len || memcmp(got->data, out, len) != 0 || strcmp(sha, want) != 0)
			__builtin_trap();
		g_free(want);
	}
	g_byte_array_unref(got);
	close(in);
	close(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GByteArray *out;
	struct vox_scrub_info info;
	int ret;

	if (vox_scrub_detect(data, size) == VOX_FORMAT_HEIF)
		return 0;
	out = g_byte_array_new();
	g_byte_array_append(out, (const guint8 *)"prefix", 6);
	ret = vox_scrub_buffer("fuzz", data, size, out, &info);
	if (ret == 0) {
		/* A scrubbed JPEG starts with SOI and ends with EOI, after what was there. */
		if (info.format == VOX_FORMAT_JPEG &&
		    (out->len < 10 || out->data[6] != 0xff || out->data[7] != 0xd8 ||
		    out->data[out->len - 2] != 0xff || out->data[out->len - 1] != 0xd9))
			__builtin_trap();
	} else if (out->len != 6) {
		__builtin_trap(); /* a refusal must not leave output behind */
	}
	same_as_streamed(data, size, ret, out->data + 6, out->len - 6);
	g_byte_array_unref(out);
	return 0;
}
