#ifndef PLANWATCH_CCURL_SHIM_H
#define PLANWATCH_CCURL_SHIM_H
#include <curl/curl.h>
#endif
