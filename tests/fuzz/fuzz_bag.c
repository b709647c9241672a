/*
 * libFuzzer target for the bag reader: the first byte chooses the parser.
 *   0  a payload manifest (vox_bag_parse_manifest)
 *   1  bag-info.txt / bagit.txt (vox_bag_parse_info)
 *   else the rest is a bag file (zip, tar, tar.gz) read through vox_bag_open, verified
 *        with vox_bag_verify, and searched for data/catalog.json as vox import does.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "vox/bag.h"
#include "vox/error.h"
#include "vox/file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
read_bag(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz-bag", MFD_CLOEXEC);
	char path[64];
	vox_bag_reader *r;
	GPtrArray *problems, *files;
	GByteArray *json;

	if (fd < 0)
		return;
	if (vox_write_all(fd, data, size) != 0) {
		close(fd);
		return;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	r = vox_bag_open(path);
	if (r) {
		problems = g_ptr_array_new_with_free_func(g_free);
		files = g_ptr_array_new_with_free_func((GDestroyNotify)vox_bag_file_free);
		vox_bag_verify(r, problems, files);
		for (guint i = 0; i < files->len; i++) {
			struct vox_bag_file *f = g_ptr_array_index(files, i);

			if (strlen(f->name) + strlen(f->sha256) == 0)
				__builtin_trap();
		}
		json = vox_bag_read_file(r, "data/catalog.json", 1 << 20);
		if (json)
			g_byte_array_unref(json);
		g_ptr_array_unref(problems);
		g_ptr_array_unref(files);
		vox_bag_close(r);
	}
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GHashTable *m;
	GPtrArray *kv;

	if (size < 1)
		return 0;
	switch (data[0]) {
	case 0:
		m = vox_bag_parse_manifest("fuzz", (const char *)data + 1, size - 1,
		    VOX_PAYLOAD_MANIFEST);
		if (m)
			g_hash_table_destroy(m);
		break;
	case 1:
		kv = vox_bag_parse_info("fuzz", (const char *)data + 1, size - 1);
		if (kv)
			g_ptr_array_unref(kv);
		break;
	default:
		read_bag(data + 1, size - 1);
	}
	return 0;
}
