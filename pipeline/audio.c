/*
 * Voice stories added to a photo after ingest (vox caption --audio): read with a bound,
 * scrubbed, and stored through the catalog.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "vox/audio.h"
#include "vox/error.h"
#include "vox/scrub.h"
#include "audio_av.h"

char *
vox_audio_length(int64_t ms)
{
	int64_t s = (ms + 500) / 1000;

	if (s >= 60)
		return g_strdup_printf("%lld min %lld s", (long long)(s / 60), (long long)(s % 60));
	return g_strdup_printf("%lld s", (long long)s);
}

const char *
vox_audio_media_type(const char *ext)
{
	static const char *const types[][2] = {
		{ "m4a", "audio/mp4" }, { "mp3", "audio/mpeg" }, { "ogg", "audio/ogg" },
		{ "opus", "audio/ogg" }, { "wav", "audio/wav" }, { "aac", "audio/aac" },
		{ "amr", "audio/amr" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(types); i++)
		if (g_strcmp0(ext, types[i][0]) == 0)
			return types[i][1];
	return "application/octet-stream";
}

/* Reads the regular file at path whole, at most max bytes. */
static GByteArray *
read_bounded(const char *path, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	GByteArray *a;
	struct stat st;
	guint8 buf[65536];
	ssize_t n;

	if (fd < 0) {
		vox_error_system_k(errno == ENOENT ? VOX_ERR_NOT_FOUND : VOX_ERR_REFUSED, "audio",
		    "'%s'", path);
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		vox_error("audio", "'%s': not a regular file", path);
		close(fd);
		return NULL;
	}
	a = g_byte_array_new();
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vox_error_system("audio", "'%s'", path);
			break;
		}
		if ((size_t)n > max - a->len) {
			vox_error("audio", "'%s': too large (over %zu MB)", path, max >> 20);
			n = -1;
			break;
		}
		g_byte_array_append(a, buf, (guint)n);
	}
	close(fd);
	if (n != 0) {
		g_byte_array_unref(a);
		return NULL;
	}
	return a;
}

int
vox_audio_add_file(vox_catalog *cat, const struct vox_photo *p, const char *path,
    const char *tool, int64_t *duration_ms)
{
	g_autoptr(GByteArray) in = read_bounded(path, VOX_AV_MAX_BYTES);
	g_autoptr(GByteArray) out = NULL;
	g_autofree char *base = g_path_get_basename(path);
	struct vox_scrub_info info = { 0 };

	if (!in)
		return -1;
	if (!vox_format_is_audio(vox_scrub_detect(in->data, in->len)))
		return vox_error("audio", "'%s': not audio photovox accepts (M4A, MP3, Ogg "
		    "Vorbis or Opus, WAV, AAC, AMR)", path);
	out = g_byte_array_new();
	if (vox_scrub_buffer(path, in->data, in->len, out, &info) != 0)
		return -1;
	if (vox_catalog_set_audio(cat, p->rowid, out->data, out->len,
	    vox_format_ext(info.format), info.duration_ms, g_utf8_validate(base, -1, NULL) ?
	    base : NULL, tool) != 0)
		return -1;
	if (duration_ms)
		*duration_ms = info.duration_ms;
	return 0;
}
