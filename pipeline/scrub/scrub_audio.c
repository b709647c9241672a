/*
 * Audio is scrubbed losslessly (CONTRIBUTING.md privacy rule 3): libavformat reads the
 * container and its one audio stream is copied packet for packet, never re-encoded, into a
 * fresh container of the same kind written in memory. Nothing else is carried over: no
 * metadata (global, stream or chapter: an iPhone memo's recording place in the MP4 `©xyz`
 * atom, ID3 frames, Vorbis comments, RIFF INFO, creation times), no chapters, no cover art
 * or other attached pictures, no data or subtitle streams, no packet side data. The muxers
 * run bit-exact, so they write no "Lavf" encoder name and an MP4's creation times stay
 * zero; MP3 is written without ID3 tags or a Xing/LAME frame (it would name the encoder).
 * A file holding a video is refused: only voice stories are accepted.
 */
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

#include "vox/error.h"
#include "scrub_io.h"
#include "../audio_av.h"

/* The output: bytes in memory, written and sought by the muxer (an MP4 goes back to fill in
 * its sizes), at most max bytes. */
struct mem_out {
	GByteArray *a;
	guint base;
	int64_t pos;
	size_t max;
	int overflow;
};

static int
out_write(void *opaque, uint8_t *buf, int size)
{
	struct mem_out *o = opaque;
	size_t end = (size_t)o->pos + (size_t)size;

	if (end > o->max) {
		o->overflow = 1;
		return AVERROR(EFBIG);
	}
	if (o->base + end > o->a->len)
		g_byte_array_set_size(o->a, (guint)(o->base + end));
	memcpy(o->a->data + o->base + o->pos, buf, (size_t)size);
	o->pos += size;
	return size;
}

static int64_t
out_seek(void *opaque, int64_t offset, int whence)
{
	struct mem_out *o = opaque;
	int64_t len = (int64_t)(o->a->len - o->base), to;

	switch (whence & ~AVSEEK_FORCE) {
	case AVSEEK_SIZE:
		return len;
	case SEEK_SET:
		to = offset;
		break;
	case SEEK_CUR:
		to = o->pos + offset;
		break;
	case SEEK_END:
		to = len + offset;
		break;
	default:
		return AVERROR(EINVAL);
	}
	if (to < 0 || (size_t)to > o->max)
		return AVERROR(EINVAL);
	o->pos = to;
	return to;
}

/* The muxer for what was read: the same kind of container, and its format. */
static const char *
choose_muxer(const AVFormatContext *in, const AVCodecParameters *par, enum vox_format *f)
{
	const char *d = in->iformat->name;

	if (!strcmp(d, "mp3")) {
		*f = VOX_FORMAT_MP3;
		return "mp3";
	}
	if (!strcmp(d, "ogg")) {
		*f = par->codec_id == AV_CODEC_ID_OPUS ? VOX_FORMAT_OPUS : VOX_FORMAT_OGG;
		return *f == VOX_FORMAT_OPUS ? "opus" : "ogg";
	}
	if (!strcmp(d, "wav")) {
		*f = VOX_FORMAT_WAV;
		return "wav";
	}
	if (!strcmp(d, "aac")) {
		*f = VOX_FORMAT_AAC;
		return "adts";
	}
	if (!strcmp(d, "amr")) {
		*f = VOX_FORMAT_AMR;
		return "amr";
	}
	*f = VOX_FORMAT_M4A;
	if (par->codec_id == AV_CODEC_ID_AAC || par->codec_id == AV_CODEC_ID_ALAC)
		return "ipod";
	return "mp4";
}

/* Whether the input holds a video, not counting cover art (attached pictures). */
static int
has_video(const AVFormatContext *in)
{
	for (unsigned i = 0; i < in->nb_streams; i++)
		if (in->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
		    !(in->streams[i]->disposition & AV_DISPOSITION_ATTACHED_PIC))
			return 1;
	return 0;
}

/* Copies the packets of the audio stream. Returns 0 or -1 with an error. */
static int
copy_packets(const char *name, struct vox_av_in *in, AVFormatContext *out, int64_t *dur_ms)
{
	AVStream *ist = in->fmt->streams[in->audio], *ost = out->streams[0];
	AVPacket *pkt = av_packet_alloc();
	char eb[AV_ERROR_MAX_STRING_SIZE];
	int64_t first = AV_NOPTS_VALUE, last = AV_NOPTS_VALUE;
	int64_t max_ts = av_rescale_q((int64_t)VOX_AV_MAX_SECONDS, (AVRational){ 1, 1 },
	    ist->time_base);
	long packets = 0;
	int r, ret = -1;

	if (!pkt)
		return vox_error_k(VOX_ERR_IO, "scrub", "'%s': out of memory", name);
	while ((r = av_read_frame(in->fmt, pkt)) >= 0) {
		int64_t ts;

		if (pkt->stream_index != in->audio) {
			av_packet_unref(pkt);
			continue;
		}
		ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
		if (ts != AV_NOPTS_VALUE) {
			if (first == AV_NOPTS_VALUE || ts < first)
				first = ts;
			if (pkt->duration > 0 && ts <= INT64_MAX - pkt->duration)
				ts += pkt->duration;
			if (last == AV_NOPTS_VALUE || ts > last)
				last = ts;
			if (last - first > max_ts || last < first) {
				vox_error("scrub", "'%s': recording longer than %d hours", name,
				    VOX_AV_MAX_SECONDS / 3600);
				goto out;
			}
		}
		av_packet_free_side_data(pkt);
		pkt->stream_index = 0;
		pkt->pos = -1;
		av_packet_rescale_ts(pkt, ist->time_base, ost->time_base);
		r = av_interleaved_write_frame(out, pkt);
		if (r < 0) {
			vox_error("scrub", "'%s': damaged audio: cannot copy packet %ld (%s)", name,
			    packets + 1, vox_av_strerror(r, eb));
			goto out;
		}
		packets++;
	}
	if (r != AVERROR_EOF) {
		vox_error("scrub", "'%s': damaged audio (%s)", name, vox_av_strerror(r, eb));
		goto out;
	}
	if (packets == 0) {
		vox_error("scrub", "'%s': no audio in the file", name);
		goto out;
	}
	*dur_ms = first == AV_NOPTS_VALUE ? 0 :
	    av_rescale_q(last - first, ist->time_base, (AVRational){ 1, 1000 });
	ret = 0;
out:
	av_packet_free(&pkt);
	return ret;
}

static int scrub_once(const char *name, const uint8_t *data, size_t len, GByteArray *out,
    struct vox_scrub_info *info, int again);

int
scrub_audio(const char *name, const uint8_t *data, size_t len, GByteArray *out,
    struct vox_scrub_info *info)
{
	return scrub_once(name, data, len, out, info, 1);
}

/* With again set, the copy must itself scrub (once more, without this check): what is
 * stored is never a file that photovox would refuse, whichever check it would fail. */
static int
scrub_once(const char *name, const uint8_t *data, size_t len, GByteArray *out,
    struct vox_scrub_info *info, int again)
{
	struct vox_av_in in;
	struct mem_out mo = { .a = out, .base = out->len, .max = len + (1u << 20) };
	AVFormatContext *o = NULL;
	AVIOContext *pb = NULL;
	AVDictionary *opts = NULL;
	AVStream *ost;
	const AVCodecParameters *par;
	const char *muxer;
	char eb[AV_ERROR_MAX_STRING_SIZE];
	enum vox_format f;
	uint8_t *buf = NULL;
	int64_t dur_ms = 0;
	int r, ret = -1;

	if (vox_av_open("scrub", name, data, len, &in) != 0)
		return -1;
	if (has_video(in.fmt)) {
		vox_error("scrub", "'%s': holds a video; only audio (a voice story) is accepted",
		    name);
		goto out;
	}
	if (in.audio < 0) {
		vox_error("scrub", "'%s': no audio in the file", name);
		goto out;
	}
	par = in.fmt->streams[in.audio]->codecpar;
	muxer = choose_muxer(in.fmt, par, &f);
	r = avformat_alloc_output_context2(&o, NULL, muxer, NULL);
	if (r < 0 || !o) {
		vox_error_k(VOX_ERR_IO, "scrub", "'%s': no %s writer (%s)", name, muxer,
		    vox_av_strerror(r, eb));
		goto out;
	}
	if (avformat_query_codec(o->oformat, par->codec_id, FF_COMPLIANCE_NORMAL) == 0) {
		vox_error("scrub", "'%s': its %s audio cannot be kept in a %s file", name,
		    avcodec_get_name(par->codec_id), muxer);
		goto out;
	}
	buf = av_malloc(65536);
	if (buf)
		pb = avio_alloc_context(buf, 65536, 1, &mo, NULL, out_write, out_seek);
	ost = avformat_new_stream(o, NULL);
	if (!buf || !pb || !ost) {
		vox_error_k(VOX_ERR_IO, "scrub", "'%s': out of memory", name);
		goto out;
	}
	buf = NULL;
	pb->seekable = AVIO_SEEKABLE_NORMAL;
	o->pb = pb;
	o->flags |= AVFMT_FLAG_BITEXACT | AVFMT_FLAG_CUSTOM_IO;
	r = avcodec_parameters_copy(ost->codecpar, par);
	if (r < 0) {
		vox_error_k(VOX_ERR_IO, "scrub", "'%s': %s", name, vox_av_strerror(r, eb));
		goto out;
	}
	ost->codecpar->codec_tag = 0;
	/* An MP4's esds gives the larger of this and what the packets show: left to the
	 * packets, scrubbing a scrubbed file gives the same bytes (vox import relies on it). */
	ost->codecpar->bit_rate = 0;
	ost->time_base = in.fmt->streams[in.audio]->time_base;
	/* No ID3 tags and no Xing/LAME frame in MP3; empty handler names in MP4. */
	av_dict_set(&opts, "id3v2_version", "0", 0);
	av_dict_set(&opts, "write_id3v1", "0", 0);
	av_dict_set(&opts, "write_xing", "0", 0);
	av_dict_set(&opts, "empty_hdlr_name", "1", 0);
	r = avformat_write_header(o, &opts);
	if (r < 0) {
		vox_error("scrub", "'%s': cannot write its audio (%s)", name,
		    vox_av_strerror(r, eb));
		goto out;
	}
	if (copy_packets(name, &in, o, &dur_ms) != 0)
		goto out;
	r = av_write_trailer(o);
	avio_flush(pb);
	if (r < 0 || pb->error < 0 || mo.overflow) {
		vox_error("scrub", "'%s': cannot write its audio (%s)", name,
		    vox_av_strerror(r < 0 ? r : pb->error, eb));
		goto out;
	}
	/* What is kept must play, and be what was recorded: a file whose copy libavformat
	 * cannot read back (a few frames of noise that passed for ADTS), or reads back as
	 * another codec (an MP4 whose sample entry names none it knows), is refused rather
	 * than stored; a stored story always scrubs again. */
	{
		struct vox_av_in back;
		int readable = vox_av_open("scrub", name, out->data + mo.base,
		    out->len - mo.base, &back) == 0 && back.audio >= 0;

		if (readable) {
			readable = back.fmt->streams[back.audio]->codecpar->codec_id ==
			    par->codec_id && par->codec_id != AV_CODEC_ID_NONE;
			vox_av_close(&back);
		}
		vox_error_clear();
		if (!readable) {
			vox_error("scrub", "'%s': damaged audio: its copy cannot be read back",
			    name);
			goto out;
		}
	}
	/* Timestamps the checks above passed in the input may come out otherwise in the
	 * copy (a lone packet with a garbage time gets a duration of hours from the MP4
	 * writer): the copy is scrubbed in turn, and refused if it would be refused. */
	if (again) {
		GByteArray *twice = g_byte_array_new();
		int ok = scrub_once(name, out->data + mo.base, out->len - mo.base, twice, NULL,
		    0) == 0;

		g_byte_array_unref(twice);
		if (!ok) {
			g_autofree char *why = g_strdup(vox_error_message());
			g_autofree char *named = g_strdup_printf("'%s': ", name);
			const char *reason = g_str_has_prefix(why, named) ? why + strlen(named) :
			    why;

			vox_error_clear();
			vox_error("scrub", "'%s': damaged audio: its copy would not be accepted (%s)",
			    name, reason);
			goto out;
		}
	}
	if (info) {
		memset(info, 0, sizeof *info);
		info->format = f;
		info->duration_ms = dur_ms;
	}
	ret = 0;
out:
	av_dict_free(&opts);
	if (o)
		avformat_free_context(o);
	if (pb) {
		av_freep(&pb->buffer);
		avio_context_free(&pb);
	}
	av_free(buf);
	vox_av_close(&in);
	if (ret != 0)
		g_byte_array_set_size(out, mo.base);
	return ret;
}
