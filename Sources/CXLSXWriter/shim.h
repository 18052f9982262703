#ifndef PLANWATCH_CXLSXWRITER_SHIM_H
#define PLANWATCH_CXLSXWRITER_SHIM_H
// libxlsxwriter (Debian libxlsxwriter-dev): the Excel writer for data-entry templates and xlsx reports.
#include <xlsxwriter.h>
#endif
