#ifndef VOX_SCRUB_H
#define VOX_SCRUB_H

/*
 * Scrubbing (CONTRIBUTING.md privacy rules 1-3): JPEG losslessly at marker level, PNG and WebP
 * at chunk level, HEIC/HEIF converted to JPEG with libvips; audio (M4A, MP3, Ogg Vorbis/Opus,
 * WAV, ADTS AAC, AMR) copied packet for packet by libavformat into a fresh container without
 * any metadata (pipeline/scrub/scrub_audio.c). Colour profiles are kept rebuilt
 * without their text (vox/icc.h). Anything else, and damaged
 * files, are refused with an error naming the file and the problem.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

#include "vox/audit.h"
#include "vox/file.h"

enum vox_format {
	VOX_FORMAT_UNKNOWN = 0,
	VOX_FORMAT_JPEG,
	VOX_FORMAT_PNG,
	VOX_FORMAT_WEBP,
	VOX_FORMAT_HEIF,
	/* Audio (voice stories), scrubbed losslessly by libavformat: */
	VOX_FORMAT_M4A,   /* MP4 audio: AAC or ALAC (iPhone voice memos, Android recorders) */
	VOX_FORMAT_MP3,
	VOX_FORMAT_OGG,   /* Ogg Vorbis (or FLAC, Speex) */
	VOX_FORMAT_OPUS,  /* Ogg Opus (WhatsApp and Signal voice notes) */
	VOX_FORMAT_WAV,
	VOX_FORMAT_AAC,   /* raw ADTS AAC */
	VOX_FORMAT_AMR,
};

/* What scrubbing learned about the output. */
struct vox_scrub_info {
	enum vox_format format; /* of the output: HEIF input gives JPEG */
	int width, height;      /* as stored, before orientation (HEIF: of the upright JPEG) */
	int orientation;        /* 1-8, kept in the output's minimal EXIF (JPEG, PNG, WebP) */
	int lossy;              /* 1 when the output was re-encoded (HEIF) */
	/* vox_scrub_to_fd() only: what the input carried that the output does not, counted
	 * by the audit's categories (its findings in the input: the output audits clean). */
	unsigned removed[VOX_AUDIT_N_CATEGORIES];
	int64_t duration_ms;    /* audio: the length of the recording; 0 for images */
};

/*
 * info->removed as text for the catalog: "location=2,dates=1", each category by its audit
 * name with spaces as underscores ("device_ids"), in the audit's order, only those
 * removed; "" when nothing was. Never a value. Newly allocated.
 */
char *vox_scrub_removed_text(const struct vox_scrub_info *info);

/* The key vox_scrub_removed_text() writes for category c ("people_and_owners"). Newly
 * allocated. */
char *vox_scrub_category_key(enum vox_audit_category c);

/* 1 when f is an audio format (a voice story), 0 for images and unknown. */
int vox_format_is_audio(enum vox_format f);

/* The format of data judged by its first bytes. */
enum vox_format vox_scrub_detect(const void *data, size_t len);

/*
 * The format of the file at path judged by its first bytes; VOX_FORMAT_UNKNOWN when it is
 * not an image photovox knows or cannot be read (vox_scrub_file() then says why).
 */
enum vox_format vox_scrub_detect_path(const char *path);

/* The format of scrubbed output made from an input of format f: HEIF becomes JPEG. */
enum vox_format vox_scrub_output_format(enum vox_format f);

/* "jpg", "png", "webp", "heic", "m4a", "mp3", "ogg", "opus", "wav", "aac", "amr", or NULL
 * for unknown. */
const char *vox_format_ext(enum vox_format f);

/*
 * Scrubs len bytes of data into out (appended). name is used in messages only. Safe to
 * call from several threads at once (each with its own out).
 * JPEG and PNG need no memory beyond out but their ICC profile, gathered to be rebuilt
 * without its text (vox/icc.h); WebP and HEIF are worked on in memory, HEIF
 * decoded to pixels by libvips and re-encoded (info->lossy = 1).
 * Returns 0, or -1 with an error like "'IMG_1.jpg': truncated inside an APP1 segment";
 * on error out holds nothing that was appended.
 */
int vox_scrub_buffer(const char *name, const uint8_t *data, size_t len, GByteArray *out,
    struct vox_scrub_info *info);

/*
 * Scrubs the file at in_path into out_path, atomically: written to a temporary file in the
 * same folder, fsync'd and renamed, so a refused or failed input leaves no output file and
 * a finished one survives a crash. JPEG and PNG stream through a fixed window. Refuses to
 * replace in_path itself. A refused input gives an error of domain "scrub"; failing to
 * write out_path one of domain "io" or "file".
 */
int vox_scrub_file(const char *in_path, const char *out_path, struct vox_scrub_info *info);

/* Flags of vox_scrub_fd(). */
#define VOX_SCRUB_SYNC 1u /* fsync the output and its folder around the rename */

/*
 * As vox_scrub_file(), reading the open descriptor in (not closed); name is for messages.
 * Without VOX_SCRUB_SYNC the output is still renamed into place only when complete, but not
 * forced to disk (as cp does): a crash may then lose it, never show a partial file in
 * its place while the system runs.
 */
int vox_scrub_fd(const char *name, int in, const char *out_path, unsigned flags,
    struct vox_scrub_info *info);

/*
 * Scrubs in to out (stdin to stdout for `vox scrub -`), streaming JPEG and PNG through a
 * fixed window (about 1 MB whatever the image size). On error out may hold a partial image:
 * write to a temporary file and copy it on success when that matters. Errors reading in or
 * about its content have the domain "scrub"; a failure to write out has the domain "io".
 */
int vox_scrub_stream(const char *name, FILE *in, FILE *out, struct vox_scrub_info *info);

/*
 * Scrubs the photo read from the descriptor in (or, when in is -1, the len bytes at data) to
 * the descriptor out, without forcing it to disk, and gives the SHA-256 of the bytes written
 * as 64 hex digits and a NUL in sha256: vox ingest scrubs straight into the store's
 * temporary file this way, hashing what it writes while those bytes are still in the
 * cache. On error out may hold a partial image. Errors have the domain "scrub", or "io" for a
 * failure to write out. Fills info->removed: the input (its bytes, or the file in, mapped
 * read-only) is audited after it is scrubbed.
 */
int vox_scrub_to_fd(const char *name, int in, const uint8_t *data, size_t len, int out,
    char sha256[VOX_SHA256_HEX], struct vox_scrub_info *info);

#endif
