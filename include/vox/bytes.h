/*
 * Reading and writing the fixed-width integers of file formats, whatever the host's byte
 * order: big-endian in JPEG, PNG and ICC, little-endian in RIFF (WebP). The caller has
 * checked that the bytes are there.
 */
#ifndef VOX_BYTES_H
#define VOX_BYTES_H

#include <stdint.h>

static inline uint32_t
vox_be16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static inline uint32_t
vox_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint32_t
vox_le24(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}

static inline uint32_t
vox_le32(const uint8_t *p)
{
	return vox_le24(p) | (uint32_t)p[3] << 24;
}

static inline void
vox_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif
