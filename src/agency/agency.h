/* agency: the directory of organizations (data/ *.tsv, embedded in the binary at build time
 * and extendable from a folder at run time) and fast recognition of their names in text. */
#ifndef KL_AGENCY_H
#define KL_AGENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"

typedef struct kl_directory kl_directory; /* opaque, read-only once opened; thread-safe */

typedef enum kl_agency_kind {
    KL_AGENCY_PROVINCE = 1, /* UBND tỉnh, HĐND tỉnh, Tỉnh ủy ... */
    KL_AGENCY_DEPARTMENT,   /* Sở ... */
    KL_AGENCY_BODY,    /* provincial bodies: Văn phòng UBND tỉnh, Thanh tra tỉnh, Ban ... */
    KL_AGENCY_CENTRAL, /* central bodies in the province and ministries: Cục Thuế, Bộ ... */
    KL_AGENCY_LOCAL,   /* district and commune People's Committees */
    KL_AGENCY_OTHER /* organizations: Mặt trận, Tỉnh đoàn, hội, doanh nghiệp nhà nước */
} kl_agency_kind;

typedef struct kl_agency_hit {
    int32_t id; /* directory id */
    size_t len; /* bytes of the text the name covers */
} kl_agency_hit;

/* Open the directory built into the binary. Owned: kl_directory_free. */
int kl_directory_open_default(kl_directory **out, kl_error *err);
/* Open the built-in tables plus every *.tsv in dir (a province adds its own). A malformed
 * line is KL_ERR_FORMAT naming the file and line. */
int kl_directory_open(kl_directory **out, const char *dir, kl_error *err);
void kl_directory_free(kl_directory *d);

/* Longest name or variant of a known organization that starts exactly at p[0..len) and ends
 * at a word boundary. Case-insensitive, NFC text expected. */
bool kl_directory_match(const kl_directory *d, const char *p, size_t len, kl_agency_hit *hit);
/* The same as if head and one space stood before p: "Tài chính" with head "Sở" finds
 * "Sở Tài chính"; hit->len counts only bytes of p. */
bool kl_directory_match_head(const kl_directory *d, const char *head, size_t head_len,
                             const char *p, size_t len, kl_agency_hit *hit);
/* Exact lookup of a whole string by canonical name, variant or abbreviation, blind to case
 * and diacritics ("so ldtbxh"); -1 if none. For user input (CLI --agency). */
int32_t kl_directory_find(const kl_directory *d, const char *name, size_t len);

size_t kl_directory_count(const kl_directory *d);
const char *kl_directory_name(const kl_directory *d, int32_t id); /* canonical, borrowed */
kl_agency_kind kl_directory_kind(const kl_directory *d, int32_t id);
/* Province the entry belongs to ("Lạng Sơn"), or "" for any province. */
const char *kl_directory_province(const kl_directory *d, int32_t id);
/* The body that took over this one's tasks (2025 reorganization), or -1. */
int32_t kl_directory_successor(const kl_directory *d, int32_t id);
/* Official abbreviation ("Sở KH&ĐT"), or "" if none. */
const char *kl_directory_abbrev(const kl_directory *d, int32_t id);
/* First and last day the organization existed (the 2025 reorganization; districts until
 * 30/6/2025); year 0 when the table leaves that end open. */
kl_date kl_directory_valid_from(const kl_directory *d, int32_t id);
kl_date kl_directory_valid_to(const kl_directory *d, int32_t id);

#endif
