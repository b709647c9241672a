/*
 * Audit of audio (voice stories): libavformat reads the container (audio_av.h) and every tag
 * it finds is reported by category, as for photos. Global tags (MP4 `©xyz` and
 * `com.apple.quicktime.*` keys, ID3 frames, Vorbis comments, RIFF INFO and bext), the tags
 * of every stream and chapter, MP4 creation times, XMP, chapters themselves, cover art
 * (attached pictures) and data or subtitle streams are findings.
 *
 * Not findings: what describes the container's structure and is the same for every file of
 * its kind, which a scrubbed file keeps: the MP4 brands, a track's language, an all-zero
 * vendor id, and the handler names "SoundHandler" or empty.
 *
 * Out of reach: text an encoder puts inside the audio frames themselves (LAME's name in an
 * MP3's padding, a "Lavc" fill element in AAC) is part of the audio that lossless scrubbing
 * copies, and is not reported.
 */
#include <string.h>

#include <libavformat/avformat.h>

#include "vox/error.h"
#include "audit_int.h"
#include "../audio_av.h"

/* Whether the tag key=value describes only the container's structure. */
static int
structural(const char *key, const char *value)
{
	if (!g_ascii_strcasecmp(key, "major_brand") || !g_ascii_strcasecmp(key, "minor_version") ||
	    !g_ascii_strcasecmp(key, "compatible_brands") || !g_ascii_strcasecmp(key, "language"))
		return 1;
	if (!g_ascii_strcasecmp(key, "vendor_id"))
		return !strcmp(value, "[0][0][0][0]");
	if (!g_ascii_strcasecmp(key, "handler_name"))
		return !*value || !strcmp(value, "SoundHandler");
	return 0;
}

static int
key_has(const char *k, const char *const *words)
{
	for (; *words; words++)
		if (strstr(k, *words))
			return 1;
	return 0;
}

/* The category of a tag by its (lowercased) key. */
static enum vox_audit_category
tag_category(const char *k)
{
	static const char *const location[] = { "location", "xyz", "gps", "geo", "place",
		"latitude", "longitude", NULL };
	static const char *const device[] = { "make", "model", "device", "serial", "vendor",
		"camera", "phone", NULL };
	static const char *const people[] = { "artist", "author", "composer", "performer",
		"copyright", "publisher", "owner", "originator", "lyricist", "creator", "album_artist",
		"conductor", "encoded_by", "contact", NULL };
	static const char *const dates[] = { "date", "time", "year", "creation", NULL };
	static const char *const history[] = { "encoder", "software", "handler", "tool", "xmp",
		"history", "version", "com.android", NULL };

	if (key_has(k, location))
		return VOX_AUDIT_LOCATION;
	if (key_has(k, device))
		return VOX_AUDIT_DEVICE;
	if (key_has(k, people))
		return VOX_AUDIT_PEOPLE;
	if (key_has(k, dates))
		return VOX_AUDIT_DATES;
	if (key_has(k, history))
		return VOX_AUDIT_HISTORY;
	return VOX_AUDIT_COMMENTS;
}

static void
audit_tags(struct audit_ctx *c, const char *label, const AVDictionary *m)
{
	const AVDictionaryEntry *e = NULL;

	while ((e = av_dict_get(m, "", e, AV_DICT_IGNORE_SUFFIX))) {
		g_autofree char *k = audit_printable((const uint8_t *)e->key, strlen(e->key), 80);
		g_autofree char *lower = g_ascii_strdown(k, -1);

		if (structural(e->key, e->value ? e->value : ""))
			continue;
		audit_add(c, tag_category(lower), "%s '%s'", label, k);
	}
}

/* The name the container gives its tags. */
static const char *
tag_label(const char *demuxer)
{
	if (!strcmp(demuxer, "mp3") || !strcmp(demuxer, "aac"))
		return "ID3 tag";
	if (!strcmp(demuxer, "ogg"))
		return "Vorbis comment";
	if (!strcmp(demuxer, "wav"))
		return "RIFF tag";
	if (!strcmp(demuxer, "amr"))
		return "AMR tag";
	return "MP4 tag";
}

int
audit_audio(struct audit_ctx *c, const uint8_t *d, size_t len)
{
	struct vox_av_in in;
	const char *label;

	if (vox_av_open(DOMAIN, c->name, d, len, &in) != 0)
		return -1;
	label = tag_label(in.fmt->iformat->name);
	audit_tags(c, label, in.fmt->metadata);
	for (unsigned i = 0; i < in.fmt->nb_streams; i++) {
		const AVStream *st = in.fmt->streams[i];
		g_autofree char *sl = g_strdup_printf("%s of stream %u", label, i);

		audit_tags(c, sl, st->metadata);
		if (st->disposition & AV_DISPOSITION_ATTACHED_PIC)
			audit_add(c, VOX_AUDIT_THUMBNAILS, "cover art (stream %u)", i);
		else if (st->codecpar->codec_type == AVMEDIA_TYPE_DATA ||
		    st->codecpar->codec_type == AVMEDIA_TYPE_SUBTITLE ||
		    st->codecpar->codec_type == AVMEDIA_TYPE_ATTACHMENT)
			audit_add(c, VOX_AUDIT_COMMENTS, "%s stream %u",
			    av_get_media_type_string(st->codecpar->codec_type) ?
			    av_get_media_type_string(st->codecpar->codec_type) : "data", i);
	}
	if (in.fmt->nb_chapters > 0)
		audit_add(c, VOX_AUDIT_COMMENTS, "%u chapter%s", in.fmt->nb_chapters,
		    in.fmt->nb_chapters == 1 ? "" : "s");
	for (unsigned i = 0; i < in.fmt->nb_chapters; i++)
		audit_tags(c, "chapter tag", in.fmt->chapters[i]->metadata);
	vox_av_close(&in);
	return 0;
}
