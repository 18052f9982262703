#ifndef PLANWATCH_CCURL_SHIM_H
#define PLANWATCH_CCURL_SHIM_H
// Swift cannot call C variadic functions, so curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt
// are wrapped here in one non-variadic inline function per argument type.
#include <curl/curl.h>
#include <stddef.h>

typedef size_t (*pw_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);

static inline CURLcode pw_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pw_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pw_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pw_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pw_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pw_easy_setopt_callback(CURL *h, CURLoption o, pw_data_callback v) { return curl_easy_setopt(h, o, v); }

static inline CURLcode pw_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode pw_easy_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode pw_easy_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode pw_easy_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }

static inline CURLMcode pw_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }

/// The result code of a finished transfer (CURLMsg.data is an anonymous union).
static inline CURLcode pw_msg_result(const CURLMsg *msg) { return msg->data.result; }
static inline int pw_msg_is_done(const CURLMsg *msg) { return msg->msg == CURLMSG_DONE; }

static inline long pw_global_default(void) { return CURL_GLOBAL_DEFAULT; }
static inline int pw_error_size(void) { return CURL_ERROR_SIZE; }
#endif
