/*
 * Opening untrusted audio held in memory with libavformat (audio_av.h): the input is read
 * through our own AVIOContext over the bytes, only the accepted demuxers may probe it, and no
 * other file or URL may be opened on its behalf.
 */
#include <pthread.h>
#include <string.h>

#include <glib.h>
#include <libavutil/log.h>
#include <libavutil/mem.h>

#include "vox/error.h"
#include "audio_av.h"

/* The demuxers of the accepted audio formats: MP4/M4A/3GP, MP3, Ogg, WAV, ADTS AAC, AMR. */
static const char demuxers[] = "mov,mp4,m4a,3gp,3g2,mj2,mp3,ogg,wav,aac,amr";

#define AV_IO_BUFFER 65536
/* What libavformat may allocate at once beyond the size of the input (vox_av_open()). */
#define AV_ALLOC_SLACK ((size_t)16 << 20)

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;

/* libav* writes its warnings to stderr; library code never prints. */
static void
quiet(void)
{
	av_log_set_level(AV_LOG_QUIET);
}

const char *
vox_av_strerror(int err, char buf[AV_ERROR_MAX_STRING_SIZE])
{
	if (av_strerror(err, buf, AV_ERROR_MAX_STRING_SIZE) < 0)
		g_strlcpy(buf, "unreadable", AV_ERROR_MAX_STRING_SIZE);
	return buf;
}

static int
mem_read(void *opaque, uint8_t *buf, int size)
{
	struct vox_av_in *in = opaque;
	size_t left = in->len - (size_t)in->pos;
	size_t n = MIN(left, (size_t)size);

	if (n == 0)
		return AVERROR_EOF;
	memcpy(buf, in->data + in->pos, n);
	in->pos += (int64_t)n;
	return (int)n;
}

static int64_t
mem_seek(void *opaque, int64_t offset, int whence)
{
	struct vox_av_in *in = opaque;
	int64_t to;

	switch (whence & ~AVSEEK_FORCE) {
	case AVSEEK_SIZE:
		return (int64_t)in->len;
	case SEEK_SET:
		to = offset;
		break;
	case SEEK_CUR:
		to = in->pos + offset;
		break;
	case SEEK_END:
		to = (int64_t)in->len + offset;
		break;
	default:
		return AVERROR(EINVAL);
	}
	if (to < 0 || to > (int64_t)in->len)
		return AVERROR(EINVAL);
	in->pos = to;
	return to;
}

/* No demuxer may open another file or URL (an MP4 reference, a playlist entry). */
static int
refuse_io_open(struct AVFormatContext *s, AVIOContext **pb, const char *url, int flags,
    AVDictionary **options)
{
	(void)s, (void)pb, (void)url, (void)flags, (void)options;
	return AVERROR(EPERM);
}

void
vox_av_close(struct vox_av_in *in)
{
	if (in->fmt)
		avformat_close_input(&in->fmt);
	if (in->pb) {
		av_freep(&in->pb->buffer);
		avio_context_free(&in->pb);
	}
	in->audio = -1;
}

int
vox_av_open(const char *domain, const char *name, const uint8_t *data, size_t len,
    struct vox_av_in *in)
{
	char eb[AV_ERROR_MAX_STRING_SIZE];
	uint8_t *buf;
	int r;

	pthread_once(&quiet_once, quiet);
	memset(in, 0, sizeof *in);
	in->audio = -1;
	in->data = data;
	in->len = len;
	if (len > VOX_AV_MAX_BYTES)
		return vox_error(domain, "'%s': audio too large (over %zu MB)", name,
		    VOX_AV_MAX_BYTES >> 20);
	/* No single allocation of libavformat's may be larger than the input itself and
	 * AV_ALLOC_SLACK: a header declaring a size the file does not hold (a WAV's LIST tag of
	 * 700 MB in a file of 180 bytes) is refused rather than allocated and zeroed, 1.6 GB
	 * for that file. Real buffers (packets, sample tables, the copy being written) stay
	 * within the file's own size. Set for each input: the copy read back has its own. */
	av_max_alloc(len + AV_ALLOC_SLACK);
	buf = av_malloc(AV_IO_BUFFER);
	in->fmt = avformat_alloc_context();
	if (buf)
		in->pb = avio_alloc_context(buf, AV_IO_BUFFER, 0, in, mem_read, NULL, mem_seek);
	if (!buf || !in->fmt || !in->pb) {
		if (!in->pb)
			av_free(buf);
		vox_av_close(in);
		return vox_error_k(VOX_ERR_IO, domain, "'%s': out of memory", name);
	}
	in->fmt->pb = in->pb;
	in->fmt->flags |= AVFMT_FLAG_CUSTOM_IO;
	in->fmt->io_open = refuse_io_open;
	in->fmt->probesize = 1 << 20;
	in->fmt->max_analyze_duration = 5 * AV_TIME_BASE;
	in->fmt->format_whitelist = av_strdup(demuxers);
	in->fmt->protocol_whitelist = av_strdup("none");
	in->fmt->codec_whitelist = NULL;
	r = avformat_open_input(&in->fmt, name, NULL, NULL);
	if (r < 0) {
		/* avformat_open_input frees the context on failure. */
		vox_av_close(in);
		return vox_error(domain, "'%s': not audio photovox can read (%s); only JPEG, PNG, "
		    "WebP and HEIC/HEIF images, and M4A, MP3, Ogg/Opus, WAV, AAC or AMR audio "
		    "are accepted", name, vox_av_strerror(r, eb));
	}
	r = avformat_find_stream_info(in->fmt, NULL);
	if (r < 0) {
		vox_av_close(in);
		return vox_error(domain, "'%s': damaged audio (%s)", name, vox_av_strerror(r, eb));
	}
	r = av_find_best_stream(in->fmt, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0);
	in->audio = r >= 0 ? r : -1;
	return 0;
}
