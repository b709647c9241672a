#ifndef VOX_AUDIO_AV_H
#define VOX_AUDIO_AV_H

/*
 * Opening untrusted audio held in memory with libavformat, shared by the audio scrubber
 * (scrub/scrub_audio.c) and the audio audit (audit/audit_audio.c); nothing else sees it.
 * Only the demuxers of the formats photovox accepts are allowed (MP4/M4A, MP3, Ogg, WAV,
 * ADTS AAC, AMR), the file may not open any other file or URL (a reference in an MP4, a
 * playlist), the bytes read to probe are bounded, and libav* never prints.
 */

#include <stddef.h>
#include <stdint.h>

#include <libavformat/avformat.h>

/* An audio input larger than this is refused (a voice story is a few MB). */
#define VOX_AV_MAX_BYTES ((size_t)64 << 20)
/* A recording longer than this is refused. */
#define VOX_AV_MAX_SECONDS (3 * 3600)

struct vox_av_in {
	AVFormatContext *fmt;
	AVIOContext *pb;
	const uint8_t *data;
	size_t len;
	int64_t pos;
	int audio;  /* index of the audio stream chosen, or -1 */
};

/*
 * Opens len bytes of data (which must outlive in) and finds its best audio stream. name is
 * for messages; errors have the domain given. With no audio stream the open succeeds and
 * in->audio is -1 (the audit still reads the tags). Returns 0 or -1 with an error (nothing
 * to close then).
 */
int vox_av_open(const char *domain, const char *name, const uint8_t *data, size_t len,
    struct vox_av_in *in);

void vox_av_close(struct vox_av_in *in);

/* libav*'s message for an error code, for our own messages. */
const char *vox_av_strerror(int err, char buf[AV_ERROR_MAX_STRING_SIZE]);

#endif
